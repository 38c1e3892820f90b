import WasmKit

/// The peer: WasmKit's interpreter in the same process, without fuel metering. Compilation is
/// eager so that its translation cost lands in the instantiate column, as wasbox's does.
struct WasmKitEngine: BenchEngine {
  private let engine = Engine(configuration: EngineConfiguration(compilationMode: .eager))

  var label: String { "wasmkit" }
  var isMetered: Bool { false }

  func load(_ bytes: [UInt8], export: String) throws -> any LoadedFunction {
    let instance: Instance
    do {
      // WasmKit's default proposals leave SIMD out; the SIMD cases need it.
      let module = try parseWasm(bytes: bytes, features: [.default, .simd])
      instance = try module.instantiate(store: Store(engine: engine))
    } catch {
      throw BenchError.load(engine: label, reason: "\(error)")
    }
    guard let function = instance.exports[function: export] else {
      throw BenchError.missingExport(engine: label, name: export)
    }
    let parameters = try function.type.parameters.map { type throws(BenchError) in
      switch type {
      case .i32: BenchValueType.i32
      case .i64: BenchValueType.i64
      case .f32: BenchValueType.f32
      case .f64: BenchValueType.f64
      default:
        throw .unsupportedSignature(engine: label, reason: "\(type) values are not supported")
      }
    }
    return WasmKitFunction(function: function, label: label, parameters: parameters)
  }
}

private struct WasmKitFunction: LoadedFunction {
  let function: Function
  let label: String
  let parameters: [BenchValueType]

  func call(_ arguments: [BenchValue]) throws -> CallOutcome {
    let values: [Value]
    do {
      values = try function.invoke(arguments.map(\.wasmKit))
    } catch {
      throw BenchError.trapped(engine: label, reason: "\(error)")
    }
    return CallOutcome(
      results: try values.map { value throws(BenchError) in
        switch value {
        case .i32(let v): .i32(v)
        case .i64(let v): .i64(v)
        case .f32(let v): .f32(v)
        case .f64(let v): .f64(v)
        default:
          throw .unsupportedSignature(engine: label, reason: "\(value) results are not supported")
        }
      },
      ticks: nil)
  }
}

extension BenchValue {
  fileprivate var wasmKit: Value {
    switch self {
    case .i32(let v): .i32(v)
    case .i64(let v): .i64(v)
    case .f32(let v): .f32(v)
    case .f64(let v): .f64(v)
    }
  }
}
