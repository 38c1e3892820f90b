/// Text that WasmKit's WAT parser accepts but encodes as a *different* module, so that the
/// binary no longer holds what a directive is about.
///
/// The one known case: `select (result t*)` with zero or several types. The spec's binary form
/// is `0x1C` with a vector of types, which the validator must reject unless it has exactly one;
/// WAT writes a plain `select` for zero types and keeps only the first of several. Validating
/// that binary would judge a module the script never wrote, so such directives are skipped with
/// this reason instead of counted as failures of wasbox.
enum TextEncodingLimits {
  /// Why WAT's encoding of `text` cannot be judged, or `nil` when it can.
  static func reason(in text: String) -> String? {
    for match in text.matches(of: typedSelect) {
      let types = match.output.1.split(whereSeparator: \.isWhitespace)
      if types.count != 1 {
        return "select with \(types.count) result types (WAT encodes only one)"
      }
    }
    return nil
  }

  nonisolated(unsafe) private static let typedSelect = #/select\s*\(\s*result([^()]*)\)/#
}
