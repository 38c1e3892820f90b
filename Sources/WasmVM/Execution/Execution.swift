/// What one slice of an ``Execution`` ended with.
public enum ExecutionResult: Equatable, Sendable {
  /// The function returned these results.
  case completed([Value])
  /// The tick budget ran out; call ``Execution/run(ticks:)`` again to continue.
  case paused
  /// The function trapped.
  case trapped(Trap)
  /// A host function answered ``HostCallAnswer/suspend``: the execution waits for the
  /// embedder to answer that call with ``Execution/resume(returning:)`` or
  /// ``Execution/resume(throwing:)`` (see ``SuspendedHostCall``).
  case suspended(SuspendedHostCall)
}

/// One invocation of a function, with its own value stack, call frames and program counter,
/// run in bounded slices of ticks.
///
/// Create one with ``Store/invoke(_:arguments:)``. All guest state lives in explicit buffers, so
/// pausing is returning from ``run(ticks:)`` and resuming picks up exactly there; releasing a
/// paused execution frees its stacks.
///
/// ## Ticks
/// A tick is the unit of guest work. The cost table:
///
/// | Work | Ticks |
/// |---|---|
/// | any executed instruction (`nop`, `block`, `loop`, `end`, `else` are free) | 1 |
/// | `memory.fill`, `memory.copy`, `memory.init` | 1 + 1 per byte |
/// | `table.fill`, `table.copy`, `table.init` | 1 + 1 per element |
/// | `memory.grow` that succeeds | 1 + 1 per page added |
/// | `table.grow` that succeeds | 1 + 1 per element added |
/// | failed `memory.grow` / `table.grow` | 1 |
/// | a call to a host function (the call instruction) | 1 + the function's cost |
/// | invoking a host function directly | 1 + the function's cost |
///
/// A trapping instruction costs its tick (and nothing after it). Bulk operations check their
/// whole range before doing anything, so an out-of-bounds one traps for its base tick only; a
/// large one proceeds in resumable chunks across slices. A grow is atomic: its per-unit cost is
/// paid, possibly across several slices, before it takes effect.
///
/// A host function's cost is what its ``HostCallCost`` returns for the call's arguments (0 for
/// one registered without). It is computed once, after the call's own tick, and paid like a
/// grow's: possibly across several slices, and in full before the body runs, so the body runs
/// exactly once and never in a slice that could not afford it. A cost function that throws
/// traps the call for its 1 tick.
///
/// A host function registered with ``HostFunction/suspending(type:name:cost:body:)``
/// may suspend instead of returning: the slice ends with ``ExecutionResult/suspended(_:)``
/// right after its body (its cost already paid), and the answer the embedder supplies later
/// costs nothing, so suspending changes no tick count.
///
/// Slicing never changes the outcome: for any sequence of budgets the results are identical and
/// the ticks reported by the slices add up to those of a single unbounded run.
public final class Execution {
  /// Where an execution stands.
  public enum State: Equatable, Sendable {
    /// Not finished; ``run(ticks:)`` continues it (also the state before the first slice).
    case paused
    /// Inside ``run(ticks:)`` (observable from a host function the execution called).
    case running
    case completed([Value])
    case trapped(Trap)
    /// Waiting for the embedder to answer a host call (see ``SuspendedHostCall``);
    /// ``resume(returning:)`` or ``resume(throwing:)`` answers it.
    case suspended(SuspendedHostCall)
  }

  /// Where the execution stands; see ``State``.
  public var state: State {
    switch phase {
    case .paused: .paused
    case .running: .running
    case .suspended: suspension.map { .suspended($0.request) } ?? .paused
    case .finished:
      switch outcome {
      case .completed(let values): .completed(values)
      case .trapped(let trap): .trapped(trap)
      case .paused: .paused
      case .suspended(let call): .suspended(call)
      }
    }
  }

  /// ``state`` without its payloads, so that a slice starts and ends with a one-byte check
  /// instead of copying and destroying a multi-payload enum.
  enum Phase { case paused, running, suspended, finished }

