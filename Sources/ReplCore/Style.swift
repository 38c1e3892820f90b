/// Terminal colours for the REPL's output, or none: script mode and `--no-color` print plain
/// text so that transcripts compare byte for byte.
public struct Style: Sendable {
  public var enabled: Bool

  public init(enabled: Bool) { self.enabled = enabled }

  private func wrap(_ text: String, _ code: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  func error(_ text: String) -> String { wrap(text, "31") }
  func result(_ text: String) -> String { wrap(text, "32") }
  func notice(_ text: String) -> String { wrap(text, "33") }
  func dim(_ text: String) -> String { wrap(text, "2") }
  func bold(_ text: String) -> String { wrap(text, "1") }
}
