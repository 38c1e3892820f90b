/// One decoded WebAssembly instruction with its immediates, as the binary decoder produces it
/// and the validator consumes it. Constants carry their raw bit patterns so that NaN payloads
/// survive unchanged.
enum Instruction: Hashable, Sendable {
  // Control
  case unreachable
  case nop
  case block(BlockType)
  case loop(BlockType)
  case `if`(BlockType)
  case `else`
  case end
  case br(UInt32)
  case brIf(UInt32)
  case brTable(targets: [UInt32], default: UInt32)
  case `return`
  case call(UInt32)
  case callIndirect(typeIndex: UInt32, table: UInt32)
  case returnCall(UInt32)
  case returnCallIndirect(typeIndex: UInt32, table: UInt32)

  // Parametric
  case drop
  /// `select` without a type annotation (numeric operands only).
  case select
  /// `select (result t*)`.
  case selectTyped([ValueType])

  // Variables
  case localGet(UInt32)
  case localSet(UInt32)
  case localTee(UInt32)
  case globalGet(UInt32)
  case globalSet(UInt32)

  // Tables
  case tableGet(UInt32)
  case tableSet(UInt32)
  case tableInit(element: UInt32, table: UInt32)
  case elemDrop(UInt32)
  case tableCopy(destination: UInt32, source: UInt32)
  case tableGrow(UInt32)
  case tableSize(UInt32)
  case tableFill(UInt32)

  // Memory
  /// Every load and store (the instruction table's memory entries).
  case memoryAccess(MemoryOp, MemArg)
  case memorySize(UInt32)
  case memoryGrow(UInt32)
  case memoryInit(data: UInt32, memory: UInt32)
  case dataDrop(UInt32)
  case memoryCopy(destination: UInt32, source: UInt32)
  case memoryFill(UInt32)

  // Constants (raw bits)
  case i32Const(UInt32)
  case i64Const(UInt64)
  case f32Const(UInt32)
  case f64Const(UInt64)

  /// Every immediate-free numeric instruction.
  case numeric(NumericOp)

  /// Every SIMD instruction (the instruction table's SIMD entries), with its immediates.
  case simd(SIMDOp, SIMDImmediate)

  // References
  /// `ref.null t` with `t` being `.funcref` or `.externref`.
  case refNull(ValueType)
  case refIsNull
  case refFunc(UInt32)
}

/// The immediates of a SIMD instruction, in the shape its table entry names
/// (``SIMDOpEntry/Immediate``).
enum SIMDImmediate: Hashable, Sendable {
  case none
  case memArg(MemArg)
  /// A lane load or store: its memory immediate and the lane.
  case memArgLane(MemArg, lane: UInt8)
  case lane(UInt8)
  /// The 16 lane indices of `i8x16.shuffle`, or the value of `v128.const`.
  case bits(V128)
}

/// The immediate of a load or store: alignment exponent, static offset and memory index.
struct MemArg: Hashable, Sendable {
  /// The alignment as a power-of-two exponent (must not exceed the natural alignment).
  var align: UInt32
  var offset: UInt64
  var memory: UInt32
  init(align: UInt32, offset: UInt64, memory: UInt32 = 0) {
    self.align = align
    self.offset = offset
    self.memory = memory
  }
}
