import PluginHost
import TestSupport
import Testing
import WasmVM

/// Plugins that try to hurt the host: each must end in a pause, a trap, a refusal or a clear
/// error, with the host still usable afterwards.
@Suite struct HostilePluginTests {
  /// A module whose `ok` export proves the host still runs guest code after an attack.
  static let canary = """
    (module (func (export "ok") (result i32) (i32.const 7)))
    """

  /// Loads the canary (once) and checks it still answers.
  func expectHostAlive(_ host: PluginHost) throws {
    if host.plugin(named: "canary") == nil {
      try host.load(PluginSource(name: "canary", wat: Self.canary))
    }
    let outcome = try host.call("canary", "ok", budget: 100)
    guard case .completed(let values, _) = outcome else {
      Issue.record("canary did not complete: \(outcome)")
      return
    }
    #expect(values == [.i32(7)])
  }

  @Test func infiniteLoopPausesAtTheBudgetAndCanBeCancelled() throws {
    let host = PluginHost()
    try host.load(
      PluginSource(
        name: "spin", wat: "(module (func (export \"run\") (loop $l (br $l))))"))
    var outcome = try host.call("spin", "run", budget: 10_000)
    for round in 1...5 {
      guard case .paused(let paused) = outcome else {
        Issue.record("round \(round): expected a pause, got \(outcome)")
        return
      }
      #expect(paused.ticksUsed <= UInt64(round) * 10_000)
      #expect(paused.ticksUsed > UInt64(round - 1) * 10_000)
      outcome = try host.resume(paused.id, budget: 10_000)
    }
    guard case .paused(let last) = outcome else {
      Issue.record("expected a pause, got \(outcome)")
      return
    }
    try host.cancel(last.id)
    #expect(host.pausedCalls.isEmpty)
    try expectHostAlive(host)
  }

  @Test func unboundedRecursionTrapsAndTheHostSurvives() throws {
    let host = PluginHost()
    try host.load(
      PluginSource(
        name: "deep",
        wat: """
          (module
            (func $f (export "run") (call $f))
            (func $g (export "wide") (param i64) (local i64 i64 i64 i64 i64 i64 i64)
              (call $g (local.get 0))))
          """))
    for export in ["run", "wide"] {
      let outcome = try host.call(
        "deep", export, export == "wide" ? [.i64(1)] : [],
        budget: 100_000_000)
      guard case .trapped(let trap, _) = outcome else {
        Issue.record("\(export): expected a trap, got \(outcome)")
        continue
      }
      #expect(trap.kind == .callStackExhausted)
    }
    try expectHostAlive(host)
  }

  @Test func memoryGrowStopsAtTheCapWithMinusOne() throws {
    let host = PluginHost(
      configuration: .init(resourceLimits: ResourceLimits(maxMemoryPages: 4)))
    try host.load(
      PluginSource(
        name: "grower",
        wat: """
          (module
            (memory 1)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "size") (result i32) (memory.size))
            (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 1))))
          """))
    let cases: [(UInt32, UInt32)] = [
      (3, 1),  // to the cap exactly: succeeds, returns the old size
      (1, UInt32(bitPattern: -1)),  // one past the cap
      (0, 4),  // growing by nothing reports the size
      (0x7FFF_FFFF, UInt32(bitPattern: -1)),
      (0xFFFF_FFFF, UInt32(bitPattern: -1)),
      (0x1_0000, UInt32(bitPattern: -1)),
    ]
    for (delta, expected) in cases {
      let outcome = try host.call("grower", "grow", [.i32(delta)], budget: 1_000_000)
      guard case .completed(let values, _) = outcome else {
        Issue.record("grow \(delta): \(outcome)")
        continue
      }
      #expect(values == [.i32(expected)], "memory.grow \(delta)")
    }
    let size = try host.call("grower", "size", budget: 10)
    guard case .completed(let values, _) = size else {
      Issue.record("size: \(size)")
      return
    }
    #expect(values == [.i32(4)])
    // The last byte of the cap is usable, the first byte past it traps.
    let inside = try host.call("grower", "poke", [.i32(4 * 65536 - 1)], budget: 10)
    guard case .completed = inside else {
      Issue.record("poke inside: \(inside)")
      return
    }
    let outside = try host.call("grower", "poke", [.i32(4 * 65536)], budget: 10)
    guard case .trapped(let trap, _) = outside else {
      Issue.record("poke outside: \(outside)")
      return
    }
    #expect(trap.kind == .outOfBoundsMemoryAccess)
  }

