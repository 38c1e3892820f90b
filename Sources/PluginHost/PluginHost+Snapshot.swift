import Foundation
import WasmVM

/// Saving a whole host to bytes and starting a host from them, in this process or another.
///
/// The bytes hold a manifest (plugins, capability grants, `kv` limits, which plugin each host
/// import acts for, paused calls with their ids, the `kv` data or the SQLite file holding it),
/// the bytes of every module the store was built from, and WasmVM's snapshot of the store with
/// the paused calls' executions; a checksum covers everything. Host functions are code, not
/// state: the restored host makes them again from the manifest, so a call that paused while
/// paying for a host call runs that host call exactly once, after it resumes.
extension PluginHost {
  static let snapshotMagic: [UInt8] = Array("\0wbxhost".utf8)
  static let snapshotVersion: UInt32 = 1

  /// Saves the host: its plugins, their instances' state, the paused calls and the `kv` data.
  ///
  /// `kv` data held in memory is saved with it; data in a ``SQLiteKeyValueStore`` stays in its
  /// file, which the snapshot names (restore with a host configured with that store).
  /// - Throws: ``PluginHostError/snapshot(_:)``.
  public func snapshot() throws(PluginHostError) -> [UInt8] {
    let calls = registry.all
    let vm: [UInt8]
    do {
      vm = try store.snapshot(of: calls.map(\.execution))
    } catch {
      throw .snapshot(error)
    }
    let instanceIndex = Dictionary(
      store.instances.enumerated().map { (ObjectIdentifier($1), $0) },
      uniquingKeysWith: { a, _ in a })
    var plugins: [HostSnapshotManifest.PluginRecord] = []
    for plugin in self.plugins {
      guard let index = instanceIndex[ObjectIdentifier(plugin.instance)] else { continue }
      var file: String?
      if case .file(let url) = plugin.source.code { file = url.path }
      plugins.append(
        HostSnapshotManifest.PluginRecord(
          name: plugin.name, file: file, capabilities: plugin.capabilities.map(\.rawValue).sorted(),
          keyValueLimits: plugin.source.keyValueLimits.map {
            [$0.maxKeyBytes, $0.maxValueBytes, $0.maxBytesPerPlugin, $0.maxKeysPerPlugin]
          }, instance: index, dependencies: plugin.dependencies.sorted()))
    }
    let fingerprints = Array(Set(store.instances.map(\.moduleFingerprint)))
      .sorted { $0.value < $1.value }
    let manifest = HostSnapshotManifest(
      plugins: plugins, modules: fingerprints.map(\.description),
      hostImportOwners: Dictionary(
        history.hostImportOwners.map { ("\($0.key)", $0.value) }, uniquingKeysWith: { a, _ in a }),
      pausedCalls: calls.map {
        HostSnapshotManifest.PausedCallRecord(
          id: $0.id.rawValue, plugin: $0.plugin, export: $0.export,
          arguments: $0.arguments.map(\.savedForm),
          pausedAt: $0.pausedAt.timeIntervalSince1970)
      }, lastCallID: registry.lastID, keyValue: try savedKeyValueData())
    let json: Data
    do {
      json = try JSONEncoder().encode(manifest)
    } catch {
      throw .snapshot(SnapshotError(.notSavable, "cannot encode the host manifest: \(error)"))
    }
    var bytes = Self.snapshotMagic
    append(UInt64(Self.snapshotVersion), to: &bytes, size: 4)
    append(UInt64(json.count), to: &bytes)
    bytes.append(contentsOf: json)
    for fingerprint in fingerprints {
      guard let module = history.modules[fingerprint] else {
        throw .snapshot(SnapshotError(.notSavable, "module \(fingerprint) was not recorded"))
      }
      append(UInt64(module.count), to: &bytes)
      bytes.append(contentsOf: module)
    }
    append(UInt64(vm.count), to: &bytes)
    bytes.append(contentsOf: vm)
    return Fingerprint.sealing(bytes)
  }

