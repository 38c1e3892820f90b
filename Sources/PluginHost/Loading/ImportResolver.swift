import WasmVM

/// Builds the import object of one plugin: host functions for its capability imports, and
/// other plugins' exports — the very same functions, memories, tables and globals, not copies.
struct ImportResolver {
  let store: Store
  let plugin: CompiledPlugin
  /// The instance of a plugin that imports may name, by plugin name.
  let instance: (String) -> Instance?
  /// The context the plugin's host imports act through.
  let context: HostImportContext
  /// Where host imports that suspend are registered, for the host to answer them.
  let waits: HostWaits

  func resolve() throws(PluginLinkError) -> [String: [String: ExternalValue]] {
    let module = plugin.module.module
    var imports: [String: [String: ExternalValue]] = [:]
    for entry in module.imports {
      let value: ExternalValue
      if let capability = Capability(rawValue: entry.module) {
        value = try hostImport(entry, capability: capability)
      } else {
        value = try pluginExport(entry)
      }
      if let mismatch = ImportTypes.mismatch(
        declared: entry.descriptor, in: module, provided: value, store: store)
      {
        throw error(entry, .typeMismatch(expected: mismatch.expected, found: mismatch.found))
      }
      imports[entry.module, default: [:]][entry.name] = value
    }
    return imports
  }

  private func hostImport(_ entry: Import, capability: Capability) throws(PluginLinkError)
    -> ExternalValue
  {
    guard plugin.source.capabilities.contains(capability) else {
      throw error(entry, .capabilityNotGranted(capability))
    }
    guard let definition = PluginABI.imports[capability]?[entry.name] else {
      throw error(entry, .unknownHostImport(available: PluginABI.names(of: capability)))
    }
    if capability != .clock, !hasMemory {
      throw error(entry, .missingMemory)
    }
    guard let wait = definition.wait else {
      let function = store.addHostFunction(
        type: definition.type, name: definition.qualifiedName,
        cost: definition.cost(for: context), body: definition.body(context))
      return .function(function)
    }
    // The body checks the arguments (a call it refuses traps before suspending); the host
    // then derives the wait from them again, when it answers the suspension.
    let context = context
    let function = store.addSuspendingHostFunction(
      type: definition.type, name: definition.qualifiedName, cost: definition.cost(for: context)
    ) { _, arguments throws(Trap) in
      _ = try wait(context, arguments)
      return .suspend
    }
    waits.register(function, wait, context)
    return .function(function)
  }

  private func pluginExport(_ entry: Import) throws(PluginLinkError) -> ExternalValue {
    guard plugin.source.links.allows(entry.module) else {
      throw error(entry, .linkNotGranted)
    }
    guard let exporter = instance(entry.module) else {
      throw error(entry, .missingPlugin)
    }
    guard let value = exporter.export(entry.name) else {
      throw error(entry, .missingExport(available: exporter.exports.keys.sorted()))
    }
    return value
  }

  /// Whether the plugin has a memory, defined or imported, for capabilities to pass strings
  /// and buffers through (the host reaches it through the instance: no export is needed).
  private var hasMemory: Bool {
    let module = plugin.module.module
    return !module.memories.isEmpty
      || module.imports.contains {
        if case .memory = $0.descriptor { return true }
        return false
      }
  }

  private func error(_ entry: Import, _ reason: PluginLinkError.Reason) -> PluginLinkError {
    PluginLinkError(plugin: plugin.name, module: entry.module, field: entry.name, reason: reason)
  }
}
