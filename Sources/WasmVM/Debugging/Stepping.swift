/// A place a debugger stops an execution: before the instruction of `function` that starts at
/// `codeOffset` (in bytes from the start of the code section's contents, as
/// ``PausedFrame/codeOffset`` counts). Make one with ``Store/breakpoint(in:bodyOffset:)``,
/// which finds the instruction a body offset names.
///
/// Like a snapshot's positions, a breakpoint names a wasm position, never the interpreter's
/// internal code, so it means the same in every loop and survives recompiling.
public struct Breakpoint: Hashable, Sendable {
  /// The function it is in.
  public var function: Function
  /// Where its instruction starts, relative to the code section's contents.
  public var codeOffset: Int

  /// A breakpoint at `codeOffset` of `function`; ``Store/breakpoint(in:bodyOffset:)`` checks
  /// that an instruction with a position starts there.
  public init(function: Function, codeOffset: Int) {
    self.function = function
    self.codeOffset = codeOffset
  }
}

/// How far ``Execution/debugRun(ticks:breakpoints:step:)`` runs before it stops on its own:
/// at least ``instructions`` instructions, then on to the first instruction at which the wasm
/// call stack is at most ``maxCallDepth`` frames deep.
///
/// An **instruction** is one a position exists for: every wasm instruction that costs a tick
/// (see the cost table on ``Execution``), each named by its offset as ``PausedFrame`` and
/// ``Module/disassemble(functionIndex:)`` show it. The free ones (`nop`, `block`, `loop`,
/// `else`, an `end` that does nothing) have no position: a step runs them together with the
/// ticked instruction before them. An instruction that costs more than one tick (a bulk memory
/// or table operation, a grow, a host call with a cost) is one instruction however many
/// slices it takes: a step never stops inside one. A call is one instruction, which ends
/// before the callee's first; a host call's body runs within the call instruction's step.
public struct Step: Hashable, Sendable {
  /// Instructions to run before stopping (0 stops before the next instruction at which the
  /// depth condition holds, which may be the current one).
  public var instructions: Int
  /// Once ``instructions`` ran, stop at the first instruction where the call stack has at
  /// most this many wasm frames; `nil` stops right away.
  public var maxCallDepth: Int?

  /// A step of `instructions` instructions, then on until the call stack is at most
  /// `maxCallDepth` deep.
  public init(instructions: Int = 1, maxCallDepth: Int? = nil) {
    self.instructions = instructions
    self.maxCallDepth = maxCallDepth
  }

  /// `instructions` instructions, wherever they lead (a debugger's "step").
  public static func instructions(_ count: Int) -> Step { Step(instructions: count) }

  /// One instruction, and if it was a call, on until that call returned (a debugger's
  /// "next"): `depth` is the execution's ``Execution/callDepth`` now.
  public static func over(fromDepth depth: Int) -> Step {
    Step(instructions: 1, maxCallDepth: depth)
  }

  /// On until the current function returned to its caller (a debugger's "finish"), or the
  /// execution completed: `depth` is the execution's ``Execution/callDepth`` now.
  public static func out(fromDepth depth: Int) -> Step {
    Step(instructions: 1, maxCallDepth: depth - 1)
  }
}

/// Why ``Execution/debugRun(ticks:breakpoints:step:)`` stopped an execution that could go on.
public enum DebugStop: Hashable, Sendable {
  /// The execution reached this breakpoint: its next instruction is the breakpoint's.
  case breakpoint(Breakpoint)
  /// The ``Step`` is done.
  case stepped
  /// The instruction just run (a store, a bulk memory operation, a call of a host function
  /// that wrote guest memory) changed the bytes of a ``Watchpoint``.
  case watchpoint(WatchpointChange)
}

/// What ``Execution/debugRun(ticks:breakpoints:step:)`` ended with.
public struct DebugRunResult: Equatable, Sendable {
  /// How the run ended, as ``Execution/run(ticks:)`` reports it: `.paused` when it stopped
  /// (then ``stop`` says why, or it is `nil` when the ticks ran out first).
  public var result: ExecutionResult
  /// Why a paused run stopped before its ticks ran out; `nil` otherwise.
  public var stop: DebugStop?
  /// The instructions run, counted up to the step's ``Step/instructions`` (counting stops
  /// there); 0 without a step.
  public var instructions: Int
}

