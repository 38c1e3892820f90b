import Testing
import WAT
import WasmVM

/// Snapshots: a paused store saved to bytes and restored into a new store continues exactly as
/// the original would have, tick totals included; hostile bytes give errors, never crashes.
struct SnapshotTests {
  /// Recursion, memory, a table, globals, a host call with a cost and a bulk fill: every kind of
  /// state a paused execution can be in.
  static let program = """
    (module
      (import "host" "add" (func $add (param i32 i32) (result i32)))
      (memory (export "memory") 1 4)
      (table 2 funcref)
      (global $counter (export "counter") (mut i32) (i32.const 0))
      (elem (i32.const 0) $step $fib)
      (data "hello")
      (func $step (param i32) (result i32)
        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
        (i32.store (i32.mul (i32.and (local.get 0) (i32.const 1023)) (i32.const 4))
          (local.get 0))
        (call $add (local.get 0) (i32.const 1)))
      (func $fib (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))
          (else
            (i32.add
              (call $fib (i32.sub (local.get 0) (i32.const 1)))
              (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "run") (param i32) (result i32)
        (memory.fill (i32.const 8192) (i32.const 7) (i32.const 3000))
        (drop (memory.grow (i32.const 1)))
        (i32.add (call $fib (local.get 0)) (i32.load8_u (i32.const 8193)))))
    """

  static let addType = FuncType(parameters: [.i32, .i32], results: [.i32])

  static func addBody(_: HostCallContext, _ arguments: [Value]) throws(Trap) -> [Value] {
    guard case .i32(let a) = arguments[0], case .i32(let b) = arguments[1] else { return [] }
    return [.i32(a &+ b)]
  }

  static func addCost(_: HostCallContext, _: [Value]) throws(Trap) -> UInt64 { 3 }

  /// A store with the program instantiated and `run(n)` invoked, not yet run.
  static func start(_ n: Int32) throws -> (ValidatedModule, Store, Execution) {
    let module = try Module(bytes: wat2wasm(program)).validate()
    let store = Store()
    let add = store.add(HostFunction(type: addType, name: "add", cost: addCost, body: addBody))
    let instance = try store.instantiate(module, imports: ["host": ["add": .function(add)]])
    let run = try #require(instance.exportedFunction("run"))
    return (module, store, try store.invoke(run, arguments: [.i32(UInt32(bitPattern: n))]))
  }

  static func restore(_ bytes: [UInt8], _ module: ValidatedModule) throws -> RestoredStore {
    try Store.restore(
      bytes, modules: { $0 == module.module.fingerprint ? module : nil },
      hostFunctions: { record in
        record.name == "add" && record.type == addType
          ? HostFunction(type: addType, name: "add", cost: addCost, body: addBody) : nil
      })
  }

  /// Runs to the end in slices of `slice`, saving and restoring after every pause.
  static func runThroughSnapshots(_ n: Int32, slice: UInt64) throws -> (ExecutionResult, UInt64) {
    var (module, store, execution) = try start(n)
    while true {
      let result = execution.run(ticks: slice)
      guard case .paused = result else { return (result, execution.ticksConsumed) }
      let restored = try restore(try store.snapshot(of: [execution]), module)
      store = restored.store
      execution = try #require(restored.executions.first)
    }
  }

  @Test func resumingFromSnapshotsGivesTheUnboundedResultAndTicks() throws {
    let (_, _, reference) = try Self.start(8)
    let expected = reference.run(ticks: .max)
    // fib with fib(0) = 1, fib(1) = 2 (the host adds 1), plus the filled byte.
    #expect(expected == .completed([.i32(55 + 7)]))
    for slice: UInt64 in [1, 7, 100, 1000] {
      let (result, ticks) = try Self.runThroughSnapshots(8, slice: slice)
      #expect(result == expected, "slice \(slice)")
      #expect(ticks == reference.ticksConsumed, "slice \(slice)")
    }
  }

