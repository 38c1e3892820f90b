import PluginHost
import Testing
import WasmVM

@Suite struct SmokeTests {
  @Test func addsNumbers() throws {
    let host = PluginHost()
    try host.load(
      PluginSource(
        name: "math",
        wat: """
          (module (func (export "add") (param i32 i32) (result i32)
            local.get 0 local.get 1 i32.add))
          """))
    #expect(try host.run("math", "add", [.i32(2), .i32(40)]) == [.i32(42)])
  }
}
