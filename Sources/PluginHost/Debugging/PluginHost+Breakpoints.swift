import WasmVM

/// A breakpoint set with ``PluginHost/setBreakpoint(_:_:bodyOffset:)``: a function of a plugin,
/// and an instruction in its body, named by plugin, function index and body offset so that it
/// survives reloading the plugin (it then applies to the new instance's function at that
/// index, if there is one).
public struct HostBreakpoint: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Its number, 1 for the first a host sets; numbers are never reused.
  public var number: Int
  /// The plugin whose function it is in.
  public var plugin: String
  /// The function as it was named when set: an export, a `name`-section name or `func[INDEX]`.
  public var function: String
  /// The function's index in its module's function index space.
  public var functionIndex: UInt32
  /// The offset of its instruction from the start of the function's body, as
  /// ``PausedFrame/bodyOffset`` counts.
  public var bodyOffset: Int
  /// Whether it was set at the function's entry (its first instruction) rather than an offset.
  public var atEntry: Bool

  /// `1 calc.add+0x3`, or `1 calc.add (entry, +0x3)`. Guest-controlled text: a terminal front
  /// end escapes it.
  public var description: String {
    let offset = "0x" + String(bodyOffset, radix: 16)
    return "\(number) \(plugin).\(function)" + (atEntry ? " (entry, +\(offset))" : "+\(offset)")
  }
}

/// Why a debugger stopped a call before its budget ran out (``PausedCall/stop``).
public enum CallStop: Hashable, Sendable, CustomStringConvertible {
  /// It reached the breakpoint: its next instruction is the breakpoint's.
  case breakpoint(HostBreakpoint)
  /// A step (``PluginHost/step(_:_:budget:)``) is done.
  case stepped
  /// The instruction just run (or the host call just made) changed a watchpoint's bytes.
  case watchpoint(WatchpointHit)

  /// `at breakpoint 1 calc.add+0x3`, `stepped`, `watchpoint 2: 00 00 → 07 00`.
  public var description: String {
    switch self {
    case .breakpoint(let breakpoint): "at breakpoint \(breakpoint)"
    case .stepped: "stepped"
    case .watchpoint(let hit): "watchpoint \(hit.watchpoint.number): \(hit.change)"
    }
  }
}

/// How far ``PluginHost/step(_:_:budget:)`` runs a paused call. An instruction is what WasmVM
/// steps (see ``Step``): every wasm instruction that costs a tick, a multi-tick one (bulk
/// memory, grow, a host call with a cost) as one.
public enum StepKind: Hashable, Sendable {
  /// This many instructions, into calls (a debugger's "step").
  case instructions(Int)
  /// One instruction, over a call: on until the call returned (a debugger's "next").
  case over
  /// On until the current function returned to its caller, or the call completed (a
  /// debugger's "finish").
  case out
}

/// Breakpoints and stepping: the WasmVM API (``Execution/debugRun(ticks:breakpoints:step:)``)
/// with plugin names, for a front end (the REPL, a Debug Adapter Protocol server) to present.
///
/// Breakpoints apply to every call the host runs, synchronous or through ``AsyncPluginHost``.
/// With none set, calls run exactly as before, with no check at all; with some set, each slice
/// runs under the debugger (per tick in a function with a breakpoint, per basic block
/// elsewhere). Either way a call's result and tick total are those of a run without the
/// debugger, and no call uses more than its budget: a call that stops at a breakpoint pauses
/// with what is left of its budget in ``PausedCall/budgetLeft``.
extension PluginHost {
  /// The breakpoints set, oldest first.
  public var breakpoints: [HostBreakpoint] { breakpointList }

  /// Sets a breakpoint at the instruction `bodyOffset` bytes from the start of `plugin`'s
  /// function `function`'s body, or at its entry when `bodyOffset` is `nil`. `function` is
  /// named as ``disassemble(_:_:)`` names it; `bodyOffset` must start an instruction there. A
  /// free instruction (`block`, an `end` that does nothing) moves the breakpoint to the next
  /// instruction that runs.
  /// - Throws: ``PluginHostError/unknownPlugin(_:)``,
  ///   ``PluginHostError/unknownExport(plugin:export:available:)``,
  ///   ``PluginHostError/noInstruction(plugin:function:bodyOffset:)``, or
  ///   ``PluginHostError/inspection(_:)`` for an imported function.
  @discardableResult
  public func setBreakpoint(_ plugin: String, _ function: String, bodyOffset: Int? = nil)
    throws(PluginHostError) -> HostBreakpoint
  {
    let lines = try disassemble(plugin, function)
    guard let loaded = loaded[plugin] else { throw .unknownPlugin(plugin) }
    let module = try recordedModule(loaded.instance.moduleFingerprint, plugin: plugin)
    guard let index = Self.functionIndex(function, in: module),
      let address = loaded.instance.function(at: index)
    else {
      throw .unknownExport(
        plugin: plugin, export: function, available: loaded.exportedFunctions.keys.sorted())
    }
    if let bodyOffset, !lines.contains(where: { $0.bodyOffset == bodyOffset }) {
      throw .noInstruction(plugin: plugin, function: function, bodyOffset: bodyOffset)
    }
    let resolved: Breakpoint
    do {
      resolved = try store.breakpoint(in: address, bodyOffset: bodyOffset)
    } catch {
      throw .inspection(error)
    }
    lastBreakpointNumber += 1
    let breakpoint = HostBreakpoint(
      number: lastBreakpointNumber, plugin: plugin, function: function, functionIndex: index,
      bodyOffset: store.bodyOffset(of: resolved) ?? bodyOffset ?? 0, atEntry: bodyOffset == nil)
    breakpointList.append(breakpoint)
    return breakpoint
  }

