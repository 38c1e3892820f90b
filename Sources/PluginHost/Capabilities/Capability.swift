/// The name of a host capability a plugin may be granted: the import module name of a family of
/// host functions (a ``HostCapability``).
///
/// The built-in capabilities are ``log``, ``clock``, ``kv`` and ``io``; an app adds its own
/// (``PluginHost/Configuration/capabilities``) and grants them by name like these:
/// `capabilities: Capability.builtIn.union(["app"])`. A plugin that imports from a capability
/// it was not granted fails to link, so the grant is visible in the plugin's import section
/// and enforced before any of its code runs.
public struct Capability: Hashable, Sendable, Comparable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The import module name that selects this capability. Plugins cannot take it as theirs.
  public let moduleName: String

  public init(_ moduleName: String) { self.moduleName = moduleName }

  public init(stringLiteral value: String) { self.init(value) }

  /// `log.write`: structured log lines routed to swift-log.
  public static let log = Capability("log")
  /// `clock.wall_ms`, `clock.monotonic_ns`, `clock.sleep`: time, and waiting.
  public static let clock = Capability("clock")
  /// `kv.get`, `kv.size`, `kv.set`, `kv.delete`, `kv.list`, `kv.list_size`: a key-value
  /// namespace private to the plugin.
  public static let kv = Capability("kv")
  /// `io.input_size`, `io.input_read`, `io.output_write`: the input and output bytes of the
  /// call in progress, held by the host (``PluginHost/call(_:_:_:input:budget:)-([UInt8])``).
  public static let io = Capability("io")

  /// The capabilities every host offers; the default grant of a ``PluginSource``. An app's
  /// own capabilities are granted only by name.
  public static let builtIn: Set<Capability> = [.log, .clock, .kv, .io]

  public var description: String { moduleName }

  public static func < (a: Capability, b: Capability) -> Bool { a.moduleName < b.moduleName }
}
