/// One immediate-free numeric WebAssembly instruction as the instruction table describes it:
/// everything wasbox derives about it (opcodes of both code forms, decoding, validation
/// typing, the interpreter loops' handlers) comes from this description.
public struct NumericInstruction: Sendable {
  /// A value type of the table's vocabulary (``InstructionValueType``).
  public typealias ValueType = InstructionValueType

  /// How the semantics run, which decides the shape of the handlers generated for it.
  public enum Form: Sendable {
    /// Inlined into every handler; cannot trap.
    case pure
    /// Inlined; may `throw` a `NumericTrap`.
    case trapping
    /// Calls into libm: kept out of line, so that the call does not force the loops' hot
    /// registers to memory in every other handler.
    case outOfLine
    /// Out of line and may `throw` a `NumericTrap`.
    case trappingOutOfLine
  }

  /// The text-format name, e.g. `i32.add`.
  public let name: String
  /// The prefix byte of a prefixed encoding (`0xFC`), or `nil` for a single-byte opcode.
  public let prefix: UInt8?
  /// The opcode byte, or the LEB128 sub-opcode after ``prefix``.
  public let code: UInt32
  /// The operand types, deepest first.
  public let operands: [ValueType]
  public let result: ValueType
  public let form: Form
  /// The semantics: a Swift expression over the untyped 64-bit slots `a` (and `b`, the top
  /// operand of a binary instruction) giving the result slot, or statements ending in
  /// `return` (and `throw`ing a `NumericTrap` for a trapping form). It may use the slot helpers
  /// of WasmVM's `Execution/Slots.swift` and `Execution/Numerics.swift`.
  public let semantics: String
  /// Ticks one execution costs. Every numeric instruction costs one; the field exists so
  /// that the cost is stated where the instruction is, and checked by the tests.
  public let ticks: Int = 1

  public init(
    _ name: String, _ code: UInt32, prefix: UInt8? = nil, _ operands: [ValueType],
    _ result: ValueType, _ form: Form, _ semantics: String
  ) {
    self.name = name
    self.code = code
    self.prefix = prefix
    self.operands = operands
    self.result = result
    self.form = form
    self.semantics = semantics
  }

  /// A ``Form/pure`` instruction.
  public init(
    _ name: String, _ code: UInt32, prefix: UInt8? = nil, _ operands: [ValueType],
    _ result: ValueType, _ semantics: String
  ) {
    self.init(name, code, prefix: prefix, operands, result, .pure, semantics)
  }

  /// The Swift case name: `i32.trunc_sat_f32_s` → `i32TruncSatF32S`.
  public var caseName: String { swiftCaseName(name) }

  /// The binary encoding as written in the spec: `0x6A`, or `0xFC 0x00`.
  public var encodingText: String {
    prefix.map { hexByte(UInt32($0)) + " " + hexByte(code) } ?? hexByte(code)
  }

  public var isBinary: Bool { operands.count == 2 }
  public var traps: Bool { form == .trapping || form == .trappingOutOfLine }
  public var isOutOfLine: Bool { form == .outOfLine || form == .trappingOutOfLine }
}
