/// What the instruction table says of one load or store, kept at run time for the decoder (its
/// encoding), the validator (its types and natural alignment), the translator (its stack
/// effect) and messages (its name).
struct MemoryOpEntry: Sendable {
  /// Whether the instruction reads memory into a value or writes a value to memory.
  enum Kind: Sendable { case load, store }
  /// How a narrow load fills the rest of its value (`wrap`: a narrow store).
  enum Extension: Sendable { case none, signed, unsigned, wrap }

  /// The text-format name, e.g. `i32.load8_s`.
  let name: String
  /// The opcode byte.
  let code: UInt32
  let kind: Kind
  /// The value type loaded or stored; the address operand's type is the memory's (i32, or
  /// i64 for a 64-bit memory).
  let value: ValueType
  /// Bytes accessed; the natural alignment is their base-2 logarithm.
  let bytes: Int
  let extending: Extension
  /// Ticks one execution costs.
  let ticks: Int

  init(
    _ name: String, _ code: UInt32, _ kind: Kind, _ value: ValueType, bytes: Int,
    _ extending: Extension, ticks: Int
  ) {
    self.name = name
    self.code = code
    self.kind = kind
    self.value = value
    self.bytes = bytes
    self.extending = extending
    self.ticks = ticks
  }
}

extension MemoryOp: CustomStringConvertible {
  /// The instruction's table entry.
  var entry: MemoryOpEntry { Self.entries[Int(rawValue)] }

  /// The text-format name, e.g. `i32.load`.
  var description: String { entry.name }

  /// Operands popped and pushed: a load takes the address and gives the value, a store takes
  /// the address and the value.
  var stackEffect: (pops: Int, pushes: Int) { entry.kind == .load ? (1, 1) : (2, 0) }

  /// The instruction a single-byte opcode encodes, if it is a load or store.
  static func fromSingleByte(_ byte: UInt8) -> MemoryOp? { singleByte[Int(byte)] }

  /// The decoding table, built once from the entries.
  private static let singleByte: [MemoryOp?] = {
    var table = [MemoryOp?](repeating: nil, count: 256)
    for op in allCases where op.entry.code < 256 { table[Int(op.entry.code)] = op }
    return table
  }()
}
