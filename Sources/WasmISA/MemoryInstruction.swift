/// One WebAssembly load or store as the instruction table describes it: its encoding, its
/// immediates, the access it makes (width, extension, value type) and the fast paths the
/// translator may give it. Everything wasbox derives about it (decoding, validation typing,
/// both code forms, every loop's handlers, the fused forms) comes from this description, and
/// its semantics, the conversion between memory bytes and a slot, is written once from it.
public struct MemoryInstruction: Sendable {
  /// Whether the instruction reads memory into a value or writes a value to memory.
  public enum Kind: String, Sendable { case load, store }

  /// How a load narrower than its value type fills the rest of the value.
  public enum Extension: String, Sendable {
    /// The access is the value's full width (`i32.load`, `f64.store`); stores are always this
    /// or ``wrap``.
    case none
    /// Sign-extended (`i32.load8_s`).
    case signed
    /// Zero-extended (`i64.load32_u`).
    case unsigned
    /// A store of the value's low bytes (`i64.store16`).
    case wrap
  }

  /// The immediates an instruction's encoding carries after its opcode, in order. Loads and
  /// stores have one memory argument; the vocabulary grows with the instructions that need more
  /// (a SIMD lane index, 16 shuffle bytes, a 128-bit constant).
  public enum Immediate: String, Sendable {
    /// `memarg`: alignment exponent (with bit 6 announcing an explicit memory index), memory
    /// index, offset. The validator checks the alignment against ``MemoryInstruction/bytes``
    /// and the offset against the memory's address type.
    case memArg
  }

  /// Faster forms the translators may give the instruction. Each is a rule the generator
  /// applies to every entry that lists it, so a form is never written per instruction.
  public enum FastPath: Sendable, Equatable {
    /// Stack code: `local.get a` right before the load fuses into one opcode (see "Fusion"
    /// in WasmVM's `Op`).
    case afterLocalGet
    /// Register code: a form for a constant address (`…At`), for full-width accesses.
    case constantAddress
    /// Register code: a store of a constant keeps the constant in its own word
    /// (`…Constant`). One store per width lists it and owns the form; every store of that width
    /// uses it (a full 8-byte store only when the constant fits in 32 bits).
    case constantValue
    /// Register code: each of these binary operators (table names) takes this full-width
    /// load, when it produced the operator's right operand, into one instruction (`…Load`).
    case operandOf([String])
  }

  /// The text-format name, e.g. `i32.load8_s`.
  public let name: String
  /// The opcode byte (loads and stores are single-byte opcodes; the SIMD ones will carry a
  /// prefix like the numeric table's).
  public let code: UInt32
  /// Load or store.
  public let kind: Kind
  /// The value type loaded or stored.
  public let value: NumericInstruction.ValueType
  /// Bytes accessed; the natural alignment is their base-2 logarithm.
  public let bytes: Int
  /// How a narrow load extends, or ``Extension/wrap`` for a narrow store.
  public let extending: Extension
  /// The immediates after the opcode: a memory argument, for every load and store.
  public let immediates: [Immediate] = [.memArg]
  /// The faster forms the translators give the instruction (see ``FastPath``).
  public let fastPaths: [FastPath]
  /// Ticks one execution costs: one, like every instruction that does not grow with an operand.
  public let ticks: Int = 1

  /// A load of `bytes` bytes into a `value`, extended as `extending` says when narrower.
  public static func load(
    _ name: String, _ code: UInt32, _ value: NumericInstruction.ValueType, bytes: Int,
    _ extending: Extension = .none, _ fastPaths: [FastPath] = []
  ) -> MemoryInstruction {
    MemoryInstruction(
      name: name, code: code, kind: .load, value: value, bytes: bytes, extending: extending,
      fastPaths: fastPaths)
  }

  /// A store of the low `bytes` bytes of a `value`.
  public static func store(
    _ name: String, _ code: UInt32, _ value: NumericInstruction.ValueType, bytes: Int,
    _ fastPaths: [FastPath] = []
  ) -> MemoryInstruction {
    MemoryInstruction(
      name: name, code: code, kind: .store, value: value, bytes: bytes,
      extending: bytes == value.bytes ? .none : .wrap, fastPaths: fastPaths)
  }

  /// The Swift case name: `i64.load32_u` → `i64Load32U`.
  public var caseName: String { swiftCaseName(name) }

  /// The binary encoding as written in the spec: `0x28`.
  public var encodingText: String { hexByte(code) }

  /// Whether the access is the value's full width.
  public var isFullWidth: Bool { bytes == value.bytes }

  /// The operators of ``FastPath/operandOf(_:)``, or none.
  public var loadingOperators: [String] {
    for case .operandOf(let names) in fastPaths { return names }
    return []
  }

  /// The semantics, derived from the access: a Swift expression over the raw pointer `p`
  /// giving the loaded slot, or a statement storing the slot `v` at `p`, little-endian. An
  /// f32/f64 moves as the bits of an integer of its width (slots hold raw float bits). This is
  /// the scalar rule; a `v128` access (two slots, lane extensions) gets its own with the SIMD
  /// vocabulary.
  public var semantics: String {
    let signed = extending == .signed
    let memoryType = (signed ? "Int" : "UInt") + String(bytes * 8)
    switch kind {
    case .load:
      let read =
        bytes == 1
        ? "p.load(as: \(memoryType).self)"
        : "\(memoryType)(littleEndian: p.loadUnaligned(as: \(memoryType).self))"
      guard signed else { return bytes == 8 ? read : "UInt64(\(read))" }
      // Sign-extend to the value's width, then store it as that width's slot.
      return value.bytes == 4 ? "slot(Int32(\(read)))" : "slot(Int64(\(read)))"
    case .store:
      let bits = bytes == 8 ? "v" : "\(memoryType)(truncatingIfNeeded: v)"
      let littleEndian = bytes == 1 ? "" : ".littleEndian"
      return "p.storeBytes(of: \(bits)\(littleEndian), as: \(memoryType).self)"
    }
  }
}

/// `i32.trunc_sat_f32_s` → `i32TruncSatF32S`.
func swiftCaseName(_ name: String) -> String {
  let parts = name.split(whereSeparator: { $0 == "." || $0 == "_" }).map(String.init)
  return (parts.first ?? "")
    + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
}

/// `0x0B`, `0x6A`.
func hexByte(_ v: UInt32) -> String {
  "0x" + (v < 16 ? "0" : "") + String(v, radix: 16, uppercase: true)
}