  @Test func oneSnapshotRestoredTwiceRunsTwiceIndependently() throws {
    let (module, store, execution) = try Self.start(10)
    #expect(execution.run(ticks: 500) == .paused)
    let bytes = try store.snapshot(of: [execution])
    let first = try Self.restore(bytes, module)
    let second = try Self.restore(bytes, module)
    let a = try #require(first.executions.first)
    let b = try #require(second.executions.first)
    #expect(a.run(ticks: .max) == .completed([.i32(144 + 7)]))
    // The first run changed its own store only.
    guard case .global(let counterA)? = first.instances[0].export("counter"),
      case .global(let counterB)? = second.instances[0].export("counter")
    else {
      Issue.record("no counter")
      return
    }
    #expect(counterA.value != counterB.value)
    #expect(b.run(ticks: .max) == .completed([.i32(144 + 7)]))
    #expect(counterA.value == counterB.value)
    #expect(a.ticksConsumed == b.ticksConsumed)
    #expect(execution.run(ticks: .max) == .completed([.i32(144 + 7)]))
    #expect(execution.ticksConsumed == a.ticksConsumed)
  }

  @Test func memoryIsSavedWithoutItsZeroPages() throws {
    let (module, store, execution) = try Self.start(5)
    #expect(execution.run(ticks: 3100) == .paused)
    let bytes = try store.snapshot(of: [execution])
    // Two pages after the grow: 128 KiB, of which two 4 KiB chunks hold data.
    #expect(bytes.count < 3 * 4096)
    let restored = try Self.restore(bytes, module)
    guard case .memory(let memory)? = restored.instances[0].export("memory") else {
      Issue.record("no memory")
      return
    }
    #expect(memory.read(at: 8192, count: 2) == [7, 7])
    #expect(memory.pageCount == 2)
  }

  @Test func finishedExecutionsCannotBeSaved() throws {
    let (_, store, execution) = try Self.start(3)
    _ = execution.run(ticks: .max)
    #expect(throws: SnapshotError.self) { try store.snapshot(of: [execution]) }
  }

