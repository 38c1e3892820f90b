import WasmVM

/// How one slice of a plugin call ended: ``PluginHost/call(_:_:_:budget:)`` and
/// ``PluginHost/resume(_:budget:)`` return it.
///
/// Ticks reported here are the call's total so far, including what host imports charged for
/// the bytes they moved (see ``PluginHost/Configuration/hostTicksPerByte``); those charges are
/// paid before the import runs, so no slice ever uses more ticks than its budget.
public enum CallOutcome: Sendable {
  /// The export returned `values`, after `ticks` ticks in all.
  case completed(values: [Value], ticks: UInt64)
  /// The budget ran out. The call waits in the host's registry under the returned handle's id;
  /// resume it with ``PluginHost/resume(_:budget:)`` or drop it with ``PluginHost/cancel(_:)``.
  case paused(PausedCall)
  /// The call trapped (kind, message and wasm backtrace in `trap`), after `ticks` ticks.
  case trapped(Trap, ticks: UInt64)
}
