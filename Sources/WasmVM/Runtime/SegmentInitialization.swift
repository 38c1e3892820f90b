extension Instance {
  /// Copies active element segments into their tables in order, as `table.init` followed by
  /// `elem.drop` would. (Declarative segments are dropped when the instance is allocated:
  /// they only declare which functions `ref.func` may name.)
  ///
  /// Each segment is bounds-checked as a whole before it writes anything, but segments applied
  /// before a failing one keep their effect (Wasm 2.0 semantics: no rollback).
  /// - Throws: the trap "out of bounds table access".
  func applyActiveElementSegments(_ segments: [ActiveSegment]) throws(Trap) {
    for active in segments {
      let items = elementSegments[active.segment]
      guard active.target < tables.count else { throw Trap(.outOfBoundsTableAccess) }
      let table = tables[active.target]
      // The offset may be any `u64` for a 64-bit table: compared before it becomes an `Int`.
      guard active.offset <= UInt64(table.elements.count),
        items.count <= table.elements.count - Int(active.offset)
      else { throw Trap(.outOfBoundsTableAccess) }
      let start = Int(active.offset)
      table.elements.replaceSubrange(start..<(start + items.count), with: items)
      elementSegments[active.segment] = []
    }
  }

  /// Copies active data segments into their memories in order, as `memory.init` followed by
  /// `data.drop` would; earlier segments' writes stay when a later one is out of bounds.
  /// - Throws: the trap "out of bounds memory access".
  func applyActiveDataSegments(_ segments: [ActiveSegment]) throws(Trap) {
    for active in segments {
      guard active.target < memories.count,
        memories[active.target].write(
          dataSegments[active.segment], at: Int(clamping: active.offset))
      else { throw Trap(.outOfBoundsMemoryAccess) }
      dataSegments[active.segment] = []
    }
  }
}
