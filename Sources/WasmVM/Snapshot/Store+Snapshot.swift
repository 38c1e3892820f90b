/// Taking a snapshot: a store's guest state and some of its paused executions, as bytes that
/// ``Store/restore(_:limits:pageBudget:modules:hostFunctions:)`` turns back into an equivalent
/// store, in this process or another. The layout is in `docs/snapshot-format.md`.
extension Store {
  /// The first bytes of every snapshot.
  static let snapshotMagic: [UInt8] = Array("\0wbxsnap".utf8)
  /// The format this version writes; it reads every version up to it. Version 2 added the
  /// execution kinds 3 and 4 (suspended on a host call), so version 1 is a subset of it;
  /// version 3 added each memory's and table's address type (64-bit ones, memory64), which
  /// earlier versions are read as having `i32`; version 4 added `v128` (SIMD): the value type
  /// and the second slot of a `v128` global or host argument. No earlier snapshot holds one.
  static let snapshotVersion: UInt32 = 4
  /// Memory is saved in chunks of this many bytes; chunks that are all zero are left out.
  static let snapshotChunkSize = 4096

  /// Saves the store's guest state and `executions` (in order) to bytes.
  ///
  /// Saved: which host functions (by name and type) and which modules (by
  /// ``Module/fingerprint``) built the store and in what order; how instances share memories,
  /// tables and globals; every memory's pages (all-zero 4 KiB chunks left out), every table's
  /// elements, every global's value, which segments are dropped; and for each execution its
  /// stacks, frames and position in wasm terms (see `Execution+Snapshot.swift`). Not saved:
  /// host functions' code and state, which the embedder provides again on restore.
  ///
  /// - Throws: ``SnapshotError`` of kind ``SnapshotError/Kind/notSavable`` when an execution
  ///   is neither paused nor suspended on a host call (it is running, completed or trapped)
  ///   or belongs to another store. A suspended one restores suspended on the same call.
  ///   Of kind ``SnapshotError/Kind/limit`` when the store has more instances than
  ///   ``ResourceLimits/maxSnapshotInstances`` or `executions` more than
  ///   ``ResourceLimits/maxSnapshotExecutions``: a store with its own limits could not restore
  ///   the bytes, so none are made.
  public func snapshot(of executions: [Execution] = []) throws(SnapshotError) -> [UInt8] {
    try SnapshotError.checkCount(
      instances.count, "instances", limit: limits.maxSnapshotInstances,
      field: "maxSnapshotInstances")
    try SnapshotError.checkCount(
      executions.count, "executions", limit: limits.maxSnapshotExecutions,
      field: "maxSnapshotExecutions")
    var writer = SnapshotWriter()
    for byte in Self.snapshotMagic { writer.byte(byte) }
    withUnsafeBytes(of: Self.snapshotVersion.littleEndian) {
      for byte in $0 { writer.byte(byte) }
    }
    writer.unsigned(functions.count)
    let hosts = functions.enumerated().compactMap {
      address, function -> (Int, StoredHostFunction)? in
      if case .host(let host) = function { (address, host) } else { nil }
    }
    writer.unsigned(hosts.count)
    for (address, host) in hosts {
      writer.unsigned(address)
      writer.string(host.name)
      writer.functionType(host.type)
    }

    var memories = EntityNumbering<Memory>()
    var tables = EntityNumbering<Table>()
    var globals = EntityNumbering<Global>()
    writer.unsigned(instances.count)
    for instance in instances {
      writer.word(instance.moduleFingerprint.value)
      writer.unsigned(instance.functionBase)
      writer.bool(instance.isRetired)
      writer.unsigned(instance.functionAddresses.count)
      for address in instance.functionAddresses { writer.unsigned(address) }
      writer.unsigned(instance.memories.count)
      for memory in instance.memories { writer.unsigned(memories.number(memory)) }
      writer.unsigned(instance.tables.count)
      for table in instance.tables { writer.unsigned(tables.number(table)) }
      writer.unsigned(instance.globals.count)
      for global in instance.globals { writer.unsigned(globals.number(global)) }
      writer.unsigned(instance.elementSegments.count)
      for segment in instance.elementSegments { writer.bool(segment.isEmpty) }
      writer.unsigned(instance.dataSegments.count)
      for segment in instance.dataSegments { writer.bool(segment.isEmpty) }
    }

    writer.unsigned(memories.entities.count)
    for memory in memories.entities { Self.encode(memory, into: &writer) }
    writer.unsigned(tables.entities.count)
    for table in tables.entities {
      writer.valueType(table.type.elementType)
      writer.addressType(table.type.addressType)
      writer.optional(table.type.limits.max)
      writer.unsigned(table.elements.count)
      for slot in table.elements { writer.unsigned(slot) }
    }
    writer.unsigned(globals.entities.count)
    for global in globals.entities {
      writer.valueType(global.type.valueType)
      writer.bool(global.type.isMutable)
      writer.unsigned(global.slot)
      if global.type.valueType == .v128 { writer.unsigned(global.highSlot) }
    }

    writer.unsigned(executions.count)
    for execution in executions {
      guard execution.store === self else {
        throw SnapshotError(.notSavable, "an execution of another store")
      }
      try execution.encode(into: &writer)
    }
    return Fingerprint.sealing(writer.bytes)
  }

