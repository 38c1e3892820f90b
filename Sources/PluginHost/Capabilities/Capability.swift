/// A host capability a plugin may be granted: a family of host imports under one module name.
///
/// Capabilities are granted per plugin when it is loaded (all of them by default). A plugin that
/// imports from a capability it was not granted fails to link, so the grant is visible in the
/// plugin's import section and enforced before any of its code runs.
public enum Capability: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  /// `log.write`: structured log lines routed to swift-log.
  case log
  /// `clock.wall_ms`, `clock.monotonic_ns`: wall-clock and monotonic time.
  case clock
  /// `kv.get`, `kv.size`, `kv.set`, `kv.delete`, `kv.list`, `kv.list_size`: a key-value
  /// namespace private to the plugin.
  case kv
  /// `io.input_size`, `io.input_read`, `io.output_write`: the input and output bytes of the
  /// call in progress, held by the host (``PluginHost/call(_:_:_:input:budget:)-([UInt8])``).
  case io

  /// Every capability; the default grant.
  public static let all: Set<Capability> = Set(allCases)

  /// The import module name that selects this capability (also its raw value). Plugins cannot
  /// take these names.
  public var moduleName: String { rawValue }

  public var description: String { rawValue }
}
