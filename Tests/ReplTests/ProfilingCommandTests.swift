import Foundation
import ReplCore
import Testing

/// `profile --out` and `trace` beyond what the profiling transcript shows.
@Suite struct ProfilingCommandTests {
  @Test func outWritesFoldedStacksWeightedByTicks() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("profiling")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("calls.folded").path
    let (output, failures) = ReplTestSupport.run([
      "load plugins/mathlib.wat plugins/calculator.wat",
      "profile calculator.sum_of_squares 3 4 --out \(file)",
    ])
    #expect(failures == 0)
    #expect(output.contains("wrote 3 stacks to \(file)"))
    let folded = try String(contentsOfFile: file, encoding: .utf8)
    #expect(
      folded == """
        calculator.sum_of_squares 6
        calculator.sum_of_squares;mathlib.add 4
        calculator.sum_of_squares;mathlib.square 8

        """)
  }

  @Test func completionOffersTraceWordsAndProfileTargets() {
    let session = CompletionTests.session()
    #expect(CompletionTests.complete(session, "trace ") == ["on", "off"])
    #expect(CompletionTests.complete(session, "trace on m") == ["mathlib", "membank"])
    #expect(
      CompletionTests.complete(session, "profile mathlib.") == ["mathlib.add", "mathlib.square"])
    #expect(ReplSession.commandNames.contains("profile"))
    #expect(ReplSession.commandNames.contains("trace"))
  }
}
