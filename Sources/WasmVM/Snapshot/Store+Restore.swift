/// A host function as a snapshot names it: the embedder provides its code again on restore.
public struct SnapshotHostFunction: Hashable, Sendable {
  /// Its address in the store (host functions and instances are rebuilt in this order).
  public let address: Int
  /// The name it was registered with (``HostFunction/name``).
  public let name: String
  public let type: FuncType
}

/// What ``Store/restore(_:limits:pageBudget:modules:hostFunctions:)`` rebuilt.
public struct RestoredStore {
  public let store: Store
  /// Every instance, in creation order, as in the saved store.
  public let instances: [Instance]
  /// The saved executions, in the order they were given to ``Store/snapshot(of:)``; each
  /// continues with ``Execution/run(ticks:)`` exactly where it paused.
  public let executions: [Execution]
}

extension Store {
  /// Rebuilds a store from a snapshot taken by ``snapshot(of:)``, possibly in another process.
  ///
  /// The store is built again in the saved order: `hostFunctions` gives the code of each host
  /// function the snapshot names (by name, of the saved type), `modules` the module of each instance (by
  /// ``Module/fingerprint``); instances are allocated without running their segments or start
  /// functions, and then every memory, table, global, dropped segment and execution is set to
  /// its saved state.
  ///
  /// The bytes are untrusted: anything that is not a consistent snapshot of these modules
  /// (truncated, corrupted, another version, a position that is no instruction boundary, a
  /// frame that does not fit its caller, a memory beyond its limit) throws, and nothing is
  /// read or written out of bounds.
  /// - Throws: ``SnapshotError``.
  public static func restore(
    _ bytes: [UInt8], limits: ResourceLimits = ResourceLimits(),
    pageBudget: MemoryPageBudget? = nil,
    modules: (Fingerprint) -> ValidatedModule?,
    hostFunctions: (SnapshotHostFunction) -> HostFunction?
  ) throws(SnapshotError) -> RestoredStore {
    var reader = try openSnapshot(bytes)
    let store = Store(limits: limits, pageBudget: pageBudget)
    var builder = SnapshotBuilder(store: store)
    try builder.rebuild(from: &reader, modules: modules, hostFunctions: hostFunctions)
    try builder.restoreEntities(from: &reader)
    let groups = LinkGroups(store: store)
    try groups.checkEntities(of: store)
    var stacks = SavedStacks()
    var executions: [Execution] = []
    let executionCount = try reader.count("execution count")
    try SnapshotError.checkCount(
      executionCount, "executions", limit: store.limits.maxSnapshotExecutions,
      field: "maxSnapshotExecutions")
    for _ in 0..<executionCount {
      executions.append(
        try Execution.restore(from: &reader, in: store, groups: groups, stacks: &stacks))
    }
    guard reader.isAtEnd else { throw reader.malformed("unexpected bytes after the snapshot") }
    try stacks.check(groups, modules: modules)
    return RestoredStore(store: store, instances: store.instances, executions: executions)
  }

  /// Checks the magic, version and checksum; returns a reader over the contents.
  private static func openSnapshot(_ bytes: [UInt8]) throws(SnapshotError) -> SnapshotReader {
    let headerSize = snapshotMagic.count + 4
    guard bytes.count >= headerSize + 8, Array(bytes.prefix(snapshotMagic.count)) == snapshotMagic
    else { throw SnapshotError(.malformed, "not a wasbox snapshot") }
    var version: UInt32 = 0
    for i in 0..<4 { version |= UInt32(bytes[snapshotMagic.count + i]) << UInt32(i * 8) }
    guard (1...snapshotVersion).contains(version) else {
      throw SnapshotError(
        .unsupportedVersion,
        "format version \(version); this wasbox reads versions 1 to \(snapshotVersion)")
    }
    let end = bytes.count - 8
    guard Fingerprint.isSealed(bytes) else {
      throw SnapshotError(
        .checksumMismatch, "checksum mismatch: the file is damaged or was changed")
    }
    return SnapshotReader(bytes: bytes, from: headerSize, to: end, version: version)
  }
}

