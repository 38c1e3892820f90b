/// LEB128 integers, with the specification's strictness: an encoding may be padded up to
/// `ceil(N / 7)` bytes but no longer ("integer representation too long"), and the unused bits
/// of its last byte must be zero — or, for signed integers, copies of the sign bit
/// ("integer too large").
extension ByteReader {
  mutating func readUInt32() throws(DecodeError) -> UInt32 {
    UInt32(truncatingIfNeeded: try readUnsigned(bits: 32))
  }

  mutating func readUInt64() throws(DecodeError) -> UInt64 {
    try readUnsigned(bits: 64)
  }

  mutating func readInt32() throws(DecodeError) -> Int32 {
    Int32(truncatingIfNeeded: try readSigned(bits: 32))
  }

  /// The 33-bit signed integer of block types and heap types.
  mutating func readInt33() throws(DecodeError) -> Int64 {
    try readSigned(bits: 33)
  }

  mutating func readInt64() throws(DecodeError) -> Int64 {
    try readSigned(bits: 64)
  }

  private mutating func readUnsigned(bits: Int) throws(DecodeError) -> UInt64 {
    var result: UInt64 = 0
    var shift = 0
    while true {
      guard shift < bits else {
        throw DecodeError("integer representation too long", offset: position)
      }
      let byteOffset = position
      let byte = try readByte()
      let bitsLeft = bits - shift
      if bitsLeft < 7, UInt64(byte & 0x7F) >= (1 << UInt64(bitsLeft)) {
        throw DecodeError("integer too large", offset: byteOffset)
      }
      result |= UInt64(byte & 0x7F) << UInt64(shift)
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
  }

  private mutating func readSigned(bits: Int) throws(DecodeError) -> Int64 {
    var result: Int64 = 0
    var shift = 0
    while true {
      guard shift < bits else {
        throw DecodeError("integer representation too long", offset: position)
      }
      let byteOffset = position
      let byte = try readByte()
      let bitsLeft = bits - shift
      if bitsLeft < 7 {
        // The bits at and above the value's sign bit must all equal it.
        let mask = UInt8(truncatingIfNeeded: (-1 << (bitsLeft - 1)) & 0x7F)
        let high = byte & mask
        guard high == 0 || high == mask else {
          throw DecodeError("integer too large", offset: byteOffset)
        }
      }
      result |= Int64(byte & 0x7F) << Int64(shift)
      shift += 7
      if byte & 0x80 == 0 {
        if shift < 64, byte & 0x40 != 0 { result |= -1 << Int64(shift) }
        return result
      }
    }
  }
}
