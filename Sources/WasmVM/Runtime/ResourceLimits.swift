/// Caps that keep a guest from exhausting the host. Exceeding one is a decode error (for a
/// module's size, given to ``Module/init(bytes:limits:)``), a link error (at instantiation) or
/// a trap (at run time), never a crash. A negative cap counts as 0, so that no setting can make
/// the engine's size arithmetic fail.
public struct ResourceLimits: Hashable, Sendable {
  /// Most 64 KiB pages any one memory may hold (65536 = the full 4 GiB 32-bit space).
  public var maxMemoryPages: Int { didSet { maxMemoryPages = Swift.max(0, maxMemoryPages) } }
  /// Most elements any one table may hold.
  public var maxTableElements: Int { didSet { maxTableElements = Swift.max(0, maxTableElements) } }
  /// Deepest nesting of wasm calls before the trap `call stack exhausted`.
  public var maxCallDepth: Int { didSet { maxCallDepth = Swift.max(0, maxCallDepth) } }
  /// Most value-stack slots (locals and operands of all frames) before `call stack exhausted`.
  public var maxValueStackSlots: Int {
    didSet { maxValueStackSlots = Swift.max(0, maxValueStackSlots) }
  }
  /// Most bytes a module's binary may hold. Loading costs memory in proportion: a module takes
  /// up to about 90 times its size at the peak of decoding, validating and instantiating it,
  /// and 65 times while it lives (measured for bodies of nested `if`s; straight-line code takes
  /// about half), so this caps what one module can make the host allocate.
  public var maxModuleBytes: Int { didSet { maxModuleBytes = Swift.max(0, maxModuleBytes) } }
  /// Most bytes of any one function body in the code section (its locals and instructions).
  public var maxFunctionBodyBytes: Int {
    didSet { maxFunctionBodyBytes = Swift.max(0, maxFunctionBodyBytes) }
  }
  /// Most functions, imported and defined together, a module may have.
  public var maxFunctions: Int { didSet { maxFunctions = Swift.max(0, maxFunctions) } }
  /// Most tables, imported and defined together, a module may have.
  public var maxTables: Int { didSet { maxTables = Swift.max(0, maxTables) } }
  /// Most elements all the tables of one store may hold together (8 bytes each), counted by
  /// the store's ``Store/tableBudget``.
  public var maxTotalTableElements: Int {
    didSet { maxTotalTableElements = Swift.max(0, maxTotalTableElements) }
  }
  /// Most instances a snapshot may hold for ``Store/restore(_:limits:pageBudget:modules:hostFunctions:)``:
  /// each costs its module's entities however few bytes its record takes, so a larger count
  /// is refused (`limit`) before any instance is built. Retired instances count too.
  public var maxSnapshotInstances: Int {
    didSet { maxSnapshotInstances = Swift.max(0, maxSnapshotInstances) }
  }
  /// Most executions a snapshot may hold for ``Store/restore(_:limits:pageBudget:modules:hostFunctions:)``:
  /// each paused execution takes about 650 bytes however few (as few as 3) its record takes,
  /// so a larger count is refused (`limit`) before any execution is built.
  public var maxSnapshotExecutions: Int {
    didSet { maxSnapshotExecutions = Swift.max(0, maxSnapshotExecutions) }
  }
  /// Most entries all instances a snapshot holds may build beyond what their records list,
  /// for ``Store/restore(_:limits:pageBudget:modules:hostFunctions:)``: each instance counts
  /// its module's exports and types and the items of its element segments the snapshot does
  /// not save as dropped, since it builds them however few bytes its record takes (200
  /// 18-byte records of a module of 400,000 exports took 15 GB). A larger sum is refused
  /// (`limit`) before the instance that exceeds it is built.
  public var maxSnapshotInstanceEntries: Int {
    didSet { maxSnapshotInstanceEntries = Swift.max(0, maxSnapshotInstanceEntries) }
  }

  public init(
    maxMemoryPages: Int = 65536,
    maxTableElements: Int = 10_000_000,
    maxCallDepth: Int = 20_000,
    maxValueStackSlots: Int = 1 << 22,
    maxModuleBytes: Int = 1 << 22,
    maxFunctionBodyBytes: Int = 1 << 20,
    maxFunctions: Int = 100_000,
    maxTables: Int = 100,
    maxTotalTableElements: Int = 10_000_000,
    maxSnapshotInstances: Int = 10_000,
    maxSnapshotExecutions: Int = 100_000,
    maxSnapshotInstanceEntries: Int = 1_000_000
  ) {
    self.maxMemoryPages = Swift.max(0, maxMemoryPages)
    self.maxTableElements = Swift.max(0, maxTableElements)
    self.maxCallDepth = Swift.max(0, maxCallDepth)
    self.maxValueStackSlots = Swift.max(0, maxValueStackSlots)
    self.maxModuleBytes = Swift.max(0, maxModuleBytes)
    self.maxFunctionBodyBytes = Swift.max(0, maxFunctionBodyBytes)
    self.maxFunctions = Swift.max(0, maxFunctions)
    self.maxTables = Swift.max(0, maxTables)
    self.maxTotalTableElements = Swift.max(0, maxTotalTableElements)
    self.maxSnapshotInstances = Swift.max(0, maxSnapshotInstances)
    self.maxSnapshotExecutions = Swift.max(0, maxSnapshotExecutions)
    self.maxSnapshotInstanceEntries = Swift.max(0, maxSnapshotInstanceEntries)
  }
}
