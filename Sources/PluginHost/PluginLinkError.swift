/// A plugin's import could not be linked. Every case names the importing plugin and the import
/// (`module.field`), so the message points at one line of the plugin's source.
public struct PluginLinkError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Why the import could not be linked.
  public enum Reason: Hashable, Sendable {
    /// No plugin called `module` is loaded or part of the same load, and no capability has
    /// that name.
    case missingPlugin
    /// Plugin `module` has no export called `field`.
    case missingExport(available: [String])
    /// The export (or host import) has another kind or type than the import declares.
    /// Types are in WebAssembly text syntax.
    case typeMismatch(expected: String, found: String)
    /// The import belongs to a capability the plugin was not granted.
    case capabilityNotGranted(Capability)
    /// The capability `module` offers no function called `field`.
    case unknownHostImport(available: [String])
    /// The import needs the plugin's memory (to pass strings and buffers), but the plugin has
    /// none.
    case missingMemory
    /// The import takes 32-bit pointers into the plugin's memory (`log`, `kv`, `io`), but that
    /// memory is 64-bit (memory64), which capabilities do not address.
    case memory64
    /// The import names another plugin, which the importer was not granted links to
    /// (``PluginSource/links``).
    case linkNotGranted
    /// The plugins import each other in a cycle, listed in import order and closed by its first
    /// plugin; `module.field` is the first import along it.
    case dependencyCycle([String])
  }

  /// The importing plugin.
  public var plugin: String
  /// The import's module name: a capability or another plugin's name.
  public var module: String
  /// The import's field name.
  public var field: String
  /// What went wrong.
  public var reason: Reason

  /// Creates a link error for the import `module.field` of `plugin`.
  public init(plugin: String, module: String, field: String, reason: Reason) {
    self.plugin = plugin
    self.module = module
    self.field = field
    self.reason = reason
  }

  public var description: String {
    let subject = "plugin \"\(plugin)\" imports \"\(module).\(field)\""
    switch reason {
    case .missingPlugin:
      let capabilities = CapabilityTable.builtIn.map(\.name).joined(separator: ", ")
      return "\(subject), but \"\(module)\" is neither a loaded plugin nor a host capability "
        + "(\(capabilities)): load a plugin named \"\(module)\" first or in the same batch"
    case .missingExport(let available):
      let list = available.isEmpty ? "nothing" : available.joined(separator: ", ")
      return "\(subject), but plugin \"\(module)\" exports no \"\(field)\" (it exports: \(list))"
    case .typeMismatch(let expected, let found):
      return "\(subject) with an incompatible type: expected \(expected), found \(found)"
    case .capabilityNotGranted(let capability):
      return "\(subject), but was not granted the \(capability) capability: grant it when "
        + "loading or remove the import"
    case .unknownHostImport(let available):
      return "\(subject), which the \(module) capability does not provide (it provides: "
        + "\(available.joined(separator: ", ")))"
    case .missingMemory:
      return "\(subject), which passes data through the plugin's memory, but the plugin has no "
        + "memory: add (memory 1)"
    case .memory64:
      return "\(subject), which takes 32-bit pointers into the plugin's memory, but the plugin's "
        + "memory is 64-bit (memory64), which host capabilities do not address: use a 32-bit "
        + "memory or remove the import"
    case .linkNotGranted:
      return "\(subject), but was not granted links to plugin \"\(module)\": grant them when "
        + "loading (PluginSource.links) or remove the import"
    case .dependencyCycle(let cycle):
      return "plugins import each other in a cycle (\(cycle.joined(separator: " → "))), starting "
        + "with \(subject): break the cycle, for example by moving shared code into a third plugin"
    }
  }
}
