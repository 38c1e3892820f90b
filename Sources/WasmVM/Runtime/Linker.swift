/// The entities an instance imports, in import order per index space. They open the index
/// spaces of the new instance: imported functions, tables, memories and globals come first.
struct ResolvedImports {
  var functionAddresses: [Int] = []
  var tables: [Table] = []
  var memories: [Memory] = []
  var globals: [Global] = []
}

extension Store {
  /// Looks up every import of `module` in `imports` and checks it against its declared type.
  ///
  /// Resolution has no side effects, so a failed link leaves the store unchanged.
  ///
  /// With `retired`, an imported memory matches whatever its limits, and an imported table
  /// whenever its element type is the declared one: restoring a retired instance links it to
  /// empty placeholders, because what it imported was swapped for empty memories and tables
  /// when it was retired (``retire(_:)``), and those no longer match its imports' sizes.
  /// - Throws: ``LinkError`` "unknown import: m.n" when the name is not provided, or
  ///   "incompatible import type for m.n: expected X, found Y" when the kind or type differs.
  func resolveImports(
    of module: Module, from imports: Imports, retired: Bool = false
  ) throws(LinkError) -> ResolvedImports {
    var resolved = ResolvedImports()
    for entry in module.imports {
      let name = "\(entry.module).\(entry.name)"
      guard let provided = imports[entry.module, entry.name] else {
        throw LinkError("unknown import: \(name)")
      }
      let expected: String
      switch (entry.descriptor, provided) {
      case (.function(let typeIndex), .function(let function)):
        guard let declared = module.types.element(ifPresentAt: typeIndex) else {
          throw LinkError("unknown type \(typeIndex) in import \(name)")
        }
        if let actual = type(of: function),
          ImportMatching.matches(provided: actual, declared: declared)
        {
          resolved.functionAddresses.append(function.address)
          continue
        }
        expected = ExternalTypeText.function(declared)
      case (.table(let declared), .table(let table)):
        if ImportMatching.matches(provided: table.type, declared: declared)
          || (retired && table.type.elementType == declared.elementType)
        {
          resolved.tables.append(table)
          continue
        }
        expected = ExternalTypeText.table(declared)
      case (.memory(let declared), .memory(let memory)):
        if retired || ImportMatching.matches(provided: memory.type, declared: declared) {
          resolved.memories.append(memory)
          continue
        }
        expected = ExternalTypeText.memory(declared)
      case (.global(let declared), .global(let global)):
        if ImportMatching.matches(provided: global.type, declared: declared) {
          resolved.globals.append(global)
          continue
        }
        expected = ExternalTypeText.global(declared)
      case (.function(let typeIndex), _):
        expected =
          module.types.element(ifPresentAt: typeIndex).map(ExternalTypeText.function)
          ?? "a function"
      case (.table(let declared), _):
        expected = ExternalTypeText.table(declared)
      case (.memory(let declared), _):
        expected = ExternalTypeText.memory(declared)
      case (.global(let declared), _):
        expected = ExternalTypeText.global(declared)
      }
      throw LinkError(
        "incompatible import type for \(name): expected \(expected), found \(describe(provided))")
    }
    return resolved
  }

  /// The type of an external value as text, for error messages.
  private func describe(_ value: ExternalValue) -> String {
    switch value {
    case .function(let function):
      type(of: function).map(ExternalTypeText.function) ?? "a function of another store"
    case .table(let table): ExternalTypeText.table(table.type)
    case .memory(let memory): ExternalTypeText.memory(memory.type)
    case .global(let global): ExternalTypeText.global(global.type)
    }
  }
}
