import Foundation
import PluginHost
import Testing
import WasmVM

/// ``AsyncPluginHost``: async calls in slices, `clock.sleep` parking calls without a thread,
/// cancellation pausing them resumably, and the round-robin rule between calls.
@Suite struct AsyncPluginHostTests {
  /// `run(id, rounds, ms)`: sleeps `ms`, then `rounds` times logs `id` as four digits and
  /// sleeps 0 ms (a yield), and returns `rounds`. `spin(n)` counts to `n` (about 6 ticks a
  /// round). `nap(ms)`: spins 1000 rounds, sleeps `ms`, spins again, returns 7.
  static let sleepy = """
    (module
      (import "clock" "sleep" (func $sleep (param i64)))
      (import "log" "write" (func $log (param i32 i32 i32)))
      (memory (export "memory") 1)
      (func $digits (param $id i32) (result i32)
        (local $at i32) (local $n i32) (local $i i32)
        (local.set $at (i32.mul (local.get $id) (i32.const 4)))
        (local.set $n (local.get $id))
        (local.set $i (i32.const 3))
        (loop $next
          (i32.store8 (i32.add (local.get $at) (local.get $i))
            (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
          (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br_if $next (i32.ge_s (local.get $i) (i32.const 0))))
        (local.get $at))
      (func (export "run") (param $id i32) (param $rounds i32) (param $ms i64) (result i32)
        (local $at i32) (local $r i32)
        (local.set $at (call $digits (local.get $id)))
        (call $sleep (local.get $ms))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $r) (local.get $rounds)))
            (call $log (i32.const 2) (local.get $at) (i32.const 4))
            (call $sleep (i64.const 0))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $next)))
        (local.get $rounds))
      (func $spin (export "spin") (param $n i64) (result i64)
        (local $i i64)
        (block $done
          (loop $next
            (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
            (local.set $i (i64.add (local.get $i) (i64.const 1)))
            (br $next)))
        (local.get $i))
      (func (export "nap") (param $ms i64) (result i32)
        (drop (call $spin (i64.const 1000)))
        (call $sleep (local.get $ms))
        (drop (call $spin (i64.const 1000)))
        (i32.const 7)))
    """

  /// An async host with `sleepy` loaded and a collecting logger.
  static func host(sliceTicks: UInt64 = 10_000, clock: any HostClock = SystemClock()) throws
    -> (AsyncPluginHost, LogCollector)
  {
    let logs = LogCollector()
    let host = AsyncPluginHost(
      configuration: .init(clock: clock, logger: logs.logger()), sliceTicks: sliceTicks)
    try host.withHost { host throws(PluginHostError) in
      _ = try host.load(PluginSource(name: "sleepy", wat: sleepy))
    }
    return (host, logs)
  }

  /// The ticks of `sleepy.export(arguments)` on a synchronous host, run to the end.
  static func referenceTicks(_ export: String, _ arguments: [Value]) throws -> UInt64 {
    let host = PluginHost()
    try host.load(PluginSource(name: "sleepy", wat: sleepy))
    guard case .completed(_, let ticks) = try host.call("sleepy", export, arguments, budget: .max)
    else { throw TestFailure("the reference call did not complete") }
    return ticks
  }

  /// How often, in log lines each naming the call that wrote it (one per slice), a call wrote
  /// twice between two lines of another: never, by the round-robin rule, since a call that
  /// yields goes to the back of the queue, behind every other ready call.
  static func unfairTurns(_ order: [Int]) -> Int {
    var last: [Int: Int] = [:]
    var unfair = 0
    for (position, id) in order.enumerated() {
      if let previous = last[id] {
        let between = order[(previous + 1)..<position]
        if Set(between).count != between.count { unfair += 1 }
      }
      last[id] = position
    }
    return unfair
  }

  /// The results and ticks of a completed call.
  static func completed(_ outcome: CallOutcome) throws -> ([Value], UInt64) {
    guard case .completed(let values, let ticks) = outcome else {
      throw TestFailure("expected completion, got \(outcome)")
    }
    return (values, ticks)
  }