  // Like the machine state below, these are written on every slice; an `Execution` is used
  // from one thread at a time and `run(ticks:)` refuses to re-enter itself, so no two
  // accesses can overlap and the runtime exclusivity check (a thread-local lookup per access)
  // only costs time at every slice boundary.
  @exclusivity(unchecked) var phase = Phase.paused
  /// Whether ``run(ticks:)`` may continue the execution: it is paused, neither running,
  /// waiting on a host call nor finished (what a snapshot can save).
  var isResumable: Bool { phase == .paused }
  /// The final result once `phase` is `finished`.
  @exclusivity(unchecked) var outcome = ExecutionResult.paused
  /// Ticks consumed by all slices so far, saturating at `UInt64.max`: host costs may be as
  /// large as that and a restored count starts anywhere up to 2^63 - 1, and a saturating sum
  /// is still the same whatever the slicing.
  @exclusivity(unchecked) public internal(set) var ticksConsumed: UInt64 = 0
  /// Ticks consumed by the most recent ``run(ticks:)``.
  @exclusivity(unchecked) public internal(set) var lastSliceTicks: UInt64 = 0

  let store: Store
  /// `store.limits.maxCallDepth`, copied so that each call compares with a field of its own.
  let maxCallDepth: Int
  /// Keeps the invoked function alive; the loop itself only holds unmanaged references.
  let entry: FunctionInstance

  /// The function this execution was invoked on (``Store/invoke(_:arguments:)``), so that an
  /// embedder restoring a snapshot can check which instance a saved call belongs to.
  public var function: Function {
    switch entry {
    case .wasm(let function): Function(address: function.address)
    case .host(let function): Function(address: function.address)
    }
  }
  /// The entry function when it is a host function, which the loops never run.
  let hostEntry: StoredHostFunction?
  let resultTypes: [ValueType]
  /// Arguments of a host function invoked directly (it runs on the first slice).
  var hostArguments: [Value] = []

  // The machine state, as the loops leave it between runs. Indices rather than pointers so
  // that growing the value stack never leaves anything dangling.
  @exclusivity(unchecked) var stack: UnsafeMutablePointer<UInt64>
  @exclusivity(unchecked) var stackCapacity: Int
  @exclusivity(unchecked) var frames: UnsafeMutablePointer<CallFrame>
  @exclusivity(unchecked) var frameCapacity: Int {
    didSet { registerFrameLimit = Swift.min(maxCallDepth &- 1, frameCapacity) }
  }
  /// The register loop calls without leaving while `frameCount` is below this: the call
  /// depth stays within ``maxCallDepth`` and the frame array needs no growing.
  @exclusivity(unchecked) private(set) var registerFrameLimit = 0
  @exclusivity(unchecked) var frameCount = 0
  @exclusivity(unchecked) var current: Unmanaged<WasmFunction>?
  @exclusivity(unchecked) var currentInstance: Unmanaged<Instance>?
  /// Call targets by store address, resolved lazily (see ``ResolvedCallee``).
  @exclusivity(unchecked) var callees: UnsafeMutablePointer<ResolvedCallee>
  @exclusivity(unchecked) var calleeCapacity = 0
  /// Base and size of each memory of the instance `memoryCacheOwner` as last read, so that
  /// the loop finds any memory with plain loads (no call, which would force its hot state out
  /// of registers) and calls and returns within one instance skip re-reading them. Cleared by
  /// anything that may grow a memory: host calls, `memory.grow`, and the gap between slices.
  @exclusivity(unchecked) var memoryCacheOwner: UnsafeMutableRawPointer?
  @exclusivity(unchecked) var memoryViews: UnsafeMutablePointer<MemoryView>
  @exclusivity(unchecked) var memoryViewCapacity = 1
  @exclusivity(unchecked) var pc = 0
  @exclusivity(unchecked) var sp = 0
  @exclusivity(unchecked) var fp = 0
  /// Ticks left in the running slice.
  @exclusivity(unchecked) var fuel: UInt64 = 0
  /// The instruction at `pc` is a bulk operation whose base tick is already paid.
  @exclusivity(unchecked) var bulkBasePaid = false
  /// Ticks already paid towards a pending grow.
  @exclusivity(unchecked) var growPaid: UInt64 = 0
  /// A host call with a cost that the loop handed over and that has not run yet.
  @exclusivity(unchecked) var pendingHostCall: PendingHostCall?
  /// The host call a suspended execution waits on (`phase` is `suspended`); see
  /// `Execution+Suspension.swift`.
  var suspension: HostSuspension?
  /// Ticks of a host call's cost still to pay once it is computed; `nil` otherwise.
  @exclusivity(unchecked) var hostCostOwed: UInt64?
  /// While the exact loop runs a block that fuel does not cover (it entered at the block's
  /// `charge`, or in the middle through ``enterMidBlock()``): the ticks of the block still
  /// unpaid when fuel runs out, as every instruction until then costs one. `nil` once a bulk
  /// operation, which may cost more, ran.
  @exclusivity(unchecked) var restWhenEmpty: UInt64?
  /// Set when the exact loop paused inside a block: the ticks from `pc` to the block's end,
  /// which the next resume pays without scanning the code for them.
  @exclusivity(unchecked) var pausedBlockRest: UInt64?
  /// The empty table slot of an `uninitialized element` trap (see ``Trap/elementIndex``).
  @exclusivity(unchecked) var trapElementIndex: UInt32?
  /// A debugger stopped the execution at a breakpoint on its first instruction, before
  /// anything ran (see ``debugRun(ticks:breakpoints:step:)``), so the next run goes past it.
  var stoppedBeforeFirstInstruction = false
  /// What watched bytes held before the instruction in progress when a debugger's run ended
  /// inside it (a bulk operation writes as it is paid), so that the next run compares with
  /// them: see ``debugRun(ticks:breakpoints:step:watchpoints:)``.
  var watchBaseline: [[UInt8]?]?
  /// The entry frame did not fit: the first slice traps before any instruction runs.
  var entryFrameExhausted = false
  /// The value-stack capacity a restored execution's frames need, allocated when it first runs
  /// rather than when it is restored, so that restoring allocates in proportion to the saved
  /// stack, not to the deepest stack its code might use (0 when nothing is owed).
  var deferredStackCapacity = 0
  /// Stands in for memory 0 of an instance without memories: size 0, so every access traps.
  let noMemory: UnsafeMutableRawPointer

