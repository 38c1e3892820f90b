/// Ends a directive early with a verdict other than wasbox's own "passed".
///
/// Directive handlers throw it from wherever they learn the outcome (a value conversion, a
/// module lookup, an assertion), so that every step reads straight through and the one place
/// that runs a directive turns the stop into the file's tally.
enum DirectiveStop: Error {
  /// The directive needs something outside wasbox's scope; the payload names the proposal or
  /// reason, e.g. `simd` or `select with 0 result types (WAT encodes only one)`.
  case skip(String)
  /// The directive's expectation was not met; the payload is a one-line reason.
  case fail(String)
  /// The directive passed on the verdict of the text parser (WasmKit's WAT), not wasbox's:
  /// an `assert_malformed` on text that the parser rejected, so that no binary reached
  /// wasbox's decoder. It counts as passed and is listed in ``WastReport/textParserVerdicts``;
  /// the payload is the parser's reason. Only `assert_malformed` produces it.
  case passedByTextParser(String)
}
