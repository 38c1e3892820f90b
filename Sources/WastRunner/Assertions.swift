import WAT
import WasmVM

extension ScriptSession {
  /// Whether wasbox's message satisfies the script's. The suite's expected messages are the
  /// reference interpreter's wording, sometimes shortened ("unknown memory" for
  /// "unknown memory 1"), and wasbox's messages may add where the problem is, so the expected
  /// text may appear anywhere in ours.
  static func message(_ actual: String, matches expected: String) -> Bool {
    actual.contains(expected)
  }

  /// `(assert_return action results…)`.
  mutating func assertReturn(
    _ execute: WASTExecute, _ results: [WASTExpectValue], chunk: ScriptChunk
  ) throws(DirectiveStop) {
    let values: [Value]
    switch execute {
    case .invoke(let invoke):
      switch try perform(invoke) {
      case .returned(let returned): values = returned
      case .trapped(let trap):
        throw .fail("expected \(Self.describe(results)), got trap \"\(trap.message)\"")
      }
    case .get(let module, let name):
      values = [try get(module: module, global: name)]
    case .wat(let wat):
      _ = try requireInstance(instantiate(try load(.text(wat), chunk: chunk)))
      values = []
    }
    guard values.count == results.count else {
      throw .fail("expected \(Self.describe(results)), got \(Self.describe(values))")
    }
    for (actual, expected) in zip(values, results)
    where !(try ScriptValues.matches(actual, expected)) {
      throw .fail("expected \(Self.describe(results)), got \(Self.describe(values))")
    }
  }

  /// `(assert_trap action "message")`, where the action is an invocation or a module whose
  /// instantiation traps (e.g. in its start function or an out-of-bounds segment).
  mutating func assertTrap(
    _ execute: WASTExecute, _ message: String, chunk: ScriptChunk
  ) throws(DirectiveStop) {
    switch execute {
    case .invoke(let invoke):
      try expectTrap(try perform(invoke), message)
    case .wat(let wat):
      switch try instantiate(try load(.text(wat), chunk: chunk)) {
      case .success:
        throw .fail("expected trap \"\(message)\", but the module instantiated")
      case .failure(.link(let error)):
        throw .fail("expected trap \"\(message)\", got link error \"\(error.message)\"")
      case .failure(.trap(let trap)):
        guard Self.message(trap.message, matches: message) else {
          throw .fail("expected trap \"\(message)\", got trap \"\(trap.message)\"")
        }
      case .failure(.startBudgetExhausted(let budget)):
        throw .fail("expected trap \"\(message)\", got a start function over \(budget) ticks")
      }
    case .get:
      throw .fail("assert_trap on a global read can never trap")
    }
  }

  /// Passes when the invocation trapped with the expected message (also `assert_exhaustion`).
  func expectTrap(_ outcome: InvocationOutcome, _ message: String) throws(DirectiveStop) {
    switch outcome {
    case .returned(let values):
      throw .fail("expected trap \"\(message)\", got \(Self.describe(values))")
    case .trapped(let trap):
      guard Self.message(trap.message, matches: message) else {
        throw .fail("expected trap \"\(message)\", got trap \"\(trap.message)\"")
      }
    }
  }

  /// `(assert_invalid module "message")`: the module must be rejected, by the validator
  /// (or the decoder, when the message says so). Some invalid modules name an index that
  /// does not exist (`local.get 3` without locals); WasmKit's WAT refuses to encode those,
  /// so there is no binary for wasbox to judge and the directive is skipped; the same holds
  /// when WAT encodes the text as a different module (``TextEncodingLimits``).
  func assertInvalid(
    _ module: ModuleDirective, _ message: String, chunk: ScriptChunk
  ) throws(DirectiveStop) {
    let bytes = try binary(of: module.source, chunk: chunk) { error in
      if let proposal = ProposalClassifier.proposal(in: chunk.text) { return .skip(proposal) }
      return .skip(Self.invalidText)
    }
    if let reason = TextEncodingLimits.reason(in: chunk.text) { throw .skip(reason) }
    switch try decodeAndValidate(bytes) {
    case .success:
      throw .fail("expected invalid \"\(message)\", but the module validated")
    case .failure(let rejection):
      guard Self.message(rejection.message, matches: message) else {
        throw .fail("expected invalid \"\(message)\", got \(rejection.summary)")
      }
    }
  }

  /// `(assert_malformed module "message")`. Binary modules must be rejected by wasbox.
  /// Text and `quote` modules are malformed *text*, which only the text parser (WasmKit's
  /// WAT, not part of wasbox) can judge: when it rejects them the directive passes on the
  /// parser's verdict (``DirectiveStop/passedByTextParser(_:)``). When it accepts them, the
  /// directive passes only if wasbox rejects the encoding for the expected reason; otherwise it
  /// is skipped, not failed: the binary WAT made of malformed text is not the module the
  /// script meant, so wasbox accepting it says nothing about wasbox.
  func assertMalformed(
    _ module: ModuleDirective, _ message: String, chunk: ScriptChunk
  ) throws(DirectiveStop) {
    let bytes = try binary(of: module.source, chunk: chunk, textFailure: Self.textParserVerdict)
    let isBinary = if case .binary = module.source { true } else { false }
    switch try decodeAndValidate(bytes) {
    case .success:
      if !isBinary { throw .skip(Self.acceptedMalformedText) }
      throw .fail("expected malformed \"\(message)\", but the module decoded and validated")
    case .failure(let rejection):
      guard Self.message(rejection.message, matches: message) else {
        if !isBinary { throw .skip(Self.acceptedMalformedText) }
        throw .fail("expected malformed \"\(message)\", got \(rejection.summary)")
      }
    }
  }

  /// Skip reason of malformed text that WAT accepted and wasbox did not reject as expected.
  static let acceptedMalformedText =
    "text-form malformation the WAT parser accepted (wasbox cannot judge it)"

  /// `(assert_unlinkable module "message")`: valid, but instantiation must fail to link.
  mutating func assertUnlinkable(_ wat: Wat, _ message: String, chunk: ScriptChunk)
    throws(DirectiveStop)
  {
    switch try instantiate(try load(.text(wat), chunk: chunk)) {
    case .success:
      throw .fail("expected link error \"\(message)\", but the module instantiated")
    case .failure(.trap(let trap)):
      throw .fail("expected link error \"\(message)\", got trap \"\(trap.message)\"")
    case .failure(.startBudgetExhausted(let budget)):
      throw .fail("expected link error \"\(message)\", got a start function over \(budget) ticks")
    case .failure(.link(let error)):
      guard Self.message(error.message, matches: message) else {
        throw .fail("expected link error \"\(message)\", got \"\(error.message)\"")
      }
    }
  }

  /// Skip reason of an invalid module that WAT cannot encode.
  static let invalidText = "invalid module WAT cannot encode (no binary to validate)"

  static func describe(_ values: [Value]) -> String {
    "(" + values.map(ScriptValues.describe).joined(separator: " ") + ")"
  }

  static func describe(_ expected: [WASTExpectValue]) -> String {
    "(" + expected.map(ScriptValues.describe).joined(separator: " ") + ")"
  }
}
