import Foundation
import WasmVM

/// Runs untrusted WebAssembly plugins inside a Swift application.
///
/// Plugins are loaded under unique names from `.wasm`/`.wat` files or bytes, one at a time
/// (``load(_:)-(PluginSource)``) or in batches (``load(_:)-([PluginSource])``). Each import of a plugin is linked either to a host capability
/// (`log`, `clock`, `kv`, `io`; see docs/plugin-abi.md) that the plugin was granted, or to an
/// export of another plugin whose name is the import's module name, if the plugin was granted
/// links to it (``PluginSource/links``). All plugins live in one WasmVM
/// `Store`, so a plugin importing another's memory, table or global shares the very same
/// object.
///
/// Calls run under a tick budget (``call(_:_:_:budget:)``); one that runs out pauses and waits
/// in a registry (``pausedCalls``) to be resumed or cancelled.
///
/// A host is not thread-safe: use it from one thread or task at a time, like the store inside
/// it. Host imports run synchronously inside ``call(_:_:_:budget:)`` and ``resume(_:budget:)``;
/// `clock.sleep` blocks the calling thread. ``AsyncPluginHost`` wraps a host for Swift
/// concurrency.
///
/// ```swift
/// let host = PluginHost()
/// try host.load(PluginSource(file: URL(fileURLWithPath: "plugins/counter.wat")))
/// if case .completed(let values, _) = try host.call("counter", "next", budget: 10_000) {
///   print(values)
/// }
/// ```
public final class PluginHost {
  /// How this host runs plugins; fixed for its lifetime.
  public let configuration: Configuration
  let store: Store
  /// Loaded plugins by name.
  var loaded: [String: Plugin] = [:]
  /// Loaded plugin names, dependencies always before their dependents.
  var order: [String] = []
  let registry = PausedCallRegistry()
  /// What a snapshot needs to rebuild the store: the bytes of every module instantiated, by
  /// fingerprint.
  var history = InstantiationHistory()
  /// The host imports that suspend (`clock.sleep`), for answering their calls.
  let waits = HostWaits()
  /// The input and output of the call whose slice is running, for the `io` capability.
  let currentCall: CurrentCallIO
  /// The built-in capabilities and the app's.
  let capabilities: CapabilityTable
  /// The breakpoints set, by number (see `Debugging/PluginHost+Breakpoints.swift`).
  var breakpointList: [HostBreakpoint] = []
  /// The last breakpoint number handed out; numbers are never reused.
  var lastBreakpointNumber = 0
  /// The watchpoints set, oldest first; numbered with the breakpoints.
  var watchpointList: [HostWatchpoint] = []
  /// The one call with a history (``PendingCall/recording``), if any: see
  /// `Debugging/PluginHost+TimeTravel.swift`.
  var recordedCall: PendingCall?

  /// Creates a host with no plugins and its own WasmVM store.
  public convenience init(configuration: Configuration = Configuration()) {
    self.init(
      configuration: configuration,
      store: Store(
        limits: configuration.resourceLimits,
        pageBudget: configuration.maxTotalMemoryPages.map { MemoryPageBudget(totalPages: $0) }))
  }

  /// A host around `store`: a new one, or one restored from a snapshot (whose host imports
  /// were made with `currentCall`).
  init(configuration: Configuration, store: Store, currentCall: CurrentCallIO = CurrentCallIO()) {
    self.configuration = configuration
    self.store = store
    self.currentCall = currentCall
    self.capabilities = CapabilityTable(app: configuration.capabilities)
  }

  /// The loaded plugins, each after the plugins it imports from.
  public var plugins: [Plugin] { order.compactMap { loaded[$0] } }

  /// The table elements plugins hold now, out of ``Configuration/maxTotalTableElements``: a
  /// table imported by several plugins counts once, and unloading or replacing a plugin gives
  /// its elements back.
  public var tableElementsInUse: Int { store.tableBudget.usedElements }

  /// The plugin loaded under `name`, if any.
  public func plugin(named name: String) -> Plugin? { loaded[name] }

  /// The store behind the `kv` capability, for the app to inspect or seed plugin data.
  public var keyValueStore: any KeyValueStore { configuration.keyValueStore }

  /// The `kv` limits a plugin from `source` runs under: its own, else the host's. An app that
  /// writes a plugin's data checks it against these (see ``KeyValueLimits/check(key:)``), as
  /// the plugin's own `kv` imports do.
  public func keyValueLimits(for source: PluginSource) -> KeyValueLimits {
    source.keyValueLimits ?? configuration.keyValueLimits
  }

  /// The plugins that import from any of `names`, directly or through others, in load order.
  func dependents(of names: Set<String>) -> [String] {
    var affected = names
    var found: [String] = []
    for name in order where !affected.contains(name) {
      if let plugin = loaded[name], !plugin.dependencies.isDisjoint(with: affected) {
        affected.insert(name)
        found.append(name)
      }
    }
    return found
  }
}
