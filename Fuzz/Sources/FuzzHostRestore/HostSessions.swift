import Glibc
import PluginHost
import WasmVM

/// The host sessions whose snapshots every fuzzed input starts from: real `PluginHost`
/// snapshots holding each kind of state a host manifest describes, so that structural
/// mutations of the manifest meet real plugins, instances, calls and data.
///
/// - `links`: `vault` and `spy` (the counter of `plugins/counter.wat`, each with kv data),
///   `lib` (exports a function, a memory, a table and a global) and `user`, which imports all
///   four and may link to `lib` only; `echo` (the `io` capability); `tool` (the app's own
///   capability `app`). Calls are paused in `user.spin`, in `vault.next` and in an `echo`
///   call with input, part of its output written; `spy` was reloaded (a retired instance).
/// - `small`: one counter with a call paused after a few ticks and a large `lastCallID`.
/// - `unloaded`: `lib` and `user` with `user` unloaded (retired), `lib` paused in `fill`.
/// - `sleeping`: `lib` and `napper`, which sleeps in `clock.sleep` and then calls `lib.add`,
///   saved by an `AsyncPluginHost` on a virtual clock with one call running (in flight, asleep)
///   and one paused while it slept: suspended executions, sleeps with time left, a running
///   budget, a cross-plugin import.
enum HostSessions {
  struct SessionFailure: Error, CustomStringConvertible {
    var description: String
  }
  static let counter = """
    (module
      (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
      (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
      (import "kv" "delete" (func $delete (param i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "count")
      (func $load (result i64)
        (if (result i64) (i32.eq (call $get (i32.const 0) (i32.const 5) (i32.const 16) (i32.const 8))
                                 (i32.const 8))
          (then (i64.load (i32.const 16)))
          (else (i64.const 0))))
      (func (export "next") (result i64)
        (i64.store (i32.const 16) (i64.add (call $load) (i64.const 1)))
        (drop (call $set (i32.const 0) (i32.const 5) (i32.const 16) (i32.const 8)))
        (i64.load (i32.const 16)))
      (func (export "current") (result i64) (call $load))
      (func (export "reset") (result i32) (call $delete (i32.const 0) (i32.const 5))))
    """

  static let lib = """
    (module
      (memory (export "memory") 1 4)
      (table (export "table") 4 8 funcref)
      (global (export "hits") (mut i32) (i32.const 0))
      (elem (i32.const 0) $add $add $square)
      (func $add (export "add") (param i32 i32) (result i32)
        (global.set 0 (i32.add (global.get 0) (i32.const 1)))
        (i32.add (local.get 0) (local.get 1)))
      (func $square (export "square") (param i32) (result i32)
        (i32.mul (local.get 0) (local.get 0)))
      (func (export "fill") (param $n i32) (local $i i32)
        (block $done
          (loop $again
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (i32.store8 (i32.and (local.get $i) (i32.const 65535)) (local.get $i))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $again)))))
    """

  static let user = """
    (module
      (type $binary (func (param i32 i32) (result i32)))
      (import "lib" "add" (func $add (param i32 i32) (result i32)))
      (import "lib" "memory" (memory 1 4))
      (import "lib" "table" (table 4 8 funcref))
      (import "lib" "hits" (global $hits (mut i32)))
      (func (export "spin") (param $n i32) (result i32) (local $acc i32)
        (block $done
          (loop $again
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $acc
              (call_indirect (type $binary) (local.get $acc) (local.get $n)
                (i32.and (local.get $n) (i32.const 1))))
            (i32.store (i32.const 1024) (local.get $acc))
            (global.set $hits (i32.add (global.get $hits) (i32.const 1)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $again)))
        (call $add (local.get $acc) (memory.size)))
      (func (export "peek") (result i32) (i32.load (i32.const 1024))))
    """

  /// Reads its whole input, then writes it back `chunk` bytes at a time.
  static let echo = """
    (module
      (import "io" "output_write" (func $write (param i32 i32) (result i32)))
      (import "io" "input_read" (func $read (param i32 i32 i32) (result i32)))
      (import "io" "input_size" (func $size (result i32)))
      (memory 2)
      (func (export "echo") (param $chunk i32) (result i32)
        (local $total i32) (local $done i32) (local $n i32)
        (local.set $total (call $read (i32.const 0) (call $size) (i32.const 0)))
        (block $end
          (loop $more
            (br_if $end (i32.ge_u (local.get $done) (local.get $total)))
            (local.set $n (i32.sub (local.get $total) (local.get $done)))
            (if (i32.gt_u (local.get $n) (local.get $chunk))
              (then (local.set $n (local.get $chunk))))
            (drop (call $write (local.get $done) (local.get $n)))
            (local.set $done (i32.add (local.get $done) (local.get $n)))
            (br $more)))
        (local.get $total)))
    """

  static let tool = """
    (module
      (import "app" "sum" (func $sum (param i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "hello, plugin")
      (func (export "sum") (result i32) (call $sum (i32.const 0) (i32.const 13))))
    """

  /// The app capability of the hosts that save and restore: `app.sum(ptr, len)` adds up
  /// bytes of the caller's memory, for one tick plus one per byte.
  static let app = HostCapability(
    "app",
    functions: [
      .init("sum", cost: .perByte(arguments: 1, plus: 1)) {
        (call: CapabilityCall, pointer: UInt32, length: UInt32) throws -> Int32 in
        try call.memory.bytes(at: pointer, count: length).reduce(0) { $0 &+ Int32($1) }
      }
    ])

