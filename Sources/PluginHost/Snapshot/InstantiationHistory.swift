import WasmVM

/// What a host remembers of every instantiation so that a snapshot can rebuild its store: the
/// store keeps even unloaded plugins' instances (funcrefs may still name their functions), so
/// a restore must rebuild those too, from their own module bytes, not from files that may have
/// changed since.
struct InstantiationHistory {
  /// Module bytes by fingerprint, for every module ever instantiated.
  var modules: [Fingerprint: [UInt8]] = [:]
  /// For each capability import's host function, by store address: the plugin it acts for.
  var hostImportOwners: [Int: String] = [:]

  mutating func record(
    _ plugin: String, module bytes: [UInt8], imports: [String: [String: ExternalValue]]
  ) {
    modules[Fingerprint(of: bytes)] = bytes
    for (module, fields) in imports where Capability(rawValue: module) != nil {
      for case .function(let function) in fields.values {
        hostImportOwners[function.address] = plugin
      }
    }
  }
}
