/// The WebAssembly text form of a decoded instruction, as a debugger shows it: `i32.add`,
/// `local.get 2`, `call 3 (name)`, `i32.load offset=8`, `block (result i32)`.
///
/// The one place every instruction is rendered. Numeric instructions, loads and stores take
/// their names from the instruction table's entries (``NumericOp/description``,
/// ``MemoryOp/description``), so a new table entry renders without a change here. Indices
/// are written as numbers (the text format's `$names` are not in the binary); a function
/// index is followed by the function's name in parentheses when the module gives it one
/// (``Module/functionDisplayNames``, else an import's `module.name`). Guest names are returned as they are: a terminal front
/// end escapes them.
struct InstructionText {
  /// The name of a function by index, for `call`, `return_call` and `ref.func`.
  let functionName: (UInt32) -> String?

  /// Names every function of `module` up front, for rendering many instructions (a whole
  /// body); with `lazily`, looks a name up only when an instruction needs it (one instruction).
  /// An imported function without a display name goes by its import, `module.name`.
  init(module: Module, lazily: Bool = false) {
    guard !lazily else {
      functionName = { index in
        module.functionNames[index] ?? module.exports.first { $0.descriptor == .function(index) }?
          .name
          ?? Self.importName(index, in: module)
      }
      return
    }
    var names = module.functionDisplayNames
    var index: UInt32 = 0
    for entry in module.imports {
      guard case .function = entry.descriptor else { continue }
      if names[index] == nil { names[index] = "\(entry.module).\(entry.name)" }
      index += 1
    }
    functionName = { [names] in names[$0] }
  }

  /// `module.name` of imported function `index`, if it is one.
  private static func importName(_ index: UInt32, in module: Module) -> String? {
    var remaining = index
    for entry in module.imports {
      guard case .function = entry.descriptor else { continue }
      if remaining == 0 { return "\(entry.module).\(entry.name)" }
      remaining -= 1
    }
    return nil
  }

  func render(_ instruction: Instruction) -> String {
    switch instruction {
    case .unreachable: "unreachable"
    case .nop: "nop"
    case .block(let type): "block" + blockType(type)
    case .loop(let type): "loop" + blockType(type)
    case .if(let type): "if" + blockType(type)
    case .else: "else"
    case .end: "end"
    case .br(let depth): "br \(depth)"
    case .brIf(let depth): "br_if \(depth)"
    case .brTable(let targets, let defaultTarget):
      (["br_table"] + (targets + [defaultTarget]).map(String.init)).joined(separator: " ")
    case .return: "return"
    case .call(let index): "call " + function(index)
    case .callIndirect(let type, let table): "call_indirect" + index(table) + " (type \(type))"
    case .returnCall(let index): "return_call " + function(index)
    case .returnCallIndirect(let type, let table):
      "return_call_indirect" + index(table) + " (type \(type))"
    case .drop: "drop"
    case .select: "select"
    case .selectTyped(let types): "select" + result(types)
    case .localGet(let index): "local.get \(index)"
    case .localSet(let index): "local.set \(index)"
    case .localTee(let index): "local.tee \(index)"
    case .globalGet(let index): "global.get \(index)"
    case .globalSet(let index): "global.set \(index)"
    case .tableGet(let table): "table.get \(table)"
    case .tableSet(let table): "table.set \(table)"
    case .tableInit(let element, let table): "table.init" + index(table) + " \(element)"
    case .elemDrop(let element): "elem.drop \(element)"
    case .tableCopy(let destination, let source): "table.copy \(destination) \(source)"
    case .tableGrow(let table): "table.grow \(table)"
    case .tableSize(let table): "table.size \(table)"
    case .tableFill(let table): "table.fill \(table)"
    case .memoryAccess(let op, let memArg): op.description + memoryArgument(op, memArg)
    case .memorySize(let memory): "memory.size" + index(memory)
    case .memoryGrow(let memory): "memory.grow" + index(memory)
    case .memoryInit(let data, let memory): "memory.init" + index(memory) + " \(data)"
    case .dataDrop(let data): "data.drop \(data)"
    case .memoryCopy(let destination, let source):
      destination == 0 && source == 0 ? "memory.copy" : "memory.copy \(destination) \(source)"
    case .memoryFill(let memory): "memory.fill" + index(memory)
    case .i32Const(let bits): "i32.const \(Int32(bitPattern: bits))"
    case .i64Const(let bits): "i64.const \(Int64(bitPattern: bits))"
    case .f32Const(let bits): "f32.const " + Self.float(bits)
    case .f64Const(let bits): "f64.const " + Self.double(bits)
    case .numeric(let op): op.description
    case .simd(let op, let immediate): op.description + simdArguments(op, immediate)
    case .refNull(let type): "ref.null " + (type == .externref ? "extern" : "func")
    case .refIsNull: "ref.is_null"
    case .refFunc(let index): "ref.func " + function(index)
    }
  }

