/// A cursor over the module binary.
///
/// Reads never go past `limit`; running out of bytes is an ordinary ``DecodeError``, never a
/// crash. The limit is the end of the whole binary except while decoding instruction
/// sequences, which are confined to their function body or section.
struct ByteReader {
  let bytes: [UInt8]
  /// Offset of the next byte to read.
  var position: Int
  /// Offset one past the last byte this reader may consume.
  var limit: Int

  init(bytes: [UInt8]) {
    self.bytes = bytes
    self.position = 0
    self.limit = bytes.count
  }

  var isAtEnd: Bool { position >= limit }

  /// Bytes left before `limit`.
  var remaining: Int { limit - position }

  func peekByte() -> UInt8? {
    position < limit ? bytes[position] : nil
  }

  mutating func readByte() throws(DecodeError) -> UInt8 {
    guard position < limit else { throw endOfInput() }
    let byte = bytes[position]
    position += 1
    return byte
  }

  mutating func readBytes(_ count: Int) throws(DecodeError) -> [UInt8] {
    guard count >= 0, count <= remaining else { throw endOfInput() }
    let slice = bytes[position..<(position + count)]
    position += count
    return Array(slice)
  }

  /// Reads a little-endian 32-bit word (the bits of an `f32.const`).
  mutating func readUInt32LE() throws(DecodeError) -> UInt32 {
    guard remaining >= 4 else { throw endOfInput() }
    var value: UInt32 = 0
    for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * index) }
    position += 4
    return value
  }

  /// Reads a little-endian 64-bit word (the bits of an `f64.const`).
  mutating func readUInt64LE() throws(DecodeError) -> UInt64 {
    guard remaining >= 8 else { throw endOfInput() }
    var value: UInt64 = 0
    for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * index) }
    position += 8
    return value
  }

  /// Reads a `u32` length or element count and checks it against the bytes left.
  ///
  /// Like the reference interpreter, the bound counts from the start of the length itself, so
  /// that a length which merely overruns its section is reported later as an unexpected end,
  /// while one that overruns the whole binary is "length out of bounds". Because every element
  /// of a vector takes at least one byte, this also caps what a caller may reserve. Note that
  /// the result may still exceed ``remaining`` by up to the length's own encoded size.
  mutating func readLength() throws(DecodeError) -> Int {
    let start = position
    let length = try readUInt32()
    guard Int(length) <= limit - start else {
      throw DecodeError("length out of bounds", offset: start)
    }
    return Int(length)
  }

  /// Reads a length-prefixed UTF-8 name.
  mutating func readName() throws(DecodeError) -> String {
    let start = position
    let length = try readLength()
    let nameBytes = try readBytes(length)
    guard UTF8Validation.isValid(nameBytes) else {
      throw DecodeError("malformed UTF-8 encoding", offset: start)
    }
    return String(decoding: nameBytes, as: UTF8.self)
  }

  func endOfInput() -> DecodeError {
    DecodeError(DecodeError.endOfInputMessage, offset: limit)
  }
}
