extension Store {
  /// Gives back the memory an instance holds, for an embedder that is done with it (a plugin
  /// host unloading or reloading a plugin): its memories and tables are replaced by empty ones,
  /// so their pages return to the OS and their elements to the ``tableBudget`` unless another
  /// instance imported them, and its data and element segments are dropped.
  ///
  /// The store keeps every instance for its own lifetime (functions refer to their instance,
  /// and a function reference may outlive any bookkeeping of the embedder), so the instance
  /// itself stays valid and callable: code that still runs in it finds memories and tables of
  /// no pages or elements with a maximum of none, where every access traps as out of bounds
  /// and every grow fails.
  /// Executions paused in it stay safe to resume, for the same reason.
  public func retire(_ instance: Instance) {
    guard instance.store === self else { return }
    instance.isRetired = true
    var replacements: [ObjectIdentifier: Memory] = [:]
    for (index, memory) in instance.memories.enumerated() {
      // An OS that cannot map one more page keeps the old memory: nothing is given back,
      // and nothing breaks.
      guard
        let empty = replacements[ObjectIdentifier(memory)]
          ?? Memory.retired(memory.type.addressType, limits: limits)
      else { continue }
      replacements[ObjectIdentifier(memory)] = empty
      instance.memories[index] = empty
    }
    var tableReplacements: [ObjectIdentifier: Table] = [:]
    for (index, table) in instance.tables.enumerated() {
      guard
        let empty = tableReplacements[ObjectIdentifier(table)]
          ?? Table.retired(
            table.type.elementType, table.type.addressType, limits: limits)
      else { continue }
      tableReplacements[ObjectIdentifier(table)] = empty
      instance.tables[index] = empty
    }
    // Exports hold their memories and tables too; let none keep a retired one alive.
    func replacing(_ value: ExternalValue) -> ExternalValue {
      switch value {
      case .memory(let memory):
        replacements[ObjectIdentifier(memory)].map { .memory($0) } ?? value
      case .table(let table):
        tableReplacements[ObjectIdentifier(table)].map { .table($0) } ?? value
      default:
        value
      }
    }
    instance.exports = instance.exports.mapValues(replacing)
    instance.exportsByBytes = instance.exportsByBytes.mapValues(replacing)
    instance.dataSegments = instance.dataSegments.map { _ in [] }
    instance.elementSegments = instance.elementSegments.map { _ in [] }
  }
}

extension Memory {
  /// A memory of no pages that cannot grow (it reserves one inaccessible OS page), with the
  /// address type of the one it replaces (so that code compiled for that one still types its
  /// sizes and failed grows right), or `nil` when the OS refuses even that.
  static func retired(_ addressType: AddressType, limits: ResourceLimits) -> Memory? {
    try? Memory(
      type: MemoryType(limits: Limits(min: 0, max: 0), addressType: addressType), limits: limits)
  }
}

extension Table {
  /// A table of no elements that cannot grow, of `elementType` and `addressType`, drawing on
  /// no budget (never `nil` in practice: no elements are within every limit).
  static func retired(
    _ elementType: ValueType, _ addressType: AddressType, limits: ResourceLimits
  ) -> Table? {
    try? Table(
      type: TableType(
        elementType: elementType, limits: Limits(min: 0, max: 0), addressType: addressType),
      initialSlot: 0, limits: limits)
  }
}
