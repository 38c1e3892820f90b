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
  /// The next instruction the frame runs, in the text format (for a caller, the one after its
  /// call); `?` if its module has no instruction there. Guest names in it are not escaped.
  public var nextInstruction: String
  /// For a caller, the call it waits on, in the text format; `nil` for the innermost frame.
  public var callInstruction: String?

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