  @Test func missingModulesAndHostFunctionsAreNamed() throws {
    let (module, store, execution) = try Self.start(5)
    _ = execution.run(ticks: 50)
    let bytes = try store.snapshot(of: [execution])
    #expect(throws: SnapshotError.self) {
      try Store.restore(bytes, modules: { _ in nil }, hostFunctions: { _ in nil })
    }
    let error = #expect(throws: SnapshotError.self) {
      try Store.restore(bytes, modules: { _ in module }, hostFunctions: { _ in nil })
    }
    #expect(error?.kind == .mismatch)
    #expect(error?.message.contains("add") == true)
  }

  @Test func damagedTruncatedAndForeignBytesAreRejected() throws {
    let (module, store, execution) = try Self.start(8)
    _ = execution.run(ticks: 300)
    let bytes = try store.snapshot(of: [execution])
    func kind(_ bytes: [UInt8]) -> SnapshotError.Kind? {
      do {
        _ = try Self.restore(bytes, module)
        return nil
      } catch let error as SnapshotError {
        return error.kind
      } catch {
        return nil
      }
    }
    #expect(kind(Array(bytes.prefix(bytes.count / 2))) == .checksumMismatch)
    #expect(kind([]) == .malformed)
    #expect(kind(Array("not a snapshot at all".utf8)) == .malformed)
    var flipped = bytes
    flipped[bytes.count / 2] ^= 0x40
    #expect(kind(flipped) == .checksumMismatch)
    var version = bytes
    version[8] = 9
    #expect(kind(version) == .unsupportedVersion)
  }

  /// Bytes with a valid checksum but crafted contents: every single-byte change to the body
  /// (re-signed) must restore cleanly or fail with an error, never crash.
  @Test func craftedBodiesFailCleanly() throws {
    let (module, store, execution) = try Self.start(6)
    _ = execution.run(ticks: 120)
    let bytes = try store.snapshot(of: [execution])
    var failures = 0
    for position in stride(from: 12, to: bytes.count - 8, by: 1) {
      for value: UInt8 in [0, 1, 0x7F, 0xFF] where bytes[position] != value {
        var crafted = bytes
        crafted[position] = value
        crafted = Self.resigned(crafted)
        do {
          let restored = try Self.restore(crafted, module)
          // Whatever it restored must run without crashing.
          for execution in restored.executions { _ = execution.run(ticks: 100_000) }
        } catch {
          failures += 1
        }
      }
    }
    #expect(failures > 0)
  }

  /// The error of restoring the program paused after `ticks` under `limits`.
  static func restoreError(pausedAfter ticks: UInt64, _ n: Int32, limits: ResourceLimits) throws
    -> SnapshotError?
  {
    let (module, store, execution) = try start(n)
    #expect(execution.run(ticks: ticks) == .paused)
    let bytes = try store.snapshot(of: [execution])
    return #expect(throws: SnapshotError.self) {
      try Store.restore(
        bytes, limits: limits, modules: { $0 == module.module.fingerprint ? module : nil },
        hostFunctions: { _ in HostFunction(type: addType, name: "add", cost: addCost, body: addBody)
        })
    }
  }

  @Test func stateBeyondTheRestoringStoresLimitsIsAnError() throws {
    // Two pages of memory, one allowed.
    let memory = try Self.restoreError(
      pausedAfter: 3100, 5, limits: ResourceLimits(maxMemoryPages: 1))
    #expect(memory?.kind == .limit)
    // Frames deeper than the call depth allowed.
    let depth = try Self.restoreError(
      pausedAfter: 4000, 12, limits: ResourceLimits(maxCallDepth: 3))
    #expect(depth?.kind == .limit)
  }

  /// A tick count so large that later slices would overflow it is no execution that ran: it
  /// is refused rather than crashing the first `run` (found by FuzzRestore).
  @Test func tickCountsThatCouldOverflowAreRejected() throws {
    let (module, store, _) = try Self.start(1)
    let add = try #require(store.instances.first?.function(at: 0))
    let direct = try store.invoke(add, arguments: [.i32(1), .i32(2)])
    let bytes = try store.snapshot(of: [direct])
    // The snapshot ends with the execution: entry address 0, ticks 0, kind 0 (host), the two
    // arguments and no cost owed, then the checksum.
    let end = bytes.count - 8
    #expect(Array(bytes[end - 6..<end]) == [0, 0, 0, 1, 2, 0])
    func withTicks(_ ticks: [UInt8]) -> [UInt8] {
      var crafted = bytes
      crafted.replaceSubrange(end - 5..<end - 4, with: ticks)
      return Self.resigned(crafted)
    }
    let error = #expect(throws: SnapshotError.self) {
      try Self.restore(withTicks(Array(repeating: 0xFF, count: 9) + [0x01]), module)
    }
    #expect(error?.kind == .malformed)
    // 2^63 - 1 is the largest count accepted, and running on from it adds up.
    let restored = try Self.restore(withTicks(Array(repeating: 0xFF, count: 8) + [0x7F]), module)
    let execution = try #require(restored.executions.first)
    #expect(execution.run(ticks: 10) == .completed([.i32(3)]))
    #expect(execution.ticksConsumed == UInt64(Int64.max) + 4)
  }

  /// A memory and a table made by the embedder (not by any instance) are rebuilt at their
  /// saved sizes, so an import declaring a minimum above 0 links again (it failed before).
  @Test func standaloneMemoriesAndTablesKeepTheirSizes() throws {
    let module = try Module(
      bytes: wat2wasm(
        """
        (module
          (import "env" "memory" (memory 2))
          (import "env" "table" (table 3 funcref))
          (func (export "run") (param i32) (result i32)
            (loop $again
              (i32.store (i32.const 70000) (i32.add (i32.load (i32.const 70000)) (i32.const 1)))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br_if $again (local.get 0)))
            (i32.add (i32.load (i32.const 70000)) (table.size))))
        """)
    ).validate()
    let store = Store()
    let memory = try Memory(type: MemoryType(limits: Limits(min: 2)), limits: store.limits)
    let table = try Table(
      type: TableType(elementType: .funcref, limits: Limits(min: 3)), limits: store.limits)
    let instance = try store.instantiate(
      module, imports: ["env": ["memory": .memory(memory), "table": .table(table)]])
    let run = try #require(instance.exportedFunction("run"))
    let execution = try store.invoke(run, arguments: [.i32(50)])
    #expect(execution.run(ticks: 100) == .paused)
    let restored = try Store.restore(
      try store.snapshot(of: [execution]), modules: { _ in module }, hostFunctions: { _ in nil })
    #expect(restored.executions.first?.run(ticks: .max) == .completed([.i32(53)]))
  }

  /// `bytes` with its checksum recomputed.
  static func resigned(_ bytes: [UInt8]) -> [UInt8] {
    Fingerprint.sealing(Array(bytes.dropLast(8)))
  }
}
