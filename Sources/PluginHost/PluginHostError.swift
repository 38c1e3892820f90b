import WasmVM

/// Why a ``PluginHost`` operation failed. Nothing changed in the host when one is thrown, and
/// each message says what to do next.
public enum PluginHostError: Error, Sendable, CustomStringConvertible {
  /// A plugin with this name is already loaded, or appears twice in one load.
  case duplicateName(String)
  /// The name is empty or a capability's module name (`log`, `clock`, `kv`, `io` or an app's).
  case invalidName(String)
  /// The app's capabilities (``PluginHost/Configuration/capabilities``) cannot be offered as
  /// given: the message says why. No plugin loads, and no snapshot restores, until it is fixed.
  case invalidCapabilities(String)
  /// The plugin's file could not be read, or its extension is neither `.wasm` nor `.wat`.
  case unreadableFile(plugin: String, path: String, reason: String)
  /// The WebAssembly text could not be parsed; the error says where.
  case invalidText(plugin: String, error: TextSyntaxError)
  /// The binary module is malformed (WasmVM's `DecodeError`) or invalid (`ValidationError`);
  /// `error` holds WasmVM's error, with its offset and function index.
  case invalidModule(plugin: String, error: ModuleError)
  /// An import could not be linked.
  case link(PluginLinkError)
  /// The store refused the instance (`InstantiationError/link(_:)`: a memory or table it
  /// cannot create) or its initialization trapped (`InstantiationError/trap(_:)`: an active
  /// data or element segment out of bounds). `error` is WasmVM's, unchanged.
  case instantiationFailed(plugin: String, error: InstantiationError)
  /// The plugin's start function trapped while it loaded; `trap` has the kind and backtrace.
  case startFunctionTrapped(plugin: String, trap: Trap)
  /// The plugin needs more than a limit of the host's ``PluginHost/Configuration`` allows;
  /// `limit` says which setting to raise.
  case limitExceeded(plugin: String, limit: PluginHost.Limit, message: String)
  /// No plugin with this name is loaded.
  case unknownPlugin(String)
  /// The plugin has no export of this name, or it is not a function.
  case unknownExport(plugin: String, export: String, available: [String])
  /// The arguments do not match the export's parameters.
  case argumentMismatch(plugin: String, export: String, expected: FuncType, given: [Value])
  /// The call's input is longer than ``PluginHost/Configuration/maxInputBytes`` (`limit`).
  case inputTooLarge(plugin: String, export: String, bytes: Int, limit: Int)
  /// Unloading or reloading would strand plugins that import from this one.
  case hasDependents(plugin: String, dependents: [String], operation: String)
  /// No paused call has this id (it completed, trapped, was cancelled or its plugin was
  /// unloaded or reloaded).
  case unknownPausedCall(PausedCallID)
  /// The host has handed out its last call id (2^63 − 1, the most a snapshot may record), so
  /// it starts no more calls; only a host restored from a crafted snapshot gets there.
  case callIDsExhausted
  /// A snapshot could not be saved or restored (see ``PluginHost/snapshot()``).
  case snapshot(SnapshotError)
  /// A paused call or a plugin's code could not be inspected (see
  /// ``PluginHost/inspectFrame(_:of:)``): no such frame, or an imported function's body.
  case inspection(InspectionError)
  /// No instruction of `plugin`'s function `function` starts `bodyOffset` bytes into its
  /// body (``PluginHost/disassemble(_:_:)`` lists the offsets that do).
  case noInstruction(plugin: String, function: String, bodyOffset: Int)
  /// No breakpoint has this number (``PluginHost/breakpoints`` lists them).
  case unknownBreakpoint(Int)
  /// Plugin `plugin` has no memory to watch.
  case noMemory(plugin: String)
  /// A watch range is empty, longer than ``PluginHost/maxWatchLength`` bytes, or not inside
  /// the plugin's memory (`memoryBytes` long now).
  case badWatchRange(plugin: String, offset: Int, length: Int, memoryBytes: Int)
  /// Paused call `id` has no history to go back in: only a call the debugger stopped (at a
  /// breakpoint or a step) is recorded, from that stop on (see ``PluginHost/back(_:_:)``).
  case noHistory(PausedCallID)
  /// Going back in a call's history failed (see ``PluginHost/back(_:_:)``).
  case timeTravel(HistoryError)