  /// The hosts' configuration: tight enough that no restored call runs long, sleeps or
  /// allocates much, with the app capability and link grants as the caller chooses.
  static func configuration(links: @escaping @Sendable (String) -> LinkGrant)
    -> PluginHost.Configuration
  {
    PluginHost.Configuration(
      resourceLimits: ResourceLimits(
        maxMemoryPages: 64, maxTableElements: 4_096, maxCallDepth: 200,
        maxValueStackSlots: 1 << 14, maxTotalTableElements: 1 << 16),
      keyValueStore: InMemoryKeyValueStore(), startBudget: 100_000, maxTotalMemoryPages: 256,
      maxSleepMilliseconds: 0, maxInputBytes: 1 << 16, maxOutputBytes: 1 << 16,
      restoredLinks: links, capabilities: [app])
  }

  static func links() throws -> [UInt8] {
    let host = PluginHost(configuration: configuration(links: { _ in .anyPlugin }))
    try host.load(PluginSource(name: "vault", wat: counter))
    try host.load(PluginSource(name: "spy", wat: counter))
    try host.load(PluginSource(name: "lib", wat: lib))
    try host.load(PluginSource(name: "user", wat: user, links: .plugins(["lib"])))
    try host.load(PluginSource(name: "echo", wat: echo))
    try host.load(
      PluginSource(
        name: "tool", wat: tool, capabilities: Capability.builtIn.union([app.capability])))
    for _ in 0..<3 { _ = try host.run("vault", "next") }
    _ = try host.run("spy", "next")
    try host.reload("spy")
    _ = try host.run("tool", "sum")
    _ = try host.call("user", "spin", [.i32(9)], budget: 40)
    _ = try host.call("vault", "next", [], budget: 6)
    _ = try host.call("echo", "echo", [.i32(3)], input: Array("snapshot me".utf8), budget: 30)
    _ = try host.call("tool", "sum", [], budget: 2)
    return try host.snapshot()
  }

  static func small() throws -> [UInt8] {
    let host = PluginHost(configuration: configuration(links: { _ in .none }))
    try host.load(PluginSource(name: "counter", wat: counter))
    _ = try host.run("counter", "next")
    for _ in 0..<20 { _ = try host.call("counter", "current", [], budget: 1_000) }
    _ = try host.call("counter", "next", [], budget: 3)
    return try host.snapshot()
  }

  static func unloaded() throws -> [UInt8] {
    let host = PluginHost(configuration: configuration(links: { _ in .anyPlugin }))
    try host.load(PluginSource(name: "lib", wat: lib))
    try host.load(PluginSource(name: "user", wat: user, links: .anyPlugin))
    _ = try host.run("user", "spin", [.i32(3)])
    try host.unload("user")
    _ = try host.call("lib", "fill", [.i32(100)], budget: 50)
    return try host.snapshot()
  }

  static let napper = """
    (module
      (import "clock" "sleep" (func $sleep (param i64)))
      (import "lib" "add" (func $add (param i32 i32) (result i32)))
      (func (export "nap") (param $x i32) (param $ms i64) (result i32)
        (call $sleep (local.get $ms))
        (call $add (local.get $x) (i32.const 1))))
    """

  static func sleeping() throws -> [UInt8] {
    var configuration = configuration(links: { _ in .anyPlugin })
    configuration.maxSleepMilliseconds = 60_000
    configuration.clock = VirtualClock()
    let host = AsyncPluginHost(configuration: configuration, sliceTicks: 7)
    try host.load([
      PluginSource(name: "lib", wat: lib),
      PluginSource(name: "napper", wat: napper, links: .plugins(["lib"])),
    ])
    host.holdsVirtualTime = true
    let running = try host.start("napper", "nap", [.i32(5), .i64(1_000)], budget: 10_000)
    let paused = try host.start("napper", "nap", [.i32(9), .i64(30_000)], budget: 10_000)
    for id in [running, paused] { try host.run(id) { _ in } }
    try waitUntil {
      host.runningCalls.count == 2 && host.runningCalls.allSatisfy { $0.waitingOn != nil }
    }
    host.pause(paused)
    try waitUntil { host.runningCalls.count == 1 }
    return try host.snapshot()
  }

  /// Polls `condition` (the async host's thread moves the calls).
  private static func waitUntil(_ condition: () -> Bool) throws {
    for _ in 0..<1_000_000 {
      if condition() { return }
      usleep(10)
    }
    throw SessionFailure(description: "the sleeping session never got there")
  }

  /// Every session's snapshot, built once per process.
  static let all: [[UInt8]] = {
    do {
      return [try links(), try small(), try unloaded(), try sleeping()]
    } catch {
      fail("a base session does not build: \(error)")
    }
  }()
}

extension PluginHost {
  /// Calls `export` with a generous budget and requires it to complete.
  @discardableResult
  fileprivate func run(_ plugin: String, _ export: String, _ arguments: [Value] = []) throws
    -> [Value]
  {
    guard case .completed(let values, _) = try call(plugin, export, arguments, budget: 1_000_000)
    else { throw HostSessions.SessionFailure(description: "\(plugin).\(export) did not complete") }
    return values
  }
}
