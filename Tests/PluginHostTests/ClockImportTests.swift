import PluginHost
import Testing
import WasmVM

@Suite struct ClockImportTests {
  static let timer = """
    (module
      (import "clock" "wall_ms" (func $wall (result i64)))
      (import "clock" "monotonic_ns" (func $mono (result i64)))
      (func (export "wall") (result i64) (call $wall))
      (func (export "mono") (result i64) (call $mono)))
    """

  @Test func readsTheInjectedClock() throws {
    let test = TestHost()
    try test.host.load(PluginSource(name: "timer", wat: Self.timer))
    test.clock.set(wall: 1_764_100_000_123, monotonic: 987_654_321)
    #expect(try test.host.run("timer", "wall") == [.i64(1_764_100_000_123)])
    #expect(try test.host.run("timer", "mono") == [.i64(987_654_321)])
    test.clock.set(wall: 5, monotonic: 987_654_322)
    #expect(try test.host.run("timer", "wall") == [.i64(5)])
    #expect(try test.host.run("timer", "mono") == [.i64(987_654_322)])
  }

  @Test func systemClockIsPlausibleAndMonotonic() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "timer", wat: Self.timer))
    guard case .i64(let wall)? = try host.run("timer", "wall").first else {
      throw TestFailure("no i64")
    }
    #expect(wall > 1_700_000_000_000)
    guard case .i64(let first)? = try host.run("timer", "mono").first,
      case .i64(let second)? = try host.run("timer", "mono").first
    else { throw TestFailure("no i64") }
    #expect(second >= first)
  }

  @Test func clockNeedsNoMemoryExport() throws {
    let host = PluginHost()
    #expect(hostError { try host.load(PluginSource(name: "timer", wat: Self.timer)) } == nil)
  }

  @Test func deniedWithoutTheCapability() {
    let host = PluginHost()
    let error = linkError {
      try host.load(PluginSource(name: "timer", wat: Self.timer, capabilities: [.log, .kv]))
    }
    #expect(error?.reason == .capabilityNotGranted(.clock))
    #expect(error?.module == "clock")
    #expect(error?.field == "wall_ms")
    #expect(host.plugins.isEmpty)
  }
}
