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

  /// The error of restoring `bytes` of instances of `module` with `budget`.
  static func restoreError(_ bytes: [UInt8], _ module: ValidatedModule, budget: Int? = nil)
    -> SnapshotError?
  {
    do throws(SnapshotError) {
      _ = try Store.restore(
        bytes, pageBudget: budget.map { MemoryPageBudget(totalPages: $0) },
        modules: { _ in module }, hostFunctions: { _ in nil })
      return nil
    } catch {
      return error
    }
  }

  /// An instance whose memory is saved smaller than its module declares is refused before its
  /// memory is made: two of them used to take 20 pages of a 15-page budget first (and a table
  /// of 10,000,000 elements, 80 MB, for each 15-byte instance record).
  @Test func instancesAreCheckedAgainstTheSavedSizesBeforeTheyAreBuilt() throws {
    let module = try Module(bytes: wat2wasm("(module (memory 10))")).validate()
    let store = Store()
    _ = try store.instantiate(module)
    _ = try store.instantiate(module)
    let bytes = try store.snapshot(of: [])
    // Two 32-bit memories of no maximum, 10 pages and no chunks; no tables, globals or
    // executions.
    let tail: [UInt8] = [2, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 0]
    #expect(Array(bytes.dropLast(8).suffix(12)) == tail)
    let smaller = Fingerprint.sealing(
      Array(bytes.dropLast(20)) + [2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0])
    #expect(Self.restoreError(smaller, module, budget: 15)?.kind == .malformed)
    #expect(Self.restoreError(smaller, module)?.message.contains("smaller") == true)
    #expect(Self.restoreError(bytes, module, budget: 20) == nil)

    let table = try Module(bytes: wat2wasm("(module (table 100000 funcref))")).validate()
    let tableStore = Store()
    _ = try tableStore.instantiate(table)
    let tableBytes = try tableStore.snapshot(of: [])
    // The table: funcref, 32-bit, no maximum, 100,000 null elements (one byte each); no
    // globals or executions.
    let size = Binary.uleb(100_000)
    let tableStart = tableBytes.count - 8 - 2 - 100_000 - size.count - 4
    #expect(
      Array(tableBytes[tableStart..<tableStart + 4 + size.count]) == [1, 0x70, 0, 0] + size)
    let oneElement = Fingerprint.sealing(
      Array(tableBytes[..<tableStart]) + [1, 0x70, 0, 0, 1, 0, 0, 0])
    let error = Self.restoreError(oneElement, table)
    #expect(error?.kind == .malformed)
    #expect(error?.message.contains("table 0 is missing or smaller") == true)
  }

  /// A snapshot holding more executions than ``ResourceLimits/maxSnapshotExecutions`` is
  /// refused before any is built: each record of a host function invoked directly takes 4
  /// bytes, its execution about 650, so 200,000 of them (800 KB) restored to 130 MB before.
  @Test func executionsPerSnapshotAreCapped() throws {
    let store = Store()
    let noop = store.add(
      HostFunction(type: FuncType(parameters: [], results: []), name: "noop") { _, _ in [] })
    let bytes = try store.snapshot(of: [])
    // Entry function, no ticks, kind 0 (a host function not yet run), no cost owed.
    let record: [UInt8] = Binary.uleb(UInt64(noop.address)) + [0, 0, 0]
    func crafted(_ count: Int) -> [UInt8] {
      Self.withExecutions(
        bytes, count: count, Array([[UInt8]](repeating: record, count: count).joined()))
    }
    func restore(_ bytes: [UInt8], _ limits: ResourceLimits) throws(SnapshotError)
      -> RestoredStore
    {
      try Store.restore(
        bytes, limits: limits, modules: { _ in nil },
        hostFunctions: { _ in
          HostFunction(type: FuncType(parameters: [], results: []), name: "noop") { _, _ in [] }
        })
    }
    var refused: SnapshotError?
    do { _ = try restore(crafted(200_000), ResourceLimits()) } catch { refused = error }
    #expect(refused?.kind == .limit)
    #expect(refused?.message.contains("200000 executions") == true)
    #expect(refused?.message.contains("ResourceLimits.maxSnapshotExecutions") == true)
    #expect(ResourceLimits().maxSnapshotExecutions == 100_000)

    let three = crafted(3)
    #expect(try restore(three, ResourceLimits(maxSnapshotExecutions: 3)).executions.count == 3)
    do {
      _ = try restore(three, ResourceLimits(maxSnapshotExecutions: 2))
      Issue.record("three executions restored under a limit of two")
    } catch {
      #expect(error.kind == .limit)
    }
  }

  /// A snapshot holding more instances than ``ResourceLimits/maxSnapshotInstances`` is
  /// refused before any is built: an instance record of an empty module takes 16 bytes, so
  /// 20,000 of them (320 KB) restored before.
  @Test func instancesPerSnapshotAreCapped() throws {
    let module = try Module(bytes: wat2wasm("(module)")).validate()
    let store = Store()
    _ = try store.instantiate(module)
    let bytes = try store.snapshot(of: [])
    // Header (12 bytes), no functions or host functions, one instance record, then no
    // memories, tables, globals or executions, and the checksum.
    let record = Array(bytes[15..<(bytes.count - 12)])
    #expect(Array(bytes[12..<15]) == [0, 0, 1])
    #expect(record.count == 16)
    func crafted(_ count: Int) -> [UInt8] {
      Fingerprint.sealing(
        Array(bytes[..<14]) + Binary.uleb(UInt64(count))
          + Array([[UInt8]](repeating: record, count: count).joined()) + [0, 0, 0, 0])
    }
    func restore(_ bytes: [UInt8], _ limits: ResourceLimits) throws(SnapshotError)
      -> RestoredStore
    {
      try Store.restore(
        bytes, limits: limits, modules: { _ in module }, hostFunctions: { _ in nil })
    }
    var refused: SnapshotError?
    do { _ = try restore(crafted(20_000), ResourceLimits()) } catch { refused = error }
    #expect(refused?.kind == .limit)
    #expect(refused?.message.contains("20000 instances") == true)
    #expect(refused?.message.contains("ResourceLimits.maxSnapshotInstances") == true)
    #expect(ResourceLimits().maxSnapshotInstances == 10_000)

    let three = crafted(3)
    #expect(try restore(three, ResourceLimits(maxSnapshotInstances: 3)).instances.count == 3)
    do {
      _ = try restore(three, ResourceLimits(maxSnapshotInstances: 2))
      Issue.record("three instances restored under a limit of two")
    } catch {
      #expect(error.kind == .limit)
    }
  }

  /// A store with more instances or paused executions than its own limits let a restore
  /// take cannot save: the bytes would not restore under those limits. Before, saving
  /// succeeded and only the restore failed, losing the session.
  @Test func aStoreBeyondItsSnapshotLimitsDoesNotSave() throws {
    let module = try Module(bytes: wat2wasm("(module (func (export \"f\")))")).validate()
    let store = Store(limits: ResourceLimits(maxSnapshotInstances: 2, maxSnapshotExecutions: 1))
    var instances = [try store.instantiate(module), try store.instantiate(module)]
    let f = try #require(instances[0].exportedFunction("f"))
    let calls = [try store.invoke(f, arguments: []), try store.invoke(f, arguments: [])]
    _ = try store.snapshot(of: [calls[0]])
    for (attempt, field) in [
      ({ try store.snapshot(of: calls) }, "maxSnapshotExecutions"),
      (
        {
          instances.append(try store.instantiate(module))
          return try store.snapshot(of: [])
        },
        "maxSnapshotInstances"
      ),
    ] as [(() throws -> [UInt8], String)] {
      do {
        _ = try attempt()
        Issue.record("saved beyond \(field)")
      } catch let error as SnapshotError {
        #expect(error.kind == .limit)
        #expect(error.message.contains("ResourceLimits.\(field)"), "\(error)")
      }
    }
  }

  /// A snapshot of `count` retired instances of `module` (one function, no memories, tables
  /// or globals), every element segment saved as dropped: 18-byte records that each build
  /// the module's exports, types and element segments.
  static func retiredInstances(of module: ValidatedModule, count: Int) -> [UInt8] {
    let segments = module.module.elements.count
    var body = Binary.uleb(UInt64(count)) + [0] + Binary.uleb(UInt64(count))
    for index in 0..<count {
      withUnsafeBytes(of: module.module.fingerprint.value.littleEndian) { body += $0 }
      body += Binary.uleb(UInt64(index)) + [1, 1] + Binary.uleb(UInt64(index)) + [0, 0, 0]
      body += Binary.uleb(UInt64(segments)) + Array(repeating: 1, count: segments) + [0]
    }
    return Fingerprint.sealing(Store.snapshotMagic + [1, 0, 0, 0] + body + [0, 0, 0, 0])
  }

  /// One function, exported `exports` times, and a passive segment of `items` references.
  static func wideModule(exports: Int, items: Int) throws -> ValidatedModule {
    var exported = Binary.uleb(UInt64(exports))
    for index in 0..<exports { exported += Binary.name(String(index, radix: 36)) + [0, 0] }
    let segment = [1, 0x01, 0x00] + Binary.uleb(UInt64(items)) + Array(repeating: 0, count: items)
    return try Module(
      bytes: Binary.module(
        Binary.section(1, [1, 0x60, 0, 0]), Binary.section(3, [1, 0]),
        Binary.section(7, exported), Binary.section(9, segment),
        Binary.section(10, [1, 2, 0, 0x0B]))
    ).validate()
  }

  /// What instances build beyond their records is capped by
  /// ``ResourceLimits/maxSnapshotInstanceEntries``: 200 records of 18 bytes of a module of
  /// 400,000 exports (a 3.5 KB snapshot) took 15 GB and 445 s to restore before.
  @Test func whatInstancesBuildBeyondTheirRecordsIsCapped() throws {
    #expect(ResourceLimits().maxSnapshotInstanceEntries == 1_000_000)
    let module = try Self.wideModule(exports: 2_000, items: 1)
    let bytes = Self.retiredInstances(of: module, count: 10)
    // Each instance: 2,000 exports and 1 type; its one element segment is dropped.
    let restored = try Self.restore(
      bytes, module, limits: ResourceLimits(maxSnapshotInstanceEntries: 20_010))
    #expect(restored.instances.count == 10)
    do {
      _ = try Self.restore(
        bytes, module, limits: ResourceLimits(maxSnapshotInstanceEntries: 20_009))
      Issue.record("ten instances of 2,001 entries restored under a limit of 20,009")
    } catch let error as SnapshotError {
      #expect(error.kind == .limit)
      #expect(error.message.contains("instance 9 brings the snapshot's instances to 20010"))
      #expect(error.message.contains("ResourceLimits.maxSnapshotInstanceEntries"))
    }
  }

  /// Element segments saved as dropped are not evaluated on restore: 200 retired instances of
  /// a module with a 400,000-item segment took 29 s before (and counted against nothing).
  @Test func droppedElementSegmentsAreNotBuilt() throws {
    let module = try Self.wideModule(exports: 1, items: 400_000)
    let restored = try Self.restore(
      Self.retiredInstances(of: module, count: 200), module,
      limits: ResourceLimits(maxSnapshotInstanceEntries: 400))
    #expect(restored.instances.count == 200)
    #expect(restored.instances.allSatisfy { $0.elementSegments.allSatisfy(\.isEmpty) })
  }
}
