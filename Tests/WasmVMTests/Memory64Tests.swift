import Testing
import WAT

@testable import WasmVM

/// memory64 and table64: 64-bit addresses, offsets, sizes and grow deltas are hostile input
/// like any other. Every access beyond the memory traps (never wraps to a smaller address),
/// every grow beyond the embedder's limits fails with -1 for its base tick, the reservation
/// stays within `ResourceLimits.maxMemoryPages`, and 64-bit memories and tables survive a
/// snapshot with their address type. Each program runs in the register loop, in slices of 1
/// and 7 (the exact loop) and through a second, 64-bit memory (escaped to the stack loop),
/// with the same outcome and ticks.
@Suite struct Memory64Tests {
  /// Text with memory64's syntax in full (offsets beyond 32 bits need the feature in WAT).
  private func wasm(_ wat: String) throws -> [UInt8] { try wat2wasm(wat, features: .all) }

  /// Loads, stores and bulk operations on a 64-bit memory 0 of one page, and the same loads
  /// on a 64-bit memory 1 (which register code escapes to the stack loop).
  static let program = """
    (module
      (memory $m i64 1 4)
      (memory $n i64 1 4)
      (table $t i64 2 funcref)
      (elem (table $t) (i64.const 0) func $seven)
      (func $seven (result i32) (i32.const 7))
      (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0)))
      (func (export "load_n") (param i64) (result i32) (i32.load8_u $n (local.get 0)))
      (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
      (func (export "load64_n") (param i64) (result i64) (i64.load $n (local.get 0)))
      (func (export "store") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
      (func (export "store_n") (param i64 i32) (i32.store8 $n (local.get 0) (local.get 1)))
      (func (export "load_high_offset") (param i64) (result i64)
        (i64.load offset=0xFFFF_FFFF_FFFF_FFF0 (local.get 0)))
      (func (export "load_high_offset_n") (param i64) (result i64)
        (i64.load $n offset=0xFFFF_FFFF_FFFF_FFF0 (local.get 0)))
      (func (export "load_offset_2_32") (param i64) (result i32)
        (i32.load8_u offset=0x1_0000_0000 (local.get 0)))
      (func (export "store_offset_max") (param i64)
        (i32.store8 offset=0xFFFF_FFFF_FFFF_FFFF (local.get 0) (i32.const 1)))
      (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
      (func (export "size") (result i64) (memory.size))
      (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 9) (local.get 1)))
      (func (export "copy") (param i64 i64 i64)
        (memory.copy (local.get 0) (local.get 1) (local.get 2)))
      (func (export "table_grow") (param i64) (result i64)
        (table.grow $t (ref.null func) (local.get 0)))
      (func (export "table_fill") (param i64 i64)
        (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
      (func (export "table_get_is_null") (param i64) (result i32)
        (ref.is_null (table.get $t (local.get 0))))
      (func (export "call") (param i64) (result i32)
        (call_indirect $t (result i32) (local.get 0))))
    """

  static let twoTo32: UInt64 = 1 << 32

  /// Each outcome of `name(arguments)` on a fresh instance, unbounded and in slices of 1 and
  /// 7, with its ticks; they must all agree.
  private func outcome(
    _ name: String, _ arguments: [Value], limits: ResourceLimits = ResourceLimits()
  ) throws -> (ExecutionResult, UInt64) {
    let module = try Module(bytes: wasm(Self.program)).validate()
    var outcomes: [(ExecutionResult, UInt64)] = []
    for slice: UInt64 in [.max, 1, 7] {
      let store = Store(limits: limits)
      let instance = try store.instantiate(module)
      let function = try #require(instance.exportedFunction(name))
      let execution = try store.invoke(function, arguments: arguments)
      var result = execution.run(ticks: slice)
      while result == .paused { result = execution.run(ticks: slice) }
      outcomes.append((result, execution.ticksConsumed))
    }
    for other in outcomes.dropFirst() {
      #expect(other.0 == outcomes[0].0, "\(name) \(arguments)")
      #expect(other.1 == outcomes[0].1, "\(name) \(arguments)")
    }
    return outcomes[0]
  }

