import WasmVM

/// A call an ``AsyncPluginHost`` is running, as listed by ``AsyncPluginHost/runningCalls``:
/// started and neither finished nor paused.
public struct RunningCall: Hashable, Sendable, CustomStringConvertible {
  /// Its id; the same id names it in ``PluginHost/pausedCalls`` if it pauses.
  public var id: PausedCallID
  /// The plugin whose export was called.
  public var plugin: String
  /// The export that was called.
  public var export: String
  /// The arguments the call was started with.
  public var arguments: [Value]
  /// Ticks used by every slice so far.
  public var ticksUsed: UInt64
  /// The host call it is waiting on (`clock.sleep`), or `nil` while it waits for its next
  /// slice.
  public var waitingOn: SuspendedHostCall?

  /// `plugin.export`, the way the call is shown to people.
  public var target: String { "\(plugin).\(export)" }

  public var description: String {
    let args = arguments.map(\.description).joined(separator: ", ")
    let state = waitingOn.map { "waiting in \($0)" } ?? "running"
    return "\(id) \(target)(\(args)) after \(ticksUsed) ticks, \(state)"
  }
}