  /// Deletes breakpoint `number`.
  /// - Returns: the breakpoint deleted.
  /// - Throws: ``PluginHostError/unknownBreakpoint(_:)``.
  @discardableResult
  public func deleteBreakpoint(_ number: Int) throws(PluginHostError) -> HostBreakpoint {
    guard let index = breakpointList.firstIndex(where: { $0.number == number }) else {
      throw .unknownBreakpoint(number)
    }
    return breakpointList.remove(at: index)
  }

  /// Deletes breakpoint or watchpoint `number` (they share numbers).
  /// - Throws: ``PluginHostError/unknownBreakpoint(_:)``.
  public func deleteStop(_ number: Int) throws(PluginHostError) {
    if let index = watchpointList.firstIndex(where: { $0.number == number }) {
      watchpointList.remove(at: index)
      return
    }
    try deleteBreakpoint(number)
  }

  /// Runs paused call `id` for `kind`'s step, at most `budget` ticks, stopping early at a
  /// breakpoint. Ticks are those of an ordinary run (a call stepped to its end has the
  /// result and tick total of one never stepped), and the budget applies as to
  /// ``resume(_:budget:)``: a step that runs out of it pauses the call with no
  /// ``PausedCall/stop``, as a resume would.
  /// - Returns: `.paused` with ``PausedCall/stop`` `.stepped` (or `.breakpoint`) when the
  ///   step is done, or how the call ended.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func step(_ id: PausedCallID, _ kind: StepKind, budget: UInt64) throws(PluginHostError)
    -> CallOutcome
  {
    try stepWithOutput(id, kind, budget: budget).outcome
  }

  /// Steps paused call `id` as ``step(_:_:budget:)`` does, returning its outcome with the
  /// bytes it has written to its output so far, as ``resumeWithOutput(_:budget:)`` does for a
  /// resume: a step that ends the call is how a debugger's user gets its output.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func stepWithOutput(_ id: PausedCallID, _ kind: StepKind, budget: UInt64)
    throws(PluginHostError) -> CallResult
  {
    guard let call = registry.remove(id) else { throw .unknownPausedCall(id) }
    // A step starts the call's history where it stands, if it has none yet.
    startRecording(call)
    let depth = call.execution.callDepth
    let step: Step
    switch kind {
    case .instructions(let count): step = .instructions(max(0, count))
    case .over: step = .over(fromDepth: depth)
    case .out: step = .out(fromDepth: depth)
    }
    return call.result(run(call, budget: budget, step: step))
  }

  /// One slice of `execution`, as ``runSlice(_:io:ticks:)`` runs it, under the debugger when
  /// breakpoints are set or a `step` is asked for.
  /// - Returns: how it ended, why it stopped early (if it did), and the instructions it ran
  ///   (counted up to the step's).
  /// A call with a `recording` runs recorded (see `PluginHost+TimeTravel.swift`), its
  /// capability calls logged or answered from the log.
  func debugSlice(
    _ execution: Execution, io: CallIO?, ticks: UInt64, step: Step? = nil,
    recording: CallRecording? = nil
  ) -> (ExecutionResult, CallStop?, Int) {
    if recordedCall != nil, recordedCall?.recording !== recording || recording == nil {
      dropRecording()
    }
    let active = activeBreakpoints()
    let watched = activeWatchpoints()
    let watchpoints = watched.map(\.0)
    guard !active.isEmpty || !watched.isEmpty || step != nil || recording != nil else {
      return (runSlice(execution, io: io, ticks: ticks), nil, 0)
    }
    let run = currentCall.sliceLock.withAccess {
      currentCall.buffers = io
      currentCall.recording = recording
      defer {
        currentCall.buffers = nil
        currentCall.recording = nil
      }
      // A profiled or traced call runs its slices as the profiler or the tracer does.
      var slices: ((UInt64) -> ExecutionResult)?
      if let runner = currentCall.sliceRunner {
        slices = { runner(execution, $0) }
      } else if let trace = currentCall.trace {
        slices = { trace.runSlice(execution, ticks: $0, host: self) }
      }
      if let recording {
        return recording.run(
          ticks: ticks, breakpoints: Set(active.keys), step: step, watchpoints: watchpoints,
          slices: slices)
      }
      return execution.debugRun(
        ticks: ticks, breakpoints: Set(active.keys), step: step, watchpoints: watchpoints,
        slices: slices)
    }
    let stop: CallStop? =
      switch run.stop {
      case .breakpoint(let breakpoint): active[breakpoint].map(CallStop.breakpoint)
      case .stepped: .stepped
      case .watchpoint(let hit):
        watched.indices.contains(hit.index)
          ? .watchpoint(
            WatchpointHit(watchpoint: watched[hit.index].1, old: hit.old, new: hit.new)) : nil
      case nil: nil
      }
    return (run.result, stop, run.instructions)
  }

  /// The breakpoints set, as WasmVM positions in the plugins loaded now.
  private func activeBreakpoints() -> [Breakpoint: HostBreakpoint] {
    guard !breakpointList.isEmpty else { return [:] }
    var result: [Breakpoint: HostBreakpoint] = [:]
    for breakpoint in breakpointList {
      // A reloaded plugin's function at the index may differ: it must have an instruction at
      // the offset.
      guard
        let function = loaded[breakpoint.plugin]?.instance.function(at: breakpoint.functionIndex),
        let resolved = try? store.breakpoint(in: function, bodyOffset: breakpoint.bodyOffset),
        store.bodyOffset(of: resolved) == breakpoint.bodyOffset
      else { continue }
      result[resolved] = breakpoint
    }
    return result
  }
}
