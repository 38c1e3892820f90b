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
    // Depth-first with explicit stacks rather than recursion, so that a chain of any length
    // (10,000 plugins each importing the one before) cannot overflow the thread's stack.
    // `path` is the chain being visited, each with the next of its dependencies to look at;
    // `onPath` finds a name's place in it, so that a cycle is reported as it was found.
    var path: [(plugin: CompiledPlugin, dependencies: [String], next: Int)] = []
    var onPath: [String: Int] = [:]
    for root in batch where !done.contains(root.name) {
      path.append((root, root.pluginDependencies(capabilities), 0))
      onPath[root.name] = 0
      while let top = path.last {
        guard top.next < top.dependencies.count else {
          path.removeLast()
          onPath[top.plugin.name] = nil
          done.insert(top.plugin.name)
          sorted.append(top.plugin)
          continue
        }
        path[path.count - 1].next += 1
        let name = top.dependencies[top.next]
        guard !done.contains(name), let next = byName[name] else { continue }
        if let start = onPath[name] {
          throw cycleError(path[start...].map(\.plugin.name) + [name], in: byName)
        }
        onPath[name] = path.count
        path.append((next, next.pluginDependencies(capabilities), 0))
      }
    }
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
