/// An instantiated module: its resolved index spaces (imports first, then definitions) and
/// exports. Created by ``Store/instantiate(_:imports:)``; lives as long as its store.
public final class Instance {
  public unowned let store: Store
  /// The module's types, by type index.
  public let types: [FuncType]
  /// Store-wide canonical id of each type index (for `call_indirect`).
  internal var typeIDs: [Int] = []
  /// Store address of each function index.
  internal var functionAddresses: [Int] = []
  internal var memories: [Memory] = []
  internal var tables: [Table] = []
  internal var globals: [Global] = []
  /// Element segments as slots; a dropped segment becomes empty.
  internal var elementSegments: [[UInt64]] = []
  /// Data segments; a dropped segment becomes empty.
  internal var dataSegments: [[UInt8]] = []
  /// Exports by name.
  public internal(set) var exports: [String: ExternalValue] = [:]
  /// Function names from the module's `name` section, by function index.
  public let functionNames: [UInt32: String]

  internal init(store: Store, types: [FuncType], functionNames: [UInt32: String]) {
    self.store = store
    self.types = types
    self.functionNames = functionNames
  }

  /// The export called `name`, if any.
  public func export(_ name: String) -> ExternalValue? { exports[name] }

  /// The exported function called `name`, if any.
  public func exportedFunction(_ name: String) -> Function? {
    if case .function(let f)? = exports[name] { return f }
    return nil
  }

  /// The function at `index` in the module's function index space (imports first), if any.
  /// Lets an embedder run a function that is not exported — such as a start function it took
  /// out of the module to run under its own tick budget.
  public func function(at index: UInt32) -> Function? {
    guard Int(index) < functionAddresses.count else { return nil }
    return Function(address: functionAddresses[Int(index)])
  }
}
