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
  /// The capabilities the host offers.
  let capabilities: CapabilityTable

  func resolve() throws(PluginLinkError) -> Imports {
    let module = plugin.module.module
    var imports = Imports()
    for entry in module.imports {
      let value: ExternalValue
      if let capability = capabilities.capability(entry.module) {
        value = try hostImport(entry, capability: capability)
      } else {
        value = try pluginExport(entry)
      }
      if let mismatch = ImportTypes.mismatch(
        declared: entry.descriptor, in: module, provided: value, store: store)
      {
        throw error(entry, .typeMismatch(expected: mismatch.expected, found: mismatch.found))
      }
      imports.define(entry.module, entry.name, value)
    }
    return imports
  }

  private func hostImport(_ entry: Import, capability: HostCapability) throws(PluginLinkError)
    -> ExternalValue
  {
    guard plugin.source.capabilities.contains(capability.capability) else {
      throw error(entry, .capabilityNotGranted(capability.capability))
    }
    guard let definition = capability.function(named: entry.name) else {
      throw error(
        entry, .unknownHostImport(available: capability.functions.map(\.name).sorted()))
    }
    // The built-ins that pass data need a memory to link; an app's function finds out when it
    // asks for one (``CapabilityCall/memory`` traps).
    if [.log, .kv, .io].contains(capability.capability) {
      guard let memory = firstMemory else { throw error(entry, .missingMemory) }
      // Their pointers are i32: a 64-bit memory is refused here rather than half addressed.
      guard memory.addressType == .i32 else { throw error(entry, .memory64) }
    }
    let call = CapabilityCall(
      function: "\(capability.name).\(definition.name)", context: context)
    let linked = definition.linked(for: call, ticksPerByte: context.ticksPerByte)
    let function = store.add(linked.hostFunction(type: definition.type, name: call.function))
    if let wait = linked.wait { waits.register(address: function.address, wait, call) }
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

  /// The type of the plugin's memory 0 (its first imported memory, else its first defined
  /// one), through which capabilities pass strings and buffers (the host reaches it through
  /// the instance: no export is needed), or `nil` when it has none.
  private var firstMemory: MemoryType? {
    let module = plugin.module.module
    for entry in module.imports {
      if case .memory(let type) = entry.descriptor { return type }
    }
    return module.memories.first
  }

  private func error(_ entry: Import, _ reason: PluginLinkError.Reason) -> PluginLinkError {
    PluginLinkError(plugin: plugin.name, module: entry.module, field: entry.name, reason: reason)
  }
}