  /// Polls `condition` every millisecond. The limit, ten minutes, only turns a hang into a
  /// failure: synchronous tests running beside these block Swift's cooperative threads (two
  /// on a 2-core machine) and can keep the task that starts a call from running for a minute
  /// and more (a one-minute limit failed 1 run in 50 so), which must not fail a test.
  static func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(600)
    while !condition() {
      guard ContinuousClock.now < deadline else { throw TestFailure("timed out waiting") }
      try await Task.sleep(for: .milliseconds(1))
    }
  }

  @Test func aCallCompletesWithTheTicksOfTheSynchronousHost() async throws {
    let (host, _) = try Self.host(sliceTicks: 100)
    let outcome = try await host.call("sleepy", "spin", [.i64(1000)], budget: .max)
    let (values, ticks) = try Self.completed(outcome)
    #expect(values == [.i64(1000)])
    #expect(ticks == (try Self.referenceTicks("spin", [.i64(1000)])))
  }

  @Test func aSpentBudgetPausesAndResumeContinues() async throws {
    let (host, _) = try Self.host(sliceTicks: 7)
    let reference = try Self.referenceTicks("spin", [.i64(100)])
    guard case .paused(let paused) = try await host.call("sleepy", "spin", [.i64(100)], budget: 50)
    else {
      Issue.record("expected a pause")
      return
    }
    #expect(paused.ticksUsed == 50)
    #expect(host.withHost { $0.pausedCalls.map(\.id) } == [paused.id])
    let outcome = try await host.resume(paused.id, budget: .max)
    let (values, ticks) = try Self.completed(outcome)
    #expect(values == [.i64(100)])
    #expect(ticks == reference)
    await #expect(throws: PluginHostError.self) {
      _ = try await host.resume(paused.id, budget: 10)
    }
    await #expect(throws: PluginHostError.self) {
      _ = try await host.call("sleepy", "nothing", budget: 10)
    }
  }

  @Test func sleepingParksTheCallForItsDuration() async throws {
    let (host, _) = try Self.host()
    let start = ContinuousClock.now
    let outcome = try await host.call("sleepy", "nap", [.i64(50)], budget: .max)
    #expect(ContinuousClock.now - start >= .milliseconds(50))
    let (values, ticks) = try Self.completed(outcome)
    #expect(values == [.i32(7)])
    #expect(ticks == (try Self.referenceTicks("nap", [.i64(0)])))
  }

  /// The call spins for 2^40 rounds (hours), so it is still running whenever the test gets to
  /// cancel it: with 3,000,000 rounds it could finish before the test's first look on a
  /// loaded machine, and the wait for it to run then never ended (1 run in 50 timed out).
  @Test func cancellingAComputingCallPausesItResumably() async throws {
    let (host, _) = try Self.host(sliceTicks: 1000)
    let task = Task { try await host.call("sleepy", "spin", [.i64(1 << 40)], budget: .max) }
    try await Self.waitUntil { host.runningCalls.first.map { $0.ticksUsed > 0 } ?? false }
    task.cancel()
    guard case .paused(let paused) = try await task.value else {
      Issue.record("expected the cancelled call to pause")
      return
    }
    #expect(paused.ticksUsed > 0)
    #expect(paused.waitingOn == nil)
    guard case .paused(let again) = try await host.resume(paused.id, budget: 10_007) else {
      Issue.record("expected the resumed call to pause when its budget ran out")
      return
    }
    #expect(again.id == paused.id)
    #expect(again.ticksUsed == paused.ticksUsed + 10_007)
    #expect(host.runningCalls.isEmpty)
  }

  /// `sleepy.nap(1000)` paused while it sleeps, on a host whose virtual time is held (so the
  /// sleep ends only when the test moves the clock or lets time go).
  static func napPausedAsleep(_ clock: VirtualClock) async throws
    -> (AsyncPluginHost, PausedCall)
  {
    let (host, _) = try Self.host(clock: clock)
    host.holdsVirtualTime = true
    let task = Task { try await host.call("sleepy", "nap", [.i64(1000)], budget: .max) }
    try await Self.waitUntil { host.runningCalls.first?.waitingOn != nil }
    #expect(
      host.runningCalls.map(\.description) == [
        "#1 sleepy.nap(i64:1000) after 9011 ticks, waiting in clock.sleep(i64:1000)"
      ])
    task.cancel()
    guard case .paused(let paused) = try await task.value else {
      throw TestFailure("expected the cancelled call to pause")
    }
    #expect(host.runningCalls.isEmpty)
    return (host, paused)
  }

  @Test func cancellingASleepingCallPausesItAndResumingKeepsTheDeadline() async throws {
    let clock = VirtualClock()
    let (host, paused) = try await Self.napPausedAsleep(clock)
    #expect(paused.waitingOn?.name == "clock.sleep")
    #expect(paused.waitingOn?.arguments == [.i64(1000)])
    #expect(paused.description.hasSuffix("waiting in clock.sleep(i64:1000)"))
    // Past the deadline, resuming does not sleep again: the clock stays where it is.
    clock.advance(byNanoseconds: 1_500_000_000)
    host.holdsVirtualTime = false
    let outcome = try await host.resume(paused.id, budget: .max)
    #expect(clock.nanoseconds == 1_500_000_000)
    let (values, ticks) = try Self.completed(outcome)
    #expect(values == [.i32(7)])
    #expect(ticks == (try Self.referenceTicks("nap", [.i64(0)])))
  }

  /// Resumed before its deadline, a sleeping call sleeps until that deadline, not a whole
  /// sleep more.
  @Test func aSleepingCallResumedEarlyWakesAtItsOwnDeadline() async throws {
    let clock = VirtualClock()
    let (host, paused) = try await Self.napPausedAsleep(clock)
    clock.advance(byNanoseconds: 400_000_000)
    host.holdsVirtualTime = false
    let (values, _) = try Self.completed(try await host.resume(paused.id, budget: .max))
    #expect(values == [.i32(7)])
    #expect(clock.nanoseconds == 1_000_000_000)
  }

  @Test func aTaskCancelledBeforeTheCallPausesItBeforeAnyTick() async throws {
    let (host, _) = try Self.host()
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await host.call("sleepy", "spin", [.i64(10)], budget: .max)
    }
    guard case .paused(let paused) = try await task.value else {
      Issue.record("expected a pause")
      return
    }
    #expect(paused.ticksUsed == 0)
    let outcome = try await host.resume(paused.id, budget: .max)
    let (values, _) = try Self.completed(outcome)
    #expect(values == [.i64(10)])
  }

  /// A thousand calls sleep at once, then each logs three times, yielding after each line.
  /// They all complete in one sleep of virtual time (held until all sleep), and by the
  /// round-robin rule no call logs twice between two lines of another.
  @Test func aThousandSleepingCallsCompleteFairlyInterleaved() async throws {
    let clock = VirtualClock()
    let (host, logs) = try Self.host(clock: clock)
    host.holdsVirtualTime = true
    let count = 1000
    let results = try await withThrowingTaskGroup(of: CallOutcome.self) { group in
      for id in 0..<count {
        group.addTask {
          try await host.call(
            "sleepy", "run", [.i32(UInt32(id)), .i32(3), .i64(100)], budget: 1_000_000)
        }
      }
      try await Self.waitUntil {
        let calls = host.runningCalls
        return calls.count == count && calls.allSatisfy { $0.waitingOn != nil }
      }
      host.holdsVirtualTime = false
      var outcomes: [CallOutcome] = []
      for try await outcome in group { outcomes.append(outcome) }
      return outcomes
    }
    #expect(results.count == count)
    for outcome in results {
      guard case .completed(let values, _) = outcome else {
        Issue.record("expected completion, got \(outcome)")
        continue
      }
      #expect(values == [.i32(3)])
    }
    // They slept side by side: 1000 sequential sleeps would take 100 s.
    #expect(clock.nanoseconds == 100_000_000)
    let order = logs.lines.compactMap { Int($0.message) }
    #expect(order.count == 3 * count)
    #expect(Self.unfairTurns(order) == 0)
    #expect(host.withHost { $0.pausedCalls }.isEmpty)
  }

  @Test func callsTakeTurnsSliceBySlice() async throws {
    let (host, logs) = try Self.host(sliceTicks: 1_000_000)
    async let first = host.call(
      "sleepy", "run", [.i32(1), .i32(5), .i64(0)], budget: .max)
    async let second = host.call(
      "sleepy", "run", [.i32(2), .i32(5), .i64(0)], budget: .max)
    let outcomes = try await [first, second]
    for outcome in outcomes {
      guard case .completed(let values, _) = outcome else {
        Issue.record("expected completion, got \(outcome)")
        continue
      }
      #expect(values == [.i32(5)])
    }
    let order = logs.lines.compactMap { Int($0.message) }
    #expect(order.count == 10)
    #expect(Self.unfairTurns(order) == 0, "\(order)")
  }

  @Test func aCallIntoAnUnloadedPluginTrapsInsteadOfRunning() async throws {
    let clock = VirtualClock()
    let (host, _) = try Self.host(clock: clock)
    host.holdsVirtualTime = true
    let task = Task { try await host.call("sleepy", "nap", [.i64(60_000)], budget: .max) }
    try await Self.waitUntil { host.runningCalls.first?.waitingOn != nil }
    try host.withHost { host throws(PluginHostError) in _ = try host.unload("sleepy") }
    let outcome = try await task.value
    guard case .trapped(let trap, _) = outcome else {
      Issue.record("expected a trap, got \(outcome)")
      return
    }
    #expect(trap.message.contains("plugin \"sleepy\" was unloaded or reloaded"))
    // Not after the minute of sleep: unloading ended the sleeping call.
    #expect(clock.nanoseconds == 0)
  }

  @Test func theSynchronousHostBlocksThroughASleep() throws {
    let host = PluginHost(configuration: .init(maxSleepMilliseconds: 1000))
    try host.load(PluginSource(name: "sleepy", wat: Self.sleepy))
    let start = ContinuousClock.now
    #expect(try host.run("sleepy", "nap", [.i64(30)]) == [.i32(7)])
    #expect(ContinuousClock.now - start >= .milliseconds(30))
    let trap = try host.trap("sleepy", "nap", [.i64(1001)])
    #expect(
      trap.message
        == "host call clock.sleep: 1001 ms (read as unsigned) is longer than this host allows "
        + "(1000 ms; raise Configuration.maxSleepMilliseconds)")
    #expect(trap.backtrace.count == 1)
  }
}
