import TestSupport
import Testing
import WAT

@testable import WasmVM

/// Restoring allocates in proportion to the bytes it reads, whatever the code could use: a
/// crafted snapshot (edited and sealed again, as anyone can) once reached 1.6 GB from 12 KB of
/// "the entry frame did not fit" records, and 2.5 GB from 3 MB of executions whose stacks were
/// sized from their code's deepest operand stack.
struct RestoreAllocationTests {
  /// One function with `locals` i64 locals, and one whose operand stack gets `depth` deep.
  static func module(locals: Int, depth: Int) throws -> ValidatedModule {
    let pushes = String(repeating: "(i32.const 1) ", count: depth)
    let adds = String(repeating: "(i32.add) ", count: depth - 1)
    return try Module(
      bytes: wat2wasm(
        """
        (module
          (func (export "wide") (local \(String(repeating: "i64 ", count: locals))))
          (func (export "deep") (result i32) \(pushes) \(adds)))
        """)
    ).validate()
  }

  /// `bytes` (a snapshot of no executions) with `records` as its executions, sealed again.
  static func withExecutions(_ bytes: [UInt8], count: Int, _ records: [UInt8]) -> [UInt8] {
    // The snapshot ends with its execution count (0, one byte) and the 8-byte checksum.
    Fingerprint.sealing(Array(bytes.dropLast(9)) + Binary.uleb(UInt64(count)) + records)
  }

  static func restore(_ bytes: [UInt8], _ module: ValidatedModule, limits: ResourceLimits)
    throws -> RestoredStore
  {
    try Store.restore(
      bytes, limits: limits, modules: { _ in module }, hostFunctions: { _ in nil })
  }

  @Test func anEntryFrameThatFitsCannotBeSavedAsNotFitting() throws {
    let module = try Self.module(locals: 50_000, depth: 2)
    let store = Store()
    let instance = try store.instantiate(module)
    let wide = try #require(instance.exportedFunction("wide"))
    let bytes = try store.snapshot(of: [])
    // Entry function, no ticks, kind 2: "the entry frame did not fit".
    let record: [UInt8] = Binary.uleb(UInt64(wide.address)) + [0, 2]
    let crafted = Self.withExecutions(
      bytes, count: 4000, Array([[UInt8]](repeating: record, count: 4000).joined()))
    var kind: SnapshotError.Kind?
    do {
      _ = try Self.restore(crafted, module, limits: ResourceLimits())
    } catch let error as SnapshotError {
      kind = error.kind
    }
    #expect(kind == .malformed)
  }

  @Test func anEntryFrameThatDoesNotFitRestoresWithoutStacks() throws {
    let module = try Self.module(locals: 50_000, depth: 2)
    let limits = ResourceLimits(maxValueStackSlots: 40_000)
    let store = Store(limits: limits)
    let instance = try store.instantiate(module)
    let wide = try #require(instance.exportedFunction("wide"))
    let execution = try store.invoke(wide, arguments: [])
    let bytes = try store.snapshot(of: [execution])
    let restored = try Self.restore(bytes, module, limits: limits)
    let again = try #require(restored.executions.first)
    #expect(again.stackCapacity == 1)
    #expect(again.frameCapacity == 1)
    guard case .trapped(let trap) = again.run(ticks: .max) else {
      Issue.record("the exhausted entry frame did not trap")
      return
    }
    #expect(trap.kind == .callStackExhausted)
  }

  /// Executions paused at the start of a function whose operand stack gets 5,000 slots deep
  /// hold none of them: the stack a restore allocates is the saved one, and the room the code
  /// needs comes when each runs, which then gives the result and ticks of a run never saved.
  @Test func restoredStacksHoldTheSavedSlotsUntilTheyRun() throws {
    let module = try Self.module(locals: 0, depth: 5000)
    let store = Store()
    let instance = try store.instantiate(module)
    let deep = try #require(instance.exportedFunction("deep"))
    let reference = try store.invoke(deep, arguments: [])
    #expect(reference.run(ticks: .max) == .completed([.i32(5000)]))
    let executions = try (0..<100).map { _ in try store.invoke(deep, arguments: []) }
    let bytes = try store.snapshot(of: executions)
    let restored = try Self.restore(bytes, module, limits: ResourceLimits())
    #expect(restored.executions.count == 100)
    for execution in restored.executions {
      #expect(execution.stackCapacity == Swift.max(1, execution.sp))
      #expect(execution.frameCapacity == 1)
    }
    for execution in restored.executions {
      #expect(execution.run(ticks: .max) == .completed([.i32(5000)]))
      #expect(execution.ticksConsumed == reference.ticksConsumed)
    }
  }
}
