/// What happened to one directive that did not simply pass.
public struct WastNote: Hashable, Sendable, Codable {
  /// 1-based line of the directive in its script, or 0 for a failure of the whole script
  /// (its runner process crashed or hung).
  public var line: Int
  /// For a failure, a one-line reason ("expected i32:1, got i32:2"); for a skip, the proposal
  /// or reason ("simd", "select with 0 result types (WAT encodes only one)"); for a text
  /// parser's verdict, the parser's reason.
  public var reason: String

  public init(line: Int, reason: String) {
    self.line = line
    self.reason = reason
  }
}

/// The ticks one invocation consumed, so that a sliced run can be compared with an unbounded
/// one call by call.
public struct InvocationTicks: Hashable, Sendable, Codable {
  public var line: Int
  public var ticks: UInt64

  public init(line: Int, ticks: UInt64) {
    self.line = line
    self.ticks = ticks
  }
}

/// The outcome of running one `.wast` script. Every directive counts exactly once: as
/// passed, failed or skipped. Passed directives include those judged by the text parser
/// rather than by wasbox, which ``textParserVerdicts`` lists as well.
public struct WastReport: Hashable, Sendable, Codable {
  /// The script's path (or name, for inline sources).
  public var file: String
  public var passed = 0
  public var failures: [WastNote] = []
  public var skips: [WastNote] = []
  /// The passed directives that wasbox did not judge: `assert_malformed` on text (`(module …)`
  /// or `(module quote …)`) that WasmKit's WAT rejected, so that no binary reached wasbox's
  /// decoder. Each is also counted in ``passed``.
  public var textParserVerdicts: [WastNote] = []
  /// Why the script could not be read, if it could not; the script then counts as failed.
  public var readError: String?
  /// Ticks of every completed or trapped invocation, in script order.
  public var invocationTicks: [InvocationTicks] = []

  public init(file: String) { self.file = file }

  /// Sum of ``invocationTicks``.
  public var totalTicks: UInt64 {
    invocationTicks.reduce(0) { $0 &+ $1.ticks }
  }

  /// A script has no failure when it was read and none of its directives failed. Skipped
  /// directives do not count against it: a script that mixes in-scope and out-of-scope tests
  /// has no failure when every in-scope directive passes.
  public var hasNoFailure: Bool { readError == nil && failures.isEmpty }

  /// The out-of-scope proposals (`simd`, `gc`, …) that some of the script's directives need.
  /// Skips for the text parser's limits (text it cannot encode, malformed text it accepts) are not
  /// proposals: a script with only those is still wholly in scope.
  public var outOfScopeProposals: Set<String> {
    Set(skips.map(\.reason).filter(ProposalClassifier.names.contains))
  }

  /// A script passes when it is wholly in scope and has no failure.
  public var isPassing: Bool { hasNoFailure && outOfScopeProposals.isEmpty }

  /// The script's file name without its directory.
  public var fileName: String {
    file.split(separator: "/").last.map(String.init) ?? file
  }
}
