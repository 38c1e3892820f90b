import PluginHost
import TestSupport
import Testing
import WasmVM

/// A plugin's linear memory costs resident pages only where the guest writes, and gives them
/// back when the plugin is unloaded or reloaded.
@Suite struct PluginMemoryTests {
  /// A plugin with a 4 GiB memory whose `touch(n)` writes a byte into each 4 KiB of its
  /// first `n` bytes.
  static let large = """
    (module
      (memory (export "memory") 65536)
      (func (export "touch") (param $n i32) (local $i i32)
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (i32.store8 (local.get $i) (i32.const 1))
            (local.set $i (i32.add (local.get $i) (i32.const 4096)))
            (br $next)))))
    """

  #if os(Linux)
    @Test func untouchedPagesCostNothingAndUnloadingGivesTouchedOnesBack() throws {
      try measuringResidentMemory {
        let touched = 64 << 20
        let host = PluginHost()
        let before = try #require(residentBytes())
        let plugin = try host.load(PluginSource(name: "large", wat: Self.large))
        let loaded = try #require(residentBytes())
        #expect(plugin.name == "large")
        #expect(loaded - before < 50 << 20, "loading 65,536 pages took \(loaded - before) bytes")

        let outcome = try host.call("large", "touch", [.i32(UInt32(touched))], budget: 10_000_000)
        guard case .completed = outcome else {
          Issue.record("touch did not complete: \(outcome)")
          return
        }
        let peak = try #require(residentBytes())
        #expect(peak - loaded > touched / 2, "touching 64 MiB raised RSS by \(peak - loaded)")

        try host.reload("large", from: PluginSource(name: "large", wat: Self.large))
        let reloaded = try #require(residentBytes())
        #expect(peak - reloaded > touched / 2, "reloading lowered RSS by \(peak - reloaded)")

        _ = try host.call("large", "touch", [.i32(UInt32(touched))], budget: 10_000_000)
        let again = try #require(residentBytes())
        try host.unload("large")
        let unloaded = try #require(residentBytes())
        #expect(again - unloaded > touched / 2, "unloading lowered RSS by \(again - unloaded)")
      }
    }

    /// A plugin whose start function touches 64 MiB and then traps fails to load and keeps
    /// none of it.
    @Test func aFailedLoadGivesItsMemoryBack() throws {
      try measuringResidentMemory {
        let failing = """
          (module
            (memory 1024)
            (func $start (local $i i32)
              (block $done
                (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (i32.const 0x4000000)))
                  (i32.store8 (local.get $i) (i32.const 1))
                  (local.set $i (i32.add (local.get $i) (i32.const 4096)))
                  (br $next)))
              unreachable)
            (start $start))
          """
        let host = PluginHost()
        let before = try #require(residentBytes())
        #expect(throws: PluginHostError.self) {
          try host.load(PluginSource(name: "failing", wat: failing))
        }
        let after = try #require(residentBytes())
        #expect(after - before < 16 << 20, "a failed load kept \(after - before) bytes")
      }
    }
  #endif
}
