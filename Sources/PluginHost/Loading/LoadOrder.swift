/// Orders a batch of plugins so that each comes after the plugins it imports from.
enum LoadOrder {
  /// Sorts `batch` by dependencies, keeping the given order where dependencies allow.
  ///
  /// - Parameter external: plugins outside the batch that imports may name (already loaded
  ///   and staying loaded).
  /// - Throws: ``PluginLinkError`` with reason `.missingPlugin` for an import of a plugin that
  ///   is neither in the batch nor external, or `.dependencyCycle` when batch plugins import
  ///   each other in a cycle.
  static func sort(
    _ batch: [CompiledPlugin], external: Set<String>, capabilities: CapabilityTable
  ) throws(PluginLinkError)
    -> [CompiledPlugin]
  {
    var byName: [String: CompiledPlugin] = [:]
    for plugin in batch { byName[plugin.name] = plugin }
    for plugin in batch {
      for entry in plugin.module.module.imports
      where !capabilities.isCapability(entry.module) && byName[entry.module] == nil
        && !external.contains(entry.module)
      {
        throw PluginLinkError(
          plugin: plugin.name, module: entry.module, field: entry.name, reason: .missingPlugin)
      }
    }

    var sorted: [CompiledPlugin] = []
    var done: Set<String> = []
    // Depth-first, with an explicit path so that a cycle can be reported as it was found.
    var path: [String] = []

    func visit(_ plugin: CompiledPlugin) throws(PluginLinkError) {
      if done.contains(plugin.name) { return }
      if let start = path.firstIndex(of: plugin.name) {
        let cycle = Array(path[start...]) + [plugin.name]
        throw cycleError(cycle, in: byName)
      }
      path.append(plugin.name)
      for dependency in plugin.pluginDependencies(capabilities) {
        if let next = byName[dependency] { try visit(next) }
      }
      path.removeLast()
      done.insert(plugin.name)
      sorted.append(plugin)
    }

    for plugin in batch { try visit(plugin) }
    return sorted
  }

  /// The error for `cycle` (closed: its last name repeats its first), naming the first import
  /// along it.
  private static func cycleError(_ cycle: [String], in byName: [String: CompiledPlugin])
    -> PluginLinkError
  {
    let importer = cycle[0]
    let exporter = cycle.count > 1 ? cycle[1] : importer
    let field =
      byName[importer]?.module.module.imports.first { $0.module == exporter }?.name ?? ""
    return PluginLinkError(
      plugin: importer, module: exporter, field: field, reason: .dependencyCycle(cycle))
  }
}
