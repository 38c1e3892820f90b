import ArgumentParser
import Foundation
import WastRunner

/// `wasbox-wast`: runs WebAssembly spec scripts against WasmVM and prints a line per script
/// as it finishes, then one summary line.
@main
struct WasboxWast: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "wasbox-wast",
    abstract: "Run WebAssembly spec testsuite scripts (.wast) against wasbox's WasmVM.",
    discussion: """
      Prints one line per script, then `spec: P/T files pass; directives: A passed, F failed, \
      S skipped`. `PASS file.wast (A passed, S skipped)`: the script is wholly in scope and \
      no directive failed (skips here are text the WAT parser cannot encode as the script \
      means it). `PART file.wast (A passed, S skipped: simd, …)`: no directive failed, but \
      some need a proposal outside wasbox's scope (SIMD, GC, exceptions, …), so the script \
      does not count as passing. `FAIL file.wast (A passed, F failed, S skipped)` lists the \
      first failures. An `assert_malformed` on text (`(module …)`, `(module quote …)`) that \
      WasmKit's WAT parser rejects passes on the parser's verdict, not wasbox's: the counts \
      include it, `(J by the text parser)` and a closing line say how many, and `--skips` \
      lists each. Each script runs in a child process, so that a crash or hang fails that \
      script alone. Exits non-zero when any directive fails or a script cannot be read.
      """
  )

  @Option(help: "Run every invocation in slices of this many ticks, pausing and resuming.")
  var sliceTicks: UInt64?

  @Option(
    help: """
      Pause every invocation every this many ticks; at each pause save the whole store to a \
      snapshot, drop it, restore it into a new store and resume there.
      """)
  var snapshotEvery: UInt64?

  @Option(help: "Fail an invocation still running after this many ticks.")
  var maxTicks: UInt64 = 1_000_000_000

  @Flag(
    help: """
      List every skipped directive with its line and the proposal or parser limit behind it, \
      and every directive passed on the text parser's verdict instead of wasbox's.
      """)
  var skips = false

  @Flag(help: "List every failure (by default only the first few per script).")
  var failures = false

  @Flag(help: "Show each script's total ticks, to compare sliced and unbounded runs.")
  var ticks = false

  @Flag(help: "Run the scripts inside this process instead of one child process each.")
  var inProcess = false

  @Option(help: "Seconds a script may run in its child process before it counts as hung.")
  var timeout: Double = 600

  @Option(help: .hidden)
  var reportTo: String?

  @Argument(help: "The .wast scripts to run.")
  var files: [String]

  /// Failures shown per failing script without `--failures`.
  static let failurePreview = 5

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one .wast file") }
    guard sliceTicks != 0 else { throw ValidationError("--slice-ticks must be at least 1") }
    guard snapshotEvery != 0 else { throw ValidationError("--snapshot-every must be at least 1") }
    guard reportTo == nil || files.count == 1 else {
      throw ValidationError("--report-to takes exactly one script")
    }
  }

  func run() throws {
    let runner = WastRunner(
      sliceTicks: sliceTicks, snapshotEvery: snapshotEvery, maxTicksPerInvocation: maxTicks)
    if let reportTo, let file = files.first {
      // Child-process mode (see `IsolatedRun`): the report goes to the parent as JSON.
      try JSONEncoder().encode(runner.run(path: file)).write(to: URL(fileURLWithPath: reportTo))
      return
    }
    var summary = Summary()
    for file in files {
      let report =
        inProcess
        ? runner.run(path: file)
        : IsolatedRun(
          file: file, sliceTicks: sliceTicks, snapshotEvery: snapshotEvery, maxTicks: maxTicks,
          timeout: timeout
        )
        .report()
      summary.add(report)
      emit(lines(for: report))
    }
    if skips { emit([summary.skipReasonsLine]) }
    if summary.textParserVerdicts > 0 { emit([summary.textParserLine]) }
    if summary.partFiles > 0 { emit([summary.partLine]) }
    emit([summary.line])
    if !summary.allPassed { throw ExitCode.failure }
  }

  /// Writes straight to the standard output, unbuffered, so that a long run shows each
  /// script's line as soon as it finishes even when piped.
  private func emit(_ lines: [String]) {
    FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
  }

  private func lines(for report: WastReport) -> [String] {
    let name = report.fileName
    if let error = report.readError { return ["FAIL \(name) (\(error))"] }
    let tickNote = ticks ? " ticks=\(report.totalTicks)" : ""
    let judged = report.textParserVerdicts.count
    let passed = "\(report.passed) passed" + (judged > 0 ? " (\(judged) by the text parser)" : "")
    var lines: [String]
    if report.isPassing {
      lines = ["PASS \(name) (\(passed), \(report.skips.count) skipped)\(tickNote)"]
    } else if report.hasNoFailure {
      let proposals = report.outOfScopeProposals.sorted().joined(separator: ", ")
      lines = [
        "PART \(name) (\(passed), \(report.skips.count) skipped: \(proposals))" + tickNote
      ]
    } else {
      lines = [
        "FAIL \(name) (\(passed), \(report.failures.count) failed, "
          + "\(report.skips.count) skipped)\(tickNote)"
      ]
      let shown = failures ? report.failures : Array(report.failures.prefix(Self.failurePreview))
      // Line 0 marks a failure of the whole script (a crash or hang in its child process).
      lines += shown.map { "  \(name)\($0.line > 0 ? ":\($0.line)" : ""): \($0.reason)" }
      if shown.count < report.failures.count {
        lines.append("  … \(report.failures.count - shown.count) more (--failures lists all)")
      }
    }
    if skips {
      lines += report.skips.map { "  skipped \(name):\($0.line): \($0.reason)" }
      lines += report.textParserVerdicts.map {
        "  judged by the text parser \(name):\($0.line): \($0.reason)"
      }
    }
    return lines
  }
}
