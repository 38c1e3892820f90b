import Foundation

/// Where a plugin comes from, what it is called, and what it may do: everything needed to load
/// it, and to load it again on ``PluginHost/reload(_:from:reloadingDependents:)``.
public struct PluginSource: Sendable {
  /// The module's code.
  public enum Code: Sendable {
    /// A `.wasm` binary or `.wat` text file, told apart by its extension (a `.wat` file that
    /// starts with the binary magic `\0asm` is read as binary); read at each (re)load so that a
    /// reload picks up a rebuilt file.
    case file(URL)
    /// A binary module.
    case wasm([UInt8])
    /// A module in the WebAssembly text format.
    case wat(String)
  }

  /// The plugin's name: unique within a host, and the import module name other plugins use to
  /// link against its exports.
  public var name: String
  /// The module itself.
  public var code: Code
  /// The host capabilities the plugin may import: by default the built-in ones; an app's own
  /// capabilities only when named here.
  public var capabilities: Set<Capability>
  /// Limits of the plugin's `kv` namespace; `nil` uses the host's
  /// ``PluginHost/Configuration/keyValueLimits``.
  public var keyValueLimits: KeyValueLimits?
  /// The plugins it may import from; none unless given (see ``LinkGrant``).
  public var links: LinkGrant

  /// A plugin in a `.wasm` or `.wat` file, named after the file's stem unless `name` is given.
  public init(
    file: URL, name: String? = nil, capabilities: Set<Capability> = Capability.builtIn,
    keyValueLimits: KeyValueLimits? = nil, links: LinkGrant = .none
  ) {
    self.name = name ?? file.deletingPathExtension().lastPathComponent
    self.code = .file(file)
    self.capabilities = capabilities
    self.keyValueLimits = keyValueLimits
    self.links = links
  }

  /// A plugin from binary module bytes.
  public init(
    name: String, wasm: [UInt8], capabilities: Set<Capability> = Capability.builtIn,
    keyValueLimits: KeyValueLimits? = nil, links: LinkGrant = .none
  ) {
    self.name = name
    self.code = .wasm(wasm)
    self.capabilities = capabilities
    self.keyValueLimits = keyValueLimits
    self.links = links
  }

  /// A plugin from WebAssembly text.
  public init(
    name: String, wat: String, capabilities: Set<Capability> = Capability.builtIn,
    keyValueLimits: KeyValueLimits? = nil, links: LinkGrant = .none
  ) {
    self.name = name
    self.code = .wat(wat)
    self.capabilities = capabilities
    self.keyValueLimits = keyValueLimits
    self.links = links
  }
}
