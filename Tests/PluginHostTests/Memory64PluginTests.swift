import PluginHost
import Testing
import WasmVM

/// A plugin with a 64-bit memory (memory64): the capabilities pass 32-bit pointers, so the
/// built-in ones that take pointers (`log`, `kv`, `io`) refuse to link, naming the plugin and
/// the import, and an app's function that reaches for the memory traps; the plugin's own code
/// and the capabilities without pointers (`clock`) work.
@Suite struct Memory64PluginTests {
  @Test func pointerCapabilitiesRefuseAMemory64PluginAtLoad() {
    let imports = [
      #"(import "log" "write" (func (param i32 i32 i32)))"#,
      #"(import "kv" "get" (func (param i32 i32 i32 i32) (result i32)))"#,
      #"(import "io" "output_write" (func (param i32 i32) (result i32)))"#,
    ]
    for (index, entry) in imports.enumerated() {
      let host = PluginHost()
      let error = linkError {
        try host.load(PluginSource(name: "wide", wat: "(module \(entry) (memory i64 1))"))
      }
      #expect(error?.reason == .memory64, "\(entry)")
      #expect(error?.plugin == "wide")
      let field = ["log.write", "kv.get", "io.output_write"][index]
      #expect(
        error?.description
          == "plugin \"wide\" imports \"\(field)\", which takes 32-bit pointers into the "
          + "plugin's memory, but the plugin's memory is 64-bit (memory64), which host "
          + "capabilities do not address: use a 32-bit memory or remove the import")
      #expect(host.plugin(named: "wide") == nil)
    }
    // An imported 64-bit memory is memory 0 too: refused the same way.
    let host = PluginHost()
    let imported = linkError {
      _ = try host.load([
        PluginSource(name: "mem", wat: #"(module (memory (export "m") i64 1))"#),
        PluginSource(
          name: "user",
          wat: """
            (module (import "mem" "m" (memory i64 1))
              (import "log" "write" (func (param i32 i32 i32))))
            """, links: .plugins(["mem"])),
      ])
    }
    #expect(imported?.reason == .memory64)
    #expect(imported?.plugin == "user")
  }

  @Test func aMemory64PluginRunsAndUsesPointerFreeCapabilities() throws {
    let host = PluginHost()
    try host.load(
      PluginSource(
        name: "wide",
        wat: """
          (module
            (import "clock" "monotonic_ns" (func $now (result i64)))
            (memory i64 1)
            (func (export "run") (param i64) (result i64)
              (drop (call $now))
              (i64.store (local.get 0) (i64.const 41))
              (i64.add (i64.load (local.get 0)) (i64.const 1)))
            (func (export "far") (result i64) (i64.load (i64.const 0x1_0000_0000))))
          """))
    guard case .completed(let values, _) = try host.call("wide", "run", [.i64(4096)], budget: 1000)
    else {
      Issue.record("run did not complete")
      return
    }
    #expect(values == [.i64(42)])
    guard case .trapped(let trap, _) = try host.call("wide", "far", [], budget: 1000) else {
      Issue.record("far did not trap")
      return
    }
    #expect(trap.kind == .outOfBoundsMemoryAccess)
  }

  @Test func anAppFunctionThatReadsMemoryTrapsForAMemory64Plugin() throws {
    let capability = HostCapability(
      "app",
      functions: [
        .init("peek") { (call: CapabilityCall, pointer: UInt32) throws -> Int32 in
          Int32(try call.memory.load(UInt8.self, at: pointer))
        }
      ])
    let host = PluginHost(configuration: PluginHost.Configuration(capabilities: [capability]))
    try host.load(
      PluginSource(
        name: "wide",
        wat: """
          (module (import "app" "peek" (func $peek (param i32) (result i32)))
            (memory i64 1)
            (func (export "run") (result i32) (call $peek (i32.const 0))))
          """, capabilities: ["app"]))
    guard case .trapped(let trap, _) = try host.call("wide", "run", [], budget: 1000) else {
      Issue.record("run did not trap")
      return
    }
    #expect(
      trap.message.contains(
        "host call app.peek: plugin \"wide\" has a 64-bit memory (memory64), which "
          + "capabilities do not address"))
  }
}