  private func expectTrap(
    _ name: String, _ arguments: [Value], _ kind: TrapKind,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let (result, _) = try outcome(name, arguments)
    guard case .trapped(let trap) = result else {
      Issue.record("\(name) \(arguments): \(result), not a trap", sourceLocation: sourceLocation)
      return
    }
    #expect(trap.kind == kind, "\(name) \(arguments)", sourceLocation: sourceLocation)
  }

  @Test func theDecoderAndValidatorTypeAddressesAsTheEntitySays() throws {
    let module = try Module(
      bytes: wasm("(module (memory i64 1 2) (memory 1) (table i64 3 funcref))"))
    #expect(module.memories.map(\.addressType) == [.i64, .i32])
    #expect(module.memories[0].limits == Limits(min: 1, max: 2))
    #expect(module.tables.map(\.type.addressType) == [.i64])
    // An i32 address for a 64-bit memory, or an i64 one for a 32-bit memory, is invalid.
    for wat in [
      "(module (memory i64 1) (func (drop (i32.load (i32.const 0)))))",
      "(module (memory 1) (func (drop (i32.load (i64.const 0)))))",
      "(module (table i64 1 funcref) (func (drop (table.get (i32.const 0)))))",
      "(module (memory i64 1) (func (drop (memory.grow (i32.const 0)))))",
    ] {
      #expect(throws: ValidationError.self, "\(wat)") {
        try Module(bytes: wasm(wat)).validate()
      }
    }
  }

  @Test func addressesBeyond2To32TrapInsteadOfWrapping() throws {
    // The byte at 5 is written; 2^32 + 5 must not reach it.
    for suffix in ["", "_n"] {
      #expect(try outcome("load" + suffix, [.i64(5)]).0 == .completed([.i32(0)]))
      try expectTrap("load" + suffix, [.i64(Self.twoTo32 + 5)], .outOfBoundsMemoryAccess)
      try expectTrap("load" + suffix, [.i64(.max)], .outOfBoundsMemoryAccess)
      try expectTrap("load64" + suffix, [.i64(65536 - 7)], .outOfBoundsMemoryAccess)
      #expect(try outcome("load64" + suffix, [.i64(65536 - 8)]).0 == .completed([.i64(0)]))
      try expectTrap("store" + suffix, [.i64(Self.twoTo32), .i32(1)], .outOfBoundsMemoryAccess)
      try expectTrap("store" + suffix, [.i64(.max - 2), .i32(1)], .outOfBoundsMemoryAccess)
      #expect(try outcome("store" + suffix, [.i64(65535), .i32(1)]).0 == .completed([]))
    }
  }

  @Test func offsetPlusAddressOverflowTraps() throws {
    // 0xFFFF_FFFF_FFFF_FFF0 + 0x20 wraps to 0x10 in 64 bits: inside the memory if it wrapped.
    for suffix in ["", "_n"] {
      try expectTrap("load_high_offset" + suffix, [.i64(0x20)], .outOfBoundsMemoryAccess)
      try expectTrap("load_high_offset" + suffix, [.i64(0)], .outOfBoundsMemoryAccess)
      try expectTrap("load_high_offset" + suffix, [.i64(.max)], .outOfBoundsMemoryAccess)
    }
    try expectTrap("load_offset_2_32", [.i64(0)], .outOfBoundsMemoryAccess)
    try expectTrap("store_offset_max", [.i64(1)], .outOfBoundsMemoryAccess)
    try expectTrap("store_offset_max", [.i64(0)], .outOfBoundsMemoryAccess)
  }

  @Test func growWithAHugeDeltaReturnsMinusOneForItsBaseTick() throws {
    let minusOne = Value.i64(.max)
    // A grow by 0 pays its base tick only; so does every grow that fails.
    let (unchanged, baseTicks) = try outcome("grow", [.i64(0)])
    #expect(unchanged == .completed([.i64(1)]))
    let (unchangedTable, tableBaseTicks) = try outcome("table_grow", [.i64(0)])
    #expect(unchangedTable == .completed([.i64(2)]))
    // Past the memory's maximum of 4 pages, and past the table's limit (10,000,000 elements).
    for delta: UInt64 in [4, 10_000_000, 1 << 32, 1 << 48, 1 << 63, .max] {
      let (result, ticks) = try outcome("grow", [.i64(delta)])
      #expect(result == .completed([minusOne]), "memory.grow \(delta)")
      #expect(ticks == baseTicks, "memory.grow \(delta)")
      guard delta > 4 else { continue }
      let (tableResult, tableTicks) = try outcome("table_grow", [.i64(delta)])
      #expect(tableResult == .completed([minusOne]), "table.grow \(delta)")
      #expect(tableTicks == tableBaseTicks, "table.grow \(delta)")
    }
    // A grow within the maximum pays a tick per page, as in a 32-bit memory.
    let (grown, ticks) = try outcome("grow", [.i64(3)])
    #expect(grown == .completed([.i64(1)]))
    #expect(ticks == baseTicks + 3)
    // Bulk operations with huge 64-bit operands trap before writing anything.
    try expectTrap("fill", [.i64(0), .i64(.max)], .outOfBoundsMemoryAccess)
    try expectTrap("fill", [.i64(.max), .i64(2)], .outOfBoundsMemoryAccess)
    try expectTrap("copy", [.i64(0), .i64(1 << 63), .i64(1 << 63)], .outOfBoundsMemoryAccess)
    try expectTrap("copy", [.i64(.max), .i64(0), .i64(1)], .outOfBoundsMemoryAccess)
    try expectTrap("table_fill", [.i64(1), .i64(.max)], .outOfBoundsTableAccess)
    try expectTrap("table_get_is_null", [.i64(Self.twoTo32)], .outOfBoundsTableAccess)
    // And a fill within the memory pays a tick per byte.
    let (filled, fillTicks) = try outcome("fill", [.i64(10), .i64(100)])
    #expect(filled == .completed([]))
    #expect(try fillTicks == outcome("fill", [.i64(10), .i64(0)]).1 + 100)
  }

  @Test func callIndirectTakesA64BitIndex() throws {
    #expect(try outcome("call", [.i64(0)]).0 == .completed([.i32(7)]))
    try expectTrap("call", [.i64(1)], .uninitializedElement)
    // 2^32 is not element 0.
    try expectTrap("call", [.i64(Self.twoTo32)], .undefinedElement)
    try expectTrap("call", [.i64(.max)], .undefinedElement)
  }

  @Test func memory64HonoursTheEmbeddersLimits() throws {
    let limits = ResourceLimits(maxMemoryPages: 4)
    let store = Store(limits: limits)
    // No maximum: the reservation is the embedder's limit, not the 64-bit space.
    let unbounded = try Memory(
      type: MemoryType(limits: Limits(min: 1), addressType: .i64), limits: limits)
    #expect(unbounded.maxPages == 4)
    #expect(unbounded.reservation.count <= 4 * Memory.pageSize)
    #expect(unbounded.grow(by: 3) == 1)
    #expect(unbounded.grow(by: 1) == nil)
    #expect(unbounded.grow(by: .max) == nil)
    // By default, a 64-bit memory without a maximum reserves what a 32-bit one does.
    let byDefault = try Memory(
      type: MemoryType(limits: Limits(min: 0), addressType: .i64), limits: ResourceLimits())
    #expect(byDefault.maxPages == 65536)
    #expect(byDefault.reservation.count <= 65536 * Memory.pageSize)
    // A minimum beyond the limit does not link; a declared maximum of 2^48 pages is capped.
    #expect(throws: InstantiationError.self) {
      try store.instantiate(try Module(bytes: wasm("(module (memory i64 5))")).validate())
    }
    let capped = try store.instantiate(
      try Module(bytes: wasm(#"(module (memory (export "m") i64 1 0x1_0000_0000_0000))"#))
        .validate())
    #expect(try #require(capped.exportedMemory("m")).maxPages == 4)
    // The guest sees the limit as a failed grow.
    let (result, _) = try outcome("grow", [.i64(3)], limits: ResourceLimits(maxMemoryPages: 2))
    #expect(result == .completed([.i64(.max)]))
    // A 64-bit table draws on the store's element budget.
    let small = Store(limits: ResourceLimits(maxTotalTableElements: 10))
    #expect(throws: InstantiationError.self) {
      try small.instantiate(
        try Module(bytes: wasm("(module (table i64 11 funcref))")).validate())
    }
  }

  @Test func addressTypesMustMatchToLink() throws {
    let store = Store()
    let memory64 = try Memory(
      type: MemoryType(limits: Limits(min: 1), addressType: .i64), limits: store.limits)
    let module32 = try Module(bytes: wasm(#"(module (memory (import "m" "m") 1))"#))
      .validate()
    let module64 = try Module(bytes: wasm(#"(module (memory (import "m" "m") i64 1))"#))
      .validate()
    #expect(throws: InstantiationError.self) {
      try store.instantiate(module32, imports: ["m": ["m": .memory(memory64)]])
    }
    _ = try store.instantiate(module64, imports: ["m": ["m": .memory(memory64)]])
    // A data segment at a 64-bit offset beyond the memory fails to instantiate.
    let beyond = try Module(
      bytes: wasm(#"(module (memory i64 1) (data (i64.const 0x1_0000_0000) "x"))"#)
    )
    .validate()
    #expect(throws: InstantiationError.self) { try store.instantiate(beyond) }
  }

  /// A loop that writes through a 64-bit memory and a 64-bit table, paused and restored every
  /// few ticks: the same results and ticks as an unbounded run, and the entities come back
  /// 64-bit.
  @Test func a64BitMemoryAndTableRoundTripThroughSnapshots() throws {
    let wat = """
      (module
        (memory (export "m") i64 1 8)
        (table (export "t") i64 4 16 funcref)
        (func $f (result i64) (i64.const 42))
        (elem declare func $f)
        (func (export "run") (result i64) (local $i i64) (local $sum i64)
          (drop (memory.grow (i64.const 2)))
          (drop (table.grow (ref.func $f) (i64.const 4)))
          (loop $l
            (i64.store (i64.add (i64.const 0x1_0000) (i64.mul (local.get $i) (i64.const 8)))
              (local.get $i))
            (local.set $sum (i64.add (local.get $sum)
              (i64.load (i64.add (i64.const 0x1_0000) (i64.mul (local.get $i) (i64.const 8))))))
            (local.set $i (i64.add (local.get $i) (i64.const 1)))
            (br_if $l (i64.lt_u (local.get $i) (i64.const 100))))
          (memory.fill (i64.const 0x2_0000) (i32.const 5) (i64.const 1000))
          (i64.add (local.get $sum)
            (i64.add (i64.load8_u (i64.const 0x2_0001))
              (i64.add (memory.size) (table.size))))))
      """
    let module = try Module(bytes: wasm(wat)).validate()
    func start() throws -> (Store, Execution) {
      let store = Store()
      let instance = try store.instantiate(module)
      let run = try #require(instance.exportedFunction("run"))
      return (store, try store.invoke(run, arguments: []))
    }
    let (_, reference) = try start()
    let expected = reference.run(ticks: .max)
    #expect(expected == .completed([.i64(4950 + 5 + 3 + 8)]))
    for slice: UInt64 in [7, 50, 1000] {
      var (store, execution) = try start()
      var result = execution.run(ticks: slice)
      var restored: RestoredStore?
      while result == .paused {
        let round = try Store.restore(
          try store.snapshot(of: [execution]), modules: { _ in module },
          hostFunctions: { _ in nil })
        store = round.store
        execution = try #require(round.executions.first)
        restored = round
        result = execution.run(ticks: slice)
      }
      #expect(result == expected, "slice \(slice)")
      #expect(execution.ticksConsumed == reference.ticksConsumed, "slice \(slice)")
      let instance = try #require(restored?.instances.first)
      let memory = try #require(instance.exportedMemory("m"))
      #expect(memory.type.addressType == .i64)
      #expect(memory.pageCount == 3)
      guard case .table(let table)? = instance.export("t") else {
        Issue.record("no table")
        return
      }
      #expect(table.type.addressType == .i64)
      #expect(table.size == 8)
    }
  }

  /// A crafted snapshot that turns a 64-bit memory or table into a 32-bit one (or names an
  /// address type that does not exist) is refused; a version-2 snapshot, which predates
  /// address types, restores as 32-bit.
  @Test func craftedAddressTypesAreRefusedAndVersion2StillReads() throws {
    /// The module of `wat` and the snapshot of a store holding one instance of it.
    func saved(_ wat: String) throws -> (ValidatedModule, [UInt8]) {
      let module = try Module(bytes: wasm(wat)).validate()
      let store = Store()
      _ = try store.instantiate(module)
      return (module, try store.snapshot(of: []))
    }
    let (module64, bytes) = try saved("(module (memory i64 1) (table i64 1 funcref))")
    // memories: [1, i64, no max, 1 page, no runs]; tables: [1, funcref, i64, no max, 1, null];
    // no globals, no executions.
    let tail: [UInt8] = [1, 1, 0, 1, 0, 1, 0x70, 1, 0, 1, 0, 0, 0]
    #expect(Array(bytes.dropLast(8).suffix(tail.count)) == tail)
    let body = Array(bytes.dropLast(8 + tail.count))
    func restoreError(_ bytes: [UInt8], _ module: ValidatedModule) -> SnapshotError? {
      do throws(SnapshotError) {
        _ = try Store.restore(bytes, modules: { _ in module }, hostFunctions: { _ in nil })
        return nil
      } catch {
        return error
      }
    }
    #expect(restoreError(bytes, module64) == nil)
    var memory32 = tail
    memory32[1] = 0
    #expect(restoreError(Fingerprint.sealing(body + memory32), module64)?.kind == .mismatch)
    var table32 = tail
    table32[7] = 0
    #expect(restoreError(Fingerprint.sealing(body + table32), module64)?.kind == .mismatch)
    var unknown = tail
    unknown[1] = 2
    #expect(restoreError(Fingerprint.sealing(body + unknown), module64)?.kind == .malformed)

    // Version 2: the same layout without the address type bytes.
    let (module32, bytes32) = try saved("(module (memory 1) (table 1 funcref))")
    let tail32: [UInt8] = [1, 0, 0, 1, 0, 1, 0x70, 0, 0, 1, 0, 0, 0]
    #expect(Array(bytes32.dropLast(8).suffix(tail32.count)) == tail32)
    var version2 = Array(bytes32.dropLast(8 + tail32.count)) + [1, 0, 1, 0, 1, 0x70, 0, 1, 0, 0, 0]
    let magic = Store.snapshotMagic.count
    #expect(version2[magic..<magic + 4] == [4, 0, 0, 0])
    version2[magic] = 2
    let restored = try Store.restore(
      Fingerprint.sealing(version2), modules: { _ in module32 }, hostFunctions: { _ in nil })
    let instance = try #require(restored.instances.first)
    #expect(instance.memory(at: 0)?.type.addressType == .i32)
    #expect(instance.table(at: 0)?.type.addressType == .i32)
    // A version-2 snapshot of 64-bit entities cannot exist; read as one, it does not match.
    version2 = Array(bytes.dropLast(8 + tail.count)) + [1, 0, 1, 0, 1, 0x70, 0, 1, 0, 0, 0]
    version2[magic] = 2
    #expect(restoreError(Fingerprint.sealing(version2), module64)?.kind == .mismatch)
  }

  /// Register code gives a 64-bit memory 0 its own forms, with the whole offset; a second
  /// memory escapes as before.
  @Test func registerCodeHasForms64() throws {
    let module = try Module(bytes: wasm(Self.program)).validate()
    func opcodes(_ index: Int) throws -> [RegOp] {
      let register = try #require(module.functions[index].registerCode)
      return register.code.compactMap { RegisterWord.opcode($0) }
    }
    // Functions: $seven, load, load_n, load64, load64_n, store, store_n, load_high_offset.
    #expect(try opcodes(1).contains(.i32Load8UMem64))
    #expect(try opcodes(3).contains(.i64LoadMem64))
    #expect(try opcodes(5).contains(.i32Store8Mem64))
    #expect(try opcodes(7).contains(.i64LoadMem64))
    #expect(try opcodes(2).contains(.escape))
  }
}
