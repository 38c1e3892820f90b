import Testing
import WAT

@testable import WasmVM

/// A store holding a retired instance that defines a table and a memory saves and restores:
/// retiring empties both, and restore must not ask the emptied table for its declared size
/// (the restore fuzz target's seeds failed with "table N is missing or smaller than its
/// module declares" once retire began freeing tables).
struct RetiredInstanceSnapshotTests {
  @Test func aRetiredInstanceWithATableRestores() throws {
    let module = try Module(
      bytes: wat2wasm(
        """
        (module
          (table 10 funcref)
          (memory 1)
          (func (export "one") (result i32) (i32.const 1)))
        """)
    ).validate()
    let store = Store()
    let retired = try store.instantiate(module)
    store.retire(retired)
    let live = try store.instantiate(module)
    let bytes = try store.snapshot(of: [])
    let restored = try Store.restore(
      bytes, modules: { _ in module }, hostFunctions: { _ in nil })
    #expect(restored.instances.count == 2)
    #expect(restored.instances.first?.isRetired == true)
    let one = try #require(restored.instances.last?.exportedFunction("one"))
    #expect(try restored.store.call(one, []) == [.i32(1)])
    _ = live
  }

  /// An instance that imported another's memory and table, then was retired, holds empty
  /// ones its imports' types no longer match; restore links it without matching them, as
  /// retiring it again swaps them for empty ones anyway. Restoring failed with "instance 1
  /// does not link: incompatible import type" before.
  @Test func aRetiredImporterOfAMemoryAndATableRestores() throws {
    let owner = try Module(
      bytes: wat2wasm(
        """
        (module
          (memory (export "memory") 1)
          (table (export "table") 10 funcref)
          (func (export "size") (result i32) (memory.size)))
        """)
    ).validate()
    let user = try Module(
      bytes: wat2wasm(
        """
        (module
          (import "owner" "memory" (memory 1))
          (import "owner" "table" (table 10 funcref))
          (memory (export "own") 2)
          (func (export "size") (result i32) (memory.size)))
        """)
    ).validate()
    let store = Store()
    let first = try store.instantiate(owner)
    var imports = Imports()
    for name in ["memory", "table"] {
      if let value = first.export(name) { imports.define("owner", name, value) }
    }
    let retired = try store.instantiate(user, imports: imports)
    store.retire(retired)
    _ = try store.instantiate(user, imports: imports)
    let bytes = try store.snapshot(of: [])
    let restored = try Store.restore(
      bytes,
      modules: { fingerprint in
        fingerprint == owner.module.fingerprint ? owner : user
      }, hostFunctions: { _ in nil })
    #expect(restored.instances.map(\.isRetired) == [false, true, false])
    let old = try #require(restored.instances.dropFirst().first)
    #expect(old.memories.allSatisfy { $0.pageCount == 0 })
    #expect(old.tables.allSatisfy { $0.elements.isEmpty })
    let live = try #require(restored.instances.last)
    #expect(live.memories.first === restored.instances.first?.memories.first)
    let size = try #require(live.exportedFunction("size"))
    #expect(try restored.store.call(size, []) == [.i32(1)])
    // Saved again, it restores again.
    let again = try restored.store.snapshot(of: [])
    _ = try Store.restore(
      again,
      modules: { fingerprint in
        fingerprint == owner.module.fingerprint ? owner : user
      }, hostFunctions: { _ in nil })
  }
}
