import PluginHost
import Testing
import WasmVM

@Suite struct StartFunctionTests {
  @Test func startRunsAtLoadWithHostImports() throws {
    let test = TestHost()
    try test.host.load(
      PluginSource(
        name: "starter",
        wat: """
          (module
            (import "log" "write" (func $log (param i32 i32 i32)))
            (memory (export "memory") 1)
            (global $ready (mut i32) (i32.const 0))
            (data (i32.const 0) "ready")
            (func $init
              (call $log (i32.const 2) (i32.const 0) (i32.const 5))
              (global.set $ready (i32.const 1)))
            (start $init)
            (func (export "ready") (result i32) (global.get $ready)))
          """))
    #expect(test.logs.lines == [LoggedLine(level: .info, message: "ready", plugin: "starter")])
    #expect(try test.host.run("starter", "ready") == [.i32(1)])
  }

  /// Sleeping costs no ticks, so a start function looping on `clock.sleep` once hung `load`
  /// for ever (issue 25 item 16): its sleeps now add up to at most maxSleepMilliseconds, a
  /// minute here, of virtual time (so the test takes none).
  @Test func aStartFunctionsSleepsAreBoundedInAll() {
    let clock = VirtualClock()
    let host = PluginHost(configuration: .init(clock: clock, maxSleepMilliseconds: 60_000))
    let error = hostError {
      try host.load(
        PluginSource(
          name: "sleeper",
          wat: """
            (module
              (import "clock" "sleep" (func $sleep (param i64)))
              (func $start (loop $again (call $sleep (i64.const 20)) (br $again)))
              (start $start))
            """))
    }
    let message = error.map { "\($0)" } ?? "loaded"
    #expect(message.contains("a start function may sleep 60000 ms in all"), "\(message)")
    #expect(host.plugin(named: "sleeper") == nil)
    #expect(clock.nanoseconds == 60_000_000_000)
  }

  /// A sleep as long as the host allows, even 2^63 ms or more, waits (and can be paused)
  /// instead of overflowing the deadline.
  @Test func theLongestSleepDoesNotOverflow() async throws {
    let host = AsyncPluginHost(configuration: .init(maxSleepMilliseconds: .max))
    try host.load([
      PluginSource(
        name: "long",
        wat: """
          (module
            (import "clock" "sleep" (func $sleep (param i64)))
            (func (export "run") (call $sleep (i64.const -1))))
          """)
    ])
    let id = try host.start("long", "run", budget: 1_000)
    let task = Task { try await host.outcome(of: id) }
    while host.runningCalls.first?.waitingOn == nil { await Task.yield() }
    host.pause(id)
    guard case .paused(let paused) = try await task.value else {
      Issue.record("expected a pause")
      return
    }
    #expect(paused.id == id)
  }

  @Test func endlessStartFailsTheLoadWithinItsBudget() {
    let host = PluginHost(configuration: .init(startBudget: 10_000))
    let error = hostError {
      try host.load(
        PluginSource(
          name: "spinner", wat: "(module (func $spin (loop $l (br $l))) (start $spin))"))
    }
    #expect(
      error?.description
        == "plugin \"spinner\" could not be instantiated: start function did not finish within "
        + "10000 ticks; raise Configuration.startBudget or do less work at start")
    #expect(
      error?.description(naming: { _ in "the budget" }).hasSuffix(
        "raise the budget or do less work at start") == true)
    guard case .limitExceeded("spinner", .startBudget, _)? = error else {
      Issue.record(
        "expected the start budget as the exceeded limit, got \(String(describing: error))")
      return
    }
    #expect(host.plugins.isEmpty)
  }

  @Test func trappingStartFailsTheLoad() {
    let host = PluginHost()
    guard
      case .startFunctionTrapped(plugin: "bad", let trap)? = hostError({
        try host.load(
          PluginSource(name: "bad", wat: "(module (func $boom (unreachable)) (start $boom))"))
      })
    else {
      Issue.record("expected startFunctionTrapped")
      return
    }
    #expect(trap.kind == .unreachable)
    #expect(trap.backtrace.map(\.name) == ["boom"])
    #expect(host.plugins.isEmpty)
  }
}
