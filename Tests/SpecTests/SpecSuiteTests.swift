import Foundation
import Testing
import WastRunner

/// Where the spec testsuite lives: `$WASBOX_TESTSUITE`, else `../shared/testsuite` beside the
/// package root.
enum SpecSuite {
  static var directory: String {
    if let path = ProcessInfo.processInfo.environment["WASBOX_TESTSUITE"], !path.isEmpty {
      return path
    }
    let packageRoot = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent()  // SpecTests
      .deletingLastPathComponent()  // Tests
      .deletingLastPathComponent()
    return packageRoot.appendingPathComponent("../shared/testsuite").standardized.path
  }

  /// The top-level `.wast` scripts, sorted; empty when the suite is missing.
  static var scripts: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".wast") }.sorted()
  }

  /// Slice size of the sliced run: small and prime, so that pauses land at every kind of
  /// instruction and inside bulk operations.
  static let sliceTicks: UInt64 = 7
  /// Ticks between snapshot round trips (`--snapshot-every`).
  static let snapshotTicks: UInt64 = 1000
}

@Suite("Spec testsuite")
struct SpecSuiteTests {
  @Test("The spec testsuite is present")
  func testsuiteIsPresent() {
    #expect(
      !SpecSuite.scripts.isEmpty,
      """
      No .wast scripts in \(SpecSuite.directory). Fetch the pinned revision with \
      `scripts/fetch-testsuite.sh [DIR]` and point WASBOX_TESTSUITE at DIR (default \
      ../shared/testsuite).
      """)
  }

  /// Runs one script unbounded, again in slices of 7 ticks, and again saving the whole store
  /// to a snapshot and restoring it into a new store every 1000 ticks: all runs must have no
  /// failures, the same passes and skips, and the same ticks for every invocation.
  @Test("Spec script", arguments: SpecSuite.scripts)
  func script(_ name: String) {
    let path = SpecSuite.directory + "/" + name
    let unbounded = WastRunner().run(path: path)
    #expect(unbounded.readError == nil, "\(unbounded.readError ?? "")")
    #expect(unbounded.failures.count == 0, "unbounded:\n\(Self.list(unbounded.failures, name))")
    let sliced = WastRunner(sliceTicks: SpecSuite.sliceTicks).run(path: path)
    Self.expectSame(sliced, as: unbounded, "sliced", name)
    let restored = WastRunner(snapshotEvery: SpecSuite.snapshotTicks).run(path: path)
    Self.expectSame(restored, as: unbounded, "snapshot", name)
  }

  private static func expectSame(
    _ run: WastReport, as unbounded: WastReport, _ label: String, _ name: String
  ) {
    #expect(run.failures.count == 0, "\(label):\n\(Self.list(run.failures, name))")
    #expect(run.passed == unbounded.passed, "\(label)")
    #expect(run.skips == unbounded.skips, "\(label): the runs skipped different directives")
    #expect(run.totalTicks == unbounded.totalTicks, "\(label)")
    let mismatch = zip(unbounded.invocationTicks, run.invocationTicks).first { $0 != $1 }
    #expect(
      mismatch == nil && run.invocationTicks.count == unbounded.invocationTicks.count,
      """
      \(label): ticks differ first at \(name):\(mismatch?.0.line ?? 0): unbounded \
      \(mismatch?.0.ticks ?? 0), \(label) \(mismatch?.1.ticks ?? 0)
      """)
  }

  private static func list(_ notes: [WastNote], _ name: String) -> String {
    let shown = notes.prefix(20).map { "  \(name):\($0.line): \($0.reason)" }
    let more = notes.count > 20 ? ["  … \(notes.count - 20) more"] : []
    return (shown + more).joined(separator: "\n")
  }
}
