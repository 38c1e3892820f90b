import WasmVM

extension PluginHost {
  /// Loads one plugin and links its imports.
  ///
  /// - Returns: the loaded plugin.
  /// - Throws: ``PluginHostError``; on failure no part of the plugin is visible in the host.
  @discardableResult
  public func load(_ source: PluginSource) throws(PluginHostError) -> Plugin {
    let plugins = try load([source])
    guard let plugin = plugins.first else { throw .unknownPlugin(source.name) }
    return plugin
  }

  /// Loads several plugins at once, ordering them by their imports so that each is linked after
  /// the plugins it imports from, whatever their order in `sources`.
  ///
  /// The batch is all-or-nothing: if any plugin fails to compile, link (a cycle, a missing
  /// plugin or export, a type mismatch, a capability not granted) or start, none is loaded.
  /// Guest code that already ran keeps its effects outside the batch: a start function's `kv`
  /// writes, and active data or element segments written into another plugin's imported memory
  /// or table.
  /// - Returns: the plugins in the order they were linked (dependencies first).
  @discardableResult
  public func load(_ sources: [PluginSource]) throws(PluginHostError) -> [Plugin] {
    if let problem = capabilities.problem { throw .invalidCapabilities(problem) }
    var names: Set<String> = []
    for source in sources {
      try checkName(source.name)
      guard loaded[source.name] == nil, names.insert(source.name).inserted else {
        throw .duplicateName(source.name)
      }
    }
    let plugins = try link(sources, replacing: [])
    for plugin in plugins {
      loaded[plugin.name] = plugin
      order.append(plugin.name)
    }
    return plugins
  }

  /// Compiles, orders and instantiates `sources` without registering them, so that a failure
  /// anywhere leaves the host as it was. Imports resolve to the batch itself first, then to
  /// loaded plugins other than those in `replacing`.
  func link(_ sources: [PluginSource], replacing: Set<String>) throws(PluginHostError)
    -> [Plugin]
  {
    var compiled: [CompiledPlugin] = []
    for source in sources {
      compiled.append(try PluginCompiler.compile(source, limits: configuration.resourceLimits))
    }
    let external = Set(loaded.keys).subtracting(replacing)
    let ordered: [CompiledPlugin]
    do {
      ordered = try LoadOrder.sort(compiled, external: external, capabilities: capabilities)
    } catch {
      throw .link(error)
    }
    var fresh: [String: Plugin] = [:]
    var plugins: [Plugin] = []
    for plugin in ordered {
      do {
        let instantiated = try instantiate(plugin) { name in
          fresh[name]?.instance ?? (external.contains(name) ? self.loaded[name]?.instance : nil)
        }
        fresh[plugin.name] = instantiated
        plugins.append(instantiated)
      } catch {
        // The batch fails whole: what it instantiated so far gives its memory back.
        for done in plugins { store.retire(done.instance) }
        throw error
      }
    }
    return plugins
  }

  private func instantiate(
    _ plugin: CompiledPlugin, instances: @escaping (String) -> Instance?
  ) throws(PluginHostError) -> Plugin {
    let context = HostImportContext(
      plugin: plugin.name, logger: configuration.logger, clock: configuration.clock,
      keyValueStore: configuration.keyValueStore,
      keyValueLimits: keyValueLimits(for: plugin.source),
      ticksPerByte: configuration.hostTicksPerByte,
      maxSleepMilliseconds: configuration.maxSleepMilliseconds, currentCall: currentCall)
    let resolver = ImportResolver(
      store: store, plugin: plugin, instance: instances, context: context, waits: waits,
      capabilities: capabilities)
    let imports: Imports
    do {
      imports = try resolver.resolve()
    } catch {
      throw .link(error)
    }
    history.record(module: plugin.bytes)
    // The start function runs here rather than inside `instantiate` (under its `startBudget`):
    // host imports called from it need `context.instance`, which is set only once
    // `instantiate` returns.
    let start = plugin.module.start
    let instance: Instance
    let instanceCount = store.instances.count
    do {
      instance = try store.instantiate(plugin.module.withoutStart(), imports: imports)
    } catch {
      // A segment that traps leaves the new instance in the store: give its memory back, and
      // mark it as no plugin's (a snapshot restore requires that of every such instance).
      if store.instances.count > instanceCount, let failed = store.instances.last {
        store.retire(failed)
      }
      if case .link(let link) = error, let limit = link.limit {
        throw .limitExceeded(
          plugin: plugin.name, limit: PluginHost.Limit(limit), message: link.message)
      }
      throw .instantiationFailed(plugin: plugin.name, error: error)
    }
    context.instance = instance
    if let start {
      do {
        try runStart(start, of: instance, plugin: plugin.name)
      } catch {
        store.retire(instance)
        throw error
      }
    }
    return Plugin(
      source: plugin.source, dependencies: Set(plugin.pluginDependencies(capabilities)),
      imports: plugin.module.module.imports.map { PluginImport($0, capabilities: capabilities) },
      instance: instance,
      store: store)
  }

  /// Runs a plugin's start function within ``Configuration/startBudget``.
  private func runStart(_ index: UInt32, of instance: Instance, plugin: String)
    throws(PluginHostError)
  {
    guard let function = instance.function(at: index),
      let execution = try? store.invoke(function, arguments: [])
    else {
      throw .instantiationFailed(
        plugin: plugin, error: .link(LinkError("unknown start function \(index)")))
    }
    var wait: HostWait?
    switch runBlocking(
      execution, io: nil, budget: configuration.startBudget, wait: &wait,
      sleepAllowance: configuration.maxSleepMilliseconds)
    {
    case .completed:
      return
    case .trapped(let trap):
      throw .startFunctionTrapped(plugin: plugin, trap: trap)
    case .paused, .suspended:
      throw .limitExceeded(
        plugin: plugin, limit: .startBudget,
        message: "start function did not finish within \(configuration.startBudget) ticks")
    }
  }

  private func checkName(_ name: String) throws(PluginHostError) {
    guard Self.isValidPluginName(name, capabilities: capabilities) else {
      throw .invalidName(name)
    }
  }

  /// A plugin name is not empty and not a capability's module name; `load` and restore both ask.
  static func isValidPluginName(_ name: String, capabilities: CapabilityTable) -> Bool {
    !name.isEmpty && !capabilities.isCapability(name)
  }
}
