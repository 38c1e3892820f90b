import PluginHost
import Testing
import WasmVM

/// Time travel through PluginHost (`Debugging/PluginHost+TimeTravel.swift`): a call stopped in
/// one plugin reached through another goes back and resumes to a plain run's result and ticks
/// whatever the slicing; capability calls are answered from the log when the call runs over
/// them again (the clock reads what it read, a log line is not repeated, a `kv.get` writes
/// its value again); bad requests are errors.
@Suite struct TimeTravelHostTests {
  typealias Calls = BreakpointTests

  /// Reads the monotonic clock, logs, reads it again; returns the difference plus `n`.
  static let clocked = """
    (module
      (import "clock" "monotonic_ns" (func $now (result i64)))
      (import "log" "write" (func $log (param i32 i32 i32)))
      (memory 1)
      (data (i32.const 0) "between the reads")
      (func (export "elapsed") (param $n i32) (result i64)
        (local $start i64)
        (local.set $start (call $now))
        (call $log (i32.const 2) (i32.const 0) (i32.const 17))
        (i64.add
          (i64.sub (call $now) (local.get $start))
          (i64.extend_i32_u (local.get $n)))))
    """

  /// `fetch()`: reads key "k" into memory at 16 (its cost depends on the value's size), then
  /// sets "k" to "changed!" (8 bytes), and returns the first byte read plus the length.
  static let fetcher = """
    (module
      (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
      (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
      (memory 1)
      (data (i32.const 0) "k")
      (data (i32.const 8) "changed!")
      (func (export "fetch") (result i32)
        (local $length i32)
        (local.set $length (call $get (i32.const 0) (i32.const 1) (i32.const 16) (i32.const 64)))
        (drop (call $set (i32.const 0) (i32.const 1) (i32.const 8) (i32.const 8)))
        (i32.add (i32.load8_u (i32.const 16)) (local.get $length))))
    """

  static let quota = KeyValueQuota(maxBytes: 1 << 20, maxKeys: 100)

  /// Resumes `id` in slices of `slice` ticks (0: all of the budget left at once) to its end.
  func finish(_ host: PluginHost, _ id: PausedCallID, slice: UInt64) throws -> CallOutcome {
    while true {
      let left = host.pausedCalls.first { $0.id == id }?.budgetLeft ?? 1000
      let outcome = try host.resume(id, budget: slice == 0 ? left : slice)
      guard case .paused = outcome else { return outcome }
    }
  }

  @Test(arguments: [1, 2, 3, 7, 0] as [UInt64])
  func backThenResumeMatchesAPlainRun(slice: UInt64) throws {
    let plain = try Calls().host().call(
      "calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000)
    let host = try Calls().host()
    try host.setBreakpoint("mathlib", "square")
    let call = try Calls().paused(
      try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000))
    let frame = try host.inspectFrame(0, of: call.id)
    #expect(frame.state.locals == [.i32(3)])
    let stepped = try Calls().paused(try host.step(call.id, .instructions(3), budget: 998))
    #expect(stepped.ticksUsed == 5)
    let back = try host.back(call.id, 2)
    #expect(back.ticksUsed == 3)
    #expect(back.budgetLeft == 997)
    #expect(back.stop == .stepped)
    #expect(try host.callStack(of: call.id).first?.frame.bodyOffset == 3)
    let history = try host.history(of: call.id)
    #expect(history.current.instructions == 1)
    #expect(history.reach == 1)
    #expect(history.points.map(\.instructions) == [0, 1])
    #expect(history.points.first?.isCheckpoint == true)
    #expect(history.points.first?.frame?.description == "mathlib.square")
    try host.deleteBreakpoint(1)
    #expect("\(try finish(host, call.id, slice: slice))" == "\(plain)")
  }

