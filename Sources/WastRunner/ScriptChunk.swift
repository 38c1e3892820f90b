/// The text of one top-level directive of a `.wast` script and the line it starts on.
///
/// The runner cuts a script into directives itself, before any parsing, for two reasons:
/// a directive the WAT parser rejects then costs only that directive (the rest of the file
/// still runs), and every directive knows its line cheaply — WasmKit's `Location` recomputes
/// line numbers by scanning the file from its start, which is quadratic over a 1 MB script.
struct ScriptChunk: Equatable {
  /// The directive's source, from its `(` to the matching `)`.
  var text: String
  /// 1-based line of the directive's first character.
  var line: Int

  /// The directive's leading keyword (`module`, `assert_return`, …), or `""` when the text
  /// does not start with `(keyword`.
  var keyword: String {
    var scalars = text.unicodeScalars.drop { $0 != "(" }.dropFirst()
    scalars = scalars.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    return String(String.UnicodeScalarView(scalars.prefix { isKeywordScalar($0) }))
  }

  /// The module an action directive (`invoke`, `get`, or an `assert_return`, `assert_trap`
  /// or `assert_exhaustion` of one) addresses: `.some(nil)` for the current module,
  /// `.some("$M")` for a named one, and `nil` when the directive is not such an action or its
  /// text is not in the plain form this quick scan reads.
  var actionModule: String?? {
    // The head of the text is enough, and keeps this cheap for a large module.
    var words = ArraySlice(
      text.prefix(200).split { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        .prefix(3).map(String.init))
    guard words.first?.hasPrefix("(") == true else { return nil }
    if ["(assert_return", "(assert_trap", "(assert_exhaustion"].contains(words.first) {
      words = words.dropFirst()
    }
    guard let head = words.first, head == "(invoke" || head == "(get" else { return nil }
    guard let next = words.dropFirst().first else { return nil }
    guard next.hasPrefix("$") else { return .some(nil) }
    let name = next.prefix { !"()\"\n\t".contains($0) }
    return name.count == next.count ? .some(String(name)) : nil
  }

  /// Whether the directive's module is written as `(module binary …)` (also with an id or
  /// `definition` before `binary`), judged from the head of its text.
  var isBinaryModule: Bool {
    let words = text.prefix(200).split {
      $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "(" || $0 == ")"
    }
    guard let module = words.firstIndex(of: "module") else { return false }
    return words[module...].prefix(4).contains("binary")
  }

  /// Splits a script into its top-level directives, skipping comments and whitespace between
  /// them. Consecutive bare module fields (`(func …) (export …)` without an enclosing
  /// `(module …)`) form one inline module, as in the spec's script grammar.
  static func split(_ source: String) -> [ScriptChunk] {
    var chunks: [ScriptChunk] = []
    var scanner = Scanner(bytes: Array(source.utf8))
    while let (range, line) = scanner.nextTopLevelForm() {
      let text = String(decoding: scanner.bytes[range], as: UTF8.self)
      let chunk = ScriptChunk(text: text, line: line)
      if let last = chunks.last, last.isBareModuleField, chunk.isBareModuleField {
        chunks[chunks.count - 1].text += "\n" + text
      } else {
        chunks.append(chunk)
      }
    }
    return chunks
  }

  private var isBareModuleField: Bool {
    ScriptChunk.moduleFieldKeywords.contains(keyword)
  }

  private static let moduleFieldKeywords: Set<String> = [
    "data", "elem", "tag", "export", "func", "type", "rec", "global", "import", "memory",
    "start", "table",
  ]
}

private func isKeywordScalar(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar {
  case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "$", "@": true
  default: false
  }
}

/// A byte-level scanner that knows just enough WAT lexing to find balanced parentheses:
/// strings (with escapes), line comments `;;` and nested block comments `(; ;)`.
private struct Scanner {
  let bytes: [UInt8]
  var index = 0
  var line = 1

  init(bytes: [UInt8]) { self.bytes = bytes }

  private static let newline = UInt8(ascii: "\n")
  private static let open = UInt8(ascii: "(")
  private static let close = UInt8(ascii: ")")
  private static let semicolon = UInt8(ascii: ";")
  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")

  /// The byte range and starting line of the next top-level form, or `nil` at the end.
  /// Stray text outside parentheses becomes a form of its own (running to the next `(`), so
  /// that the parser reports it instead of the runner silently dropping it.
  mutating func nextTopLevelForm() -> (Range<Int>, Int)? {
    skipTrivia()
    guard index < bytes.count else { return nil }
    let start = index
    let startLine = line
    if bytes[index] != Scanner.open {
      while index < bytes.count, bytes[index] != Scanner.open { advance() }
      return (start..<index, startLine)
    }
    var depth = 0
    while index < bytes.count {
      if skipComment() { continue }
      let byte = bytes[index]
      if byte == Scanner.quote {
        skipString()
        continue
      }
      advance()
      if byte == Scanner.open {
        depth += 1
      } else if byte == Scanner.close {
        depth -= 1
        if depth == 0 { break }
      }
    }
    return (start..<index, startLine)
  }

  private mutating func advance() {
    if bytes[index] == Scanner.newline { line += 1 }
    index += 1
  }

  private func peek(_ offset: Int) -> UInt8? {
    index + offset < bytes.count ? bytes[index + offset] : nil
  }

  private mutating func skipTrivia() {
    while index < bytes.count {
      if skipComment() { continue }
      let byte = bytes[index]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
      advance()
    }
  }

  /// Skips one comment at the current position; returns whether there was one.
  private mutating func skipComment() -> Bool {
    if bytes[index] == Scanner.semicolon, peek(1) == Scanner.semicolon {
      while index < bytes.count, bytes[index] != Scanner.newline { advance() }
      return true
    }
    guard bytes[index] == Scanner.open, peek(1) == Scanner.semicolon else { return false }
    var depth = 0
    while index < bytes.count {
      if bytes[index] == Scanner.open, peek(1) == Scanner.semicolon {
        depth += 1
        advance()
        advance()
      } else if bytes[index] == Scanner.semicolon, peek(1) == Scanner.close {
        depth -= 1
        advance()
        advance()
        if depth == 0 { return true }
      } else {
        advance()
      }
    }
    return true
  }

  private mutating func skipString() {
    advance()
    while index < bytes.count {
      let byte = bytes[index]
      advance()
      if byte == Scanner.backslash, index < bytes.count {
        advance()
      } else if byte == Scanner.quote {
        return
      }
    }
  }
}