  /// A memory's address type, limits, size, and the runs of chunks that are not all zero.
  private static func encode(_ memory: Memory, into writer: inout SnapshotWriter) {
    writer.addressType(memory.type.addressType)
    writer.optional(memory.type.limits.max)
    writer.unsigned(memory.pageCount)
    let bytes = UnsafeRawBufferPointer(start: memory.base, count: memory.byteCount)
    let chunkCount = memory.byteCount / snapshotChunkSize
    var runs: [Range<Int>] = []
    var chunk = 0
    while chunk < chunkCount {
      guard !isZero(bytes, chunk: chunk) else {
        chunk += 1
        continue
      }
      let start = chunk
      while chunk < chunkCount, !isZero(bytes, chunk: chunk) { chunk += 1 }
      runs.append(start..<chunk)
    }
    writer.unsigned(runs.count)
    for run in runs {
      writer.unsigned(run.lowerBound)
      writer.unsigned(run.count)
      writer.raw(
        UnsafeRawBufferPointer(
          rebasing: bytes[run.lowerBound * snapshotChunkSize..<run.upperBound * snapshotChunkSize]))
    }
  }

  /// Whether the chunk is all zero bytes. A plain loop over words with operators the
  /// compiler inlines even unoptimized: the `stride` and `loadUnaligned` it replaces took
  /// 350 ms per snapshot of a 52 MB memory in a debug build (the spec suite's
  /// `--snapshot-every` runs), this takes about 3 ms. The memory's base is page-aligned (16
  /// bytes in the portable fallback), so every chunk is aligned for 8-byte words.
  private static func isZero(_ bytes: UnsafeRawBufferPointer, chunk: Int) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var word = (base + chunk * snapshotChunkSize).assumingMemoryBound(to: UInt64.self)
    let end = word + snapshotChunkSize / 8
    var accumulated: UInt64 = 0
    while word < end {
      accumulated |= word[0] | word[1] | word[2] | word[3] | word[4] | word[5] | word[6] | word[7]
      word += 8
    }
    return accumulated == 0
  }
}

/// Numbers shared entities (memories, tables, globals) in order of first appearance, so that
/// a snapshot says which instances share one.
struct EntityNumbering<Entity: AnyObject> {
  private(set) var entities: [Entity] = []
  private var numbers: [ObjectIdentifier: Int] = [:]

  mutating func number(_ entity: Entity) -> Int {
    if let number = numbers[ObjectIdentifier(entity)] { return number }
    numbers[ObjectIdentifier(entity)] = entities.count
    entities.append(entity)
    return entities.count - 1
  }
}
