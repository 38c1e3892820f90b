/// Reads `--max-sleep`: a duration with a unit (`500ms`, `60s`, `2m`, `1h`) or a bare number
/// of milliseconds, as the milliseconds `clock.sleep` may wait at most.
public enum SleepDuration {
  /// The milliseconds `text` names, or `nil` when it is not a duration (or does not fit).
  public static func milliseconds(_ text: String) -> UInt64? {
    let units: [(String, UInt64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
    for (suffix, scale) in units where text.hasSuffix(suffix) {
      guard let count = UInt64(text.dropLast(suffix.count)) else { continue }
      let (total, overflow) = count.multipliedReportingOverflow(by: scale)
      return overflow ? nil : total
    }
    return UInt64(text)
  }
}
