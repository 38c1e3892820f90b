/// One fixed-width or relaxed SIMD instruction (`0xFD` prefix) as the instruction table
/// describes it: its encoding, immediates, operand and result types, the memory access of a
/// load or store, and its semantics, written once as a Swift expression over `V128` values and
/// slots. WasmVM's `SIMDOp` enum, its entries and the `simdCompute`/`simdLoad`/`simdStore`
/// dispatchers are generated from it (`SIMDRendering.swift`).
public struct SIMDInstruction: Sendable {
  /// Whether the instruction computes on the operand stack, reads memory or writes it.
  public enum Kind: String, Sendable { case compute, load, store }

  /// The immediates after the sub-opcode, and the code words WasmVM keeps for them.
  public enum Immediate: String, Sendable {
    /// None.
    case none
    /// `memarg` (alignment, memory index, offset).
    case memArg
    /// `memarg` and a lane index byte (`v128.load8_lane` …).
    case memArgLane
    /// A lane index byte (`i8x16.extract_lane_s` …).
    case lane
    /// Sixteen lane index bytes (`i8x16.shuffle`).
    case shuffle
    /// Sixteen bytes of a constant (`v128.const`).
    case v128
  }

  public typealias ValueType = InstructionValueType

  /// The text-format name, e.g. `i32x4.add`.
  public let name: String
  /// The LEB128 sub-opcode after `0xFD`.
  public let code: UInt32
  public let kind: Kind
  public let immediate: Immediate
  /// The operand types, deepest first. A load's or store's address is `.i32` (the validator
  /// gives a 64-bit memory's `i64` instead); a lane load and every store then take the vector.
  public let operands: [ValueType]
  /// The result type; `nil` for a store.
  public let result: ValueType?
  /// Bytes a load or store accesses; 0 for a compute instruction.
  public let bytes: Int
  /// The lane count of a lane immediate (the immediate must be below it); 0 without one.
  public let laneCount: Int
  /// The semantics. For a compute instruction, a Swift expression over the operands `a`, `b`,
  /// `c` (a `V128` for a `v128` operand, the untyped `UInt64` slot for a scalar), `lane: Int`
  /// (the lane immediate) and `imm: V128` (the shuffle's lane bytes or the constant), giving a
  /// `V128` or a `UInt64` slot. For a load, an expression over `pointer`
  /// (`UnsafeRawPointer`), `vector` and `lane` giving a `V128`; for a store, statements over
  /// `pointer` (`UnsafeMutableRawPointer`), `vector` and `lane`. It may use the helpers of
  /// WasmVM's `Execution/SIMDLanes.swift`, `Slots.swift` and `Numerics.swift`.
  public let semantics: String
  /// For a relaxed-SIMD instruction, the deterministic choice wasbox makes among the results
  /// the spec allows, the same on every platform; `nil` for a fixed-width instruction.
  public let relaxedChoice: String?
  /// Ticks one execution costs: one, like every instruction that does not grow with an operand.
  public let ticks: Int = 1

  public init(
    _ name: String, _ code: UInt32, kind: Kind = .compute, immediate: Immediate = .none,
    _ operands: [ValueType], _ result: ValueType?, bytes: Int = 0, laneCount: Int = 0,
    relaxed relaxedChoice: String? = nil, _ semantics: String
  ) {
    self.name = name
    self.code = code
    self.kind = kind
    self.immediate = immediate
    self.operands = operands
    self.result = result
    self.bytes = bytes
    self.laneCount = laneCount
    self.relaxedChoice = relaxedChoice
    self.semantics = semantics
  }

  /// Whether the instruction is one of relaxed SIMD's (sub-opcodes `0x100` …).
  public var isRelaxed: Bool { relaxedChoice != nil }

  /// The Swift case name: `i8x16.extract_lane_s` → `i8x16ExtractLaneS`.
  public var caseName: String { swiftCaseName(name) }

  /// The binary encoding as written in the spec: `0xFD 0x0E`, `0xFD 0x100`.
  public var encodingText: String { "0xFD " + hexByte(code) }
}