  /// An execution of `entry` with `arguments`, its entry frame set up; with `restoring`, one
  /// whose stacks a snapshot is about to set, so nothing beyond a slot and a frame is
  /// allocated for them yet.
  init(store: Store, entry: FunctionInstance, arguments: [Value], restoring: Bool = false) {
    self.store = store
    self.entry = entry
    maxCallDepth = store.limits.maxCallDepth
    noMemory = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
    memoryViews = UnsafeMutablePointer<MemoryView>.allocate(capacity: 1)
    memoryViews.initialize(to: MemoryView(base: noMemory, byteCount: 0))
    callees = UnsafeMutablePointer<ResolvedCallee>.allocate(capacity: 0)
    frameCapacity = restoring ? 1 : 16
    frames = UnsafeMutablePointer<CallFrame>.allocate(capacity: frameCapacity)
    registerFrameLimit = Swift.min(maxCallDepth &- 1, frameCapacity)
    switch entry {
    case .host(let host):
      hostEntry = host
      resultTypes = host.type.results
      hostArguments = arguments
      stackCapacity = 1
      stack = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    case .wasm(let function):
      hostEntry = nil
      resultTypes = function.type.results
      let params = function.parameterCount
      let needed = Self.entryFrameSlots(function)
      stackCapacity =
        restoring ? 1 : max(1, min(max(needed, 1 << 12), store.limits.maxValueStackSlots))
      stack = UnsafeMutablePointer<UInt64>.allocate(capacity: stackCapacity)
      if !Self.entryFrameFits(function, store.limits) {
        entryFrameExhausted = true
        return
      }
      if restoring { return }
      writeSlots(arguments, to: stack)
      (stack + params).initialize(repeating: 0, count: function.localCount)
      sp = params + function.localCount
      current = Unmanaged.passUnretained(function)
      currentInstance = Unmanaged.passUnretained(function.instance)
    }
  }

