import WAT

/// Why WebAssembly text did not parse, and where: `syntax.wat:4:14: unknown instruction
/// i32.addd`.
public struct TextSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file the text came from, as the ``PluginSource`` named it; `nil` for text given
  /// directly.
  public var file: String?
  /// 1-based line and column of the offending token, when the parser knows it.
  public var line: Int?
  public var column: Int?
  /// What is wrong, without the position.
  public var message: String

  public init(file: String?, line: Int?, column: Int?, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `FILE:LINE:COLUMN: MESSAGE`, the way compilers report errors, with the parts known.
  public var description: String {
    let position = [line, column].compactMap { $0 }.map { ":\($0)" }.joined()
    guard file != nil || !position.isEmpty else { return message }
    return (file ?? "<text>") + position + ": " + message
  }

  /// The parser's error, whose description ends in the position as a Swift debug value
  /// (`… at Location(line: 4, column: 14)`), made into fields.
  init(_ error: any Error, file: String?) {
    self.file = file
    guard let error = error as? WatParserError, let location = error.location else {
      self.message = "\(error)"
      return
    }
    let (line, column) = location.computeLineAndColumn()
    self.line = line
    // WAT counts columns from 0 on the first line and from 1 on the others.
    self.column = line == 1 ? column + 1 : column
    let suffix = " at \(location.debugDescription)"
    let text = error.description
    self.message = text.hasSuffix(suffix) ? String(text.dropLast(suffix.count)) : text
  }
}