extension SnapshotError {
  /// Refuses a snapshot holding more than `limit` of `what` (ResourceLimits' `field`).
  static func checkCount(_ count: Int, _ what: String, limit: Int, field: String)
    throws(SnapshotError)
  {
    guard count <= limit else {
      throw SnapshotError(
        .limit,
        "the snapshot holds \(count) \(what), more than the limit of \(limit); raise "
          + "ResourceLimits.\(field)")
    }
  }
}

/// Rebuilds a store's functions and instances in saved order, then sets the shared entities'
/// state; the numbering of memories, tables and globals is the saver's (``EntityNumbering``).
private struct SnapshotBuilder {
  let store: Store
  var memories: [Int: Memory] = [:]
  var tables: [Int: Table] = [:]
  var globals: [Int: Global] = [:]
  /// Per instance, the segments the snapshot says are dropped.
  var droppedElements: [[Bool]] = []
  var droppedData: [[Bool]] = []
  /// What the instances built so far hold beyond their records (see
  /// ``ResourceLimits/maxSnapshotInstanceEntries``).
  var instanceEntries = 0

  init(store: Store) { self.store = store }

  /// What the snapshot says of one instance.
  struct InstanceRecord {
    var fingerprint: Fingerprint
    var functionBase: Int
    var retired: Bool
    var functions: [Int]
    var memories: [Int]
    var tables: [Int]
    var globals: [Int]
  }

  mutating func rebuild(
    from reader: inout SnapshotReader, modules: (Fingerprint) -> ValidatedModule?,
    hostFunctions: (SnapshotHostFunction) -> HostFunction?
  ) throws(SnapshotError) {
    let functionCount = try reader.int(max: 1 << 26, "function count")
    var hosts: [SnapshotHostFunction] = []
    for _ in 0..<(try reader.count("host function count", minimumSize: 3)) {
      let address = try reader.int(max: functionCount - 1, "host function address")
      guard address > (hosts.last?.address ?? -1) else {
        throw reader.malformed("host functions out of order")
      }
      hosts.append(
        SnapshotHostFunction(
          address: address, name: try reader.string(), type: try reader.functionType()))
    }
    var records: [InstanceRecord] = []
    let instanceCount = try reader.count("instance count", minimumSize: 15)
    try SnapshotError.checkCount(
      instanceCount, "instances", limit: store.limits.maxSnapshotInstances,
      field: "maxSnapshotInstances")
    for _ in 0..<instanceCount {
      let fingerprint = Fingerprint(value: try reader.word())
      let base = try reader.int(max: functionCount, "function base")
      guard base >= (records.last?.functionBase ?? 0) else {
        throw reader.malformed("instances out of order")
      }
      let retired = try reader.bool()
      func list(_ what: String, max: Int) throws(SnapshotError) -> [Int] {
        var values: [Int] = []
        for _ in 0..<(try reader.count("\(what) count")) {
          values.append(try reader.int(max: max, what))
        }
        return values
      }
      let record = InstanceRecord(
        fingerprint: fingerprint, functionBase: base, retired: retired,
        functions: try list("function address", max: functionCount - 1),
        memories: try list("memory", max: Int(UInt32.max)),
        tables: try list("table", max: Int(UInt32.max)),
        globals: try list("global", max: Int(UInt32.max)))
      records.append(record)
      var elements: [Bool] = []
      for _ in 0..<(try reader.count("element segment count")) {
        elements.append(try reader.bool())
      }
      var data: [Bool] = []
      for _ in 0..<(try reader.count("data segment count")) { data.append(try reader.bool()) }
      droppedElements.append(elements)
      droppedData.append(data)
    }
    // Entity types come next; standalone ones (imported but defined by no instance) are
    // created from them when first imported.
    let entityStart = reader.position
    var types = EntityTypes()
    try types.read(from: &reader)
    reader = SnapshotReader(
      bytes: reader.bytes, from: entityStart, to: reader.end, version: reader.version)

    var nextHost = 0
    var nextInstance = 0
    while nextHost < hosts.count || nextInstance < records.count {
      let address = store.functions.count
      if nextInstance < records.count, records[nextInstance].functionBase == address {
        try instantiate(
          records[nextInstance], number: nextInstance, modules: modules, types: types)
        nextInstance += 1
      } else if nextHost < hosts.count, hosts[nextHost].address == address {
        let record = hosts[nextHost]
        guard let implementation = hostFunctions(record) else {
          throw SnapshotError(
            .mismatch, "no host function \(record.name) of type \(record.type) to restore")
        }
        guard implementation.type == record.type else {
          throw SnapshotError(
            .mismatch,
            "host function \(record.name) has type \(record.type) in the snapshot, but "
              + "\(implementation.type) here")
        }
        // The saved name stands: the restored code was linked to it.
        _ = store.register(
          type: record.type, name: record.name, cost: implementation.cost,
          body: implementation.body, suspendingBody: implementation.suspendingBody)
        nextHost += 1
      } else {
        throw SnapshotError(.mismatch, "the saved functions do not rebuild (at address \(address))")
      }
    }
    guard store.functions.count == functionCount else {
      throw SnapshotError(
        .mismatch, "the rebuilt store has \(store.functions.count) functions, not \(functionCount)")
    }
  }

