import WasmVM

/// A call entering or leaving, as the host traces them (``PluginHost/startTracing(plugin:)``):
/// a call into a plugin from the embedder, from one plugin into another, or from a plugin into
/// a host capability (`log`, `clock`, `kv`, `io` or the app's).
public struct TraceEvent: Hashable, Sendable {
  /// Whether the call entered or left.
  public enum Kind: Hashable, Sendable {
    /// It was called with these arguments.
    case entered(arguments: [Value])
    /// It returned these results; `nil` when it left without returning (it trapped, or
    /// tail-called out of the plugin).
    case returned(results: [Value]?)
  }

  /// What was called, `plugin.function` or `capability.function` (e.g. `mathlib.square`,
  /// `log.write`); a function without a name is `func[INDEX]`, an instance of no loaded plugin
  /// `?`. Guest-controlled text: a terminal front end escapes it.
  public var target: String
  /// How many traced calls enclose it in its execution (0: the embedder's call).
  public var depth: Int
  public var kind: Kind

  public init(target: String, depth: Int, kind: Kind) {
    self.target = target
    self.depth = depth
    self.kind = kind
  }
}
