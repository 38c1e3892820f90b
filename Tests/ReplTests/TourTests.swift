import Foundation
import Testing

/// The README's Tour shows a session with the example plugins. This test feeds the tour's
/// commands to the real binary (script mode with --echo) and checks that the text in the README
/// is exactly what it prints, so the tour cannot drift from the product. Set
/// WASBOX_UPDATE_TRANSCRIPTS=1 to rewrite the block from the binary's output.
@Suite struct TourTests {
  static let opening = "```console\n$ wasbox-repl\n"

  @Test func tourMatchesTheBinary() throws {
    let url = ReplTestSupport.packageRoot.appendingPathComponent("README.md")
    let document = try String(contentsOf: url, encoding: .utf8)
    let start = try #require(document.range(of: Self.opening))
    let end = try #require(document.range(of: "```", range: start.upperBound..<document.endIndex))
    let block = String(document[start.upperBound..<end.lowerBound])
    let commands = ReplTestSupport.commands(of: block)
    #expect(commands.count > 10)
    let result = try ReplTestSupport.runBinary(
      ["--echo"], input: commands.joined(separator: "\n") + "\n")
    if ProcessInfo.processInfo.environment["WASBOX_UPDATE_TRANSCRIPTS"] == "1" {
      let updated = document.replacingCharacters(
        in: start.upperBound..<end.lowerBound, with: result.stdout)
      try updated.write(to: url, atomically: true, encoding: .utf8)
    }
    #expect(result.stdout == block)
  }
}
