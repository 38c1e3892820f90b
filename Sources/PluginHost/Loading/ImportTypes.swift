import WasmVM

/// Import matching (the spec's external subtyping) and the text forms of external types used
/// in link errors. PluginHost checks imports itself, before WasmVM does, so that an error can
/// name the plugins involved.
enum ImportTypes {
  /// Whether `provided` satisfies the import `declared` in `module`; `nil` when it does, or
  /// the declared and provided types as text when it does not.
  static func mismatch(
    declared: ImportDescriptor, in module: Module, provided: ExternalValue, store: Store
  ) -> (expected: String, found: String)? {
    let expected = text(declared, in: module)
    let found = text(provided, store: store)
    switch (declared, provided) {
    case (.function(let index), .function(let function)):
      let declaredType = index < module.types.count ? module.types[Int(index)] : nil
      if let declaredType, declaredType == store.type(of: function) { return nil }
    case (.memory(let type), .memory(let memory)):
      if limits(memory.type.limits, match: type.limits) { return nil }
    case (.table(let type), .table(let table)):
      if table.type.elementType == type.elementType, limits(table.type.limits, match: type.limits) {
        return nil
      }
    case (.global(let type), .global(let global)):
      if global.type == type { return nil }
    default:
      break
    }
    return (expected, found)
  }

  /// Limits subtyping: at least the declared minimum and, when a maximum is declared, a maximum
  /// no larger.
  private static func limits(_ provided: Limits, match declared: Limits) -> Bool {
    guard provided.min >= declared.min else { return false }
    guard let declaredMax = declared.max else { return true }
    guard let providedMax = provided.max else { return false }
    return providedMax <= declaredMax
  }

  static func text(_ descriptor: ImportDescriptor, in module: Module) -> String {
    switch descriptor {
    case .function(let index):
      index < module.types.count ? text(module.types[Int(index)]) : "(func)"
    case .memory(let type): "(memory \(text(type.limits)))"
    case .table(let type): "(table \(text(type.limits)) \(type.elementType))"
    case .global(let type): text(type)
    }
  }

  static func text(_ value: ExternalValue, store: Store) -> String {
    switch value {
    case .function(let function): store.type(of: function).map(text) ?? "(func)"
    case .memory(let memory): "(memory \(text(memory.type.limits)))"
    case .table(let table): "(table \(text(table.type.limits)) \(table.type.elementType))"
    case .global(let global): text(global.type)
    }
  }

  /// A function type as in the text format, leaving out empty `param` and `result` clauses.
  static func text(_ type: FuncType) -> String {
    var text = "(func"
    if !type.parameters.isEmpty {
      text += " (param \(type.parameters.map(\.description).joined(separator: " ")))"
    }
    if !type.results.isEmpty {
      text += " (result \(type.results.map(\.description).joined(separator: " ")))"
    }
    return text + ")"
  }

  private static func text(_ type: GlobalType) -> String {
    type.isMutable ? "(global (mut \(type.valueType)))" : "(global \(type.valueType))"
  }

  private static func text(_ limits: Limits) -> String {
    limits.max.map { "\(limits.min) \($0)" } ?? "\(limits.min)"
  }
}
