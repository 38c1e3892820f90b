import Foundation
import PluginHost
import Testing

/// The second example of `Sources/PluginHost/PluginHost.docc/GettingStarted.md`, kept
/// compiling and working (the first is the README's, in `EmbeddingExampleTests`):
/// `FixedClock`, `TickerError` and `runTicker` are copied from the article unchanged.
@Suite struct GettingStartedTests {
  /// Always the same time, so that plugins behave the same on every run.
  struct FixedClock: HostClock {
    func wallClockMilliseconds() -> Int64 { 1_700_000_000_000 }
    func monotonicNanoseconds() -> UInt64 { 42 }
  }

  struct TickerError: Error {}

  /// Loads `wat` as the plugin `ticker`, which may read the clock and nothing else, starts three
  /// calls of its `spin` export, cancels the two newest, and runs the oldest to its end.
  func runTicker(wat: String) throws -> (outcome: CallOutcome, cancelled: Int) {
    let host = PluginHost(
      configuration: .init(
        keyValueLimits: KeyValueLimits(maxBytesPerPlugin: 64 * 1024),
        clock: FixedClock(),
        startBudget: 100_000))
    // Grant only `clock`: a plugin importing `log` or `kv` would fail to load.
    try host.load(PluginSource(name: "ticker", wat: wat, capabilities: [.clock]))

    // Each call stops after 100 ticks and waits, paused, in the host.
    for _ in 0..<3 {
      _ = try host.call("ticker", "spin", [.i32(1000)], budget: 100)
    }
    var cancelled = 0
    for call in host.pausedCalls.dropFirst() {
      try host.cancel(call.id)
      cancelled += 1
    }
    guard let oldest = host.pausedCalls.first else { throw TickerError() }
    return (try host.resume(oldest.id, budget: 1_000_000), cancelled)
  }

  static let ticker = """
    (module
      (import "clock" "wall_ms" (func $wall (result i64)))
      (func (export "spin") (param $n i32) (result i64)
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $next)))
        (call $wall)))
    """

  @Test func articleExampleRuns() throws {
    let (outcome, cancelled) = try runTicker(wat: Self.ticker)
    #expect(cancelled == 2)
    guard case .completed(let values, let ticks) = outcome else {
      Issue.record("expected completion, got \(outcome)")
      return
    }
    #expect(values == [.i64(1_700_000_000_000)])
    #expect(ticks > 1000)
  }

  @Test func ungrantedCapabilityFailsTheLoad() throws {
    let logging = Self.ticker.replacingOccurrences(
      of: #"(import "clock" "wall_ms" (func $wall (result i64)))"#,
      with:
        #"(import "clock" "wall_ms" (func $wall (result i64))) (import "log" "write" (func (param i32 i32 i32)))"#
    )
    #expect(throws: PluginHostError.self) { try runTicker(wat: logging) }
  }

  /// The article and this test must show the same code.
  @Test func articleShowsThisCode() throws {
    let article = try String(
      contentsOfFile: #filePath.replacingOccurrences(
        of: "Tests/PluginHostTests/GettingStartedTests.swift",
        with: "Sources/PluginHost/PluginHost.docc/GettingStarted.md"),
      encoding: .utf8)
    let here = try String(contentsOfFile: #filePath, encoding: .utf8)
    let lines = here.split(separator: "\n")
      .drop(while: { !$0.contains("Always the same time") })
      .prefix(while: { !$0.contains("static let ticker") })
    #expect(lines.count > 20)
    for line in lines {
      let code = line.trimmingCharacters(in: .whitespaces)
      #expect(article.contains(code), "\(code)")
    }
    let readme = try String(
      contentsOfFile: #filePath.replacingOccurrences(
        of: "Tests/PluginHostTests/GettingStartedTests.swift", with: "README.md"),
      encoding: .utf8)
    let embedding = readme.components(separatedBy: "```swift\n").dropFirst().first?
      .components(separatedBy: "```").first
    #expect(embedding.map { article.contains($0) } == true, "README's example in the article")
  }
}
