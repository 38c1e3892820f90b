/// The one way guest-controlled text reaches the terminal.
///
/// Log messages, plugin, export and import names, kv keys and values, trap messages and
/// backtrace names all come from plugins (or their file names), and a terminal obeys control
/// characters wherever they appear: `ESC ] 0 ; … BEL` sets the window title, `ESC [ 2 J` clears
/// the screen, a CR or LF lets a log line fake REPL output. Every such string the REPL prints
/// goes through ``escape(_:)``, in interactive and script mode alike, so it shows as visible
/// text on the line it belongs to.
///
/// Escapes: `\e` (ESC), `\r`, `\n`, `\t`, `\0`, `\xHH` for the other C0 controls and DEL
/// (`\x7f`), `\u{HH}` for C1 controls (`\u{9b}`, a one-character
/// CSI) and the line and paragraph separators. A backslash is left alone, so escaping is
/// idempotent: text the REPL builds around already escaped names can be escaped again whole.
public enum GuestText {
  /// `text` with every control character written as a visible escape.
  public static func escape(_ text: String) -> String {
    guard !isPlain(text) else { return text }
    var result = ""
    for scalar in text.unicodeScalars { append(scalar, to: &result) }
    return result
  }

  /// Whether `text` contains nothing ``escape(_:)`` would change.
  public static func isPlain(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { !isControl($0) }
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: true
    default: false
    }
  }

  private static func append(_ scalar: Unicode.Scalar, to result: inout String) {
    guard isControl(scalar) else {
      result.unicodeScalars.append(scalar)
      return
    }
    switch scalar.value {
    case 0x1B: result += "\\e"
    case 0x0D: result += "\\r"
    case 0x0A: result += "\\n"
    case 0x09: result += "\\t"
    case 0x00: result += "\\0"
    case 0..<0x80: result += "\\x" + hex(scalar.value)
    default: result += "\\u{" + String(scalar.value, radix: 16) + "}"
    }
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }
}
