/// What an unload or reload did.
public struct PluginChangeReport: Sendable {
  /// The plugins unloaded or reloaded, in the order it happened (a reload links dependencies
  /// first).
  public var plugins: [String]
  /// Paused calls into those plugins, which were cancelled because the instance they ran in is
  /// gone.
  public var cancelledCalls: [PausedCall]
}

extension PluginHost {
  /// Unloads a plugin.
  ///
  /// Refused while other plugins import from it, unless `includingDependents` is `true`, in
  /// which case they are unloaded too. Paused calls into every unloaded plugin are cancelled
  /// and reported, and their memories go back to the OS and their tables' elements to the host's budget (see `Store.retire(_:)`). The plugin's `kv` data stays in the store; loading a plugin of the same name
  /// later finds it again.
  /// - Throws: ``PluginHostError/unknownPlugin(_:)`` or
  ///   ``PluginHostError/hasDependents(plugin:dependents:operation:)``.
  @discardableResult
  public func unload(_ name: String, includingDependents: Bool = false) throws(PluginHostError)
    -> PluginChangeReport
  {
    guard loaded[name] != nil else { throw .unknownPlugin(name) }
    let dependents = dependents(of: [name])
    if !dependents.isEmpty, !includingDependents {
      throw .hasDependents(plugin: name, dependents: dependents, operation: "unload")
    }
    let affected = Set([name] + dependents)
    let cancelled = registry.removeCalls(into: affected)
    dropRecording()
    let unloaded = order.filter(affected.contains).reversed()
    for plugin in unloaded {
      // The store keeps every instance; retiring gives its memory and table elements back now.
      if let instance = loaded[plugin]?.instance { store.retire(instance) }
      loaded[plugin] = nil
    }
    order.removeAll(where: affected.contains)
    return PluginChangeReport(plugins: Array(unloaded), cancelledCalls: cancelled.map(\.snapshot))
  }

  /// Replaces a plugin by a fresh instance of `source` (by default the source it was loaded
  /// from; a file is read again). The plugin keeps its name (`source.name` is ignored), its
  /// capabilities unless `source` says otherwise, and its `kv` data; its memory, tables and
  /// globals start over.
  ///
  /// Refused while other plugins import from it, unless `reloadingDependents` is `true`: then
  /// every dependent is re-instantiated from its own source and linked to the new instance.
  /// The swap is atomic: if the new code fails to compile or link — including a dependent that
  /// no longer finds an export — nothing changes. On success, paused calls into every reloaded
  /// plugin are cancelled and reported, since they belong to the old instances, whose memories
  /// go back to the OS.
  @discardableResult
  public func reload(
    _ name: String, from source: PluginSource? = nil, reloadingDependents: Bool = false
  ) throws(PluginHostError) -> PluginChangeReport {
    guard let plugin = loaded[name] else { throw .unknownPlugin(name) }
    let dependents = dependents(of: [name])
    if !dependents.isEmpty, !reloadingDependents {
      throw .hasDependents(plugin: name, dependents: dependents, operation: "reload")
    }
    var replacement = source ?? plugin.source
    replacement.name = name
    let sources = [replacement] + dependents.compactMap { loaded[$0]?.source }
    let affected = Set([name] + dependents)
    let plugins = try link(sources, replacing: affected)
    let cancelled = registry.removeCalls(into: affected)
    dropRecording()
    for name in affected { if let old = loaded[name]?.instance { store.retire(old) } }
    order.removeAll(where: affected.contains)
    for plugin in plugins {
      loaded[plugin.name] = plugin
      order.append(plugin.name)
    }
    return PluginChangeReport(
      plugins: plugins.map(\.name), cancelledCalls: cancelled.map(\.snapshot))
  }
}