  /// Value-stack slots the entry frame of `function` takes: its parameters, locals and
  /// deepest operand stack.
  static func entryFrameSlots(_ function: WasmFunction) -> Int {
    function.parameterCount + function.localCount + function.maxStackHeight
  }

  /// Whether the entry frame of `function` fits `limits`; when it does not, the first slice
  /// traps with `call stack exhausted`.
  static func entryFrameFits(_ function: WasmFunction, _ limits: ResourceLimits) -> Bool {
    entryFrameSlots(function) <= max(1, limits.maxValueStackSlots) && limits.maxCallDepth >= 1
  }

  deinit {
    stack.deallocate()
    frames.deallocate()
    callees.deallocate()
    memoryViews.deallocate()
    noMemory.deallocate()
  }

  /// Runs for at most `ticks` ticks (see the cost table on ``Execution``).
  ///
  /// Returns `.paused` when the next unit of work would exceed the budget (``lastSliceTicks``
  /// then tells exactly how much was done, ≤ `ticks`); call again to continue. Any budget of at
  /// least one tick makes progress; `run(ticks: 0)` only reports `.paused`. Running a finished
  /// execution returns its final result again, at no cost, and so does running one that is
  /// suspended on a host call until the call is answered.
  public func run(ticks: UInt64) -> ExecutionResult {
    lastSliceTicks = 0
    switch phase {
    case .finished: return outcome
    case .running:
      return .trapped(Trap(.host("an execution cannot run itself from one of its host calls")))
    case .suspended:
      if let suspension { return .suspended(suspension.request) }
    case .paused: break
    }
    phase = .running
    fuel = ticks
    memoryCacheOwner = nil
    let result = drive()
    lastSliceTicks = ticks - fuel
    let (total, overflow) = ticksConsumed.addingReportingOverflow(lastSliceTicks)
    ticksConsumed = overflow ? .max : total
    switch result {
    case .paused: phase = .paused
    case .suspended: phase = .suspended
    default:
      outcome = result
      phase = .finished
    }
    return result
  }

  /// Runs the loops until the slice ends, switching between fast and exact mode.
  private func drive() -> ExecutionResult {
    if let hostEntry { return runHostEntry(hostEntry) }
    if _slowPath(entryFrameExhausted) {
      return .trapped(Trap(.callStackExhausted, backtrace: backtrace()))
    }
    if _slowPath(deferredStackCapacity > stackCapacity) {
      // Restore checked that the frames fit the limit, so this only fails if it changed.
      guard growStack(to: deferredStackCapacity) else {
        return .trapped(Trap(.callStackExhausted, backtrace: backtrace()))
      }
      deferredStackCapacity = 0
    }
    if _slowPath(bulkBasePaid) {
      switch continueBulk() {
      case .done: break
      case .partial, .needFuel: return .paused
      case .trap(let kind): return .trapped(Trap(kind, backtrace: backtrace()))
      }
    }
    if _slowPath(pendingHostCall != nil), let end = finishPendingHostCall() { return end }
    var mode = resumeMode()
    while true {
      let exit: LoopExit
      switch mode {
      case .register: exit = registerLoop()
      case .stack: exit = fastLoop()
      case .exact: exit = exactLoop()
      }
      switch exit {
      case .completed:
        return .completed(readSlots(resultTypes, from: stack))
      case .paused: return .paused
      case .hostCall:
        // A call ends its block, so no tick after it was prepaid and, once the host call has
        // run, `pc` continues at a block start.
        if let end = finishPendingHostCall() { return end }
        mode = resumeMode()
      case .trapped(let kind):
        if mode != .exact { fuel += ticksBeforeNextCharge(after: pc) }
        return .trapped(Trap(kind, backtrace: backtrace(), elementIndex: trapElementIndex))
      case .enterExact: mode = .exact
      case .enterFast: mode = blockStartMode()
      case .reenter: mode = resumeMode()
      case .enterRegister: mode = .register
      case .enterStack, .escaped: mode = .stack
      }
    }
  }

  /// Which loop runs next.
  private enum Mode {
    /// The register loop, from a `charge`.
    case register
    /// The stack fast loop: the current block is paid for.
    case stack
    /// The exact loop.
    case exact
  }