extension Store {
  /// The breakpoint at `bodyOffset` bytes from the start of `function`'s body (as
  /// ``PausedFrame/bodyOffset`` counts), or at its entry (its first instruction) when
  /// `bodyOffset` is `nil`.
  ///
  /// An offset that names no instruction with a position (a free instruction such as `block`
  /// or an `end` that does nothing, or a byte inside an instruction) names the first
  /// instruction after it that has one, as a source-level debugger moves a breakpoint to the
  /// next line with code.
  /// - Throws: ``InspectionError/noSuchFunction(index:)`` for a host function or an address
  ///   this store does not have, ``InspectionError/unmappedPosition(functionIndex:)`` when no
  ///   instruction of the body starts at or after `bodyOffset`.
  public func breakpoint(in function: Function, bodyOffset: Int? = nil) throws(InspectionError)
    -> Breakpoint
  {
    guard functions.indices.contains(function.address),
      case .wasm(let wasm) = functions[function.address]
    else { throw .noSuchFunction(index: UInt32(truncatingIfNeeded: function.address)) }
    let target = wasm.bodyOffset + (bodyOffset ?? 0)
    guard let entry = wasm.sourceMap.entries.first(where: { $0.offset >= target }) else {
      throw .unmappedPosition(functionIndex: wasm.index)
    }
    return Breakpoint(function: function, codeOffset: entry.offset)
  }
}

extension Store {
  /// How far `breakpoint`'s instruction is from the start of its function's body (as
  /// ``PausedFrame/bodyOffset`` counts), or `nil` when the function is no wasm function of
  /// this store.
  public func bodyOffset(of breakpoint: Breakpoint) -> Int? {
    let address = breakpoint.function.address
    guard functions.indices.contains(address), case .wasm(let wasm) = functions[address] else {
      return nil
    }
    return breakpoint.codeOffset - wasm.bodyOffset
  }
}

extension Execution {
  /// The number of wasm frames on the call stack: 0 once finished and for an execution of a
  /// host function invoked directly, 1 while in the entry function.
  public var callDepth: Int {
    guard phase != .finished, hostEntry == nil, !entryFrameExhausted, current != nil else {
      return 0
    }
    return frameCount + 1
  }

  /// Runs for at most `ticks` ticks, as ``run(ticks:)`` does, but stops before the first
  /// instruction that is at one of `breakpoints`, or where `step` is done.
  ///
  /// The breakpoint at the instruction the execution starts at does not count (it is where
  /// the last stop was): only instructions reached by running stop it, and the first
  /// instruction of an execution that has not run yet, once. Ticks are those of
  /// ``run(ticks:)`` exactly: the run is a sequence of ordinary slices, so a call stepped or
  /// stopped any number of times has the same result and tick total as one run without a
  /// debugger. ``lastSliceTicks`` is the run's total.
  ///
  /// How it stops exactly: within a function that has a breakpoint, and while a step still
  /// counts instructions, it runs slices of one tick, each of which runs one instruction (and
  /// the free ones after it); an instruction that costs more runs on with slices of what it
  /// still owes. Elsewhere it runs a slice of what the rest of the current basic block costs,
  /// which stops at the next block's start: control only passes between functions (calls,
  /// returns) at a block boundary, so that is where the next breakpoint or call-depth
  /// condition can first hold. Without breakpoints and a step it is ``run(ticks:)``. None of
  /// this touches the loops: an execution nobody debugs pays nothing for it.
  ///
  /// One edge: a grow paid across slices completes for no further ticks when, meanwhile, the
  /// memory or table lost the room for it (another execution grew it); the one-tick slice that
  /// finishes it then also runs the instruction after it.
  public func debugRun(ticks: UInt64, breakpoints: Set<Breakpoint> = [], step: Step? = nil)
    -> DebugRunResult
  {
    debugRun(ticks: ticks, breakpoints: breakpoints, step: step, slices: nil)
  }