  private mutating func instantiate(
    _ record: InstanceRecord, number: Int, modules: (Fingerprint) -> ValidatedModule?,
    types: EntityTypes
  ) throws(SnapshotError) {
    guard let module = modules(record.fingerprint),
      module.module.fingerprint == record.fingerprint
    else {
      throw SnapshotError(
        .mismatch, "no module with fingerprint \(record.fingerprint) for instance \(number)")
    }
    var imports = Imports()
    var counts = (function: 0, memory: 0, table: 0, global: 0)
    for entry in module.imports {
      let value: ExternalValue
      switch entry.descriptor {
      case .function:
        guard let address = record.functions.element(ifPresentAt: UInt32(counts.function)),
          address < store.functions.count
        else { throw mismatch(number, "function import \(entry.module).\(entry.name)") }
        counts.function += 1
        value = .function(Function(address: address))
      case .memory(let type):
        guard let id = record.memories.element(ifPresentAt: UInt32(counts.memory)) else {
          throw mismatch(number, "memory import")
        }
        counts.memory += 1
        if record.retired {
          // Retiring swapped it for an empty memory, bound to `id` once it is retired again.
          guard let placeholder = Memory.retired(type.addressType, limits: store.limits) else {
            throw SnapshotError(.limit, "instance \(number): no memory can be mapped")
          }
          value = .memory(placeholder)
        } else if let existing = memories[id] {
          value = .memory(existing)
        } else {
          value = .memory(try standaloneMemory(id, types))
        }
      case .table(let type):
        guard let id = record.tables.element(ifPresentAt: UInt32(counts.table)) else {
          throw mismatch(number, "table import")
        }
        counts.table += 1
        if record.retired {
          // As for a memory: the saved table is the empty one retiring left.
          guard
            let placeholder = Table.retired(
              type.elementType, type.addressType, limits: store.limits)
          else {
            throw SnapshotError(.limit, "instance \(number): no table can be made")
          }
          value = .table(placeholder)
        } else if let existing = tables[id] {
          value = .table(existing)
        } else {
          value = .table(try standaloneTable(id, types))
        }
      case .global:
        guard let id = record.globals.element(ifPresentAt: UInt32(counts.global)) else {
          throw mismatch(number, "global import")
        }
        counts.global += 1
        if let existing = globals[id] {
          value = .global(existing)
        } else {
          value = .global(try standaloneGlobal(id, types))
        }
      }
      imports.define(entry.module, entry.name, value)
    }
    try checkDefinedEntities(
      of: module.module, record, imported: (counts.function, counts.memory, counts.table),
      types: types, number: number)
    try chargeEntries(of: module.module, number: number)
    let allocation: InstanceAllocation
    do {
      allocation = try store.allocateInstance(
        module, imports: imports, retired: record.retired,
        droppedElements: droppedElements[number])
    } catch {
      throw SnapshotError(
        error.limit != nil ? .limit : .mismatch, "instance \(number) does not link: \(error)")
    }
    let instance = allocation.instance
    store.functions.append(contentsOf: allocation.functions.map(FunctionInstance.wasm))
    store.instances.append(instance)
    if record.retired { store.retire(instance) }
    guard instance.functionAddresses == record.functions,
      instance.functionBase == record.functionBase,
      instance.memories.count == record.memories.count,
      instance.tables.count == record.tables.count,
      instance.globals.count == record.globals.count
    else { throw mismatch(number, "its index spaces") }
    try bind(instance.memories, record.memories, &memories, number)
    try bind(instance.tables, record.tables, &tables, number)
    try bind(instance.globals, record.globals, &globals, number)
  }

