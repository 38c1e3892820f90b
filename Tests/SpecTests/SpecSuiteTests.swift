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

  /// Runs one script unbounded and again in slices of 7 ticks: both runs must have no
  /// failures, the same passes and skips, and the same ticks for every invocation.
  @Test("Spec script", arguments: SpecSuite.scripts)
  func script(_ name: String) {
    let path = SpecSuite.directory + "/" + name
    let unbounded = WastRunner().run(path: path)
    let sliced = WastRunner(sliceTicks: SpecSuite.sliceTicks).run(path: path)

    #expect(unbounded.readError == nil, "\(unbounded.readError ?? "")")
    #expect(unbounded.failures.count == 0, "unbounded:\n\(Self.list(unbounded.failures, name))")
    #expect(sliced.failures.count == 0, "sliced:\n\(Self.list(sliced.failures, name))")
    #expect(sliced.passed == unbounded.passed)
    #expect(sliced.skips.count == unbounded.skips.count)
    let sameSkips = sliced.skips == unbounded.skips
    #expect(sameSkips, "the two runs skipped different directives")
    #expect(sliced.totalTicks == unbounded.totalTicks)
    let mismatch = zip(unbounded.invocationTicks, sliced.invocationTicks).first { $0 != $1 }
    #expect(
      mismatch == nil && sliced.invocationTicks.count == unbounded.invocationTicks.count,
      """
      ticks differ first at \(name):\(mismatch?.0.line ?? 0): unbounded \
      \(mismatch?.0.ticks ?? 0), sliced \(mismatch?.1.ticks ?? 0)
      """)
  }

  private static func list(_ notes: [WastNote], _ name: String) -> String {
    let shown = notes.prefix(20).map { "  \(name):\($0.line): \($0.reason)" }
    let more = notes.count > 20 ? ["  … \(notes.count - 20) more"] : []
    return (shown + more).joined(separator: "\n")
  }
}
