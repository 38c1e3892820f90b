/// What the instruction table says of one numeric instruction, kept at run time for the
/// decoder (its encoding), the validator (its types) and messages (its name).
struct NumericOpEntry: Sendable {
  /// The text-format name, e.g. `i32.add`.
  let name: String
  /// `0xFC` for a prefixed instruction, else `nil`.
  let prefix: UInt8?
  /// The opcode byte, or the sub-opcode after ``prefix``.
  let code: UInt32
  /// Operand types, deepest first.
  let operands: [ValueType]
  let result: ValueType
  /// Ticks one execution costs.
  let ticks: Int

  init(
    _ name: String, _ prefix: UInt8?, _ code: UInt32, _ operands: [ValueType],
    _ result: ValueType, ticks: Int
  ) {
    self.name = name
    self.prefix = prefix
    self.code = code
    self.operands = operands
    self.result = result
    self.ticks = ticks
  }
}

extension NumericOp: CustomStringConvertible {
  /// The instruction's table entry.
  var entry: NumericOpEntry { Self.entries[Int(rawValue)] }

  /// The text-format name, e.g. `i32.add`.
  var description: String { entry.name }

  /// The binary encoding: an optional prefix byte and the opcode (or sub-opcode).
  var binaryOpcode: (prefix: UInt8?, code: UInt32) { (entry.prefix, entry.code) }

  /// Operand types (deepest first) and the result type.
  var signature: (parameters: [ValueType], result: ValueType) {
    (entry.operands, entry.result)
  }

  /// The instruction a single-byte opcode encodes, if it is a numeric one.
  static func fromSingleByte(_ byte: UInt8) -> NumericOp? { singleByte[Int(byte)] }

  /// The instruction a `0xFC`-prefixed sub-opcode encodes, if it is a numeric one.
  static func fromFCPrefixed(_ sub: UInt32) -> NumericOp? {
    sub < UInt32(fcPrefixed.count) ? fcPrefixed[Int(sub)] : nil
  }

  /// Decoding tables built once from the entries.
  private static let singleByte: [NumericOp?] = lookup(prefix: nil, count: 256)
  private static let fcPrefixed: [NumericOp?] = lookup(
    prefix: 0xFC, count: Int(entries.filter { $0.prefix == 0xFC }.map(\.code).max() ?? 0) + 1)

  private static func lookup(prefix: UInt8?, count: Int) -> [NumericOp?] {
    var table = [NumericOp?](repeating: nil, count: count)
    for op in allCases where op.entry.prefix == prefix && Int(op.entry.code) < count {
      table[Int(op.entry.code)] = op
    }
    return table
  }
}
