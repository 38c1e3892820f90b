/// Formats bytes the way `hexdump -C` does: offset, sixteen hex bytes, printable ASCII; a run
/// of lines equal to the one before shows as one `*` line, and when the bytes end inside such a
/// run, a last line gives the offset where they end.
enum Hexdump {
  static func lines(_ bytes: [UInt8], startingAt offset: Int) -> [String] {
    var lines: [String] = []
    var previous: ArraySlice<UInt8>?
    var squeezing = false
    for start in stride(from: 0, to: bytes.count, by: 16) {
      let row = bytes[start..<min(start + 16, bytes.count)]
      if row.count == 16, let previous, previous.elementsEqual(row) {
        if !squeezing { lines.append("*") }
        squeezing = true
        continue
      }
      squeezing = false
      previous = row
      lines.append(line(row, at: offset + start))
    }
    if squeezing { lines.append(hexOffset(offset + bytes.count)) }
    return lines
  }

  private static func line(_ row: ArraySlice<UInt8>, at offset: Int) -> String {
    var hex = row.enumerated().map { index, byte in
      (index == 8 ? " " : "") + hexByte(byte)
    }.joined(separator: " ")
    let width = 48  // 16 two-digit bytes, 15 separators, the gap after the eighth
    if hex.count < width { hex += String(repeating: " ", count: width - hex.count) }
    let text = String(
      row.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." })
    return "\(hexOffset(offset))  \(hex)  |\(text)|"
  }

  private static func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }

  static func hexOffset(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }
}
