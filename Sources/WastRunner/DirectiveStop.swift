/// Ends a directive early with a verdict other than "passed".
///
/// Directive handlers throw it from wherever they learn the outcome (a value conversion, a
/// module lookup, an assertion), so that every step reads straight through and the one place
/// that runs a directive turns the stop into the file's tally.
enum DirectiveStop: Error {
  /// The directive needs something outside wasbox's scope; the payload names the proposal or
  /// reason, e.g. `simd` or `text-form malformation (parser's)`.
  case skip(String)
  /// The directive's expectation was not met; the payload is a one-line reason.
  case fail(String)
}