  public var description: String {
    description(naming: { "Configuration." + $0.configurationField })
  }

  /// The description, with `setting` naming what to raise for ``limitExceeded(plugin:limit:message:)`` (an app
  /// names its own controls: the REPL names its flags).
  public func description(naming setting: (PluginHost.Limit) -> String) -> String {
    switch self {
    case .duplicateName(let name):
      return "a plugin named \"\(name)\" is already loaded: unload it first, reload it, or "
        + "choose another name"
    case .invalidName(let name):
      let reserved = CapabilityTable.builtIn.map(\.name).joined(separator: ", ")
      return "\"\(name)\" cannot name a plugin: names must be non-empty and differ from the "
        + "capability modules (\(reserved) and the app's own)"
    case .invalidCapabilities(let problem):
      return "the host's configuration cannot offer its capabilities: \(problem)"
    case .unreadableFile(let plugin, let path, let reason):
      return "cannot load plugin \"\(plugin)\" from \(path): \(reason)"
    case .invalidText(let plugin, let error):
      return "plugin \"\(plugin)\" is not valid WebAssembly text: \(error)"
    case .invalidModule(let plugin, let error):
      return "plugin \"\(plugin)\" is not a valid WebAssembly module: \(error)"
    case .link(let error):
      return error.description
    case .instantiationFailed(let plugin, let error):
      return "plugin \"\(plugin)\" could not be instantiated: \(error)"
    case .startFunctionTrapped(let plugin, let trap):
      return "plugin \"\(plugin)\" could not be instantiated: start function trapped: \(trap)"
    case .limitExceeded(let plugin, let limit, let message):
      let stage = limit.isModuleSize ? "loaded" : "instantiated"
      return "plugin \"\(plugin)\" could not be \(stage): \(message); "
        + "raise \(setting(limit))\(limit == .startBudget ? " or do less work at start" : "")"
    case .unknownPlugin(let name):
      return "no plugin named \"\(name)\" is loaded"
    case .unknownExport(let plugin, let export, let available):
      let list = available.isEmpty ? "none" : available.joined(separator: ", ")
      return "plugin \"\(plugin)\" exports no function \"\(export)\" (its functions: \(list))"
    case .argumentMismatch(let plugin, let export, let expected, let given):
      let parameters = expected.parameters.map(\.description).joined(separator: " ")
      let types = given.map(\.type.description).joined(separator: " ")
      let values = given.map(\.description).joined(separator: ", ")
      return "\(plugin).\(export) expects (\(parameters)), but was given (\(types)): "
        + "[\(values)]; pass one value of each parameter's type"
    case .inputTooLarge(let plugin, let export, let bytes, let limit):
      return "the input of \(plugin).\(export) is \(bytes) bytes, more than this host takes "
        + "(\(limit) bytes): pass less, or raise Configuration.maxInputBytes"
    case .hasDependents(let plugin, let dependents, let operation):
      let names = dependents.map { "\"\($0)\"" }.joined(separator: ", ")
      return "cannot \(operation) \"\(plugin)\": \(names) import from it; \(operation) them "
        + "too (pass the option to include dependents) or unload them first"
    case .unknownPausedCall(let id):
      return "no paused call \(id): it has finished, was cancelled, or its plugin was "
        + "unloaded or reloaded"
    case .callIDsExhausted:
      return "this host has handed out its last call id (\(PausedCallRegistry.maxID)), so it "
        + "starts no more calls; restore a snapshot taken with fewer calls"
    case .snapshot(let error):
      return error.description
    case .inspection(let error):
      return error.description
    case .noInstruction(let plugin, let function, let offset):
      return "no instruction of \(plugin).\(function) starts at body offset 0x"
        + String(offset, radix: 16) + "; its disassembly lists the offsets that do"
    case .unknownBreakpoint(let number):
      return "no breakpoint \(number); the breakpoints list shows their numbers"
    case .noMemory(let plugin):
      return "plugin \(plugin) has no memory to watch"
    case .badWatchRange(let plugin, let offset, let length, let bytes):
      guard length >= 1, length <= PluginHost.maxWatchLength else {
        return "a watch covers 1 to \(PluginHost.maxWatchLength) bytes, not \(length)"
      }
      return "bytes \(offset)..<\(offset &+ length) are not inside \(plugin)'s memory of "
        + "\(bytes) bytes; watch a range below \(bytes)"
    case .noHistory(let id):
      return "paused call \(id) has no history: a call is recorded from the first time the "
        + "debugger stops it (a breakpoint or a step), until it ends or another call runs"
    case .timeTravel(let error):
      return error.description
    }
  }
}

