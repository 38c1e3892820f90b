import WasmVM

/// What a host remembers of every instantiation so that a snapshot can rebuild its store: the
/// store keeps even unloaded plugins' instances (funcrefs may still name their functions), so
/// a restore must rebuild those too, from their own module bytes, not from files that may have
/// changed since. Which plugin a capability import acts for is not remembered: a restore
/// derives it from the restored instances' own imports (see ``RestoredBindings``).
struct InstantiationHistory {
  /// Module bytes by fingerprint, for every module ever instantiated.
  var modules: [Fingerprint: [UInt8]] = [:]

  mutating func record(module bytes: [UInt8]) {
    modules[Fingerprint(of: bytes)] = bytes
  }
}
