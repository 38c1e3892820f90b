import Foundation
import PluginHost
import Testing
import WasmVM

/// A whole host saved to bytes and started again from them: plugins, memory, `kv` data held in
/// memory, and paused calls under their ids, each finishing as if the host had never stopped.
struct HostSnapshotTests {
  /// Logs a long message (its bytes cost ticks) between two stretches of work, and counts.
  static let worker = """
    (module
      (import "log" "write" (func $log (param i32 i32 i32)))
      (memory (export "memory") 1)
      (global $calls (mut i32) (i32.const 0))
      (func $spin (param $n i32)
        (loop $again
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $again (local.get $n))))
      (func (export "work") (param $n i32) (result i32)
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (memory.fill (i32.const 0) (i32.const 65) (i32.const 2000))
        (call $spin (local.get $n))
        (call $log (i32.const 2) (i32.const 0) (i32.const 2000))
        (call $spin (local.get $n))
        (i32.add (global.get $calls) (i32.load8_u (i32.const 1999)))))
    """

  static func host(_ logs: LogCollector, store: any KeyValueStore = InMemoryKeyValueStore())
    -> PluginHost.Configuration
  {
    PluginHost.Configuration(keyValueStore: store, logger: logs.logger())
  }

  /// The ticks and result of `work(n)` run in one go.
  static func reference(_ n: UInt32) throws -> (values: [Value], ticks: UInt64) {
    let host = PluginHost(configuration: Self.host(LogCollector()))
    try host.load(PluginSource(name: "worker", wat: worker))
    guard
      case .completed(let values, let ticks) = try host.call(
        "worker", "work", [.i32(n)], budget: .max)
    else { throw TestFailure("the reference run did not complete") }
    return (values, ticks)
  }

  @Test func aRestoredHostFinishesPausedCallsWithTheSameResultsAndTicks() throws {
    let expected = try Self.reference(500)
    // Pause at many points, including inside the memory.fill and while paying for log.write.
    for budget: UInt64 in [1, 700, 2100, 3600, 4700, 5001] {
      let logs = LogCollector()
      let host = PluginHost(configuration: Self.host(logs))
      try host.load(PluginSource(name: "worker", wat: Self.worker))
      guard case .paused(let call) = try host.call("worker", "work", [.i32(500)], budget: budget)
      else {
        Issue.record("budget \(budget) did not pause")
        continue
      }
      let bytes = try host.snapshot()
      let restoredLogs = LogCollector()
      let restored = try PluginHost(restoring: bytes, configuration: Self.host(restoredLogs))
      #expect(restored.pausedCalls.map(\.id) == [call.id])
      #expect(restored.pausedCalls.first?.ticksUsed == call.ticksUsed)
      guard case .completed(let values, let ticks) = try restored.resume(call.id, budget: .max)
      else {
        Issue.record("budget \(budget): the restored call did not complete")
        continue
      }
      #expect(values == expected.values, "budget \(budget)")
      #expect(ticks == expected.ticks, "budget \(budget)")
      // The log call ran exactly once in all: before the snapshot, or after the restore.
      let before = logs.lines.count
      let after = restoredLogs.lines.count
      #expect(before + after == 1, "budget \(budget): \(before) + \(after) log lines")
    }
  }

  @Test func oneSnapshotForksIntoTwoIndependentHosts() throws {
    let host = PluginHost(configuration: Self.host(LogCollector()))
    try host.load(PluginSource(name: "worker", wat: Self.worker))
    guard case .paused(let call) = try host.call("worker", "work", [.i32(300)], budget: 900)
    else { throw TestFailure("did not pause") }
    let bytes = try host.snapshot()
    let first = try PluginHost(restoring: bytes, configuration: Self.host(LogCollector()))
    let second = try PluginHost(restoring: bytes, configuration: Self.host(LogCollector()))
    guard case .completed(let a, let aTicks) = try first.resume(call.id, budget: .max) else {
      throw TestFailure("the first fork did not complete")
    }
    // The first host's progress does not leak into the second.
    #expect(second.pausedCalls.first?.ticksUsed == call.ticksUsed)
    guard case .completed(let b, let bTicks) = try second.resume(call.id, budget: .max) else {
      throw TestFailure("the second fork did not complete")
    }
    #expect(a == b)
    #expect(aTicks == bTicks)
    #expect(try first.run("worker", "work", [.i32(1)]) == second.run("worker", "work", [.i32(1)]))
  }

  @Test func inMemoryKeyValueDataAndCallIDsComeBack() throws {
    let counter = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../plugins/counter.wat"), encoding: .utf8)
    let host = PluginHost(configuration: Self.host(LogCollector()))
    try host.load(PluginSource(name: "counter", wat: counter))
    _ = try host.run("counter", "next")
    _ = try host.run("counter", "next")
    let restored = try PluginHost(
      restoring: try host.snapshot(), configuration: Self.host(LogCollector()))
    #expect(try restored.run("counter", "next") == [.i64(3)])
    #expect(restored.plugins.map(\.name) == ["counter"])
    // Ids continue after the saved host's last one.
    try restored.load(PluginSource(name: "worker", wat: Self.worker))
    guard case .paused(let call) = try restored.call("worker", "work", [.i32(100)], budget: 10)
    else { throw TestFailure("did not pause") }
    #expect(call.id.rawValue == 4)
  }

  @Test func damagedSnapshotsAreErrors() throws {
    let host = PluginHost(configuration: Self.host(LogCollector()))
    try host.load(PluginSource(name: "worker", wat: Self.worker))
    _ = try host.call("worker", "work", [.i32(100)], budget: 50)
    let bytes = try host.snapshot()
    for damaged in [
      [], Array(bytes.prefix(40)), Array(bytes.dropLast()), Array(repeating: 0, count: 64),
    ] {
      #expect(throws: PluginHostError.self) {
        try PluginHost(restoring: damaged, configuration: Self.host(LogCollector()))
      }
    }
    var flipped = bytes
    flipped[bytes.count / 3] ^= 1
    let error = hostError {
      try PluginHost(restoring: flipped, configuration: Self.host(LogCollector()))
    }
    #expect(error?.description.contains("checksum") == true)
  }

  /// A load whose data segment traps leaves an instance in the store; it is retired, so it
  /// holds no memory and a snapshot of the host restores.
  @Test func aHostWithAFailedLoadSavesAndRestores() throws {
    let host = PluginHost(configuration: Self.host(LogCollector()))
    try host.load(PluginSource(name: "worker", wat: Self.worker))
    let broken = "(module (memory 1) (data (i32.const 70000) \"x\"))"
    #expect(hostError { try host.load(PluginSource(name: "broken", wat: broken)) } != nil)
    let restored = try PluginHost(
      restoring: try host.snapshot(), configuration: Self.host(LogCollector()))
    #expect(restored.plugins.map(\.name) == ["worker"])
  }
}
