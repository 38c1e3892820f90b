/// Immediates shared by several instructions: block types and memory arguments.
extension ByteReader {
  /// A block type: `0x40` (empty), a single value type, or a non-negative `s33` type index.
  mutating func readBlockType() throws(DecodeError) -> BlockType {
    let start = position
    guard let byte = peekByte() else { throw endOfInput() }
    if byte == 0x40 {
      position += 1
      return .empty
    }
    if byte & 0xC0 == 0x40 { return .value(try readValueType()) }
    let index = try readInt33()
    guard index >= 0 else { throw DecodeError("malformed block type", offset: start) }
    return .typeIndex(UInt32(truncatingIfNeeded: index))
  }

  /// A memory argument. Bit 6 of the alignment field announces an explicit memory index
  /// (multi-memory); the exponent itself is the low six bits, checked by the validator.
  mutating func readMemArg() throws(DecodeError) -> MemArg {
    let start = position
    let flags = try readUInt32()
    guard flags < 0x80 else { throw DecodeError("malformed memop flags", offset: start) }
    let memory = flags & 0x40 != 0 ? try readUInt32() : 0
    let offset = try readUInt64()
    return MemArg(align: flags & 0x3F, offset: offset, memory: memory)
  }

  /// A vector of `u32` indices (the targets of `br_table`).
  mutating func readIndices() throws(DecodeError) -> [UInt32] {
    let count = try readLength()
    var indices: [UInt32] = []
    indices.reserveCapacity(count)
    for _ in 0..<count { indices.append(try readUInt32()) }
    return indices
  }
}
