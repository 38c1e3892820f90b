import WasmVM

/// One frame of a paused call's wasm call stack, with the plugin that runs it (see
/// ``PluginHost/callStack(of:)``).
public struct PausedCallFrame: Hashable, Sendable, CustomStringConvertible {
  /// The frame as WasmVM describes it: function, positions (``PausedFrame/codeOffset`` in the
  /// code section, ``PausedFrame/bodyOffset`` in the function's body) and module.
  public var frame: PausedFrame
  /// The plugin whose instance runs the frame: the call's own, or one it imports from. `nil`
  /// for an instance no loaded plugin has any more.
  public var plugin: String?

  /// `plugin.function`, as people read a frame: the function's name
  /// (``PausedFrame/name``), else `func[INDEX]`; `?` for an instance of no loaded plugin.
  /// Guest-controlled text: a terminal front end escapes it.
  public var description: String {
    "\(plugin ?? "?").\(frame.name ?? "func[\(frame.functionIndex)]")"
  }
}

/// What one frame of a paused call holds (see ``PluginHost/inspectFrame(_:of:)``).
public struct PausedCallFrameState: Hashable, Sendable {
  /// Which frame, and the plugin that runs it.
  public var frame: PausedCallFrame
  /// Its locals, operands and next instruction, as WasmVM reads them
  /// (``Execution/inspectFrame(_:module:)``).
  public var state: PausedFrameState
}