  /// `3 (name)`, or `3` for a function without a name.
  private func function(_ index: UInt32) -> String {
    functionName(index).map { "\(index) (\($0))" } ?? "\(index)"
  }

  /// ` N` for a table or memory other than 0, which the text format lets one leave out.
  private func index(_ index: UInt32) -> String { index == 0 ? "" : " \(index)" }

  private func blockType(_ type: BlockType) -> String {
    switch type {
    case .empty: ""
    case .value(let type): result([type])
    case .typeIndex(let index): " (type \(index))"
    }
  }

  private func result(_ types: [ValueType]) -> String {
    types.isEmpty ? "" : " (result \(types.map(\.description).joined(separator: " ")))"
  }

  /// ` 1 offset=8 align=2`: the memory when not 0, the offset when not 0, the alignment when
  /// not the access's natural one, as the text format writes them.
  private func memoryArgument(_ op: MemoryOp, _ memArg: MemArg) -> String {
    memoryArgument(memArg, bytes: op.entry.bytes)
  }

  private func memoryArgument(_ memArg: MemArg, bytes: Int) -> String {
    var text = index(memArg.memory)
    if memArg.offset != 0 { text += " offset=\(memArg.offset)" }
    let natural = bytes.trailingZeroBitCount
    if memArg.align != natural {
      // An alignment beyond 2^63 fails validation; shown as its exponent rather than trapped.
      text += memArg.align < 64 ? " align=\(UInt64(1) << memArg.align)" : " align=2^\(memArg.align)"
    }
    return text
  }

  /// A SIMD instruction's immediates as the text format writes them: the memory argument,
  /// the lane, a shuffle's 16 lane indices, or a constant as `i32x4` hex lanes.
  private func simdArguments(_ op: SIMDOp, _ immediate: SIMDImmediate) -> String {
    switch immediate {
    case .none: ""
    case .memArg(let memArg): memoryArgument(memArg, bytes: op.entry.bytes)
    case .memArgLane(let memArg, let lane):
      memoryArgument(memArg, bytes: op.entry.bytes) + " \(lane)"
    case .lane(let lane): " \(lane)"
    case .bits(let bits) where op.entry.immediate == .shuffle:
      " " + bits.bytes.map(String.init).joined(separator: " ")
    case .bits(let bits):
      " i32x4 "
        + [bits.low, bits.low >> 32, bits.high, bits.high >> 32].map {
          "0x" + String(UInt32(truncatingIfNeeded: $0), radix: 16)
        }.joined(separator: " ")
    }
  }

  /// A float in the text format: decimal, `inf`, `-inf`, `nan`, or `nan:0x…` for a NaN
  /// with another payload than the canonical one.
  static func float(_ bits: UInt32) -> String { floating(Float(bitPattern: bits)) }

  /// ``float(_:)`` for an f64.
  static func double(_ bits: UInt64) -> String { floating(Double(bitPattern: bits)) }

  private static func floating<F: BinaryFloatingPoint & CustomStringConvertible>(
    _ value: F
  ) -> String where F.RawSignificand: FixedWidthInteger {
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    guard value.isNaN else { return value.description }
    let payload = value.significandBitPattern
    let canonical = F.RawSignificand(1) << (F.significandBitCount - 1)
    return (value.sign == .minus ? "-" : "")
      + (payload == canonical ? "nan" : "nan:0x" + String(payload, radix: 16))
  }
}
