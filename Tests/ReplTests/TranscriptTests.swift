import Foundation
import Testing

/// Each file in Transcripts/ is a session: lines after the `wasbox> ` prompt are commands, the
/// rest is what the REPL must print. The test feeds the commands to a fresh session and
/// compares the whole text. Set WASBOX_UPDATE_TRANSCRIPTS=1 to rewrite the files from the
/// current output (then review the diff).
@Suite struct TranscriptTests {
  static let names = [
    "commands", "errors", "values", "greeter", "stopwatch", "counter", "sum", "linking",
    "shared-memory", "fib-c", "notes-c", "traps", "instances", "calls", "output", "background",
    "debugger", "stepping", "profiling", "time-travel", "watching",
  ]

  @Test(arguments: names)
  func transcript(_ name: String) throws {
    let url = ReplTestSupport.transcripts.appendingPathComponent("\(name).txt")
    let expected = try String(contentsOf: url, encoding: .utf8)
    let (actual, _) = ReplTestSupport.run(ReplTestSupport.commands(of: expected))
    if ProcessInfo.processInfo.environment["WASBOX_UPDATE_TRANSCRIPTS"] == "1" {
      try actual.write(to: url, atomically: true, encoding: .utf8)
    }
    #expect(actual == expected)
  }

  @Test func everyTranscriptIsListed() throws {
    let directory = ReplTestSupport.transcripts.path
    let files = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }
    #expect(Set(files) == Set(Self.names))
  }

  /// docs/writing-plugins.md shows two parts of the notes-c transcript (a session, and
  /// debugging it), as they stand.
  @Test func writingPluginsShowsTheNotesTranscript() throws {
    let transcript = try String(
      contentsOf: ReplTestSupport.transcripts.appendingPathComponent("notes-c.txt"),
      encoding: .utf8)
    let blocks = try ReplTestSupport.codeBlocks("console", in: "docs/writing-plugins.md")
    try #require(blocks.count == 2)
    for block in blocks { #expect(transcript.contains(block)) }
  }

  @Test func failedCommandsAreCounted() {
    let (_, failures) = ReplTestSupport.run(["help", "frobnicate", "load nothere.wat"])
    #expect(failures == 2)
  }
}
