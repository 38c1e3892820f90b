import Foundation

/// How a call with input ended: its ``CallOutcome`` and the bytes the plugin wrote through
/// `io.output_write` (docs/plugin-abi.md, `io`).
///
/// ``output`` is everything the call wrote so far: when it completed, its whole output; when it
/// trapped, what it wrote before the trap; when it paused, what it wrote before pausing (the
/// output stays with the paused call, which appends to it when resumed, and
/// ``PluginHost/resumeWithOutput(_:budget:)`` returns it all again).
public struct CallResult: Sendable {
  /// How the call ended, as ``PluginHost/call(_:_:_:budget:)`` reports it.
  public var outcome: CallOutcome
  /// The bytes the plugin wrote.
  public var output: [UInt8]

  /// A result of `outcome` with `output`.
  public init(outcome: CallOutcome, output: [UInt8]) {
    self.outcome = outcome
    self.output = output
  }

  /// The output as UTF-8 text, or `nil` when it is not valid UTF-8.
  public var text: String? { String(validating: output, as: UTF8.self) }

  /// The output decoded from JSON as `type`.
  /// - Throws: the `DecodingError` of `JSONDecoder`, when the output is not that JSON.
  public func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
    try JSONDecoder().decode(type, from: Data(output))
  }
}