  /// ``debugRun(ticks:breakpoints:step:)`` that also stops right after the instruction that
  /// changes the bytes of one of `watchpoints` (``DebugStop/watchpoint(_:)``, with the bytes
  /// before and after). While watching, a store or bulk memory operation runs as the last
  /// instruction of its slice and the watched bytes are compared after every slice, so a
  /// host call that writes them stops right after the call. The ticks are those of
  /// ``run(ticks:)``, as for any slicing; a run's first comparison is with what the bytes hold
  /// when it starts.
  public func debugRun(
    ticks: UInt64, breakpoints: Set<Breakpoint>, step: Step?, watchpoints: [Watchpoint]
  ) -> DebugRunResult {
    debugRun(
      ticks: ticks, breakpoints: breakpoints, step: step, watchpoints: watchpoints, slices: nil)
  }

  /// ``debugRun(ticks:breakpoints:step:)`` running each of its slices with `slices` (a
  /// ``CallWatcher``'s or an ``ExecutionProfiler``'s `run(ticks:)`, which run this execution)
  /// instead of ``run(ticks:)``, so that a traced or profiled call can also stop at
  /// breakpoints; and with `afterInstruction`, in one-tick slices throughout, calling it after
  /// every instruction that finished (an ``ExecutionHistory`` counts them and takes its
  /// checkpoints there). Package-only: a closure that did not run this execution would stall
  /// it.
  package func debugRun(
    ticks: UInt64, breakpoints: Set<Breakpoint>, step: Step?, watchpoints: [Watchpoint] = [],
    slices: ((UInt64) -> ExecutionResult)? = nil, afterInstruction: (() -> Void)? = nil
  ) -> DebugRunResult {
    let run = slices ?? { self.run(ticks: $0) }
    if breakpoints.isEmpty, step == nil, watchpoints.isEmpty, afterInstruction == nil {
      return DebugRunResult(result: run(ticks), stop: nil, instructions: 0)
    }
    let stops = stopPositions(breakpoints)
    // What the watched bytes held when the run started (or before the instruction in
    // progress, which an earlier run ended inside): the first change stops it.
    var watched = watchpoints.map { $0.contents() }
    if instructionInProgress, let baseline = watchBaseline, baseline.count == watched.count {
      watched = baseline
    }
    watchBaseline = nil
    var used: UInt64 = 0
    var executed = 0
    defer {
      lastSliceTicks = used
      if !watchpoints.isEmpty, instructionInProgress { watchBaseline = watched }
    }
    func finish(_ result: ExecutionResult, _ stop: DebugStop? = nil) -> DebugRunResult {
      DebugRunResult(result: result, stop: stop, instructions: executed)
    }
    // A call that has not started stops at a breakpoint on its first instruction, once.
    if ticksConsumed == 0, !stoppedBeforeFirstInstruction, phase == .paused,
      let breakpoint = breakpoint(at: stops)
    {
      stoppedBeforeFirstInstruction = true
      return finish(run(0), .breakpoint(breakpoint))
    }
    if let step, step.instructions <= 0, stepDone(step, executed: 0) {
      return finish(run(0), phase == .paused ? .stepped : nil)
    }
    while true {
      guard ticks > used else {
        // A zero-tick slice can finish an instruction whose ticks are all paid (a bulk
        // operation's last slice paid what it owed).
        let result = run(0)
        if result == .paused, !instructionInProgress,
          let hit = watchpointHit(watchpoints, watched)
        {
          return finish(.paused, .watchpoint(hit))
        }
        return finish(result)
      }
      let counting = step.map { executed < $0.instructions } ?? false
      var slice: UInt64 = 1
      if instructionInProgress {
        slice = max(1, owedByInstructionInProgress)
      } else if !counting, afterInstruction == nil, let rest = blockRest(avoiding: stops) {
        slice = max(1, rest)
        // A write into memory runs as the last instruction of its slice, so that the run
        // stops right after the one that changed watched bytes.
        if !watchpoints.isEmpty, let write = ticksThroughNextWrite() {
          slice = min(slice, max(1, write))
        }
      }
      let result = run(min(slice, ticks - used))
      used += lastSliceTicks
      let finished = result != .paused || !instructionInProgress
      if finished, counting { executed += 1 }
      if finished, let afterInstruction { afterInstruction() }
      guard result == .paused else { return finish(result) }
      if instructionInProgress { continue }
      if let hit = watchpointHit(watchpoints, watched) { return finish(.paused, .watchpoint(hit)) }
      if let breakpoint = breakpoint(at: stops) { return finish(.paused, .breakpoint(breakpoint)) }
      if let step, stepDone(step, executed: executed) { return finish(.paused, .stepped) }
    }
  }