extension PluginHostError {
  /// Why a module was refused before linking: WasmVM's own error, with the section, function
  /// index and byte offset it names.
  public enum ModuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not a well-formed module (`DecodeError`).
    case malformed(DecodeError)
    /// The module is well-formed but does not validate (`ValidationError`).
    case invalid(ValidationError)

    public var description: String {
      switch self {
      case .malformed(let error): error.description
      case .invalid(let error): error.description
      }
    }
  }
}

extension PluginHost {
  /// A limit of ``Configuration`` that a plugin can run into while loading.
  public enum Limit: Hashable, Sendable, CaseIterable {
    /// ``Configuration/maxTotalMemoryPages``.
    case totalMemoryPages
    /// ``Configuration/maxMemoryPages``.
    case memoryPages
    /// ``Configuration/maxTableElements``.
    case tableElements
    /// ``Configuration/maxTotalTableElements``.
    case totalTableElements
    /// `resourceLimits.maxTables` (``ResourceLimits/maxTables``).
    case tables
    /// ``Configuration/startBudget``.
    case startBudget
    /// `resourceLimits.maxModuleBytes` (``ResourceLimits/maxModuleBytes``).
    case moduleBytes
    /// `resourceLimits.maxFunctionBodyBytes` (``ResourceLimits/maxFunctionBodyBytes``).
    case functionBodyBytes
    /// `resourceLimits.maxFunctions` (``ResourceLimits/maxFunctions``).
    case functions

    /// Whether it limits the module itself, which is refused before anything is instantiated.
    var isModuleSize: Bool {
      [.moduleBytes, .functionBodyBytes, .functions, .tables].contains(self)
    }

    /// The name of the ``Configuration`` property that sets it.
    public var configurationField: String {
      switch self {
      case .totalMemoryPages: "maxTotalMemoryPages"
      case .memoryPages: "maxMemoryPages"
      case .tableElements: "maxTableElements"
      case .totalTableElements: "maxTotalTableElements"
      case .tables: "resourceLimits.maxTables"
      case .startBudget: "startBudget"
      case .moduleBytes: "resourceLimits.maxModuleBytes"
      case .functionBodyBytes: "resourceLimits.maxFunctionBodyBytes"
      case .functions: "resourceLimits.maxFunctions"
      }
    }

    init(_ limit: ResourceLimit) {
      switch limit {
      case .memoryPages: self = .memoryPages
      case .sharedMemoryPages: self = .totalMemoryPages
      case .tableElements: self = .tableElements
      case .sharedTableElements: self = .totalTableElements
      case .tables: self = .tables
      case .moduleBytes: self = .moduleBytes
      case .functionBodyBytes: self = .functionBodyBytes
      case .functions: self = .functions
      }
    }
  }
}