  /// Refuses, before anything is allocated, an instance whose record lists other numbers of
  /// functions, memories or tables than its module has, or whose own tables or memories start
  /// larger than the saved ones they are to become (its memories only if it is not retired):
  /// the checks after instantiating and ``restoreEntities(from:)`` would refuse it too, but
  /// only once it was built, and a 15-byte record of a module declaring a 10,000,000-element
  /// table allocated 80 MB. So the tables restore allocates are no larger than the saved
  /// elements, which the bytes hold (and one instance's, when two claim one table).
  private func checkDefinedEntities(
    of module: Module, _ record: InstanceRecord,
    imported: (functions: Int, memories: Int, tables: Int), types: EntityTypes, number: Int
  ) throws(SnapshotError) {
    guard record.functions.count == imported.functions + module.functionTypeIndices.count,
      record.memories.count == imported.memories + module.memories.count,
      record.tables.count == imported.tables + module.tables.count
    else { throw mismatch(number, "its index spaces") }
    // A retired instance's memories and tables are swapped for empty ones as soon as it is
    // built, so they are saved empty.
    for (i, type) in module.memories.enumerated() where !record.retired {
      let id = record.memories[imported.memories + i]
      guard let saved = types.memories.element(ifPresentAt: UInt32(clamping: id)),
        UInt64(saved.pages) >= type.limits.min
      else {
        throw SnapshotError(
          .malformed, "memory \(id) is missing or smaller than its module declares")
      }
    }
    for (i, definition) in module.tables.enumerated() where !record.retired {
      let id = record.tables[imported.tables + i]
      guard let saved = types.tables.element(ifPresentAt: UInt32(clamping: id)),
        UInt64(saved.size) >= definition.type.limits.min
      else {
        throw SnapshotError(
          .malformed, "table \(id) is missing or smaller than its module declares")
      }
    }
  }

  /// Counts what instance `number` of `module` will build beyond its record (its exports,
  /// types and element items not saved as dropped) against
  /// ``ResourceLimits/maxSnapshotInstanceEntries``, after checking it has the saved segments.
  private mutating func chargeEntries(of module: Module, number: Int) throws(SnapshotError) {
    let dropped = droppedElements[number]
    guard dropped.count == module.elements.count,
      droppedData[number].count == module.data.count
    else { throw SnapshotError(.mismatch, "instance \(number) has other segments") }
    var entries = module.exports.count + module.types.count
    for (segment, isDropped) in zip(module.elements, dropped) where !isDropped {
      entries += segment.items.count
    }
    instanceEntries += entries
    let limit = store.limits.maxSnapshotInstanceEntries
    guard instanceEntries <= limit else {
      throw SnapshotError(
        .limit,
        "instance \(number) brings the snapshot's instances to \(instanceEntries) exports, "
          + "types and element items, more than the limit of \(limit); raise "
          + "ResourceLimits.maxSnapshotInstanceEntries")
    }
  }

  /// Records the instance's entities under the saved numbers; an entity must have one number.
  private func bind<Entity: AnyObject>(
    _ entities: [Entity], _ numbers: [Int], _ known: inout [Int: Entity], _ instance: Int
  ) throws(SnapshotError) {
    for (entity, number) in zip(entities, numbers) {
      if let existing = known[number] {
        guard existing === entity else { throw mismatch(instance, "shared entity \(number)") }
      } else {
        known[number] = entity
      }
    }
  }

  private func mismatch(_ instance: Int, _ what: String) -> SnapshotError {
    SnapshotError(.mismatch, "instance \(instance) does not match the snapshot: \(what)")
  }

