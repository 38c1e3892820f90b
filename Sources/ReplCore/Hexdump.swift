/// Formats bytes the way `hexdump -C` does: offset, sixteen hex bytes, printable ASCII.
enum Hexdump {
  static func lines(_ bytes: [UInt8], startingAt offset: Int) -> [String] {
    stride(from: 0, to: bytes.count, by: 16).map { start in
      let row = bytes[start..<min(start + 16, bytes.count)]
      var hex = row.enumerated().map { index, byte in
        (index == 8 ? " " : "") + hexByte(byte)
      }.joined(separator: " ")
      let width = 48  // 16 two-digit bytes, 15 separators, the gap after the eighth
      if hex.count < width { hex += String(repeating: " ", count: width - hex.count) }
      let text = String(
        row.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." })
      return "\(hexOffset(offset + start))  \(hex)  |\(text)|"
    }
  }

  private static func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }

  private static func hexOffset(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }
}
