import PluginHost
import Testing
import WasmVM

/// Watchpoints through PluginHost (`Debugging/PluginHost+Watchpoints.swift`): a call pauses
/// right after a store into the range (also one reached through another plugin) or a
/// capability that writes it (`kv.get`), resumes to a plain run's result and ticks, goes
/// back; bad ranges are errors.
@Suite struct HostWatchpointTests {
  typealias Calls = BreakpointTests

  /// `put(v)` stores `v` at 8 of its memory and returns it.
  static let cell = """
    (module
      (memory (export "memory") 1)
      (func (export "put") (param $v i32) (result i32)
        (i32.store (i32.const 8) (local.get $v))
        (local.get $v)))
    """

  /// `run(v)` = `cell.put(v) + 1`.
  static let user = """
    (module
      (import "cell" "put" (func $put (param i32) (result i32)))
      (func (export "run") (param $v i32) (result i32)
        (i32.add (call $put (local.get $v)) (i32.const 1))))
    """

  func host() throws -> PluginHost {
    let host = PluginHost()
    try host.load(PluginSource(name: "cell", wat: Self.cell))
    try host.load(PluginSource(name: "user", wat: Self.user, links: .anyPlugin))
    return host
  }

  @Test(arguments: [1, 2, 3, 7, 0] as [UInt64])
  func aStoreReachedThroughAnotherPluginStops(slice: UInt64) throws {
    let plain = try host().call("user", "run", [.i32(0x0102_0304)], budget: 1000)
    let host = try host()
    let watch = try host.setWatchpoint(plugin: "cell", offset: 6, length: 4)
    #expect(watch.number == 1)
    #expect(host.watchpoints == [watch])
    var outcome = try host.call(
      "user", "run", [.i32(0x0102_0304)], budget: slice == 0 ? 1000 : slice)
    var stops: [CallStop] = []
    while case .paused(let call) = outcome {
      if let stop = call.stop { stops.append(stop) }
      outcome = try host.resume(call.id, budget: slice == 0 ? (call.budgetLeft ?? 1000) : slice)
    }
    #expect("\(outcome)" == "\(plain)")
    #expect(
      stops == [
        .watchpoint(WatchpointHit(watchpoint: watch, old: [0, 0, 0, 0], new: [0, 0, 4, 3]))
      ])
  }

  @Test func aHitThenBackThenResumeMatchesAPlainRun() throws {
    let plain = try host().call("user", "run", [.i32(7)], budget: 1000)
    let host = try host()
    try host.setWatchpoint(plugin: "cell", offset: 8)
    let call = try Calls().paused(try host.call("user", "run", [.i32(7)], budget: 1000))
    guard case .watchpoint(let hit) = call.stop else {
      Issue.record("not a watchpoint stop: \(String(describing: call.stop))")
      return
    }
    #expect(hit.new == [7, 0, 0, 0])
    _ = try Calls().paused(try host.step(call.id, .instructions(1), budget: 1000))
    try host.back(call.id, 1)
    try host.deleteStop(1)
    #expect(host.watchpoints.isEmpty)
    let left = host.pausedCalls.first { $0.id == call.id }?.budgetLeft ?? 0
    #expect("\(try host.resume(call.id, budget: left))" == "\(plain)")
  }

  /// A call stopped by a watchpoint keeps that stop and its budget through a snapshot, and
  /// the restored call finishes as the plain run does.
  @Test func aWatchpointStopSurvivesASnapshot() throws {
    let plain = try host().call("user", "run", [.i32(7)], budget: 1000)
    let host = try host()
    try host.setWatchpoint(plugin: "cell", offset: 8)
    let call = try Calls().paused(try host.call("user", "run", [.i32(7)], budget: 1000))
    var configuration = PluginHost.Configuration()
    configuration.restoredLinks = { _ in .anyPlugin }
    let restored = try PluginHost(restoring: try host.snapshot(), configuration: configuration)
    let saved = try #require(restored.pausedCalls.first { $0.id == call.id })
    #expect(saved.stop == call.stop)
    #expect(saved.budgetLeft == call.budgetLeft)
    guard case .watchpoint(let hit) = saved.stop else {
      Issue.record("not a watchpoint stop: \(String(describing: saved.stop))")
      return
    }
    #expect(hit.change == "00 00 00 00 → 07 00 00 00")
    let left = try #require(saved.budgetLeft)
    #expect("\(try restored.resume(saved.id, budget: left))" == "\(plain)")
  }

  @Test func aKVGetIntoTheRangeStopsAfterTheCall() throws {
    let quota = KeyValueQuota(maxBytes: 1 << 20, maxKeys: 100)
    let plainStore = InMemoryKeyValueStore()
    try plainStore.setValue(Array("A".utf8), forKey: Array("k".utf8), in: "fetcher", quota: quota)
    let plainHost = PluginHost(configuration: .init(keyValueStore: plainStore))
    try plainHost.load(PluginSource(name: "fetcher", wat: TimeTravelHostTests.fetcher))
    let plain = try plainHost.call("fetcher", "fetch", budget: 1000)

    let store = InMemoryKeyValueStore()
    try store.setValue(Array("A".utf8), forKey: Array("k".utf8), in: "fetcher", quota: quota)
    let host = PluginHost(configuration: .init(keyValueStore: store))
    try host.load(PluginSource(name: "fetcher", wat: TimeTravelHostTests.fetcher))
    let watch = try host.setWatchpoint(plugin: "fetcher", offset: 16, length: 2)
    let call = try Calls().paused(try host.call("fetcher", "fetch", budget: 1000))
    #expect(call.stop == .watchpoint(WatchpointHit(watchpoint: watch, old: [0, 0], new: [65, 0])))
    // Right after the get: the set has not run.
    #expect(store.value(forKey: Array("k".utf8), in: "fetcher") == Array("A".utf8))
    #expect("\(try host.resume(call.id, budget: call.budgetLeft ?? 1000))" == "\(plain)")
  }

  /// The description of the error `body` throws, or `nil` when it throws none.
  func failure(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return (error as? PluginHostError)?.description ?? "\(error)"
    }
  }

  @Test func badWatchpointsAreErrors() throws {
    let host = try host()
    #expect(
      failure { _ = try host.setWatchpoint(plugin: "nope", offset: 0) }
        == PluginHostError.unknownPlugin("nope").description)
    #expect(
      failure { _ = try host.setWatchpoint(plugin: "user", offset: 0) }
        == "plugin user has no memory to watch")
    #expect(
      failure { _ = try host.setWatchpoint(plugin: "cell", offset: 0, length: 0) }
        == "a watch covers 1 to 4096 bytes, not 0")
    #expect(
      failure { _ = try host.setWatchpoint(plugin: "cell", offset: 0, length: 4097) }
        == "a watch covers 1 to 4096 bytes, not 4097")
    for offset in [65534, -1, Int.max] {
      #expect(
        failure { _ = try host.setWatchpoint(plugin: "cell", offset: offset, length: 4) }?
          .hasSuffix("are not inside cell's memory of 65536 bytes; watch a range below 65536")
          == true)
    }
    #expect(try host.setWatchpoint(plugin: "cell", offset: 65532, length: 4).number == 1)
    #expect(failure { try host.deleteStop(9) } == PluginHostError.unknownBreakpoint(9).description)
  }
}