  @Test func theClockReadsWhatItReadAndLogLinesAreNotRepeated() throws {
    let plainLogs = LogCollector()
    let plainHost = PluginHost(
      configuration: .init(clock: VirtualClock(), logger: plainLogs.logger()))
    try plainHost.load(PluginSource(name: "clocked", wat: Self.clocked))
    guard
      case .completed(let plainValues, let plainTicks) = try plainHost.call(
        "clocked", "elapsed", [.i32(5)], budget: 1000)
    else { throw PluginHostError.unknownPausedCall(PausedCallID(rawValue: 0)) }
    #expect(plainValues == [.i64(5)])

    let clock = VirtualClock()
    let logs = LogCollector()
    let host = PluginHost(configuration: .init(clock: clock, logger: logs.logger()))
    try host.load(PluginSource(name: "clocked", wat: Self.clocked))
    try host.setBreakpoint("clocked", "elapsed")
    let call = try Calls().paused(
      try host.call("clocked", "elapsed", [.i32(5)], budget: 1000))
    // The first read, at 0 ns; the clock moves; the log line and the second read, at 1000.
    _ = try host.step(call.id, .instructions(2), budget: 1000)
    clock.advance(byNanoseconds: 1000)
    _ = try host.step(call.id, .instructions(5), budget: 1000)
    #expect(logs.lines.count == 1)
    // Back before both reads; the clock moves on, but running over them again reads the log.
    try host.back(call.id, 7)
    clock.advance(byNanoseconds: 5000)
    #expect(try host.history(of: call.id).hostCalls == 3)
    _ = try host.step(call.id, .instructions(3), budget: 1000)
    try host.back(call.id, 1)
    guard case .completed(let values, let ticks) = try finish(host, call.id, slice: 2) else {
      Issue.record("not completed")
      return
    }
    #expect(values == [.i64(1005)])
    #expect(ticks == plainTicks)
    #expect(logs.lines.count == 1)
    // Past the log's frontier, capabilities are called again: a new call reads the clock now.
    guard
      case .completed(let later, _) = try host.call("clocked", "elapsed", [.i32(5)], budget: 1000)
    else { return }
    #expect(later == [.i64(5)])
  }

  @Test func aKVReadWritesItsValueAgainAndCostsTheSame() throws {
    let plainStore = InMemoryKeyValueStore()
    try plainStore.setValue(
      Array("A".utf8), forKey: Array("k".utf8), in: "fetcher", quota: Self.quota)
    let plainHost = PluginHost(configuration: .init(keyValueStore: plainStore))
    try plainHost.load(PluginSource(name: "fetcher", wat: Self.fetcher))
    let plain = try plainHost.call("fetcher", "fetch", budget: 1000)

    let store = InMemoryKeyValueStore()
    try store.setValue(Array("A".utf8), forKey: Array("k".utf8), in: "fetcher", quota: Self.quota)
    let host = PluginHost(configuration: .init(keyValueStore: store))
    try host.load(PluginSource(name: "fetcher", wat: Self.fetcher))
    try host.setBreakpoint("fetcher", "fetch")
    let call = try Calls().paused(try host.call("fetcher", "fetch", budget: 1000))
    // Past the get and the set, which changes the value (and so what a get would cost).
    _ = try host.step(call.id, .instructions(12), budget: 1000)
    try host.back(call.id, 12)
    #expect(try host.history(of: call.id).hostCalls == 2)
    try host.deleteBreakpoint(1)
    #expect("\(try finish(host, call.id, slice: 3))" == "\(plain)")
    #expect(
      "\(plain)" == "\(CallOutcome.completed(values: [.i32(66)], ticks: try ticks(of: plain)))")
  }

  /// What `body` throws, as text; `nil` when it throws nothing.
  func failure(_ body: () throws -> Any) -> String? {
    do {
      _ = try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  func ticks(of outcome: CallOutcome) throws -> UInt64 {
    guard case .completed(_, let ticks) = outcome else { throw HistoryError.notPaused }
    return ticks
  }

  @Test func badRequestsAreErrors() throws {
    let host = try Calls().host()
    #expect(
      failure { try host.back(PausedCallID(rawValue: 9), 1) }
        == "\(PluginHostError.unknownPausedCall(PausedCallID(rawValue: 9)))")
    // Paused by its budget, never stopped by the debugger: no history.
    let budgeted = try Calls().paused(
      try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 3))
    #expect(
      failure { try host.back(budgeted.id, 1) } == "\(PluginHostError.noHistory(budgeted.id))")
    #expect(
      failure { try host.history(of: budgeted.id) } == "\(PluginHostError.noHistory(budgeted.id))")
    try host.setBreakpoint("mathlib", "square")
    let call = try Calls().paused(
      try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000))
    #expect(
      failure { try host.back(call.id, 0) } == "\(PluginHostError.timeTravel(.nothingToUndo))")
    #expect(
      failure { try host.back(call.id, 1) }
        == "\(PluginHostError.timeTravel(.beforeHistory(requested: 1, available: 0)))")
    _ = try host.step(call.id, .instructions(2), budget: 1000)
    #expect(
      failure { try host.back(call.id, 3) }
        == "\(PluginHostError.timeTravel(.beforeHistory(requested: 3, available: 2)))")
    // Another call runs: the history goes, as that call may change what they share.
    _ = try host.resume(budgeted.id, budget: 1)
    #expect(failure { try host.back(call.id, 1) } == "\(PluginHostError.noHistory(call.id))")
    // A completed call is no paused call.
    try host.deleteBreakpoint(1)
    _ = try host.resume(call.id, budget: 1000)
    #expect(
      failure { try host.back(call.id, 1) } == "\(PluginHostError.unknownPausedCall(call.id))")
  }
}