  @Test func giganticMemoryFillRunsInBudgetedChunks() throws {
    let pages: UInt32 = 1024
    let bytes = UInt64(pages) * 65536
    let host = PluginHost()
    try host.load(
      PluginSource(
        name: "filler",
        wat: """
          (module
            (memory \(pages))
            (func (export "fill") (memory.fill (i32.const 0) (i32.const 0xAB)
              (i32.const \(bytes))))
            (func (export "at") (param i32) (result i32) (i32.load8_u (local.get 0))))
          """))
    let budget: UInt64 = 4_000_000
    var outcome = try host.call("filler", "fill", budget: budget)
    var slices = 1
    var previous: UInt64 = 0
    while case .paused(let paused) = outcome {
      // Each slice stays within its budget and makes progress.
      #expect(paused.ticksUsed - previous <= budget)
      #expect(paused.ticksUsed > previous)
      previous = paused.ticksUsed
      // Mid-fill, the end of memory is still untouched: the work really is chunked.
      if slices == 1 {
        let end = try host.call("filler", "at", [.i32(UInt32(bytes - 1))], budget: 10)
        guard case .completed(let values, _) = end else {
          Issue.record("at: \(end)")
          return
        }
        #expect(values == [.i32(0)])
      }
      outcome = try host.resume(paused.id, budget: budget)
      slices += 1
      if slices > 100 { break }
    }
    guard case .completed(_, let ticks) = outcome else {
      Issue.record("fill did not complete: \(outcome)")
      return
    }
    #expect(slices >= Int(bytes / budget))
    // 1 + 1 per byte for the fill, a few ticks for the rest; slicing changes nothing.
    #expect(ticks >= bytes + 1 && ticks <= bytes + 8)
    let whole = try host.call("filler", "fill", budget: .max)
    guard case .completed(_, let unsliced) = whole else {
      Issue.record("unsliced fill: \(whole)")
      return
    }
    #expect(unsliced == ticks)
    let end = try host.call("filler", "at", [.i32(UInt32(bytes - 1))], budget: 10)
    guard case .completed(let values, _) = end else {
      Issue.record("at: \(end)")
      return
    }
    #expect(values == [.i32(0xAB)])
  }

  @Test func keyValueFloodHitsTheQuota() throws {
    let host = PluginHost(
      configuration: .init(
        keyValueLimits: KeyValueLimits(maxBytesPerPlugin: 10_000, maxKeysPerPlugin: 50)))
    // Writes keys "k0000", "k0001", … until `kv.set` refuses; returns the refusal code and
    // leaves the number of keys written at offset 64.
    try host.load(
      PluginSource(
        name: "flood",
        wat: """
          (module
            (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
            (memory (export "memory") 1)
            (data (i32.const 0) "k0000")
            (func (export "run") (result i32)
              (local $n i32) (local $code i32)
              (block $done
                (loop $next
                  (i32.store8 (i32.const 1) (i32.add (i32.const 48)
                    (i32.rem_u (i32.div_u (local.get $n) (i32.const 1000)) (i32.const 10))))
                  (i32.store8 (i32.const 2) (i32.add (i32.const 48)
                    (i32.rem_u (i32.div_u (local.get $n) (i32.const 100)) (i32.const 10))))
                  (i32.store8 (i32.const 3) (i32.add (i32.const 48)
                    (i32.rem_u (i32.div_u (local.get $n) (i32.const 10)) (i32.const 10))))
                  (i32.store8 (i32.const 4) (i32.add (i32.const 48)
                    (i32.rem_u (local.get $n) (i32.const 10))))
                  (local.set $code
                    (call $set (i32.const 0) (i32.const 5) (i32.const 100) (i32.const 20)))
                  (br_if $done (local.get $code))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))
                  (br_if $next (i32.lt_u (local.get $n) (i32.const 100000)))))
              (i32.store (i32.const 64) (local.get $n))
              (local.get $code))
            (func (export "written") (result i32) (i32.load (i32.const 64))))
          """))
    let outcome = try host.call("flood", "run", budget: 100_000_000)
    guard case .completed(let values, _) = outcome else {
      Issue.record("flood: \(outcome)")
      return
    }
    #expect(values == [.i32(UInt32(bitPattern: -5))])
    let written = try host.call("flood", "written", budget: 10)
    guard case .completed(let count, _) = written else {
      Issue.record("written: \(written)")
      return
    }
    #expect(count == [.i32(50)])
    let usage = try host.keyValueStore.usage(of: "flood")
    #expect(usage == KeyValueUsage(bytes: 50 * 25, keys: 50))
    try expectHostAlive(host)
  }

