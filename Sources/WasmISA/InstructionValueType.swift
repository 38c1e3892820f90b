/// The value types of the instruction table: what an operand, a result or a memory access
/// carries. A scalar fills one untyped 64-bit slot; a `v128` fills two consecutive slots, low
/// half first (see "Values, and room to grow" in `docs/architecture.md`).
///
/// `v128` is in the vocabulary before any instruction uses it, so that SIMD entries can be
/// written against it; WasmVM's own `ValueType` and `Value` gain it with the first such entry
/// (until then the generated code could not name it, and `InstructionTableTests` checks that no
/// entry does).
public enum InstructionValueType: String, Sendable, CaseIterable {
  case i32, i64, f32, f64, v128

  /// The width of a value of this type in memory.
  public var bytes: Int {
    switch self {
    case .i32, .f32: 4
    case .i64, .f64: 8
    case .v128: 16
    }
  }

  /// The untyped 64-bit slots a value of this type takes on the interpreter's stacks.
  public var slots: Int { (bytes + 7) / 8 }

  /// The type's encoding in the binary format (`0x7F` for i32 … `0x7B` for v128).
  public var binaryCode: UInt8 {
    switch self {
    case .i32: 0x7F
    case .i64: 0x7E
    case .f32: 0x7D
    case .f64: 0x7C
    case .v128: 0x7B
    }
  }
}