  private mutating func standaloneMemory(_ id: Int, _ types: EntityTypes) throws(SnapshotError)
    -> Memory
  {
    guard let saved = types.memories.element(ifPresentAt: UInt32(clamping: id)) else {
      throw SnapshotError(.malformed, "unknown memory \(id)")
    }
    do {
      let memory = try Memory(
        type: MemoryType(
          limits: Limits(min: UInt64(saved.pages), max: saved.max),
          addressType: saved.addressType),
        limits: store.limits,
        pageBudget: store.pageBudget)
      memories[id] = memory
      return memory
    } catch {
      throw SnapshotError(.limit, "memory \(id): \(error)")
    }
  }

  private mutating func standaloneTable(_ id: Int, _ types: EntityTypes) throws(SnapshotError)
    -> Table
  {
    guard let saved = types.tables.element(ifPresentAt: UInt32(clamping: id)) else {
      throw SnapshotError(.malformed, "unknown table \(id)")
    }
    do {
      let table = try Table(
        type: TableType(
          elementType: saved.elementType, limits: Limits(min: UInt64(saved.size), max: saved.max),
          addressType: saved.addressType),
        initialSlot: 0, limits: store.limits)
      tables[id] = table
      return table
    } catch {
      throw SnapshotError(.limit, "table \(id): \(error)")
    }
  }

  private mutating func standaloneGlobal(_ id: Int, _ types: EntityTypes) throws(SnapshotError)
    -> Global
  {
    guard let saved = types.globals.element(ifPresentAt: UInt32(clamping: id)) else {
      throw SnapshotError(.malformed, "unknown global \(id)")
    }
    let global = Global(type: saved, slot: 0)
    globals[id] = global
    return global
  }

  /// Sets every memory, table and global to its saved state, and drops the saved-dropped
  /// segments.
  mutating func restoreEntities(from reader: inout SnapshotReader) throws(SnapshotError) {
    let functionCount = UInt64(store.functions.count)
    let memoryCount = try reader.count("memory count", minimumSize: 3)
    guard memoryCount == memories.count else {
      throw reader.malformed("\(memoryCount) memories saved, \(memories.count) rebuilt")
    }
    for id in 0..<memoryCount {
      guard let memory = memories[id] else { throw reader.malformed("memory \(id) is unused") }
      try restore(memory, id, from: &reader)
    }
    let tableCount = try reader.count("table count", minimumSize: 3)
    guard tableCount == tables.count else {
      throw reader.malformed("\(tableCount) tables saved, \(tables.count) rebuilt")
    }
    for id in 0..<tableCount {
      guard let table = tables[id] else { throw reader.malformed("table \(id) is unused") }
      let elementType = try reader.valueType()
      let addressType = try reader.addressType()
      let max = try reader.optional()
      guard elementType == table.type.elementType, addressType == table.type.addressType,
        max == table.type.limits.max
      else { throw SnapshotError(.mismatch, "table \(id) has another type") }
      let size = try reader.count("table size")
      guard size >= table.elements.count else {
        throw reader.malformed("table \(id) is smaller than its module declares")
      }
      guard table.grow(by: UInt64(size - table.elements.count), initial: 0) != nil else {
        throw SnapshotError(
          .limit, "table \(id) of \(size) elements exceeds its limit of \(table.maxElements)")
      }
      for index in 0..<size {
        let slot = try reader.unsigned()
        guard elementType != .funcref || slot <= functionCount else {
          throw reader.malformed("table \(id) refers to function \(slot - 1), which does not exist")
        }
        table.elements[index] = slot
      }
    }
    let globalCount = try reader.count("global count", minimumSize: 3)
    guard globalCount == globals.count else {
      throw reader.malformed("\(globalCount) globals saved, \(globals.count) rebuilt")
    }
    for id in 0..<globalCount {
      guard let global = globals[id] else { throw reader.malformed("global \(id) is unused") }
      let type = GlobalType(valueType: try reader.valueType(), isMutable: try reader.bool())
      guard type == global.type else {
        throw SnapshotError(.mismatch, "global \(id) has another type")
      }
      let slot = try reader.unsigned()
      guard type.valueType != .funcref || slot <= functionCount else {
        throw reader.malformed("global \(id) refers to a function that does not exist")
      }
      global.slot = slot
      global.highSlot = type.valueType == .v128 ? try reader.unsigned() : 0
    }
    for (instance, (elements, data)) in zip(store.instances, zip(droppedElements, droppedData)) {
      guard elements.count == instance.elementSegments.count,
        data.count == instance.dataSegments.count
      else { throw SnapshotError(.mismatch, "an instance has other segments") }
      for (index, dropped) in elements.enumerated() where dropped {
        instance.elementSegments[index] = []
      }
      for (index, dropped) in data.enumerated() where dropped {
        instance.dataSegments[index] = []
      }
    }
  }

