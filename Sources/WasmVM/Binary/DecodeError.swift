/// Why a byte sequence is not a module wasbox can load.
///
/// `message` uses the specification's wording ("integer too large", "section size mismatch", …)
/// so that spec tests can match it; `offset` is where in the binary the problem was found.
/// When the bytes are well-formed but use a WebAssembly proposal outside wasbox's scope,
/// `unsupportedProposal` names that proposal, letting callers tell "broken" from "not supported".
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The problem, in the specification's wording where it has one.
  public var message: String
  /// Byte offset in the module binary where the problem was detected.
  public var offset: Int
  /// The out-of-scope proposal the module uses (`"simd"`, `"gc"`, `"threads"`, …), or `nil`
  /// when the module is malformed.
  public var unsupportedProposal: String?
  /// The limit of ``ResourceLimits`` the module exceeds, when that is why it was refused (it
  /// may be well-formed), so that an embedder can tell its user which setting to raise.
  public var limit: ResourceLimit?

  public init(
    _ message: String, offset: Int, unsupportedProposal: String? = nil,
    limit: ResourceLimit? = nil
  ) {
    self.message = message
    self.offset = offset
    self.unsupportedProposal = unsupportedProposal
    self.limit = limit
  }

  /// A well-formed use of a feature from `proposal`, which wasbox does not implement.
  public static func unsupported(_ proposal: String, offset: Int) -> DecodeError {
    DecodeError(
      "unsupported feature: the \(proposal) proposal is not supported",
      offset: offset, unsupportedProposal: proposal)
  }

  public var description: String {
    "\(message) (at offset 0x\(String(offset, radix: 16)))"
  }

  /// The reference interpreter's wording for running out of bytes inside the module body.
  static let endOfInputMessage = "unexpected end of section or function"
}

/// The out-of-scope proposals the decoder recognizes, by the name it reports.
enum Proposal {
  static let gc = "gc"
  static let functionReferences = "function-references"
  static let exceptionHandling = "exception-handling"
  static let threads = "threads"
  static let wideArithmetic = "wide-arithmetic"
}
