import Foundation
import WasmVM

/// Saving a whole host to bytes and starting a host from them, in this process or another.
///
/// The bytes hold a manifest (plugins, capability grants, `kv` limits, paused calls with their
/// ids, the `kv` data or the SQLite file holding it), the bytes of every module the store was
/// built from, and WasmVM's snapshot of the store with the paused calls' executions; a checksum
/// covers everything. Host functions are code, not state: the restored host makes them again,
/// each acting for the plugin whose restored instance imports it (derived from the modules,
/// never read from the manifest), so a call that paused while paying for a host call runs that
/// host call exactly once, after it resumes.
extension PluginHost {
  static let snapshotMagic: [UInt8] = Array("\0wbxhost".utf8)
  static let snapshotVersion: UInt32 = 1

  /// Saves the host: its plugins, their instances' state, the paused calls and the `kv` data.
  ///
  /// `kv` data held in memory is saved with it; data in a ``SQLiteKeyValueStore`` stays in its
  /// file, which the snapshot names (restore with a host configured with that store).
  /// - Throws: ``PluginHostError/snapshot(_:)``.
  public func snapshot() throws(PluginHostError) -> [UInt8] {
    try snapshot(running: [])
  }

  /// Saves the host as ``snapshot()`` does, with `running`, calls in flight under an
  /// ``AsyncPluginHost`` (between slices), saved as paused calls that remember the budget they
  /// had left (``PausedCall/runningBudget``). A call sleeping in `clock.sleep`, paused or
  /// running, is saved with the time it still has to sleep.
  func snapshot(running: [(call: PendingCall, budgetLeft: UInt64)]) throws(PluginHostError)
    -> [UInt8]
  {
    let budgets = Dictionary(
      running.map { ($0.call.id, $0.budgetLeft) }, uniquingKeysWith: { a, _ in a })
    let calls = (registry.all + running.map(\.call)).sorted { $0.id < $1.id }
    let vm: [UInt8]
    do {
      // Under the slice lock, so that no `async` capability body writes memory meanwhile.
      vm = try currentCall.sliceLock.withAccess { () throws(SnapshotError) in
        try store.snapshot(of: calls.map(\.execution))
      }
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
          name: plugin.name, file: file,
          capabilities: plugin.capabilities.map(\.moduleName).sorted(),
          keyValueLimits: plugin.source.keyValueLimits.map {
            [$0.maxKeyBytes, $0.maxValueBytes, $0.maxBytesPerPlugin, $0.maxKeysPerPlugin]
          }, instance: index, links: Self.savedLinks(plugin.source.links),
          linksAnyPlugin: plugin.source.links == .anyPlugin ? true : nil))
    }
    let fingerprints = Array(Set(store.instances.map(\.moduleFingerprint)))
      .sorted { $0.value < $1.value }
    let manifest = HostSnapshotManifest(
      plugins: plugins, modules: fingerprints.map(\.description),
      pausedCalls: calls.map {
        HostSnapshotManifest.PausedCallRecord(
          id: $0.id.rawValue, plugin: $0.plugin, export: $0.export,
          arguments: $0.arguments.map(\.savedForm),
          pausedAt: $0.pausedAt.timeIntervalSince1970,
          input: $0.io.input.isEmpty ? nil : Hex.encode($0.io.input),
          output: $0.io.output.isEmpty ? nil : Hex.encode($0.io.output),
          sleep: Self.savedSleep($0.wait), runningBudget: budgets[$0.id],
          stop: $0.stop.map(HostSnapshotManifest.StopRecord.init), budgetLeft: $0.budgetLeft)
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

  /// The `kv` data to save: the file of a SQLite store, or every entry of the loaded plugins'
  /// namespaces (an unloaded plugin's data is not part of the session a restore starts).
  private func savedKeyValueData() throws(PluginHostError) -> HostSnapshotManifest.KeyValueRecord {
    if let sqlite = keyValueStore as? SQLiteKeyValueStore { return .sqlite(path: sqlite.path) }
    var namespaces: [String: [String: String]] = [:]
    for name in order {
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
  /// `configuration` supplies what is not state: logger, clock, limits, the `kv` store, and the
  /// app's capabilities, whose functions the restored plugins import are rebuilt by name and
  /// type (a function this host does not define, or defines with another type, fails the
  /// restore). Saved
  /// in-memory `kv` entries are written into its store, into namespaces that must be empty
  /// there, all or none; a snapshot whose data lives in a SQLite file needs a configuration with
  /// that file (see ``keyValueDatabase(inSnapshot:)``). The bytes are untrusted: every manifest
  /// field is checked against the restored modules and `configuration`
  /// (`docs/snapshot-format.md`), and anything inconsistent is an error, never a crash.
  /// - Throws: ``PluginHostError/snapshot(_:)``.
  public convenience init(restoring bytes: [UInt8], configuration: Configuration = Configuration())
    throws(PluginHostError)
  {
    let capabilities = CapabilityTable(app: configuration.capabilities)
    if let problem = capabilities.problem { throw .invalidCapabilities(problem) }
    let (manifest, modules, vm) = try SnapshotContainer.open(bytes)
    var validated: [Fingerprint: ValidatedModule] = [:]
    for (fingerprint, module) in modules {
      do {
        validated[fingerprint] = try Module(
          bytes: module, limits: configuration.resourceLimits
        ).validate()
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
    try Self.checkRecords(manifest, capabilities: capabilities)
    // Capability functions are made unbound and bound below, once the restored instances show
    // which plugin imports each; every other host function traps.
    let currentCall = CurrentCallIO()
    var capabilityFunctions: [Int: RestoredHostFunction] = [:]
    let restored: RestoredStore
    do {
      restored = try Store.restore(
        vm, limits: configuration.resourceLimits,
        pageBudget: configuration.maxTotalMemoryPages.map { MemoryPageBudget(totalPages: $0) },
        modules: { validated[$0] },
        hostFunctions: { record in
          guard
            let definition = Self.capabilityFunction(
              named: record.name, type: record.type, in: capabilities)
          else { return Self.orphan(record) }
          let function = RestoredHostFunction(definition: definition, qualifiedName: record.name)
          capabilityFunctions[record.address] = function
          return function.implementation(ticksPerByte: configuration.hostTicksPerByte)
        })
    } catch {
      throw .snapshot(error)
    }
    var entries: [RestoredBindings.Entry] = []
    var limits: [String: KeyValueLimits] = [:]
    for record in manifest.plugins {
      guard restored.instances.indices.contains(record.instance) else {
        throw .snapshot(SnapshotError(.malformed, "plugin \(record.name) has no instance"))
      }
      let instance = restored.instances[record.instance]
      var granted: Set<Capability> = []
      for name in record.capabilities {
        guard capabilities.isCapability(name) else {
          throw .snapshot(
            SnapshotError(
              .mismatch,
              "plugin \(record.name) was granted capability \(name), which this host "
                + "does not define"))
        }
        granted.insert(Capability(name))
      }
      // A snapshot may narrow a plugin's link grant, never widen it past the restoring host's.
      let links = Self.savedLinks(record).intersection(configuration.restoredLinks(record.name))
      entries.append(
        .init(name: record.name, capabilities: granted, links: links, instance: instance))
      // A snapshot may tighten the host's kv limits for a plugin, never loosen them.
      limits[record.name] = record.keyValueLimits.flatMap(Self.savedKeyValueLimits).map {
        $0.clamped(to: configuration.keyValueLimits)
      }
    }
    let bindings = RestoredBindings(
      instances: restored.instances, modules: validated, functions: capabilityFunctions,
      capabilities: capabilities)
    let dependencies = try bindings.bind(entries) { entry in
      let context = HostImportContext(
        plugin: entry.name, logger: configuration.logger, clock: configuration.clock,
        keyValueStore: configuration.keyValueStore,
        keyValueLimits: limits[entry.name] ?? configuration.keyValueLimits,
        ticksPerByte: configuration.hostTicksPerByte,
        maxSleepMilliseconds: configuration.maxSleepMilliseconds, currentCall: currentCall)
      context.instance = entry.instance
      return context
    }
    let keyValueEntries = try Self.checkedKeyValueEntries(
      manifest.keyValue, plugins: Set(entries.map(\.name)),
      limits: { limits[$0] ?? configuration.keyValueLimits }, store: configuration.keyValueStore)
    self.init(configuration: configuration, store: restored.store, currentCall: currentCall)
    for (address, function) in capabilityFunctions {
      if let wait = function.bound?.wait, let call = function.call {
        waits.register(address: address, wait, call)
      }
    }
    history.modules = modules
    for (record, entry) in zip(manifest.plugins, entries) {
      let module = modules[entry.instance.moduleFingerprint] ?? []
      var source = PluginSource(name: record.name, wasm: module, capabilities: entry.capabilities)
      if let file = record.file, Self.file(file, holds: entry.instance.moduleFingerprint) {
        source.code = .file(URL(fileURLWithPath: file))
      }
      source.keyValueLimits = limits[record.name]
      source.links = entry.links
      let imports = validated[entry.instance.moduleFingerprint]?.imports ?? []
      loaded[record.name] = Plugin(
        source: source, dependencies: dependencies[record.name] ?? [],
        imports: imports.map { PluginImport($0, capabilities: capabilities) },
        instance: entry.instance, store: store)
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
      // The call must be what its record says: the named export of the named plugin.
      guard let instance = loaded[record.plugin]?.instance,
        instance.exportedFunction(record.export) == execution.function
      else {
        throw .snapshot(
          SnapshotError(
            .mismatch,
            "paused call \(record.id) is not a call of \(record.plugin).\(record.export)"))
      }
      let call = PendingCall(
        id: PausedCallID(rawValue: record.id), plugin: record.plugin, export: record.export,
        arguments: arguments, execution: execution,
        io: try Self.restoredIO(record, configuration: configuration), instance: instance)
      call.pausedAt = Date(timeIntervalSince1970: record.pausedAt)
      registry.insert(call)
    }
    registry.continueAfter(manifest.lastCallID)
    let timeline = SleepTimeline(configuration.clock)
    for record in manifest.pausedCalls {
      guard let call = registry.call(PausedCallID(rawValue: record.id)) else { continue }
      call.runningBudget = record.runningBudget
      call.stop = record.stop?.stop
      call.budgetLeft = record.budgetLeft
      call.wait = try Self.restoredSleep(
        record, of: call.execution, on: timeline, limit: configuration.maxSleepMilliseconds)
    }
    try Self.write(
      keyValueEntries, into: configuration.keyValueStore,
      limits: {
        limits[$0] ?? configuration.keyValueLimits
      })
  }

  /// A sleep in progress as saved: `[ms, nanoseconds left]`; `nil` for any other wait (an
  /// `async` function's, which restore calls again).
  private static func savedSleep(_ wait: HostWait?) -> [UInt64]? {
    guard case .sleep(let deadline, let milliseconds, let timeline)? = wait else { return nil }
    let now = timeline.now
    return [milliseconds, deadline > now ? deadline - now : 0]
  }

  /// The wait of a restored call saved sleeping: the time it had left, from now on this host's
  /// clock, and never longer than this host lets a plugin sleep.
  private static func restoredSleep(
    _ record: HostSnapshotManifest.PausedCallRecord, of execution: Execution,
    on timeline: SleepTimeline, limit: UInt64
  ) throws(PluginHostError) -> HostWait? {
    guard let sleep = record.sleep else { return nil }
    guard sleep.count == 2, execution.suspendedHostCall?.name == "clock.sleep" else {
      throw .snapshot(
        SnapshotError(.malformed, "paused call \(record.id) is saved sleeping, but is not"))
    }
    let (milliseconds, overflow) = min(sleep[0], limit).multipliedReportingOverflow(
      by: 1_000_000)
    let left = min(sleep[1], overflow ? .max : milliseconds)
    return .sleep(
      until: timeline.now.saturatingAdd(left), milliseconds: min(sleep[0], limit), on: timeline)
  }

  /// The manifest's bookkeeping, checked before anything is built: plugin names as ``load``
  /// checks them, one plugin per name and per instance, paused-call ids unique, at least 1 and
  /// at most ``PausedCallRegistry/maxID``, none above the saved last id.
  private static func checkRecords(
    _ manifest: HostSnapshotManifest, capabilities: CapabilityTable
  ) throws(PluginHostError) {
    func malformed(_ message: String) -> PluginHostError {
      .snapshot(SnapshotError(.malformed, message))
    }
    var names: Set<String> = []
    var instances: Set<Int> = []
    for record in manifest.plugins {
      guard isValidPluginName(record.name, capabilities: capabilities) else {
        throw malformed("invalid plugin name \"\(record.name)\"")
      }
      guard names.insert(record.name).inserted else {
        throw malformed("two plugins are named \(record.name)")
      }
      guard instances.insert(record.instance).inserted else {
        throw malformed("two plugins share instance \(record.instance)")
      }
    }
    guard manifest.lastCallID <= PausedCallRegistry.maxID else {
      throw malformed("call id \(manifest.lastCallID) is above \(PausedCallRegistry.maxID)")
    }
    var ids: Set<UInt64> = []
    for call in manifest.pausedCalls {
      guard call.id >= 1, call.id <= manifest.lastCallID, ids.insert(call.id).inserted else {
        throw malformed("paused call id \(call.id) is out of range or repeated")
      }
    }
  }

  /// The capability function `name` (`module.field`) of type `type`, if `capabilities` has
  /// one.
  private static func capabilityFunction(
    named name: String, type: FuncType, in capabilities: CapabilityTable
  ) -> HostCapability.Function? {
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2, let capability = capabilities.capability(parts[0]),
      let definition = capability.function(named: parts[1]), definition.type == type
    else { return nil }
    return definition
  }

  /// A saved host function that is no capability function this host defines: it traps (and a
  /// restored plugin importing it fails the restore, see ``RestoredBindings``).
  private static func orphan(_ record: SnapshotHostFunction) -> HostFunction {
    let name = record.name
    return HostFunction(type: record.type, name: name) { _, _ throws(Trap) -> [Value] in
      throw Trap(.host("host function \(name) belongs to a plugin that is no longer loaded"))
    }
  }

  /// Whether the file a plugin was loaded from still holds its module, so that `reload` may
  /// read it again; a snapshot cannot make the host read a file of its choosing otherwise.
  private static func file(_ path: String, holds fingerprint: Fingerprint) -> Bool {
    let url = URL(fileURLWithPath: path)
    guard
      let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey]),
      values.isRegularFile == true, (values.fileSize ?? .max) <= maxReloadFileBytes,
      let bytes = try? PluginSource(file: url).moduleBytes()
    else { return false }
    return Fingerprint(of: bytes) == fingerprint
  }

  /// The plugin names of a grant of named plugins, as the manifest saves them.
  private static func savedLinks(_ links: LinkGrant) -> [String]? {
    guard case .plugins(let names) = links, !names.isEmpty else { return nil }
    return names.sorted()
  }

  /// The link grant a plugin record saved (untrusted: restore narrows it to the host's).
  private static func savedLinks(_ record: HostSnapshotManifest.PluginRecord) -> LinkGrant {
    record.linksAnyPlugin == true ? .anyPlugin : .plugins(Set(record.links ?? []))
  }

  /// The buffers of a saved paused call, each checked against the restoring host's limit.
  private static func restoredIO(
    _ record: HostSnapshotManifest.PausedCallRecord, configuration: Configuration
  ) throws(PluginHostError) -> CallIO {
    func bytes(_ hex: String?, _ what: String, limit: Int, field: String)
      throws(PluginHostError) -> [UInt8]
    {
      guard let hex else { return [] }
      guard hex.utf8.count / 2 <= limit else {
        throw .snapshot(
          SnapshotError(
            .limit,
            "paused call #\(record.id) has \(hex.utf8.count / 2) bytes of \(what), more than this "
              + "host takes (\(limit); raise Configuration.\(field))"))
      }
      guard let bytes = Hex.decode(hex) else {
        throw .snapshot(
          SnapshotError(.malformed, "the \(what) of paused call #\(record.id) is not hex"))
      }
      return bytes
    }
    let maxOutput = ioLimit(configuration.maxOutputBytes)
    return CallIO(
      input: try bytes(
        record.input, "input", limit: ioLimit(configuration.maxInputBytes), field: "maxInputBytes"),
      output: try bytes(record.output, "output", limit: maxOutput, field: "maxOutputBytes"),
      maxOutputBytes: maxOutput)
  }

  private static func savedKeyValueLimits(_ values: [Int]) -> KeyValueLimits? {
    guard values.count == 4, values.allSatisfy({ $0 >= 0 }) else { return nil }
    return KeyValueLimits(
      maxKeyBytes: values[0], maxValueBytes: values[1], maxBytesPerPlugin: values[2],
      maxKeysPerPlugin: values[3])
  }

  /// The largest plugin file a restore reads to check that it still holds the saved module.
  static let maxReloadFileBytes = 64 << 20

  /// The saved `kv` entries to write, all checked first: only namespaces of restored plugins,
  /// keys and values valid under that plugin's limits, each namespace within its quota and empty
  /// in the restoring store (a restore never overwrites data it did not save).
  private static func checkedKeyValueEntries(
    _ record: HostSnapshotManifest.KeyValueRecord, plugins: Set<String>,
    limits: (String) -> KeyValueLimits, store: any KeyValueStore
  ) throws(PluginHostError) -> [(namespace: String, key: [UInt8], value: [UInt8])] {
    guard case .entries(let namespaces) = record else { return [] }
    func fail(_ kind: SnapshotError.Kind, _ message: String) -> PluginHostError {
      .snapshot(SnapshotError(kind, message))
    }
    var checked: [(namespace: String, key: [UInt8], value: [UInt8])] = []
    for namespace in namespaces.keys.sorted() {
      guard plugins.contains(namespace), let entries = namespaces[namespace] else {
        throw fail(.mismatch, "kv data for \(namespace), which is no restored plugin")
      }
      let limits = limits(namespace)
      var usage = KeyValueUsage(bytes: 0, keys: 0)
      for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
        guard let key = Hex.decode(key), let value = Hex.decode(value) else {
          throw fail(.malformed, "kv entry of \(namespace) is not hex")
        }
        do {
          try limits.check(key: key)
          try limits.check(valueLength: value.count)
        } catch {
          throw fail(.limit, "kv entry of \(namespace): \(error)")
        }
        guard
          limits.quota.admits(
            usage: usage, keyBytes: key.count, valueBytes: value.count, old: nil)
        else { throw fail(.limit, "kv data of \(namespace) is over its quota") }
        usage.keys += 1
        usage.bytes += key.count + value.count
        checked.append((namespace, key, value))
      }
      do {
        guard try store.usage(of: namespace).keys == 0 else {
          throw fail(.mismatch, "kv namespace \(namespace) already holds data in this store")
        }
      } catch let error as PluginHostError {
        throw error
      } catch {
        throw fail(.mismatch, "cannot read kv namespace \(namespace): \(error)")
      }
    }
    return checked
  }

  /// Writes checked entries; a failure removes what was written, so a restore that fails
  /// leaves the store as it was.
  private static func write(
    _ entries: [(namespace: String, key: [UInt8], value: [UInt8])], into store: any KeyValueStore,
    limits: (String) -> KeyValueLimits
  ) throws(PluginHostError) {
    for (index, entry) in entries.enumerated() {
      do {
        try store.setValue(
          entry.value, forKey: entry.key, in: entry.namespace, quota: limits(entry.namespace).quota)
      } catch {
        for written in entries[..<index] {
          _ = try? store.removeValue(forKey: written.key, in: written.namespace)
        }
        throw .snapshot(SnapshotError(.limit, "kv entry of \(entry.namespace): \(error)"))
      }
    }
  }
}
