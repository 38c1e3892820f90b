import Testing

/// A call that logs more lines than the REPL keeps between prints says how many it dropped.
@Suite struct LogTests {
  static func run(_ count: Int) -> [Substring] {
    let (output, _) = ReplTestSupport.run([
      "load Tests/ReplTests/Transcripts/fixtures/chatty.wat", "chatty.say \(count)",
    ])
    return output.split(separator: "\n").drop { !$0.hasSuffix("chatty.say \(count)") }.dropFirst()
      .map { $0 }
  }

  @Test func linesBeyondTheBufferAreCountedNotSilentlyDropped() {
    let lines = Self.run(1_434)
    #expect(
      lines.first == "… 1,234 earlier log lines dropped (at most 200 are kept between prints)")
    #expect(lines.dropFirst().prefix(200).allSatisfy { $0 == "[info] chatty: line" })
    #expect(lines.count == 202)
    #expect(lines.last?.hasPrefix("no results") == true)
  }

  @Test func aBufferfulPrintsWithoutADropNotice() {
    let lines = Self.run(200)
    #expect(lines.count == 201)
    #expect(lines.filter { $0 == "[info] chatty: line" }.count == 200)
  }
}
