import WasmVM

/// wasbox's `WasmVM`, always with tick metering on: either one budget large enough for the
/// whole call, or slices of a fixed size resumed until the call is done, which is what an
/// embedder that time-shares guests pays.
struct WasboxEngine: BenchEngine {
  /// The budget of each `run(ticks:)` call; `nil` for one unbounded slice.
  let sliceTicks: UInt64?

  var label: String { sliceTicks == nil ? "wasbox" : "wasbox-sliced" }
  var isMetered: Bool { true }

  func load(_ bytes: [UInt8], export: String) throws -> any LoadedFunction {
    let store = Store()
    let instance: Instance
    do {
      let module = try Module(bytes: bytes).validate()
      instance = try store.instantiate(module)
    } catch {
      throw BenchError.load(engine: label, reason: "\(error)")
    }
    guard let function = instance.exportedFunction(export), let type = store.type(of: function)
    else {
      throw BenchError.missingExport(engine: label, name: export)
    }
    return WasboxFunction(
      store: store, function: function, label: label,
      parameters: try type.parameters.map { try Self.benchType($0, engine: label) },
      budget: sliceTicks ?? UInt64.max)
  }

  static func benchType(_ type: ValueType, engine: String) throws(BenchError) -> BenchValueType {
    switch type {
    case .i32: .i32
    case .i64: .i64
    case .f32: .f32
    case .f64: .f64
    default: throw .unsupportedSignature(engine: engine, reason: "\(type) values are not supported")
    }
  }
}

/// An exported wasbox function with the store that owns it.
private struct WasboxFunction: LoadedFunction {
  let store: Store
  let function: Function
  let label: String
  let parameters: [BenchValueType]
  let budget: UInt64

  func call(_ arguments: [BenchValue]) throws -> CallOutcome {
    let execution = try store.invoke(function, arguments: arguments.map(\.wasbox))
    while true {
      switch execution.run(ticks: budget) {
      case .paused:
        continue
      case .suspended(let call):
        throw BenchError.trapped(engine: label, reason: "suspended on \(call.name)")
      case .trapped(let trap):
        throw BenchError.trapped(engine: label, reason: "\(trap)")
      case .completed(let values):
        return CallOutcome(
          results: try values.map { value throws(BenchError) in
            try BenchValue(wasbox: value, engine: label)
          },
          ticks: execution.ticksConsumed)
      }
    }
  }
}

extension BenchValue {
  fileprivate var wasbox: Value {
    switch self {
    case .i32(let v): .i32(v)
    case .i64(let v): .i64(v)
    case .f32(let v): .f32(v)
    case .f64(let v): .f64(v)
    }
  }

  fileprivate init(wasbox value: Value, engine: String) throws(BenchError) {
    switch value {
    case .i32(let v): self = .i32(v)
    case .i64(let v): self = .i64(v)
    case .f32(let v): self = .f32(v)
    case .f64(let v): self = .f64(v)
    case .funcref, .externref:
      throw .unsupportedSignature(engine: engine, reason: "reference results are not supported")
    case .v128:
      throw .unsupportedSignature(engine: engine, reason: "v128 results are not supported")
    }
  }
}