  private func restore(_ memory: Memory, _ id: Int, from reader: inout SnapshotReader)
    throws(SnapshotError)
  {
    let addressType = try reader.addressType()
    guard addressType == memory.type.addressType else {
      throw SnapshotError(.mismatch, "memory \(id) has another address type")
    }
    let max = try reader.optional()
    guard max == memory.type.limits.max else {
      throw SnapshotError(.mismatch, "memory \(id) has another maximum")
    }
    let pages = try reader.int(max: Memory.maxPages(addressType), "page count")
    guard pages >= memory.pageCount else {
      throw reader.malformed("memory \(id) is smaller than its module declares")
    }
    guard memory.grow(by: UInt64(pages - memory.pageCount)) != nil else {
      throw SnapshotError(
        .limit,
        "memory \(id) of \(pages) pages exceeds its limit of \(memory.maxPages) pages or the "
          + "page budget")
    }
    // A rebuilt memory holds its module's minimum of fresh (zero) pages, grown here: only
    // the saved chunks need writing.
    let chunkSize = Store.snapshotChunkSize
    let chunkCount = memory.byteCount / chunkSize
    var next = 0
    for _ in 0..<(try reader.count("chunk run count", minimumSize: 2)) {
      let start = try reader.int(max: chunkCount, "chunk")
      let count = try reader.int(max: chunkCount - start, "chunk run length")
      guard start >= next else { throw reader.malformed("memory chunks out of order") }
      let bytes = try reader.raw(count * chunkSize)
      bytes.withUnsafeBytes { source in
        if let base = source.baseAddress {
          (memory.base + start * chunkSize).copyMemory(from: base, byteCount: source.count)
        }
      }
      next = start + count
    }
  }
}

/// The types of the saved memories, tables and globals, read ahead of the instances that
/// import them.
private struct EntityTypes {
  var memories: [(addressType: AddressType, max: UInt64?, pages: Int)] = []
  var tables: [(elementType: ValueType, addressType: AddressType, max: UInt64?, size: Int)] = []
  var globals: [GlobalType] = []

  mutating func read(from reader: inout SnapshotReader) throws(SnapshotError) {
    for _ in 0..<(try reader.count("memory count", minimumSize: 3)) {
      let addressType = try reader.addressType()
      let max = try reader.optional()
      let pages = try reader.int(max: Memory.maxPages(addressType), "page count")
      memories.append((addressType, max, pages))
      for _ in 0..<(try reader.count("chunk run count", minimumSize: 2)) {
        _ = try reader.unsigned()
        let count = try reader.int(max: pages * 16, "chunk run length")
        _ = try reader.raw(count * Store.snapshotChunkSize)
      }
    }
    for _ in 0..<(try reader.count("table count", minimumSize: 3)) {
      let elementType = try reader.valueType()
      let addressType = try reader.addressType()
      let max = try reader.optional()
      let size = try reader.count("table size")
      tables.append((elementType, addressType, max, size))
      for _ in 0..<size { _ = try reader.unsigned() }
    }
    for _ in 0..<(try reader.count("global count", minimumSize: 3)) {
      let type = GlobalType(valueType: try reader.valueType(), isMutable: try reader.bool())
      globals.append(type)
      _ = try reader.unsigned()
      if type.valueType == .v128 { _ = try reader.unsigned() }
    }
  }
}
