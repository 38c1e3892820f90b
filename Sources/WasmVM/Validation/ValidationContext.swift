/// The module's index spaces (imports first, then definitions) as the typing rules see them:
/// the spec's context `C`.
struct ValidationContext {
  let types: [FuncType]
  /// Type index of every function, imported ones first.
  var functionTypeIndices: [UInt32] = []
  var tables: [TableType] = []
  var memories: [MemoryType] = []
  var globals: [GlobalType] = []
  /// Element type of each element segment.
  var elementTypes: [ValueType] = []
  var dataCount = 0
  /// Whether each function is declared as referenceable (`ref.func` outside function bodies
  /// or an export), which `ref.func` in a body requires.
  var declaredFunctions: [Bool] = []

  init(types: [FuncType]) {
    self.types = types
  }

  func type(_ index: UInt32) throws(ValidationError) -> FuncType {
    guard index < types.count else { throw .unknown("type", index) }
    return types[Int(index)]
  }

  func functionType(_ index: UInt32) throws(ValidationError) -> FuncType {
    guard index < functionTypeIndices.count else { throw .unknown("function", index) }
    return try type(functionTypeIndices[Int(index)])
  }

  func table(_ index: UInt32) throws(ValidationError) -> TableType {
    guard index < tables.count else { throw .unknown("table", index) }
    return tables[Int(index)]
  }

  func memory(_ index: UInt32) throws(ValidationError) -> MemoryType {
    guard index < memories.count else { throw .unknown("memory", index) }
    return memories[Int(index)]
  }

  func global(_ index: UInt32) throws(ValidationError) -> GlobalType {
    guard index < globals.count else { throw .unknown("global", index) }
    return globals[Int(index)]
  }

  func elementType(_ index: UInt32) throws(ValidationError) -> ValueType {
    guard index < elementTypes.count else { throw .unknown("elem segment", index) }
    return elementTypes[Int(index)]
  }

  func checkData(_ index: UInt32) throws(ValidationError) {
    guard index < dataCount else { throw .unknown("data segment", index) }
  }
}
