import Foundation
import PluginHost
import TestSupport
import Testing
import WasmVM

/// Every call can be saved (issue 26): a call sleeping in `clock.sleep`, paused or running, is
/// saved with the time it still has to sleep, and a call running under ``AsyncPluginHost``
/// is saved where it is, with the budget it had left.
@Suite struct SleepingSnapshotTests {
  /// `sleepy.nap(1000)` running (sleeping, in flight) on a host whose virtual time is held,
  /// 300 ms into its sleep.
  static func napAsleep(_ clock: VirtualClock) async throws -> (
    AsyncPluginHost, Task<CallOutcome, any Error>
  ) {
    let (host, _) = try AsyncPluginHostTests.host(clock: clock)
    host.holdsVirtualTime = true
    let task = Task { try await host.call("sleepy", "nap", [.i64(1000)], budget: 1_000_000) }
    try await AsyncPluginHostTests.waitUntil { host.runningCalls.first?.waitingOn != nil }
    clock.advance(byNanoseconds: 300_000_000)
    return (host, task)
  }

  @Test func aRunningSleepingCallSavesWithItsTimeLeftAndGoesOnHere() async throws {
    let (host, task) = try await Self.napAsleep(VirtualClock())
    let bytes = try host.snapshot()
    // Saving did not disturb it.
    host.holdsVirtualTime = false
    let (values, ticks) = try AsyncPluginHostTests.completed(try await task.value)
    #expect(values == [.i32(7)])

    let clock = VirtualClock()
    var configuration = PluginHost.Configuration(clock: clock)
    configuration.restoredLinks = { _ in .anyPlugin }
    let restored = AsyncPluginHost(
      host: try PluginHost(restoring: bytes, configuration: configuration))
    let paused = try #require(restored.withHost { $0.pausedCalls }.first)
    #expect(paused.waitingOn?.name == "clock.sleep")
    #expect(paused.runningBudget == 1_000_000 - paused.ticksUsed)
    let outcome = try await restored.resume(paused.id, budget: try #require(paused.runningBudget))
    #expect(try AsyncPluginHostTests.completed(outcome) == (values, ticks))
    // It slept only what it had left.
    #expect(clock.nanoseconds == 700_000_000)
  }

  @Test func aPausedSleepingCallKeepsItsTimeLeftAcrossASnapshot() async throws {
    let clock = VirtualClock()
    let (host, paused) = try await AsyncPluginHostTests.napPausedAsleep(clock)
    clock.advance(byNanoseconds: 250_000_000)
    let bytes = try host.withHost { try $0.snapshot() }

    let later = VirtualClock()
    let restored = try PluginHost(restoring: bytes, configuration: .init(clock: later))
    let call = try #require(restored.pausedCalls.first)
    #expect(call.id == paused.id)
    #expect(call.runningBudget == nil)
    guard case .completed(let values, _) = try restored.resume(call.id, budget: .max) else {
      Issue.record("the restored call did not complete")
      return
    }
    #expect(values == [.i32(7)])
    #expect(later.nanoseconds == 750_000_000)
  }

  /// A crafted sleep on a call that is not sleeping is refused; a saved sleep longer than the
  /// restoring host allows is cut to its limit.
  @Test func aSavedSleepIsCheckedAndBounded() async throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "sleepy", wat: AsyncPluginHostTests.sleepy))
    _ = try host.call("sleepy", "spin", [.i64(100)], budget: 5)
    let notSleeping = try CraftedSnapshot.editing(try host.snapshot()) { manifest in
      CraftedSnapshot.editCalls(&manifest) { calls in calls[0]["sleep"] = [10, 5] }
    }
    #expect(
      CraftedSnapshotTests.restoreError(notSleeping)?.contains("is saved sleeping, but is not")
        == true)

    let (asleep, _) = try await AsyncPluginHostTests.napPausedAsleep(VirtualClock())
    let long = try CraftedSnapshot.editing(try asleep.withHost { try $0.snapshot() }) { manifest in
      CraftedSnapshot.editCalls(&manifest) { calls in calls[0]["sleep"] = [UInt64.max, UInt64.max] }
    }
    let clock = VirtualClock()
    let restored = try PluginHost(
      restoring: long, configuration: .init(clock: clock, maxSleepMilliseconds: 2_000))
    let call = try #require(restored.pausedCalls.first)
    _ = try restored.resume(call.id, budget: .max)
    #expect(clock.nanoseconds == 2_000_000_000)
  }
}
