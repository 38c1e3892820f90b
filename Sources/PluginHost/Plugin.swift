import WasmVM

/// A loaded plugin: one instance in the host's store, with the name other plugins import it by.
///
/// A reload replaces the `Plugin` object (and its instance) under the same name; an object the
/// app kept from before still describes the old instance.
public final class Plugin {
  /// The unique name other plugins import it by.
  public let name: String
  /// The capabilities it was granted.
  public let capabilities: Set<Capability>
  /// Where it was loaded from; a reload without a new source loads this again.
  public let source: PluginSource
  /// The plugins it imports from, by name.
  public let dependencies: Set<String>
  /// Its imports in the module's order, each with the capability or plugin it is linked to.
  public let imports: [PluginImport]
  /// Its instance. Shared, not copied, with every plugin that imports its memories, tables,
  /// globals or functions.
  public let instance: Instance
  /// Keeps the store alive while the app holds this plugin: an instance only refers to its
  /// store weakly, and the plugin may outlive its host.
  private let store: Store

  init(
    source: PluginSource, dependencies: Set<String>, imports: [PluginImport], instance: Instance,
    store: Store
  ) {
    self.name = source.name
    self.capabilities = source.capabilities
    self.source = source
    self.dependencies = dependencies
    self.imports = imports
    self.instance = instance
    self.store = store
  }

  /// The signatures of its exported functions, by export name.
  public var exportedFunctions: [String: FuncType] {
    var functions: [String: FuncType] = [:]
    for (name, value) in instance.exports {
      if case .function(let function) = value, let type = store.type(of: function) {
        functions[name] = type
      }
    }
    return functions
  }
}
