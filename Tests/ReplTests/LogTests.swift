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

  /// Lines print as the call runs (every 20 ms), so how they split between prints depends on
  /// the machine's speed: a fast one prints the drop notice and 200 lines once, at the end.
  /// Whatever the split, every line is printed or counted, and a notice precedes a full buffer.
  @Test func linesBeyondTheBufferAreCountedNotSilentlyDropped() {
    let lines = Self.run(1_434)
    #expect(lines.last?.hasPrefix("no results") == true)
    var printed = 0
    var dropped = 0
    var run = 0
    for line in lines.dropLast() {
      if line == "[info] chatty: line" {
        printed += 1
        run += 1
        #expect(run <= 200)
      } else if line.hasPrefix("… "),
        line.hasSuffix(
          " earlier log lines dropped (at most 200 are kept between prints)")
      {
        let count = line.dropFirst(2).prefix { $0 != " " }.replacingOccurrences(of: ",", with: "")
        dropped += Int(count) ?? 0
        run = 0
      } else {
        Issue.record("unexpected line \(line)")
      }
    }
    #expect(printed + dropped == 1_434)
  }

  @Test func aBufferfulPrintsWithoutADropNotice() {
    let lines = Self.run(200)
    #expect(lines.count == 201)
    #expect(lines.filter { $0 == "[info] chatty: line" }.count == 200)
  }
}
