/// Splits a command line into words at spaces and tabs. A word in double quotes may contain
/// spaces; `\"` and `\\` escape inside quotes. Part of a word may be quoted (`a."b.c"`).
enum Tokenizer {
  /// One word of a command line, and what quoting did to it.
  struct Word: Equatable {
    var text: String
    /// Whether any part of it was written in quotes: `"0x41"` is text, not hex bytes.
    var quoted = false
    /// Character offsets in `text` of the dots typed outside quotes: the only places where
    /// `PLUGIN.EXPORT` may be split.
    var dots: [Int] = []
  }

  static func split(_ line: String) throws(ReplError) -> [String] {
    try words(line).map(\.text)
  }

  static func words(_ line: String) throws(ReplError) -> [Word] {
    var words: [Word] = []
    var current = Word(text: "")
    var count = 0
    var inWord = false
    var quoted = false
    var escaped = false
    for character in line {
      if escaped {
        current.text.append(character)
        count += 1
        escaped = false
      } else if quoted {
        if character == "\\" {
          escaped = true
        } else if character == "\"" {
          quoted = false
        } else {
          current.text.append(character)
          count += 1
        }
      } else if character == " " || character == "\t" {
        if inWord { words.append(current) }
        current = Word(text: "")
        count = 0
        inWord = false
      } else if character == "\"" {
        quoted = true
        current.quoted = true
        inWord = true
      } else {
        if character == "." { current.dots.append(count) }
        current.text.append(character)
        count += 1
        inWord = true
      }
    }
    if quoted { throw ReplError("unterminated quote; close the string with \"") }
    if inWord { words.append(current) }
    return words
  }

  /// `word` as it must be typed to come back as this one word: in quotes when it is empty or
  /// holds a space, a tab, a quote or a backslash, and with `dots`, also a dot (so that the
  /// dot does not split `PLUGIN.FUNCTION`), or always with `force`.
  static func quote(_ word: String, dots: Bool = false, force: Bool = false) -> String {
    let special: Set<Character> = dots ? [" ", "\t", "\"", "\\", "."] : [" ", "\t", "\"", "\\"]
    guard force || word.contains(where: special.contains) || word.isEmpty else { return word }
    let escaped = word.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(escaped)\""
  }
}
