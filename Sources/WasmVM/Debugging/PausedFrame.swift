/// One frame of a paused execution's wasm call stack, as ``Execution/callStack()`` lists them,
/// innermost first.
///
/// Positions are wasm positions, found through the function's source map as a snapshot finds
/// them, never the interpreter's internal code: a frame names the next instruction it will
/// run, which for the innermost frame is where the execution continues and for a caller the
/// instruction after the call it waits on (``callCodeOffset`` names that call). Only
/// instructions that cost a tick have positions: a pause before `block`, `loop`, `nop` or an
/// `end` that does nothing names the first instruction after them that runs.
public struct PausedFrame: Hashable, Sendable {
  /// Its place in the call stack: 0 for the innermost frame, 1 for its caller, and so on.
  public var depth: Int
  /// The function the frame runs.
  public var function: Function
  /// The function's index in its module's function index space (imports included).
  public var functionIndex: UInt32
  /// The function's name from the module's `name` section, else its first export name, else
  /// `nil`: the name a trap's ``BacktraceFrame`` gives it. Guest-controlled text.
  public var name: String?
  /// The frame's instance: its index in ``Store/instances``.
  public var instanceIndex: Int
  /// The fingerprint of the module the instance was made from: the module
  /// ``Execution/inspectFrame(_:module:)`` and ``Module/disassemble(functionIndex:)`` need.
  public var moduleFingerprint: Fingerprint
  /// Where the next instruction the frame runs starts, in bytes from the start of the code
  /// section's contents (the byte after the section's size). Snapshots save positions in these
  /// terms, and DWARF for WebAssembly uses them too.
  public var codeOffset: Int
  /// The same position in bytes from the start of the function's body (the byte after the
  /// body's size, where its local declarations begin): what `func+0x…` shows.
  public var bodyOffset: Int
  /// For a caller, where the call instruction it waits on starts (relative to the code
  /// section's contents, as ``codeOffset``); `nil` for the innermost frame.
  public var callCodeOffset: Int?
  /// ``callCodeOffset`` from the start of the function's body, as ``bodyOffset``.
  public var callBodyOffset: Int? { callCodeOffset.map { $0 - (codeOffset - bodyOffset) } }

  /// Creates a frame description; the ``Execution`` makes them.
  public init(
    depth: Int, function: Function, functionIndex: UInt32, name: String?, instanceIndex: Int,
    moduleFingerprint: Fingerprint, codeOffset: Int, bodyOffset: Int, callCodeOffset: Int?
  ) {
    self.depth = depth
    self.function = function
    self.functionIndex = functionIndex
    self.name = name
    self.instanceIndex = instanceIndex
    self.moduleFingerprint = moduleFingerprint
    self.codeOffset = codeOffset
    self.bodyOffset = bodyOffset
    self.callCodeOffset = callCodeOffset
  }
}

extension Execution {
  /// The wasm call stack of a paused execution, or one suspended on a host call, innermost
  /// first. Empty for an execution of a host function invoked directly, and one whose entry
  /// frame did not fit (it has no wasm frames).
  ///
  /// Reads the stacks and each frame's source map only: nothing the loops do changes, and
  /// asking costs no ticks.
  /// - Throws: ``InspectionError/notPaused(running:)`` while the execution runs or once it finished.
  public func callStack() throws(InspectionError) -> [PausedFrame] {
    try inspectedFrames().enumerated().map { depth, frame in
      describe(frame, depth: depth)
    }
  }

  /// A frame as the stacks hold it.
  struct InspectedFrame {
    let function: WasmFunction
    /// Slot index of its first parameter.
    let base: Int
    /// Stack-code position it continues at: `pc`, or a caller's return position.
    let pc: Int
    /// Slot index just past its operands (its callee's base, or `sp` for the innermost).
    let top: Int
    /// Where its next instruction is.
    let entry: SourceMap.Entry
    /// For a caller, its call instruction.
    let call: SourceMap.Entry?
  }

  /// The frames, innermost first.
  func inspectedFrames() throws(InspectionError) -> [InspectedFrame] {
    guard phase == .paused || phase == .suspended else {
      throw InspectionError.notPaused(running: phase == .running)
    }
    guard hostEntry == nil, !entryFrameExhausted, let current else { return [] }
    var raw = [(current.takeUnretainedValue(), fp, pc, sp, false)]
    var calleeBase = fp
    var i = frameCount
    while i > 0 {
      i -= 1
      let frame = frames[i]
      raw.append(
        (frame.function.takeUnretainedValue(), frame.base, frame.returnPC, calleeBase, true))
      calleeBase = frame.base
    }
    var result: [InspectedFrame] = []
    for (function, base, pc, top, isCaller) in raw {
      // Every position a paused execution holds has an entry (a snapshot saves it the same way).
      guard let entry = function.sourceMap.entry(atPC: pc) else {
        throw InspectionError.unmappedPosition(functionIndex: function.index)
      }
      result.append(
        InspectedFrame(
          function: function, base: base, pc: pc, top: top, entry: entry,
          call: isCaller ? function.sourceMap.entry(before: pc) : nil))
    }
    return result
  }

  func describe(_ frame: InspectedFrame, depth: Int) -> PausedFrame {
    let function = frame.function
    let instance = function.instance
    return PausedFrame(
      depth: depth, function: Function(address: function.address),
      functionIndex: function.index, name: function.name,
      instanceIndex: store.instances.firstIndex { $0 === instance } ?? -1,
      moduleFingerprint: instance.moduleFingerprint, codeOffset: frame.entry.offset,
      bodyOffset: frame.entry.offset - function.bodyOffset, callCodeOffset: frame.call?.offset)
  }
}