  private func append(_ value: UInt64, to bytes: inout [UInt8], size: Int = 8) {
    for i in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(i * 8))) }
  }

  /// The `kv` data to save: the file of a SQLite store, or every entry of the plugins' (and
  /// unloaded plugins') namespaces.
  private func savedKeyValueData() throws(PluginHostError) -> HostSnapshotManifest.KeyValueRecord {
    if let sqlite = keyValueStore as? SQLiteKeyValueStore { return .sqlite(path: sqlite.path) }
    var namespaces: [String: [String: String]] = [:]
    let names = Set(order).union(history.hostImportOwners.values)
    for name in names {
      do {
        var entries: [String: String] = [:]
        for key in try keyValueStore.keys(in: name) {
          if let value = try keyValueStore.value(forKey: key, in: name) {
            entries[Hex.encode(key)] = Hex.encode(value)
          }
        }
        if !entries.isEmpty { namespaces[name] = entries }
      } catch {
        throw .snapshot(SnapshotError(.notSavable, "cannot read kv namespace \(name): \(error)"))
      }
    }
    return .entries(namespaces)
  }

  /// The SQLite database a snapshot's `kv` data lives in, if it names one: the store to
  /// configure the restoring host with.
  public static func keyValueDatabase(inSnapshot bytes: [UInt8]) throws(PluginHostError)
    -> String?
  {
    let (manifest, _, _) = try SnapshotContainer.open(bytes)
    if case .sqlite(let path) = manifest.keyValue { return path }
    return nil
  }

  /// Starts a host from a snapshot taken by ``snapshot()``: the same plugins with the same
  /// state, and the same paused calls under the same ids, each of which resumes exactly where
  /// it paused (same results, same total ticks).
  ///
  /// `configuration` supplies what is not state: logger, clock, limits, and the `kv` store. Saved
  /// in-memory `kv` entries are written into its store; a snapshot whose data lives in a SQLite
  /// file needs a configuration with that file (see ``keyValueDatabase(inSnapshot:)``). The
  /// bytes are untrusted: anything inconsistent is an error, never a crash.
  /// - Throws: ``PluginHostError/snapshot(_:)``.
  public convenience init(restoring bytes: [UInt8], configuration: Configuration = Configuration())
    throws(PluginHostError)
  {
    let (manifest, modules, vm) = try SnapshotContainer.open(bytes)
    var validated: [Fingerprint: ValidatedModule] = [:]
    for (fingerprint, module) in modules {
      do {
        validated[fingerprint] = try Module(bytes: module).validate()
      } catch {
        throw .snapshot(
          SnapshotError(.mismatch, "module \(fingerprint) does not validate: \(error)"))
      }
    }
    if case .sqlite(let path) = manifest.keyValue,
      (configuration.keyValueStore as? SQLiteKeyValueStore)?.path != path
    {
      throw .snapshot(
        SnapshotError(
          .mismatch,
          "the snapshot's kv data is in the SQLite database \(path); "
            + "restore with a host configured with that database"))
    }
    let sources = Dictionary(
      manifest.plugins.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var contexts: [String: HostImportContext] = [:]
    func context(for plugin: String) -> HostImportContext {
      if let existing = contexts[plugin] { return existing }
      let limits = sources[plugin]?.keyValueLimits.flatMap(Self.keyValueLimits)
      let made = HostImportContext(
        plugin: plugin, logger: configuration.logger, clock: configuration.clock,
        keyValueStore: configuration.keyValueStore,
        keyValueLimits: limits ?? configuration.keyValueLimits,
        ticksPerByte: configuration.hostTicksPerByte,
        maxSleepMilliseconds: configuration.maxSleepMilliseconds)
      contexts[plugin] = made
      return made
    }
    var suspending: [(address: Int, wait: HostImport.Wait, context: HostImportContext)] = []
    let restored: RestoredStore
    do {
      restored = try Store.restore(
        vm, limits: configuration.resourceLimits,
        pageBudget: configuration.maxTotalMemoryPages.map { MemoryPageBudget(totalPages: $0) },
        modules: { validated[$0] },
        hostFunctions: { record in
          let owner = manifest.hostImportOwners["\(record.address)"].map(context)
          let (implementation, wait) = Self.hostImplementation(record, owner: owner)
          if let wait, let owner { suspending.append((record.address, wait, owner)) }
          return implementation
        })
    } catch {
      throw .snapshot(error)
    }
    self.init(configuration: configuration, store: restored.store)
    for entry in suspending { waits.register(address: entry.address, entry.wait, entry.context) }
    history.modules = modules
    for (address, owner) in manifest.hostImportOwners {
      if let address = Int(address) { history.hostImportOwners[address] = owner }
    }
    for record in manifest.plugins {
      guard restored.instances.indices.contains(record.instance) else {
        throw .snapshot(SnapshotError(.malformed, "plugin \(record.name) has no instance"))
      }
      let instance = restored.instances[record.instance]
      let code: PluginSource.Code =
        record.file.map { .file(URL(fileURLWithPath: $0)) }
        ?? .wasm(modules[instance.moduleFingerprint] ?? [])
      var capabilities: Set<Capability> = []
      for name in record.capabilities {
        guard let capability = Capability(rawValue: name) else {
          throw .snapshot(SnapshotError(.malformed, "unknown capability \(name)"))
        }
        capabilities.insert(capability)
      }
      var source = PluginSource(name: record.name, wasm: [], capabilities: capabilities)
      source.code = code
      source.keyValueLimits = record.keyValueLimits.flatMap(Self.keyValueLimits)
      contexts[record.name]?.instance = instance
      let imports = validated[instance.moduleFingerprint]?.imports ?? []
      loaded[record.name] = Plugin(
        source: source, dependencies: Set(record.dependencies),
        imports: imports.map(PluginImport.init), instance: instance, store: store)
      order.append(record.name)
    }
    guard manifest.pausedCalls.count == restored.executions.count else {
      throw .snapshot(SnapshotError(.malformed, "paused calls do not match their executions"))
    }
    for (record, execution) in zip(manifest.pausedCalls, restored.executions) {
      var arguments: [Value] = []
      for form in record.arguments {
        guard let argument = Value(savedForm: form) else {
          throw .snapshot(SnapshotError(.malformed, "a paused call's argument"))
        }
        arguments.append(argument)
      }
      guard let instance = loaded[record.plugin]?.instance else {
        throw .snapshot(
          SnapshotError(.malformed, "a paused call into unknown plugin \(record.plugin)"))
      }
      let call = PendingCall(
        id: PausedCallID(rawValue: record.id), plugin: record.plugin, export: record.export,
        arguments: arguments, execution: execution, instance: instance)
      call.pausedAt = Date(timeIntervalSince1970: record.pausedAt)
      registry.insert(call)
    }
    registry.continueAfter(manifest.lastCallID)
    if case .entries(let namespaces) = manifest.keyValue {
      try restoreKeyValueEntries(namespaces)
    }
  }

  private static func keyValueLimits(_ values: [Int]) -> KeyValueLimits? {
    guard values.count == 4, values.allSatisfy({ $0 >= 0 }) else { return nil }
    return KeyValueLimits(
      maxKeyBytes: values[0], maxValueBytes: values[1], maxBytesPerPlugin: values[2],
      maxKeysPerPlugin: values[3])
  }

  /// The code of a saved host function: the capability import it was, for the plugin it acts
  /// for; a function that traps for one made for a plugin no longer loaded (or never linked).
  /// With the wait of a capability import that suspends, which the host registers.
  private static func hostImplementation(
    _ record: SnapshotHostFunction, owner: HostImportContext?
  ) -> (HostFunctionImplementation, HostImport.Wait?) {
    let parts = record.name.split(separator: ".", maxSplits: 1).map(String.init)
    if let owner, parts.count == 2, let capability = Capability(rawValue: parts[0]),
      let definition = PluginABI.imports[capability]?[parts[1]], definition.type == record.type
    {
      guard let wait = definition.wait else {
        return (
          HostFunctionImplementation(
            cost: definition.cost(for: owner), body: definition.body(owner)), nil
        )
      }
      // As when linking: the body checks the arguments, the host derives the wait again.
      let implementation = HostFunctionImplementation(
        cost: definition.cost(for: owner),
        suspendingBody: { _, arguments throws(Trap) -> HostCallAnswer in
          _ = try wait(owner, arguments)
          return .suspend
        })
      return (implementation, wait)
    }
    let name = record.name
    let orphan = HostFunctionImplementation(body: { _, _ throws(Trap) -> [Value] in
      throw Trap(.host("host function \(name) belongs to a plugin that is no longer loaded"))
    })
    return (orphan, nil)
  }

  private func restoreKeyValueEntries(_ namespaces: [String: [String: String]])
    throws(PluginHostError)
  {
    for (namespace, entries) in namespaces {
      for (key, value) in entries {
        guard let key = Hex.decode(key), let value = Hex.decode(value) else {
          throw .snapshot(SnapshotError(.malformed, "kv entry of \(namespace) is not hex"))
        }
        do {
          let limits = loaded[namespace]?.source.keyValueLimits ?? configuration.keyValueLimits
          try keyValueStore.setValue(value, forKey: key, in: namespace, quota: limits.quota)
        } catch {
          throw .snapshot(SnapshotError(.limit, "kv entry of \(namespace): \(error)"))
        }
      }
    }
  }
}