  @Test(arguments: malformedModules)
  func malformedModuleIsAClearError(name: String, bytes: [UInt8]) throws {
    let host = PluginHost()
    #expect {
      try host.load(PluginSource(name: "bad", wasm: bytes))
    } throws: { error in
      guard let error = error as? PluginHostError,
        case .invalidModule(let plugin, let cause) = error
      else { return false }
      return plugin == "bad" && !cause.description.isEmpty
    }
    #expect(host.plugins.isEmpty)
    try expectHostAlive(host)
  }

  @Test func hugeGarbageModuleIsRefused() throws {
    let host = PluginHost()
    // 32 MiB of garbage after a valid header: one giant section of an unknown id.
    var garbage = Binary.header + [0x7E] + Binary.uleb(32 << 20)
    garbage += [UInt8](repeating: 0xFF, count: 32 << 20)
    #expect(throws: PluginHostError.self) {
      try host.load(PluginSource(name: "garbage", wasm: garbage))
    }
    #expect(host.plugins.isEmpty)
    try expectHostAlive(host)
  }

  @Test func largeModuleBeyondTheMemoryCapIsRefused() throws {
    let host = PluginHost(
      configuration: .init(resourceLimits: ResourceLimits(maxMemoryPages: 16)))
    // A large but valid module: thousands of exported functions and a memory beyond the cap.
    var wat = "(module (memory 65536)"
    for index in 0..<2_000 { wat += " (func (export \"f\(index)\") (result i32) (i32.const 1))" }
    wat += ")"
    #expect {
      try host.load(PluginSource(name: "big", wat: wat))
    } throws: { error in
      guard case PluginHostError.limitExceeded("big", .memoryPages, _) = error else {
        return false
      }
      return true
    }
    #expect(host.plugins.isEmpty)
    try expectHostAlive(host)
  }

  @Test func importOfACapabilityNotGrantedIsALinkError() throws {
    let host = PluginHost()
    let source = PluginSource(
      name: "sneaky",
      wat: """
        (module
          (import "kv" "set" (func (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1))
        """,
      capabilities: [.log, .clock])
    #expect {
      try host.load(source)
    } throws: { error in
      guard let error = error as? PluginHostError, case .link(let link) = error else {
        return false
      }
      return link.plugin == "sneaky" && link.module == "kv" && link.field == "set"
        && link.reason == .capabilityNotGranted(.kv)
    }
    #expect(host.plugin(named: "sneaky") == nil)
  }

  /// Host imports handed ranges outside memory must trap before touching anything.
  @Test(arguments: [
    ("log.write", "(call $log (i32.const 2) (i32.const 65530) (i32.const 100))"),
    ("log.write", "(call $log (i32.const 2) (i32.const -1) (i32.const 2))"),
    ("log.write", "(call $log (i32.const 2) (i32.const 0) (i32.const -1))"),
    ("kv.set", "(drop (call $set (i32.const 0) (i32.const 3) (i32.const 65535) (i32.const 2)))"),
    ("kv.set", "(drop (call $set (i32.const -4) (i32.const 8) (i32.const 0) (i32.const 1)))"),
    ("kv.get", "(drop (call $get (i32.const 0) (i32.const 3) (i32.const 65536) (i32.const 1)))"),
    ("kv.get", "(drop (call $get (i32.const 0) (i32.const 3) (i32.const 8) (i32.const -8)))"),
    ("kv.list", "(drop (call $list (i32.const 65000) (i32.const 1000)))"),
  ])
  func hostImportWithOutOfBoundsPointersTraps(import name: String, body: String) throws {
    let host = PluginHost()
    try host.keyValueStore.setValue(
      [UInt8](repeating: 0x55, count: 64), forKey: Array("key".utf8), in: "oob",
      quota: KeyValueLimits().quota)
    try host.load(
      PluginSource(
        name: "oob",
        wat: """
          (module
            (import "log" "write" (func $log (param i32 i32 i32)))
            (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
            (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
            (import "kv" "list" (func $list (param i32 i32) (result i32)))
            (memory (export "memory") 1 1)
            (data (i32.const 0) "key")
            (func (export "run") \(body)))
          """))
    let outcome = try host.call("oob", "run", budget: 10_000)
    guard case .trapped(let trap, _) = outcome else {
      Issue.record("\(name): expected a trap, got \(outcome)")
      return
    }
    #expect(trap.message.contains("out of bounds"), "\(trap)")
    #expect(trap.message.contains(name), "\(trap)")
    // The stored value is untouched.
    #expect(
      try host.keyValueStore.value(forKey: Array("key".utf8), in: "oob")
        == [UInt8](repeating: 0x55, count: 64))
    try expectHostAlive(host)
  }

}

/// Modules that must be refused with ``PluginHostError/invalidModule(plugin:error:)``.
let malformedModules: [(String, [UInt8])] = [
  ("empty", [UInt8]()),
  ("bad magic", [0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00]),
  ("bad version", [0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]),
  ("truncated header", [0x00, 0x61, 0x73]),
  // A type section claiming 4 GiB of content.
  ("huge section size", Binary.header + [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
  // A type section claiming 2^32-1 entries in 5 bytes.
  ("huge vector count", Binary.header + [0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
  // An over-long LEB128 section size.
  ("LEB128 too long", Binary.header + [0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]),
  // One function declaring 2^32-1 locals.
  (
    "too many locals",
    Binary.header + [
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  // type: () -> ()
      0x03, 0x02, 0x01, 0x00,  // func 0: type 0
      0x0A, 0x0A, 0x01, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B,  // code
    ]
  ),
]
