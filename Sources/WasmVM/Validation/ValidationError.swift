/// Why a decoded module is not valid.
///
/// ``message`` starts with the wording of the WebAssembly specification's reference
/// interpreter ("type mismatch", "unknown local 3", …) so that spec tests can match it by
/// prefix; a detail may follow after a colon.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The spec wording, optionally followed by `": "` and a detail.
  public var message: String
  /// The module-level index (imports included) of the function whose body is invalid, or
  /// `nil` for a module-level rule.
  public var functionIndex: Int?
  /// The byte offset in the module binary of the offending instruction, when known.
  public var offset: Int?

  public init(_ message: String, functionIndex: Int? = nil, offset: Int? = nil) {
    self.message = message
    self.functionIndex = functionIndex
    self.offset = offset
  }

  public var description: String {
    var location: [String] = []
    if let functionIndex { location.append("function \(functionIndex)") }
    if let offset { location.append("offset 0x\(String(offset, radix: 16))") }
    if location.isEmpty { return message }
    return "\(location.joined(separator: ", ")): \(message)"
  }
}

extension ValidationError {
  static func typeMismatch(expected: ValueType?, found: ValueType?) -> ValidationError {
    let want = expected.map(\.description) ?? "any"
    let have = found.map(\.description) ?? "nothing"
    return ValidationError("type mismatch: instruction requires \(want) but stack has \(have)")
  }

  static func unknown(_ space: String, _ index: UInt32) -> ValidationError {
    ValidationError("unknown \(space) \(index)")
  }
}
