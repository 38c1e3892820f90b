/// An instantiated module: its resolved index spaces (imports first, then definitions) and
/// exports. Created by ``Store/instantiate(_:imports:startBudget:)``; lives as long as its store.
public final class Instance {
  public unowned let store: Store
  /// The module's types, by type index.
  public let types: [FuncType]
  // The index spaces the interpreter reads on calls (`call_indirect` reads three of them) are
  // exempt from dynamic exclusivity checks, which cost more than the call itself: they are set
  // while instantiating and never accessed overlapping.
  /// Store-wide canonical id of each type index (for `call_indirect`).
  @exclusivity(unchecked) internal var typeIDs: [Int] = []
  /// Store address of each function index.
  @exclusivity(unchecked) internal var functionAddresses: [Int] = []
  @exclusivity(unchecked) internal var memories: [Memory] = []
  @exclusivity(unchecked) internal var tables: [Table] = [] {
    didSet { tableReferences = tables.map { Unmanaged.passUnretained($0) } }
  }
  /// ``tables`` without ownership (the instance keeps them alive), so that `call_indirect`
  /// reads a table without retaining it.
  @exclusivity(unchecked) internal private(set) var tableReferences: [Unmanaged<Table>] = []
  internal var globals: [Global] = []
  /// Element segments as slots; a dropped segment becomes empty.
  internal var elementSegments: [[UInt64]] = []
  /// Data segments; a dropped segment becomes empty.
  internal var dataSegments: [[UInt8]] = []
  /// Exports by name, for iterating or passing on as another instance's imports. Swift's
  /// `String` compares by Unicode canonical equivalence, so names that differ only in
  /// normalization ("\u{C5}" and "A\u{30A}") share one key here; ``export(_:)`` tells them apart.
  public internal(set) var exports: [String: ExternalValue] = [:]
  /// Exports by the exact UTF-8 bytes of their names, as wasm defines name equality.
  internal var exportsByBytes: [[UInt8]: ExternalValue] = [:]
  /// Function names from the module's `name` section, by function index.
  public let functionNames: [UInt32: String]
  /// The module the instance was made from (see ``Module/fingerprint``).
  public let moduleFingerprint: Fingerprint
  /// How many functions the store had when the instance was created: the address of its first
  /// defined function. A snapshot replays instances and host functions in this order.
  internal var functionBase = 0
  /// Whether ``Store/retire(_:)`` gave back its memories.
  public internal(set) var isRetired: Bool = false

  internal init(
    store: Store, types: [FuncType], functionNames: [UInt32: String],
    moduleFingerprint: Fingerprint
  ) {
    self.store = store
    self.types = types
    self.functionNames = functionNames
    self.moduleFingerprint = moduleFingerprint
  }

  /// The export called `name`, if any.
  public func export(_ name: String) -> ExternalValue? { exportsByBytes[Array(name.utf8)] }

  /// The exported function called `name`, if any.
  public func exportedFunction(_ name: String) -> Function? {
    if case .function(let f)? = export(name) { return f }
    return nil
  }

  /// The memory at `index` in the module's memory index space (imports first), if any.
  public func memory(at index: UInt32) -> Memory? { memories.element(ifPresentAt: index) }

  /// The table at `index` in the module's table index space (imports first), if any.
  public func table(at index: UInt32) -> Table? { tables.element(ifPresentAt: index) }

  /// The global at `index` in the module's global index space (imports first), if any.
  public func global(at index: UInt32) -> Global? { globals.element(ifPresentAt: index) }

  /// The function at `index` in the module's function index space (imports first), if any.
  /// Lets an embedder run a function that is not exported — such as a start function it took
  /// out of the module to run under its own tick budget.
  public func function(at index: UInt32) -> Function? {
    guard Int(index) < functionAddresses.count else { return nil }
    return Function(address: functionAddresses[Int(index)])
  }
}
