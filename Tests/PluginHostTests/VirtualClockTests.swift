import Foundation
import PluginHost
import Testing
import WasmVM

/// ``VirtualClock``: sleeps that take no real time and wake in the same order in every run.
@Suite struct VirtualClockTests {
  /// `ring(id, ms, times)`: `times` times, sleeps `ms` and then logs the digit `id`.
  /// `now()`: the monotonic clock in milliseconds.
  static let alarm = """
    (module
      (import "log" "write" (func $log (param i32 i32 i32)))
      (import "clock" "sleep" (func $sleep (param i64)))
      (import "clock" "monotonic_ns" (func $now (result i64)))
      (memory 1)
      (func (export "ring") (param $id i32) (param $ms i64) (param $times i32) (result i32)
        (i32.store8 (local.get $id) (i32.add (i32.const 48) (local.get $id)))
        (block $done
          (loop $again
            (br_if $done (i32.eqz (local.get $times)))
            (call $sleep (local.get $ms))
            (call $log (i32.const 2) (local.get $id) (i32.const 1))
            (local.set $times (i32.sub (local.get $times) (i32.const 1)))
            (br $again)))
        (i32.const 0))
      (func (export "now") (result i64)
        (i64.div_u (call $now) (i64.const 1000000))))
    """

  static func host(_ clock: VirtualClock, sliceTicks: UInt64 = 10_000) throws
    -> (AsyncPluginHost, LogCollector)
  {
    let logs = LogCollector()
    let host = AsyncPluginHost(
      configuration: .init(clock: clock, logger: logs.logger()), sliceTicks: sliceTicks)
    try host.load([PluginSource(name: "alarm", wat: alarm)])
    return (host, logs)
  }

  /// Three calls sleeping different lengths wake in deadline order, a minute of sleeps takes
  /// no real time, and the order is the same in each of 20 runs.
  @Test func sleepingCallsWakeInDeadlineOrderInEveryRun() async throws {
    for _ in 0..<20 {
      let clock = VirtualClock()
      let (host, logs) = try Self.host(clock)
      // Registered (and so put to sleep) in this order before any runs: time is held.
      host.holdsVirtualTime = true
      let ids = try [(1, 30_000, 3), (2, 50_000, 2), (3, 30_000, 1)].map { id, ms, times in
        try host.start(
          "alarm", "ring", [.i32(UInt32(id)), .i64(UInt64(ms)), .i32(UInt32(times))],
          budget: .max)
      }
      let outcomes = Locked<[PausedCallID: CallOutcome]>([:])
      for id in ids {
        try host.run(id) { outcome in outcomes.withLock { $0[id] = outcome } }
      }
      try await AsyncPluginHostTests.waitUntil { host.isIdle }
      #expect(clock.nanoseconds == 0)
      #expect(logs.lines.isEmpty)
      host.holdsVirtualTime = false
      try await AsyncPluginHostTests.waitUntil { outcomes.withLock { $0.count } == 3 }
      // 1 wakes at 30, 60, 90 s; 3 at 30 s, after 1 (it went to sleep later); 2 at 50, 100 s.
      #expect(logs.lines.map(\.message) == ["1", "3", "2", "1", "1", "2"])
      #expect(clock.nanoseconds == 100_000_000_000)
      #expect(clock.wallClockMilliseconds() == 100_000)
    }
  }