  /// The mode for continuing at `pc`, paying the rest of its block when it is in the middle of
  /// one (see ``enterMidBlock()``).
  private func resumeMode() -> Mode {
    guard enterMidBlock() else { return .exact }
    return blockStartMode()
  }

  /// The fast mode for `pc`: the register loop when `pc` is a `charge` of a function with
  /// register code, else the stack fast loop.
  private func blockStartMode() -> Mode {
    guard let function = current else { return .stack }
    return function._withUnsafeGuaranteedRef { function in
      guard let entries = function.registerEntries, pc < function.code.count, entries[pc] >= 0
      else { return .stack }
      return .register
    }
  }

  /// Prepares to continue at `pc`: when it is in the middle of a block, pays for the rest of the
  /// block like a `charge` would. Returns whether that succeeded (fast mode) or the rest must
  /// run instruction by instruction (exact mode).
  private func enterMidBlock() -> Bool {
    let known = pausedBlockRest
    pausedBlockRest = nil
    guard let function = current else { return true }
    let code = UnsafeBufferPointer(function._withUnsafeGuaranteedRef { $0.code })
    if pc < code.count, code[pc] == UInt64(Op.charge.rawValue) { return true }
    let rest = known ?? ticksUntilCharge(code: code, from: pc)
    guard fuel >= rest else {
      restWhenEmpty = rest - fuel
      return false
    }
    fuel -= rest
    return true
  }

  /// The prepaid ticks of the instructions after the one at `pc` in its block.
  func ticksBeforeNextCharge(after pc: Int) -> UInt64 {
    guard let function = current else { return 0 }
    let code = UnsafeBufferPointer(function._withUnsafeGuaranteedRef { $0.code })
    guard let length = instructionLength(code: code, at: pc) else { return 0 }
    return ticksUntilCharge(code: code, from: pc + length)
  }

  /// The number of instructions from `start` up to the next `charge` or the end of the code.
  func ticksUntilCharge(code: UnsafeBufferPointer<CodeWord>, from start: Int) -> UInt64 {
    Op.instructionWords.withUnsafeBufferPointer { words in
      var at = start
      var count: UInt64 = 0
      while at >= 0, at < code.count, code[at] != UInt64(Op.charge.rawValue),
        code[at] < words.count
      {
        let fixed = Int(words[Int(truncatingIfNeeded: code[at])])
        if fixed != 0 {
          at += fixed
        } else if let length = instructionLength(code: code, at: at) {
          at += length
        } else {
          break
        }
        count += 1
      }
      return count
    }
  }

  private func runHostEntry(_ host: StoredHostFunction) -> ExecutionResult {
    if hostCostOwed == nil {
      guard fuel >= 1 else { return .paused }
      fuel -= 1
    }
    let context = HostCallContext(store: store, caller: nil)
    switch payHostCost(host, context: context, arguments: hostArguments) {
    case .paid: break
    case .paused: return .paused
    case .trap(let kind): return .trapped(Trap(kind))
    }
    do throws(Trap) {
      let results: [Value]
      switch try host.answer(context, hostArguments) {
      case .results(let values): results = values
      case .suspend: return suspend(on: host, arguments: hostArguments, call: nil)
      }
      guard results.map(\.type) == resultTypes else {
        return .trapped(
          Trap(
            .host(
              "host function \(host.name) returned \(results.map(\.type)), "
                + "but its type promises \(resultTypes)")))
      }
      return .completed(results)
    } catch {
      return .trapped(error)
    }
  }

  /// The wasm call stack, innermost first.
  func backtrace() -> [BacktraceFrame] {
    var result: [BacktraceFrame] = []
    if let current { result.append(Self.frame(current)) }
    var i = frameCount
    while i > 0 {
      i -= 1
      result.append(Self.frame(frames[i].function))
    }
    return result
  }

  private static func frame(_ function: Unmanaged<WasmFunction>) -> BacktraceFrame {
    function._withUnsafeGuaranteedRef { BacktraceFrame(functionIndex: $0.index, name: $0.name) }
  }
}