  /// The first of `watchpoints` whose bytes differ from what `watched` says they held.
  private func watchpointHit(_ watchpoints: [Watchpoint], _ watched: [[UInt8]?])
    -> WatchpointChange?
  {
    for (index, watchpoint) in watchpoints.enumerated()
    where watchpoint.differs(from: watched[index]) {
      return WatchpointChange(
        index: index, offset: watchpoint.offset, old: watched[index] ?? [],
        new: watchpoint.contents() ?? [])
    }
    return nil
  }

  /// Whether `step` is done after `executed` instructions, at the current position.
  private func stepDone(_ step: Step, executed: Int) -> Bool {
    guard executed >= step.instructions else { return false }
    guard let depth = step.maxCallDepth else { return true }
    return callDepth <= depth
  }

  /// The stack-code positions of `breakpoints`, by function address: each instruction's, and
  /// the `charge` before it (where a slice stops before a block's first instruction).
  private func stopPositions(_ breakpoints: Set<Breakpoint>) -> [Int: [Int: Breakpoint]] {
    var result: [Int: [Int: Breakpoint]] = [:]
    for breakpoint in breakpoints {
      let address = breakpoint.function.address
      guard store.functions.indices.contains(address),
        case .wasm(let function) = store.functions[address],
        let entry = function.sourceMap.entry(atOffset: breakpoint.codeOffset)
      else { continue }
      result[address, default: [:]][entry.pc] = breakpoint
      if entry.chargeBefore { result[address, default: [:]][entry.pc - 2] = breakpoint }
    }
    return result
  }

  /// The breakpoint the execution stands at, if any.
  private func breakpoint(at stops: [Int: [Int: Breakpoint]]) -> Breakpoint? {
    guard !stops.isEmpty, let current else { return nil }
    return stops[current.takeUnretainedValue().address]?[pc]
  }

  /// An instruction has started and not finished: a bulk operation or grow with its base tick
  /// paid, or a host call whose cost is not paid in full.
  var instructionInProgress: Bool {
    bulkBasePaid || hostCostOwed != nil || pendingHostCall != nil
  }

  /// The ticks the instruction in progress still owes (0 when none is, or it is not known).
  private var owedByInstructionInProgress: UInt64 {
    if let owed = hostCostOwed { return owed }
    guard bulkBasePaid, let function = current, sp >= 1 else { return 0 }
    let code = function.takeUnretainedValue().code
    guard pc >= 0, pc < code.count, let op = Op(word: code[pc]) else { return 0 }
    // A bulk operation's count, rewritten as it goes, is its top operand (a grow's delta).
    let count = UInt64(UInt32(truncatingIfNeeded: stack[sp - 1]))
    if op == .memoryGrow || op == .tableGrow { return count - min(growPaid, count) }
    return count
  }

  /// The ticks of the rest of the current basic block, when no breakpoint lies inside it (one
  /// at the next block's start is where the slice stops, so it still counts); `nil` when one
  /// does, or the position is not known.
  private func blockRest(avoiding stops: [Int: [Int: Breakpoint]]) -> UInt64? {
    guard let current else { return nil }
    let function = current.takeUnretainedValue()
    let code = UnsafeBufferPointer(function.code)
    guard pc >= 0, pc < code.count else { return nil }
    let charge = UInt64(Op.charge.rawValue)
    var at = pc
    let ticks: UInt64
    if code[at] == charge {
      guard at + 1 < code.count else { return nil }
      ticks = code[at + 1]
      at += 2
    } else {
      // What the loops pay for the rest of a block they resume in the middle of.
      ticks = pausedBlockRest ?? ticksUntilCharge(code: code, from: pc)
    }
    let inside = stops[function.address]
    // The instruction at the current position runs whatever is there; the ones after it in
    // the block are what a breakpoint could be on.
    var first = true
    while at < code.count, code[at] != charge {
      if !first, inside?[at] != nil { return nil }
      first = false
      guard let length = instructionLength(code: code, at: at) else { return nil }
      at += length
    }
    return ticks
  }
}
