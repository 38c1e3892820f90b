import Foundation
import ReplCore
import Testing

/// The README's Tour shows a session with the example plugins. This test feeds the tour's
/// commands to the real binary (script mode with --echo) and checks that the text in the README
/// is exactly what it prints, so the tour cannot drift from the product; the lines before the
/// first prompt are the banner the binary prints on a terminal, checked through a
/// pseudo-terminal (interactive.py --banner). Set WASBOX_UPDATE_TRANSCRIPTS=1 to rewrite the session from the binary's
/// output.
@Suite struct TourTests {
  static let opening = "```console\n$ wasbox-repl\n"

  /// The README's tour block, split into the banner and the session after it.
  static func tour() throws -> (banner: String, session: String, range: Range<String.Index>) {
    let url = ReplTestSupport.packageRoot.appendingPathComponent("README.md")
    let document = try String(contentsOf: url, encoding: .utf8)
    let start = try #require(document.range(of: Self.opening))
    let end = try #require(document.range(of: "```", range: start.upperBound..<document.endIndex))
    let block = document[start.upperBound..<end.lowerBound]
    let prompt = block.range(of: "\n" + ReplSession.prompt).map {
      block.index(after: $0.lowerBound)
    }
    let split = prompt ?? block.startIndex
    return (String(block[..<split]), String(block[split...]), split..<end.lowerBound)
  }

  @Test func tourMatchesTheBinary() throws {
    let url = ReplTestSupport.packageRoot.appendingPathComponent("README.md")
    let (_, session, range) = try Self.tour()
    let commands = ReplTestSupport.commands(of: session)
    #expect(commands.count > 10)
    let result = try ReplTestSupport.runBinary(
      ["--echo"], input: commands.joined(separator: "\n") + "\n")
    if ProcessInfo.processInfo.environment["WASBOX_UPDATE_TRANSCRIPTS"] == "1" {
      let document = try String(contentsOf: url, encoding: .utf8)
      try document.replacingCharacters(in: range, with: result.stdout)
        .write(to: url, atomically: true, encoding: .utf8)
    }
    #expect(result.stdout == session)
  }

  /// The tour starts the way `wasbox-repl` starts on a terminal: with its two banner lines.
  @Test func tourShowsTheBannerTheBinaryPrints() throws {
    let (status, banner) = try ReplTestSupport.runInteractive(["--banner"])
    #expect(status == 0, "\(banner)")
    #expect(banner.split(separator: "\n").count == 2, "\(banner)")
    #expect(try Self.tour().banner == banner)
  }
}
