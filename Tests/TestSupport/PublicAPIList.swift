import Foundation

/// A module's public API as a reviewed list, so that growing the surface is a visible change.
///
/// The list (`PublicAPI.txt` beside a test file) holds one line per public declaration of
/// `Sources/MODULE/**/*.swift`: the enclosing type (`-` at top level), ` | `, and the
/// declaration from its access modifier up to its body or initial value, on one line. Public
/// declarations are those marked `public` or `open`, the cases of a public enum and the
/// members of a `public extension` that name no access level.
///
/// The scan is textual (comments and string literals are blanked first), which is enough for
/// the code style of this repository, and fast; it has no exclusions. After an intended change
/// of a public API, regenerate the lists and commit them with the change:
///
///     WASBOX_UPDATE_API=1 swift test --filter PublicAPI
public enum PublicAPIList {
  /// One public declaration and where it is (`path:line`).
  public typealias Declaration = (line: String, location: String)

  /// Whether this run rewrites the lists instead of checking them.
  public static var updating: Bool {
    ProcessInfo.processInfo.environment["WASBOX_UPDATE_API"] == "1"
  }

  /// Checks (or, when ``updating``, rewrites) the list of `module`, `PublicAPI.txt` beside
  /// `testFile` (the calling test's `#filePath`).
  ///
  /// - Returns: `nil` when the list matches; else a message that lists each difference,
  ///   `+ declaration    (path:line)` for one the sources add and `- declaration` for one
  ///   they no longer have.
  public static func mismatch(module: String, listBeside testFile: String = #filePath)
    throws -> String?
  {
    let root = PackageRoot.url
    let expectedFile = URL(fileURLWithPath: testFile).deletingLastPathComponent()
      .appendingPathComponent("PublicAPI.txt")
    let listPath = String(expectedFile.path.dropFirst(root.path.count + 1))
    let found = try scan(module: module, root: root)
    let lines = found.map(\.line).sorted()
    if updating {
      let header = """
        # The public API of \(module): one line per public declaration in Sources/\(module), as
        # `enclosing type | declaration`. Checked by \(listPath.replacingOccurrences(
          of: "PublicAPI.txt", with: "PublicAPITests.swift"));
        # regenerate with `WASBOX_UPDATE_API=1 swift test --filter PublicAPI` and review the diff.

        """
      try (header + lines.joined(separator: "\n") + "\n").write(
        to: expectedFile, atomically: true, encoding: .utf8)
      return nil
    }
    let expected = try String(contentsOf: expectedFile, encoding: .utf8)
      .split(separator: "\n").map(String.init)
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    let locations = Dictionary(
      found.map { ($0.line, $0.location) }, uniquingKeysWith: { a, _ in a })
    let report =
      subtracting(expected, from: lines).map { "+ \($0)    (\(locations[$0] ?? "?"))" }
      + subtracting(lines, from: expected).map { "- \($0)" }
    guard !report.isEmpty else { return nil }
    return """
      The public API of \(module) differs from \(listPath) (+ new, - gone). If intended, run
      `WASBOX_UPDATE_API=1 swift test --filter PublicAPI` and commit the list.
      \(report.joined(separator: "\n"))
      """
  }

  /// The public declarations of every Swift file under `Sources/module`, by path.
  public static func scan(module: String, root: URL) throws -> [Declaration] {
    let sources = root.appendingPathComponent("Sources/\(module)")
    let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
    var files: [URL] = []
    while let url = enumerator?.nextObject() as? URL {
      if url.pathExtension == "swift" { files.append(url) }
    }
    guard !files.isEmpty else {
      throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: sources.path])
    }
    var found: [Declaration] = []
    for file in files.sorted(by: { $0.path < $1.path }) {
      let relative = String(file.path.dropFirst(root.path.count + 1))
      found += declarations(in: try String(contentsOf: file, encoding: .utf8), file: relative)
    }
    return found
  }

  /// `minuend` without one occurrence of each element of `subtrahend`.
  static func subtracting(_ subtrahend: [String], from minuend: [String]) -> [String] {
    var counts = Dictionary(subtrahend.map { ($0, 1) }, uniquingKeysWith: +)
    return minuend.filter { line in
      guard let count = counts[line], count > 0 else { return true }
      counts[line] = count - 1
      return false
    }
  }

  // MARK: - The scanner

  /// A type or extension body, or any other braces (`name == nil`).
  private struct Scope {
    var name: String?
    var isPublicEnum = false
    var isPublicExtension = false
  }

  /// The public declarations of one file, in order.
  public static func declarations(in source: String, file: String) -> [Declaration] {
    let lines = blankingCommentsAndStrings(source).split(
      separator: "\n", omittingEmptySubsequences: false
    )
    .map { $0.trimmingCharacters(in: .whitespaces) }
    var scopes: [Scope] = []
    var pendingScope: Scope?
    var result: [Declaration] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      let start = index
      if let declaration = publicDeclaration(line, in: scopes.last) {
        // Join the lines of a multi-line signature.
        var text = declaration
        while index + 1 < lines.count, !isComplete(text, next: lines[index + 1]) {
          index += 1
          text += " " + lines[index]
        }
        let owner = scopes.compactMap(\.name).joined(separator: ".")
        result.append(
          ("\(owner.isEmpty ? "-" : owner) | \(normalize(text))", "\(file):\(start + 1)"))
      }
      for row in lines[start...index] {
        if let header = typeHeader(row) { pendingScope = header }
        for character in row {
          if character == "{" {
            scopes.append(pendingScope ?? Scope())
            pendingScope = nil
          } else if character == "}" {
            _ = scopes.popLast()
          }
        }
      }
      index += 1
    }
    return result
  }

  /// `(?:a|b|…)` for `words`.
  private static func anyOf(_ words: [String]) -> String {
    "(?:" + words.joined(separator: "|") + ")"
  }
  private static let attribute = #"@\w+(?:\([^)]*\))?\s+"#
  private static let modifierWords = [
    "final", "static", "class", "nonisolated", "override", "convenience", "required",
    "mutating", "nonmutating", "indirect", "lazy", "weak", "unowned", "dynamic",
  ]
  private static let modifiers = "(?:" + attribute + "|" + anyOf(modifierWords) + #"\s+)*"#
  private static let accessPattern = try? NSRegularExpression(
    pattern: "^" + modifiers + #"((?:public|open)\b(?!\s*\().*)$"#)
  private static let memberPattern = try? NSRegularExpression(
    pattern: "^(?:" + attribute + ")*((?:" + anyOf(modifierWords) + #"\s+)*"#
      + anyOf([
        "func", "var", "let", "init", "subscript", "typealias", "struct", "enum", "class",
        "actor", "protocol",
      ]) + #"\b.*)$"#)
  private static let casePattern = try? NSRegularExpression(
    pattern: #"^((?:indirect\s+)?case\b.*)$"#)
  private static let headerPattern = try? NSRegularExpression(
    pattern: "^(?:" + attribute + "|"
      + anyOf(["public", "open", "internal", "private", "fileprivate", "package"] + modifierWords)
      + #"\s+)*(struct|class|enum|protocol|actor|extension)\s+([A-Za-z_][\w.]*)"#)

  private static func firstCapture(_ pattern: NSRegularExpression?, _ line: String) -> [String]? {
    let range = NSRange(line.startIndex..., in: line)
    guard let match = pattern?.firstMatch(in: line, range: range) else { return nil }
    return (1..<match.numberOfRanges).map { i in
      Range(match.range(at: i), in: line).map { String(line[$0]) } ?? ""
    }
  }

  /// The declaration text starting at `line` when it declares something public.
  private static func publicDeclaration(_ line: String, in scope: Scope?) -> String? {
    if let captured = firstCapture(accessPattern, line) { return captured[0] }
    if scope?.isPublicEnum == true, let captured = firstCapture(casePattern, line) {
      return captured[0]
    }
    if scope?.isPublicExtension == true,
      !line.contains(/\b(private|fileprivate|internal|package)\b/),
      let captured = firstCapture(memberPattern, line)
    {
      return "public " + captured[0]
    }
    return nil
  }

  /// The scope a type or extension declaration on `line` opens.
  private static func typeHeader(_ line: String) -> Scope? {
    guard let captured = firstCapture(headerPattern, line),
      !["func", "var", "let"].contains(captured[1])
    else { return nil }
    let isPublic = line.contains(/\b(public|open)\b/)
    return Scope(
      name: captured[1],
      isPublicEnum: isPublic && captured[0] == "enum",
      isPublicExtension: isPublic && captured[0] == "extension")
  }

  /// Whether a declaration's text is whole: brackets balanced and the next line does not
  /// continue the signature.
  private static func isComplete(_ text: String, next: String) -> Bool {
    var depth = 0
    for character in text {
      switch character {
      case "(", "[": depth += 1
      case ")", "]": depth -= 1
      case "{" where depth == 0: return true
      default: break
      }
    }
    if depth > 0 { return false }
    return !["->", "throws", "rethrows", "async", "where", "{"].contains { next.hasPrefix($0) }
  }

  /// One line, cut before the body (or a property's initial value), whitespace collapsed.
  private static func normalize(_ text: String) -> String {
    var depth = 0
    // Generic angle brackets (`Array<Int>`, `f<T>`) follow a name; `<<` and `->` are operators.
    var angles = 0
    var previous: Character = " "
    var cut = text.endIndex
    let isProperty = text.contains(/^(public|open)?\s*([\w()]+\s+)*(var|let)\s/)
    for index in text.indices {
      let character = text[index]
      defer { previous = character }
      switch character {
      case "(", "[": depth += 1
      case ")", "]": depth -= 1
      case "<" where previous.isLetter || previous.isNumber || previous == "_": angles += 1
      case ">" where angles > 0 && previous != "-": angles -= 1
      case "{" where depth == 0 && angles == 0: cut = index
      case "=" where depth == 0 && angles == 0 && isProperty: cut = index
      default: continue
      }
      if cut != text.endIndex { break }
    }
    return String(text[..<cut])
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
      .replacingOccurrences(of: "( ", with: "(")
      .replacingOccurrences(of: ", )", with: ")")
      .replacingOccurrences(of: " )", with: ")")
      .trimmingCharacters(in: .whitespaces)
  }

  /// `source` with comments removed and string literals replaced by `"…"`, lines kept, so that
  /// neither can look like a declaration or a brace.
  public static func blankingCommentsAndStrings(_ source: String) -> String {
    let characters = Array(source)
    var output = ""
    var i = 0
    func at(_ offset: Int) -> Character? {
      i + offset < characters.count ? characters[i + offset] : nil
    }
    while i < characters.count {
      let c = characters[i]
      if c == "/", at(1) == "/" {
        while i < characters.count, characters[i] != "\n" { i += 1 }
      } else if c == "/", at(1) == "*" {
        var depth = 0
        repeat {
          if characters[i] == "/", at(1) == "*" {
            depth += 1
            i += 2
          } else if characters[i] == "*", at(1) == "/" {
            depth -= 1
            i += 2
          } else {
            if characters[i] == "\n" { output.append("\n") }
            i += 1
          }
        } while i < characters.count && depth > 0
      } else if c == "#" || c == "\"" {
        var hashes = 0
        while at(hashes) == "#" { hashes += 1 }
        guard at(hashes) == "\"" else {
          output.append(c)
          i += 1
          continue
        }
        i += hashes
        let multiline = at(1) == "\"" && at(2) == "\""
        let quotes = multiline ? 3 : 1
        i += quotes
        let terminator = Array(
          String(repeating: "\"", count: quotes) + String(repeating: "#", count: hashes))
        while i < characters.count {
          if hashes == 0, characters[i] == "\\" {
            i += 2
            continue
          }
          if characters[i] == "\"",
            Array(characters[i..<min(i + terminator.count, characters.count)]) == terminator
          {
            i += terminator.count
            break
          }
          if characters[i] == "\n" { output.append("\n") }
          i += 1
        }
        output += "\"…\""
      } else {
        output.append(c)
        i += 1
      }
    }
    return output
  }
}
