import WastRunner

/// Totals over all scripts of one run.
struct Summary {
  var files = 0
  var passingFiles = 0
  var passed = 0
  var failed = 0
  var skipped = 0
  /// Passed directives judged by the text parser, not by wasbox.
  var textParserVerdicts = 0
  var unreadable = 0
  /// Scripts without failures that need an out-of-scope proposal somewhere: they do not pass,
  /// but every in-scope directive in them did.
  var partFiles = 0
  /// Directives that passed in ``partFiles``.
  var partPassed = 0
  var skipReasons: [String: Int] = [:]

  mutating func add(_ report: WastReport) {
    files += 1
    if report.isPassing { passingFiles += 1 }
    if report.readError != nil { unreadable += 1 }
    if report.hasNoFailure, !report.isPassing {
      partFiles += 1
      partPassed += report.passed
    }
    passed += report.passed
    failed += report.failures.count
    skipped += report.skips.count
    textParserVerdicts += report.textParserVerdicts.count
    for skip in report.skips { skipReasons[skip.reason, default: 0] += 1 }
  }

  /// Whether the run succeeds: no failed directive and no unreadable script.
  var allPassed: Bool { failed == 0 && unreadable == 0 }

  /// The closing line, in the exact form scripts and CI read.
  var line: String {
    "spec: \(passingFiles)/\(files) files pass; "
      + "directives: \(passed) passed, \(failed) failed, \(skipped) skipped"
  }

  /// Says how many scripts are partly out of scope, and that their in-scope part passed.
  var partLine: String {
    "\(partFiles) files need out-of-scope proposals (PART): "
      + "all \(partPassed) of their in-scope directives passed"
  }

  /// Says how many of the passed directives the text parser judged instead of wasbox.
  var textParserLine: String {
    "text parser's verdicts: \(textParserVerdicts) of the \(passed) passed directives are "
      + "assert_malformed on text that WasmKit's WAT parser rejected (no binary reached wasbox)"
  }

  /// Skipped directives counted by reason, most frequent first.
  var skipReasonsLine: String {
    let reasons = skipReasons.sorted {
      $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
    }
    return "skipped by reason: " + reasons.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
  }
}
