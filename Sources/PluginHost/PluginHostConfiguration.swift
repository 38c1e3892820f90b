import Logging
import WasmVM

extension PluginHost {
  /// How a host runs its plugins. Every field has a production default; tests inject a
  /// ``HostClock`` and a `Logger` to observe what guests do.
  public struct Configuration: Sendable {
    /// Caps on every plugin's memories, tables and call depth; ``maxMemoryPages``,
    /// ``maxTableElements`` and ``maxCallDepth`` set the ones an app usually changes.
    public var resourceLimits: ResourceLimits
    /// The most 64 KiB pages all plugins' memories may hold together, or `nil` for no cap
    /// beyond each memory's ``maxMemoryPages``. Checked when a plugin is instantiated (a
    /// memory that does not fit fails the load) and on every `memory.grow` (a grow that does
    /// not fit fails, returning -1); an unloaded or replaced plugin's pages are given back.
    public var maxTotalMemoryPages: Int?
    /// Where `kv` data lives; ``InMemoryKeyValueStore`` unless the app provides a
    /// ``SQLiteKeyValueStore`` (or its own).
    public var keyValueStore: any KeyValueStore
    /// Default `kv` limits, for plugins loaded without their own.
    public var keyValueLimits: KeyValueLimits
    /// The time source of the `clock` capability.
    public var clock: any HostClock
    /// The logger `log.write` writes to; each plugin logs through a copy carrying
    /// `plugin=<name>` metadata.
    public var logger: Logger
    /// Ticks a host import charges per byte it moves between guest memory and the host
    /// (log messages, keys, values, key lists), on top of the one tick of the call itself.
    /// The charge is paid from the call's budget before the import runs (see
    /// docs/plugin-abi.md, "Ticks"), so it counts against ``startBudget`` too.
    public var hostTicksPerByte: UInt64
    /// Ticks a plugin's start function may use while it loads. A start function that needs
    /// more fails the load, so that no plugin can hang the app while being loaded.
    public var startBudget: UInt64
    /// The longest `clock.sleep` a plugin may ask for, in milliseconds; a longer one traps.
    /// ``PluginHost`` blocks its caller's thread while a call sleeps (an ``AsyncPluginHost``
    /// parks the call instead), so this also bounds how long a synchronous call can block.
    public var maxSleepMilliseconds: UInt64
    /// The most bytes of input a call may be given (``PluginHost/call(_:_:_:input:budget:)-([UInt8])``);
    /// a larger input is refused before the call starts. At most `Int32.max`, the most an
    /// `io.input_size` result can say; a larger value counts as that.
    public var maxInputBytes: Int
    /// The most bytes of output a call may write through `io.output_write`; a write that would
    /// go past it traps. At most `Int32.max`, as for ``maxInputBytes``.
    public var maxOutputBytes: Int
    /// The plugins each plugin restored from a snapshot may import from, by its name: a
    /// restored plugin keeps the link grant it was saved with narrowed to this one (a snapshot
    /// is untrusted, so it never widens a grant), and a restored import from a plugin outside
    /// it fails the restore. Default: none, as for ``PluginSource/links``; `wasbox-repl`
    /// restores with ``LinkGrant/anyPlugin``, as it loads.
    public var restoredLinks: @Sendable (_ plugin: String) -> LinkGrant
    /// The app's own capabilities, offered beside the built-in `log`, `clock`, `kv` and `io`
    /// to the plugins granted them by name (``PluginSource/capabilities``). Names must be
    /// unique and not a built-in's (else every load fails, saying why). A snapshot restores
    /// only with a host that defines every capability function its plugins import, by name
    /// and type. Default: none.
    public var capabilities: [HostCapability]
    /// What a call's history keeps for going back in it (``PluginHost/back(_:_:)``): a
    /// checkpoint every 10,000 ticks, at most 256 checkpoints and 64 MiB by default, the
    /// oldest dropped past either cap.
    public var history: HistoryLimits

    /// A configuration; every argument defaults to the production choice.
    public init(
      resourceLimits: ResourceLimits = ResourceLimits(),
      keyValueStore: any KeyValueStore = InMemoryKeyValueStore(),
      keyValueLimits: KeyValueLimits = KeyValueLimits(),
      clock: any HostClock = SystemClock(),
      logger: Logger = Logger(label: "wasbox.plugins"),
      hostTicksPerByte: UInt64 = 1,
      startBudget: UInt64 = 10_000_000,
      maxTotalMemoryPages: Int? = nil,
      maxSleepMilliseconds: UInt64 = 60_000,
      maxInputBytes: Int = 1 << 20,
      maxOutputBytes: Int = 1 << 20,
      restoredLinks: @escaping @Sendable (_ plugin: String) -> LinkGrant = { _ in .none },
      capabilities: [HostCapability] = [],
      history: HistoryLimits = HistoryLimits()
    ) {
      self.history = history
      self.capabilities = capabilities
      self.restoredLinks = restoredLinks
      self.maxInputBytes = maxInputBytes
      self.maxOutputBytes = maxOutputBytes
      self.maxSleepMilliseconds = maxSleepMilliseconds
      self.resourceLimits = resourceLimits
      self.maxTotalMemoryPages = maxTotalMemoryPages
      self.keyValueStore = keyValueStore
      self.keyValueLimits = keyValueLimits
      self.clock = clock
      self.logger = logger
      self.hostTicksPerByte = hostTicksPerByte
      self.startBudget = startBudget
    }

    /// The most 64 KiB pages any one memory may hold (`resourceLimits.maxMemoryPages`;
    /// default 65,536, the whole 4 GiB).
    public var maxMemoryPages: Int {
      get { resourceLimits.maxMemoryPages }
      set { resourceLimits.maxMemoryPages = newValue }
    }
    /// The most elements any one table may hold (`resourceLimits.maxTableElements`).
    public var maxTableElements: Int {
      get { resourceLimits.maxTableElements }
      set { resourceLimits.maxTableElements = newValue }
    }
    /// The most elements all plugins' tables may hold together
    /// (`resourceLimits.maxTotalTableElements`; default 10,000,000, 80 MB of 8-byte slots).
    /// Checked when a plugin is instantiated (a table that does not fit fails the load) and on
    /// every `table.grow` (a grow that does not fit returns -1); an unloaded or replaced
    /// plugin's elements are given back. ``PluginHost/tableElementsInUse`` says how many are
    /// taken.
    public var maxTotalTableElements: Int {
      get { resourceLimits.maxTotalTableElements }
      set { resourceLimits.maxTotalTableElements = newValue }
    }
    /// The deepest nesting of wasm calls before the trap `call stack exhausted`
    /// (`resourceLimits.maxCallDepth`).
    public var maxCallDepth: Int {
      get { resourceLimits.maxCallDepth }
      set { resourceLimits.maxCallDepth = newValue }
    }
  }
}
