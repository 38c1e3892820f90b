@testable import WasmVM

/// One line of hand-written internal code for ``Assembler``.
enum Asm {
  /// An instruction with its immediates.
  case op(Op, [UInt64] = [])
  /// Marks a branch target.
  case label(String)
  /// A `jump`, `jumpIfZero`, `jumpIfNonZero`, `br` or `brIf` to a label; `extra` are the
  /// immediates after the target (`drop`, `keep` for `br`/`brIf`).
  case to(Op, String, [UInt64] = [])
  /// `brTable` with `(label, drop, keep)` entries, the last being the default.
  case table([(String, UInt64, UInt64)])
}

/// Turns ``Asm`` lines into internal code the way the translator does: a `charge` at the
/// start of every block (function entry, each label, after every control transfer), whose
/// immediate counts the block's instructions.
enum Assembler {
  static let endsBlock: Set<Op> = [
    .jump, .jumpIfZero, .jumpIfNonZero, .br, .brIf, .brTable, .return, .call, .callIndirect,
    .returnCall, .returnCallIndirect, .unreachable,
  ]

  static func assemble(_ lines: [Asm]) -> [CodeWord] {
    // Split into blocks, then lay out (charge + instructions) and resolve labels.
    var blocks: [(labels: [String], lines: [Asm])] = [([], [])]
    for line in lines {
      switch line {
      case .label(let name):
        if blocks[blocks.count - 1].lines.isEmpty {
          blocks[blocks.count - 1].labels.append(name)
        } else {
          blocks.append(([name], []))
        }
      default:
        blocks[blocks.count - 1].lines.append(line)
        let op: Op
        switch line {
        case .op(let o, _), .to(let o, _, _): op = o
        case .table: op = .brTable
        case .label: continue
        }
        if endsBlock.contains(op) { blocks.append(([], [])) }
      }
    }
    if blocks.count > 1, blocks[blocks.count - 1].lines.isEmpty,
      blocks[blocks.count - 1].labels.isEmpty
    {
      blocks.removeLast()
    }
    var addresses: [String: UInt64] = [:]
    var at: UInt64 = 0
    for block in blocks {
      for label in block.labels { addresses[label] = at }
      at += 2
      for line in block.lines { at += UInt64(length(line)) }
    }
    var code: [CodeWord] = []
    for block in blocks {
      code += [UInt64(Op.charge.rawValue), UInt64(block.lines.count)]
      for line in block.lines {
        switch line {
        case .op(let op, let immediates):
          code += [UInt64(op.rawValue)] + immediates
        case .to(let op, let label, let extra):
          code += [UInt64(op.rawValue), addresses[label] ?? 0] + extra
        case .table(let entries):
          code += [UInt64(Op.brTable.rawValue), UInt64(entries.count - 1)]
          for (label, drop, keep) in entries { code += [addresses[label] ?? 0, drop, keep] }
        case .label: break
        }
      }
    }
    return code
  }

  private static func length(_ line: Asm) -> Int {
    switch line {
    case .op(_, let immediates): 1 + immediates.count
    case .to(_, _, let extra): 2 + extra.count
    case .table(let entries): 2 + 3 * entries.count
    case .label: 0
    }
  }
}

/// A function for ``TestInstance``.
enum TestFunction {
  case wasm(FuncType, locals: Int = 0, name: String? = nil, [Asm])
  case host(FuncType, HostFunctionBody)
}

/// Builds a store with one instance directly from hand-assembled functions, bypassing the
/// decoder, validator and linker.
final class TestInstance {
  let store: Store
  let instance: Instance
  var functions: [Function] = []

  init(
    limits: ResourceLimits = ResourceLimits(), memoryPages: UInt64? = nil,
    maxMemoryPages: UInt64? = nil, table: [Int?] = [], tableMax: UInt64? = nil,
    data: [[UInt8]] = [], elements: [[Int?]] = [], globals: [Value] = [],
    extraTypes: [FuncType] = [],
    _ definitions: [TestFunction]
  ) throws {
    store = Store(limits: limits)
    var types: [FuncType] = []
    func typeIndex(_ type: FuncType) -> Int {
      if let i = types.firstIndex(of: type) { return i }
      types.append(type)
      return types.count - 1
    }
    for definition in definitions {
      switch definition {
      case .wasm(let type, _, _, _), .host(let type, _): _ = typeIndex(type)
      }
    }
    for type in extraTypes { _ = typeIndex(type) }
    instance = Instance(
      store: store, types: types, functionNames: [:], moduleFingerprint: Fingerprint(value: 0))
    store.instances.append(instance)
    instance.typeIDs = types.map { store.typeID(of: $0) }
    for (index, definition) in definitions.enumerated() {
      switch definition {
      case .host(let type, let body):
        functions.append(store.add(HostFunction(type: type, body: body)))
      case .wasm(let type, let locals, let name, let lines):
        let compiled = CompiledFunction(
          code: Assembler.assemble(lines), typeIndex: UInt32(typeIndex(type)), type: type,
          localCount: locals, maxStackHeight: 16)
        let function = WasmFunction(
          instance: instance, address: store.functions.count, compiled: compiled,
          typeID: store.typeID(of: type), index: UInt32(index), name: name)
        functions.append(Function(address: store.functions.count))
        store.functions.append(.wasm(function))
      }
    }
    instance.functionAddresses = functions.map(\.address)
    if let memoryPages {
      instance.memories = [
        try Memory(
          type: MemoryType(limits: Limits(min: memoryPages, max: maxMemoryPages)),
          limits: limits)
      ]
    }
    let slots = table.map { $0.map { UInt64(functions[$0].address) + 1 } ?? 0 }
    let tableType = TableType(
      elementType: .funcref, limits: Limits(min: UInt64(slots.count), max: tableMax))
    let instanceTable = try Table(type: tableType, limits: limits)
    instanceTable.elements = slots
    instance.tables = [instanceTable]
    instance.dataSegments = data
    instance.elementSegments = elements.map { segment in
      segment.map { $0.map { UInt64(functions[$0].address) + 1 } ?? 0 }
    }
    instance.globals = globals.map {
      Global(type: GlobalType(valueType: $0.type, isMutable: true), slot: $0.slot)
    }
  }

  var memory: Memory? { instance.memories.first }

  /// Calls function `index` without a budget.
  func call(_ index: Int, _ arguments: [Value] = []) throws -> [Value] {
    try store.call(functions[index], arguments)
  }
}

/// The result and tick count of a run in slices of `slice` ticks (or unbounded when `nil`).
struct SlicedRun: Equatable {
  var result: ExecutionResult
  var ticks: UInt64
  var slices: Int
}

/// Runs a fresh execution in slices, checking each slice stays within its budget.
func runSliced(
  _ makeExecution: () throws -> Execution, slice: UInt64?
) throws -> (run: SlicedRun, withinBudget: Bool) {
  let execution = try makeExecution()
  var total: UInt64 = 0
  var slices = 0
  var withinBudget = true
  while true {
    let budget = slice ?? UInt64.max
    let result = execution.run(ticks: budget)
    slices += 1
    total += execution.lastSliceTicks
    if execution.lastSliceTicks > budget { withinBudget = false }
    if result != .paused || slices > 10_000_000 {
      withinBudget = withinBudget && total == execution.ticksConsumed
      return (SlicedRun(result: result, ticks: total, slices: slices), withinBudget)
    }
    if slice != nil, execution.lastSliceTicks == 0 {
      return (SlicedRun(result: result, ticks: total, slices: slices), false)
    }
  }
}
