import WasmVM

/// One function a capability offers: its import name, signature and implementation.
struct HostImport: Sendable {
  let capability: Capability
  let name: String
  let type: FuncType
  /// Builds the function body for one plugin.
  let body: @Sendable (HostImportContext) -> HostFunctionBody

  /// `module.name`, as plugins import it.
  var qualifiedName: String { "\(capability.moduleName).\(name)" }
}

/// The guest ABI's fixed names and numbers (documented in docs/plugin-abi.md).
enum PluginABI {
  /// The export through which host imports read and write guest strings and buffers.
  static let memoryExport = "memory"

  /// Every host import, by capability and name.
  static let imports: [Capability: [String: HostImport]] = {
    var table: [Capability: [String: HostImport]] = [:]
    for entry in LogImports.all + ClockImports.all + KeyValueImports.all {
      table[entry.capability, default: [:]][entry.name] = entry
    }
    return table
  }()

  /// The names a capability offers, sorted, for error messages.
  static func names(of capability: Capability) -> [String] {
    (imports[capability] ?? [:]).keys.sorted()
  }
}
