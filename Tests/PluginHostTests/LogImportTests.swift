import Logging
import PluginHost
import Testing
import WasmVM

@Suite struct LogImportTests {
  static let greeter = """
    (module
      (import "log" "write" (func $log (param i32 i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 16) "hello, host")
      (data (i32.const 64) "bad \\ff byte")
      (func (export "hello") (call $log (i32.const 2) (i32.const 16) (i32.const 11)))
      (func (export "write") (param i32 i32 i32)
        (call $log (local.get 0) (local.get 1) (local.get 2))))
    """

  @Test func routesMessagesToSwiftLogWithThePluginName() throws {
    let test = TestHost()
    try test.host.load(PluginSource(name: "greeter", wat: Self.greeter))
    _ = try test.host.run("greeter", "hello")
    #expect(
      test.logs.lines == [LoggedLine(level: .info, message: "hello, host", plugin: "greeter")])
  }

  @Test func mapsEveryGuestLevel() throws {
    let test = TestHost()
    try test.host.load(PluginSource(name: "greeter", wat: Self.greeter))
    for level in 0..<7 {
      _ = try test.host.run("greeter", "write", [.i32(UInt32(level)), .i32(16), .i32(5)])
    }
    #expect(
      test.logs.lines.map(\.level) == [.trace, .debug, .info, .notice, .warning, .error, .critical])
    #expect(test.logs.lines.allSatisfy { $0.message == "hello" && $0.plugin == "greeter" })
  }

  @Test func replacesInvalidUTF8() throws {
    let test = TestHost()
    try test.host.load(PluginSource(name: "greeter", wat: Self.greeter))
    _ = try test.host.run("greeter", "write", [.i32(4), .i32(64), .i32(10)])
    #expect(test.logs.lines.first?.message == "bad \u{FFFD} byte")
  }

  @Test func invalidLevelTraps() throws {
    let test = TestHost()
    try test.host.load(PluginSource(name: "greeter", wat: Self.greeter))
    let trap = try test.host.trap("greeter", "write", [.i32(7), .i32(16), .i32(5)])
    #expect(trap.message.contains("invalid log level 7"))
    #expect(test.logs.lines.isEmpty)
  }

  @Test func outOfBoundsMessageTraps() throws {
    let test = TestHost()
    try test.host.load(PluginSource(name: "greeter", wat: Self.greeter))
    let trap = try test.host.trap("greeter", "write", [.i32(2), .i32(65530), .i32(10)])
    #expect(trap.message.hasPrefix("out of bounds memory access in host call log.write"))
    let wrapped = try test.host.trap("greeter", "write", [.i32(2), .i32(0xFFFF_FFFF), .i32(2)])
    #expect(wrapped.message.hasPrefix("out of bounds memory access in host call log.write"))
    #expect(test.logs.lines.isEmpty)
  }

  @Test func chargesTicksPerByteLogged() throws {
    func ticks(perByte: UInt64) throws -> UInt64 {
      let test = TestHost(hostTicksPerByte: perByte)
      try test.host.load(PluginSource(name: "greeter", wat: Self.greeter))
      guard case .completed(_, let ticks) = try test.host.call("greeter", "hello", budget: 1000)
      else { throw TestFailure("hello did not complete") }
      return ticks
    }
    #expect(try ticks(perByte: 1) == ticks(perByte: 0) + 11)
    #expect(try ticks(perByte: 3) == ticks(perByte: 0) + 33)
  }
}
