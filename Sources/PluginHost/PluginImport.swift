import WasmVM

/// One import of a plugin, and what the host linked it to.
///
/// ``Plugin/imports`` lists them in the module's order, so an app can show what a plugin
/// depends on without decoding its module again.
public struct PluginImport: Hashable, Sendable {
  /// What provides an import.
  public enum Provider: Hashable, Sendable {
    /// A host capability the plugin was granted.
    case capability(Capability)
    /// Another plugin, by name: the import's module name.
    case plugin(String)
  }

  /// The import's module name: a capability's or another plugin's name.
  public var module: String
  /// The import's field name.
  public var name: String
  /// What kind of entity it imports, with the type it declares (a function's type index
  /// refers to the importing plugin's module).
  public var descriptor: ImportDescriptor
  /// What it is linked to.
  public var provider: Provider

  /// Creates the description of an import.
  public init(module: String, name: String, descriptor: ImportDescriptor, provider: Provider) {
    self.module = module
    self.name = name
    self.descriptor = descriptor
    self.provider = provider
  }

  /// The import of `entry`: a capability when its module names one of `capabilities`, else a
  /// plugin.
  init(_ entry: Import, capabilities: CapabilityTable) {
    self.init(
      module: entry.module, name: entry.name, descriptor: entry.descriptor,
      provider: capabilities.isCapability(entry.module)
        ? .capability(Capability(entry.module)) : .plugin(entry.module))
  }
}
