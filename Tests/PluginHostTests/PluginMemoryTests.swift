import PluginHost
import Synchronization
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
    /// Counts the resident pages of the plugin's memory itself (its address range), not of
    /// the process, which tests running beside this one change: the process's count once
    /// missed 64 MiB touched here by 2 MiB while another test freed memory.
    @Test func untouchedPagesCostNothingAndUnloadingGivesTouchedOnesBack() throws {
      let touched = 64 << 20
      let host = PluginHost()
      let plugin = try host.load(PluginSource(name: "large", wat: Self.large))
      #expect(plugin.name == "large")
      func range(_ plugin: Plugin?) throws -> (start: UInt, count: Int) {
        try #require(plugin?.instance.memory(at: 0)).reservation
      }
      func touch() throws {
        let outcome = try host.call("large", "touch", [.i32(UInt32(touched))], budget: 10_000_000)
        guard case .completed = outcome else {
          throw TestFailure("touch did not complete: \(outcome)")
        }
      }
      let first = try range(plugin)
      let loaded = residentBytes(inRangeAt: first.start, count: first.count)
      #expect(loaded < 1 << 20, "loading 65,536 pages made \(loaded) bytes resident")

      try touch()
      let peak = residentBytes(inRangeAt: first.start, count: first.count)
      #expect(peak >= touched, "touching 64 MiB made \(peak) bytes resident")

      try host.reload("large", from: PluginSource(name: "large", wat: Self.large))
      let reloaded = residentBytes(inRangeAt: first.start, count: first.count)
      #expect(reloaded < touched / 2, "after reloading, \(reloaded) bytes stayed resident")

      let second = try range(host.plugin(named: "large"))
      try touch()
      try host.unload("large")
      let unloaded = residentBytes(inRangeAt: second.start, count: second.count)
      #expect(unloaded < touched / 2, "after unloading, \(unloaded) bytes stayed resident")
    }

    /// A plugin whose start function touches 64 MiB and then traps fails to load and keeps
    /// none of it: its memory is freed, which unmaps its pages (that freeing a memory gives
    /// its pages back, the test above checks on the memory's own range). The start function
    /// hands its memory to an app function first, which notes it weakly. Counting the
    /// process's resident set instead, as this test did, failed under load: the tests
    /// running beside it changed that count by up to 64 MiB; and the memory's range cannot be
    /// looked at after it is unmapped, since another test's memory may be mapped there.
    @Test func aFailedLoadGivesItsMemoryBack() throws {
      let failing = """
        (module
          (import "app" "note" (func $note))
          (memory 1024)
          (func $start (local $i i32)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (i32.const 0x4000000)))
                (i32.store8 (local.get $i) (i32.const 1))
                (local.set $i (i32.add (local.get $i) (i32.const 4096)))
                (br $next)))
            (call $note)
            unreachable)
          (start $start))
        """
      let noted = Mutex(NotedMemory())
      let note = HostCapability.Function("note") { (call: CapabilityCall) throws in
        let memory = try call.memory.underlyingMemory
        let range = memory.reservation
        let resident = residentBytes(inRangeAt: range.start, count: range.count)
        noted.withLock { $0 = NotedMemory(memory: memory, resident: resident) }
      }
      let host = PluginHost(
        configuration: PluginHost.Configuration(
          capabilities: [HostCapability("app", functions: [note])]))
      #expect(throws: PluginHostError.self) {
        try host.load(PluginSource(name: "failing", wat: failing, capabilities: ["app"]))
      }
      let resident = noted.withLock { $0.resident }
      #expect(resident >= 64 << 20, "touching 64 MiB made \(resident) bytes resident")
      #expect(noted.withLock { $0.memory } == nil, "a failed load kept its memory")
    }
  #endif
}

/// A plugin's memory, held weakly, and its resident bytes when it was noted.
private struct NotedMemory: @unchecked Sendable {
  weak var memory: Memory?
  var resident = 0
}
