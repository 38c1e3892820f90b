import Foundation
import PluginHost
import ReplCore
import Synchronization
import Testing

/// Background calls in the REPL (`&`, `bg`, `jobs`, `wait`) beyond what the `background`
/// transcript shows: listing a sleeping call, interrupting `wait`, and quitting with calls
/// still running.
@Suite struct BackgroundTests {
  /// A session with ticker loaded as `tick`, and what it printed: at a terminal (real time,
  /// background output printed as it comes), or with `script` as in script mode (virtual
  /// time, background calls settled before each command).
  static func session(
    script: Bool = false, interrupted: @escaping @Sendable () -> Bool = { false }
  ) -> (ReplSession, OutputCollector) {
    let output = OutputCollector()
    var options = ReplSession.Options(echo: true, directory: ReplTestSupport.packageRoot)
    options.settlesBackgroundCalls = script
    let session = ReplSession(
      options: options, clock: script ? VirtualClock() : SystemClock(), output: output.append)
    session.isInterrupted = interrupted
    session.execute("load plugins/ticker.wat as tick")
    return (session, output)
  }

  /// In a script, a background call has run as far as it can before the next command prints:
  /// one that spends its budget at once has paused by then, every time. (Before settling, the
  /// `background` transcript failed about one run in three here.)
  @Test func aScriptSeesBackgroundCallsSettleBeforeEachCommand() {
    for _ in 0..<20 {
      let (text, _) = ReplTestSupport.run([
        "load plugins/ticker.wat as tock", "tock.run 1 100 --budget 5 &", "paused",
      ])
      let notice = text.range(of: "paused #1 tock.run after 5 ticks (budget spent)")
      let listed = text.range(of: "#1 tock.run(i32:1, i64:100) after 5 ticks")
      #expect(notice != nil && listed != nil, "\(text)")
      if let notice, let listed { #expect(notice.lowerBound < listed.lowerBound, "\(text)") }
    }
  }

  @Test func jobsListsASleepingCallAndQuitDropsIt() throws {
    let (session, output) = Self.session(script: true)
    session.execute("tick.run 2 60000 &")
    session.execute("jobs")
    let lines = output.text.split(separator: "\n")
    #expect(
      lines.last == "#1 tick.run(i32:2, i64:60000) after 6 ticks, waiting in clock.sleep(i64:60000)"
    )
    session.execute("quit")
    #expect(output.text.hasSuffix("wasbox> quit\ndropping 1 background call (#1)\n"))
    #expect(session.quitRequested)
  }

  @Test func ctrlCStopsWaitingButNotTheCall() throws {
    let flag = Flag()
    let (session, output) = Self.session(interrupted: { flag.take() })
    session.execute("tick.run 1 100 &")
    flag.set()
    session.execute("wait")
    #expect(output.text.contains("stopped waiting; the background calls go on"))
    session.execute("wait 1")
    #expect(
      output.text.hasSuffix("wasbox> wait 1\n[info] tick: tick 1\n#1 tick.run: i32 1  (34 ticks)\n")
    )
    #expect(session.failures == 0)
  }

  @Test func ctrlCPausesASleepingForegroundCall() throws {
    let flag = Flag()
    let (session, output) = Self.session(interrupted: { flag.take() })
    flag.set()
    session.execute("tick.run 1 60000")
    // Paused before its first slice, or while sleeping: either way resumable, and said so.
    let paused = output.text.split(separator: "\n").last ?? ""
    #expect(
      paused.hasPrefix("paused #1 tick.run after ")
        && paused.hasSuffix(
          " ticks (interrupted); \"resume 1 [TICKS]\" continues it, \"cancel 1\" drops it"),
      "\(paused)")
    session.execute("paused")
    #expect(output.text.contains("#1 tick.run(i32:1, i64:60000) after"))
  }
}

/// A Ctrl-C a test presses: set once, taken once.
final class Flag: Sendable {
  private let value = Atomic(false)
  func set() { value.store(true, ordering: .sequentiallyConsistent) }
  func take() -> Bool { value.exchange(false, ordering: .sequentiallyConsistent) }
}
