import PluginHost
import Testing
import WasmVM

/// `Plugin.imports` lists what a plugin imports and what each is linked to, and load errors
/// keep WasmVM's typed errors as their cause (issue 17, item 21).
@Suite struct PluginImportsTests {
  @Test func importsNameTheirProviders() throws {
    let host = PluginHost()
    try host.load(
      PluginSource(
        name: "lib",
        wat: #"(module (memory (export "memory") 1) (func (export "f") (result i32) i32.const 1))"#
      ))
    let user = try host.load(
      PluginSource(
        name: "user",
        wat: """
          (module
            (import "log" "write" (func (param i32 i32 i32)))
            (import "lib" "f" (func (result i32)))
            (import "lib" "memory" (memory 1))
            (export "memory" (memory 0)))
          """, links: .plugins(["lib"])))
    #expect(
      user.imports.map { "\($0.module).\($0.name)" } == ["log.write", "lib.f", "lib.memory"])
    #expect(
      user.imports.map(\.provider) == [.capability(.log), .plugin("lib"), .plugin("lib")])
    guard case .memory(let type) = user.imports[2].descriptor else {
      Issue.record("expected a memory import, got \(user.imports[2].descriptor)")
      return
    }
    #expect(type.limits.min == 1)
    #expect(host.plugin(named: "lib")?.imports.isEmpty == true)
  }

  @Test func anInstantiationTrapKeepsWasmVMsError() {
    let host = PluginHost()
    let error = hostError {
      try host.load(
        PluginSource(name: "oob", wat: #"(module (memory 1) (data (i32.const 70000) "x"))"#))
    }
    guard case .instantiationFailed(plugin: "oob", .trap(let trap))? = error else {
      Issue.record(
        "expected instantiationFailed with WasmVM's trap, got \(String(describing: error))")
      return
    }
    #expect(trap.kind == .outOfBoundsMemoryAccess)
  }
}
