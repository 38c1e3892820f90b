/// Splits a command line into words at spaces and tabs. A word in double quotes may contain
/// spaces; `\"` and `\\` escape inside quotes.
enum Tokenizer {
  static func split(_ line: String) throws(ReplError) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quoted = false
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
      } else if quoted {
        if character == "\\" {
          escaped = true
        } else if character == "\"" {
          quoted = false
        } else {
          current.append(character)
        }
      } else if character == " " || character == "\t" {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else if character == "\"" {
        quoted = true
        inWord = true
      } else {
        current.append(character)
        inWord = true
      }
    }
    if quoted { throw ReplError("unterminated quote; close the string with \"") }
    if inWord { words.append(current) }
    return words
  }
}
