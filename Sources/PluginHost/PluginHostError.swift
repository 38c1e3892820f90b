import WasmVM

/// Why a ``PluginHost`` operation failed. Nothing changed in the host when one is thrown, and
/// each message says what to do next.
public enum PluginHostError: Error, Sendable, CustomStringConvertible {
  /// A plugin with this name is already loaded, or appears twice in one load.
  case duplicateName(String)
  /// The name is empty or a capability's module name (`log`, `clock`, `kv`).
  case invalidName(String)
  /// The plugin's file could not be read, or its extension is neither `.wasm` nor `.wat`.
  case unreadableFile(plugin: String, path: String, reason: String)
  /// The WebAssembly text could not be parsed; the error says where.
  case invalidText(plugin: String, error: TextSyntaxError)
  /// The binary module is malformed (WasmVM's `DecodeError`) or invalid (`ValidationError`).
  case invalidModule(plugin: String, message: String)
  /// An import could not be linked.
  case link(PluginLinkError)
  /// The store refused the instance (a memory or table beyond the host's resource limits) or
  /// its initialization trapped (an active data or element segment out of bounds, or the start
  /// function).
  case instantiationFailed(plugin: String, message: String)
  /// No plugin with this name is loaded.
  case unknownPlugin(String)
  /// The plugin has no export of this name, or it is not a function.
  case unknownExport(plugin: String, export: String, available: [String])
  /// The arguments do not match the export's parameters.
  case argumentMismatch(plugin: String, export: String, expected: FuncType, given: [Value])
  /// Unloading or reloading would strand plugins that import from this one.
  case hasDependents(plugin: String, dependents: [String], operation: String)
  /// No paused call has this id (it completed, trapped, was cancelled or its plugin was
  /// unloaded or reloaded).
  case unknownPausedCall(PausedCallID)

  public var description: String {
    switch self {
    case .duplicateName(let name):
      return "a plugin named \"\(name)\" is already loaded: unload it first, reload it, or "
        + "choose another name"
    case .invalidName(let name):
      let reserved = Capability.allCases.map(\.moduleName).joined(separator: ", ")
      return "\"\(name)\" cannot name a plugin: names must be non-empty and differ from the "
        + "capability modules (\(reserved))"
    case .unreadableFile(let plugin, let path, let reason):
      return "cannot load plugin \"\(plugin)\" from \(path): \(reason)"
    case .invalidText(let plugin, let error):
      return "plugin \"\(plugin)\" is not valid WebAssembly text: \(error)"
    case .invalidModule(let plugin, let message):
      return "plugin \"\(plugin)\" is not a valid WebAssembly module: \(message)"
    case .link(let error):
      return error.description
    case .instantiationFailed(let plugin, let message):
      return "plugin \"\(plugin)\" could not be instantiated: \(message)"
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
    case .hasDependents(let plugin, let dependents, let operation):
      let names = dependents.map { "\"\($0)\"" }.joined(separator: ", ")
      return "cannot \(operation) \"\(plugin)\": \(names) import from it; \(operation) them "
        + "too (pass the option to include dependents) or unload them first"
    case .unknownPausedCall(let id):
      return "no paused call \(id): it has finished, was cancelled, or its plugin was "
        + "unloaded or reloaded"
    }
  }
}
