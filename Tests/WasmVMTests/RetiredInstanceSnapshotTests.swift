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
}