  /// While a call waits on an `async` capability function, time does not move for the others:
  /// the function may be what they wait for.
  @Test func timeStandsStillWhileACallWaitsOnAnAsyncFunction() async throws {
    let gate = AppCapabilityTests.Gate()
    let clock = VirtualClock()
    var configuration = AppCapabilityTests.configuration(functions: [
      .async("wait") { (call: CapabilityCall) async throws -> Int32 in
        await gate.pass()
        return 1
      }
    ])
    configuration.clock = clock
    let host = AsyncPluginHost(configuration: configuration)
    try host.load([
      PluginSource(name: "alarm", wat: Self.alarm),
      PluginSource(
        name: "waiter",
        wat: """
          (module
            (import "app" "wait" (func $wait (result i32)))
            (func (export "run") (result i32) (call $wait)))
          """, capabilities: ["app"]),
    ])
    async let waited = host.call("waiter", "run", budget: .max)
    async let slept = host.call("alarm", "ring", [.i32(1), .i64(10), .i32(1)], budget: .max)
    try await AsyncPluginHostTests.waitUntil {
      let calls = host.runningCalls
      return calls.count == 2 && calls.allSatisfy { $0.waitingOn != nil } && host.isIdle
    }
    #expect(clock.nanoseconds == 0)
    gate.open()
    let outcomes = try await [waited, slept]
    #expect(
      outcomes.map { (try? AsyncPluginHostTests.completed($0))?.0 } == [[.i32(1)], [.i32(0)]])
    #expect(clock.nanoseconds == 10_000_000)
  }

  /// The synchronous host moves the clock through a sleep at once, and a start function may
  /// sleep its whole allowance without a moment of real time.
  @Test func theSynchronousHostMovesTheClockThroughASleep() throws {
    let clock = VirtualClock(wallClockOrigin: 1_000)
    let host = PluginHost(configuration: .init(clock: clock, maxSleepMilliseconds: 60_000))
    try host.load(PluginSource(name: "alarm", wat: Self.alarm))
    let started = ContinuousClock.now
    let outcome = try host.call("alarm", "ring", [.i32(1), .i64(60_000), .i32(2)], budget: .max)
    guard case .completed(let values, _) = outcome else {
      Issue.record("expected completion, got \(outcome)")
      return
    }
    #expect(values == [.i32(0)])
    #expect(clock.nanoseconds == 120_000_000_000)
    #expect(clock.wallClockMilliseconds() == 121_000)
    guard case .completed(let now, _) = try host.call("alarm", "now", budget: .max) else {
      Issue.record("alarm.now did not complete")
      return
    }
    #expect(now == [.i64(120_000)])
    // Not a bound on timing, a sanity check: two minutes of sleep did not happen in real time.
    #expect(ContinuousClock.now - started < .seconds(60))
  }

  /// Moving the clock by hand past a sleeping call's deadline wakes it the next time the host
  /// schedules, even while time is held; a paused call past its deadline does not sleep again.
  @Test func advancingTheClockByHandWakesASleeperPastItsDeadline() async throws {
    let clock = VirtualClock()
    let (host, logs) = try Self.host(clock)
    host.holdsVirtualTime = true
    let first = try host.start("alarm", "ring", [.i32(4), .i64(5), .i32(1)], budget: .max)
    let second = try host.start("alarm", "ring", [.i32(5), .i64(5), .i32(1)], budget: .max)
    let outcomes = Locked<[PausedCallID: CallOutcome]>([:])
    for id in [first, second] {
      try host.run(id) { outcome in outcomes.withLock { $0[id] = outcome } }
    }
    try await AsyncPluginHostTests.waitUntil {
      host.runningCalls.count == 2 && host.runningCalls.allSatisfy { $0.waitingOn != nil }
    }
    host.pause(second)
    clock.advance(byNanoseconds: 5_000_000)
    host.holdsVirtualTime = true
    try await AsyncPluginHostTests.waitUntil { outcomes.withLock { $0.count } == 2 }
    #expect(
      outcomes.withLock { $0[first] }.map { try? AsyncPluginHostTests.completed($0).0 } == [.i32(0)]
    )
    guard case .paused(let paused)? = outcomes.withLock({ $0[second] }) else {
      Issue.record("expected a pause")
      return
    }
    let resumed = try await host.resume(paused.id, budget: .max)
    #expect((try AsyncPluginHostTests.completed(resumed)).0 == [.i32(0)])
    #expect(logs.lines.map(\.message) == ["4", "5"])
    #expect(clock.nanoseconds == 5_000_000)
  }
}
