/// Strict UTF-8 validation for names, as the specification requires: no overlong forms, no
/// surrogate code points, nothing above U+10FFFF, no truncated sequences.
enum UTF8Validation {
  static func isValid(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      let length: Int
      var lower: UInt8 = 0x80
      var upper: UInt8 = 0xBF
      switch lead {
      case 0x00...0x7F: index += 1; continue
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; lower = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; upper = 0x9F
      case 0xF0: length = 4; lower = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; upper = 0x8F
      default: return false
      }
      guard bytes.count - index >= length else { return false }
      // Only the first continuation byte has a narrowed range.
      let second = bytes[index + 1]
      guard second >= lower, second <= upper else { return false }
      for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 {
        return false
      }
      index += length
    }
    return true
  }
}
