import Foundation

/// Runs WebAssembly spec scripts (`.wast`) against WasmVM.
///
/// WasmKit's `WAT` library only turns text into binary; decoding, validation, linking and
/// execution are all wasbox's. Each script gets a fresh store with the `spectest` module.
/// Every directive ends as passed, failed (with a one-line reason) or skipped (with the
/// out-of-scope proposal it needs); no directive can stop the others.
///
/// ```swift
/// let report = WastRunner(sliceTicks: 7).run(path: "testsuite/i32.wast")
/// print(report.passed, report.failures.count, report.skips.count, report.totalTicks)
/// ```
public struct WastRunner: Sendable {
  /// When set, every invocation runs as repeated `run(ticks: sliceTicks)` until it completes
  /// or traps, exercising pause and resume; when `nil`, each runs in one go.
  public var sliceTicks: UInt64?
  /// When set, every invocation pauses every this many ticks, and at each pause the whole
  /// store is saved to a snapshot, dropped, restored into a new store, and the invocation
  /// resumed there: the gate that snapshots change nothing, tick totals included.
  public var snapshotEvery: UInt64?
  /// A guard against an interpreter that never finishes: an invocation still running after
  /// this many ticks fails. The spec suite's heaviest calls need a few million.
  public var maxTicksPerInvocation: UInt64

  public init(
    sliceTicks: UInt64? = nil, snapshotEvery: UInt64? = nil,
    maxTicksPerInvocation: UInt64 = 1_000_000_000
  ) {
    self.sliceTicks = sliceTicks
    self.snapshotEvery = snapshotEvery
    self.maxTicksPerInvocation = maxTicksPerInvocation
  }

  /// Reads and runs the script at `path`. A file that cannot be read yields a report with
  /// ``WastReport/readError`` set.
  public func run(path: String) -> WastReport {
    guard let data = FileManager.default.contents(atPath: path) else {
      var report = WastReport(file: path)
      let exists = FileManager.default.fileExists(atPath: path)
      report.readError = exists ? "cannot read \(path)" : "no such file: \(path)"
      return report
    }
    // Decoded leniently, so that a stray non-UTF-8 byte costs a directive, not the file.
    return run(source: String(decoding: data, as: UTF8.self), name: path)
  }

  /// Runs a script given as text; `name` labels the report.
  public func run(source: String, name: String) -> WastReport {
    var session = ScriptSession(file: name, options: self)
    for chunk in ScriptChunk.split(source) {
      session.run(chunk)
    }
    return session.report
  }
}
