extension Execution {
  /// Calls the function at store address `address` with its arguments on top of the stack.
  ///
  /// On entry `pc` is the calling instruction (so that a trap reports it) and `returnPC` the
  /// `charge` after it. Runs outside the hot loop: calls pay for their bookkeeping here, once,
  /// rather than spreading frame logic through every instruction.
  /// - Returns: how the loop must stop (a trap, or a host call to pay for outside it), or
  ///   `nil` with `current`/`pc`/`sp`/`fp` describing where to continue.
  func enter(address: Int, returnPC: Int, tail: Bool) -> LoopExit? {
    guard address >= 0 else { return .trapped(.uninitializedElement) }
    if address >= calleeCapacity || callees[address].kind == .unresolved {
      guard resolve(address) else { return .trapped(.uninitializedElement) }
    }
    let callee = callees + address
    if callee.pointee.kind == .host, let host = callee.pointee.host {
      return host._withUnsafeGuaranteedRef { callHost($0, returnPC: returnPC, tail: tail) }
    }
    if let kind = enterWasm(callee, returnPC: returnPC, tail: tail) { return .trapped(kind) }
    return nil
  }

  /// Fills the cache entry for `address`; `false` when the store has no such function.
  @inline(never)
  func resolve(_ address: Int) -> Bool {
    let count = store.functions.count
    guard address < count else { return false }
    if address >= calleeCapacity {
      let fresh = UnsafeMutablePointer<ResolvedCallee>.allocate(capacity: count)
      fresh.moveInitialize(from: callees, count: calleeCapacity)
      (fresh + calleeCapacity).initialize(
        repeating: ResolvedCallee(), count: count - calleeCapacity)
      callees.deallocate()
      callees = fresh
      calleeCapacity = count
    }
    switch store.functions[address] {
    case .wasm(let function):
      callees[address] = ResolvedCallee(
        kind: .wasm, wasm: Unmanaged.passUnretained(function), host: nil,
        instance: Unmanaged.passUnretained(function.instance),
        parameterCount: function.parameterCount, localCount: function.localCount,
        maxStackHeight: function.maxStackHeight, typeID: function.typeID)
    case .host(let function):
      callees[address] = ResolvedCallee(
        kind: .host, wasm: nil, host: Unmanaged.passUnretained(function), instance: nil,
        parameterCount: function.type.parameterSlots, typeID: function.typeID)
    }
    return true
  }

  /// Inlined into ``enter(address:returnPC:tail:)``, reading the cache entry in place. The
  /// index arithmetic wraps rather than checks: every index is bounded by the value stack's
  /// capacity (at most `maxValueStackSlots`) or by a function's declared sizes, which the
  /// overflow-checked sum below guards.
  @inline(__always)
  private func enterWasm(
    _ callee: UnsafeMutablePointer<ResolvedCallee>, returnPC: Int, tail: Bool
  ) -> TrapKind? {
    guard let function = callee.pointee.wasm, let instance = callee.pointee.instance else {
      return .uninitializedElement
    }
    let params = callee.pointee.parameterCount
    let localCount = callee.pointee.localCount
    let base: Int
    if tail {
      base = fp
      let source = sp &- params
      if source != base {
        for i in 0..<params { stack[base &+ i] = stack[source &+ i] }
      }
    } else {
      guard frameCount &+ 2 <= maxCallDepth, let caller = current,
        let callerInstance = currentInstance
      else {
        return .callStackExhausted
      }
      base = sp &- params
      if frameCount == frameCapacity { growFrames() }
      frames[frameCount] = CallFrame(
        function: caller, instance: callerInstance, returnPC: returnPC, base: fp)
      frameCount &+= 1
    }
    let (top, overflow) = (base &+ params &+ localCount)
      .addingReportingOverflow(callee.pointee.maxStackHeight)
    guard !overflow, ensureCapacity(top) else {
      if !tail { frameCount &-= 1 }
      return .callStackExhausted
    }
    let locals = stack + (base &+ params)
    for i in 0..<localCount { locals[i] = 0 }
    sp = base &+ params &+ localCount
    fp = base
    current = function
    currentInstance = instance
    pc = 0
    return nil
  }

  /// Calls a host function. One without a cost runs right here. One with a cost may have to
  /// pause while paying, and one that may suspend ends the slice, which only the driver
  /// outside the loop can do: it is recorded in
  /// ``pendingHostCall`` and the loop leaves with ``LoopExit/hostCall``, after which
  /// ``finishPendingHostCall()`` pays and runs it.
  private func callHost(_ host: StoredHostFunction, returnPC: Int, tail: Bool) -> LoopExit? {
    if host.runsOutsideLoop {
      pendingHostCall = PendingHostCall(host: host, returnPC: returnPC, tail: tail)
      return .hostCall
    }
    let trap = completeHostCall(
      host, argumentsOnStack(for: host), context: hostCallContext(), returnPC: returnPC,
      tail: tail)
    return trap.map { .trapped($0) }
  }

  /// The arguments of a call to `host`, on top of the stack.
  func argumentsOnStack(for host: StoredHostFunction) -> [Value] {
    readSlots(host.type.parameters, from: stack + (sp - host.type.parameterSlots))
  }

  /// What a host function called from the current function sees of its caller.
  func hostCallContext() -> HostCallContext {
    HostCallContext(
      store: store, caller: current.map { $0._withUnsafeGuaranteedRef { $0.instance } })
  }

  /// Runs the body of a paid-for host call: pops its `arguments`, pushes its results and
  /// continues at `returnPC` (or returns, for a tail call).
  func completeHostCall(
    _ host: StoredHostFunction, _ arguments: [Value], context: HostCallContext, returnPC: Int,
    tail: Bool
  ) -> TrapKind? {
    let results: [Value]
    do throws(Trap) {
      results = try host.body(context, arguments)
    } catch {
      return error.kind
    }
    return returnFromHostCall(
      host, results, argumentSlots: host.type.parameterSlots, returnPC: returnPC, tail: tail)
  }

  /// Pops the `argumentSlots` slots of arguments of a host call whose body returned `results`, pushes
  /// the results and continues at `returnPC` (or returns, for a tail call).
  func returnFromHostCall(
    _ host: StoredHostFunction, _ results: [Value], argumentSlots: Int, returnPC: Int, tail: Bool
  ) -> TrapKind? {
    sp -= argumentSlots
    memoryCacheOwner = nil
    guard results.map(\.type) == host.type.results else {
      return .host(
        "host function \(host.name) returned \(results.map(\.type)), "
          + "but its type promises \(host.type.results)")
    }
    guard ensureCapacity(sp + host.type.resultSlots) else { return .callStackExhausted }
    sp += writeSlots(results, to: stack + sp)
    if tail {
      _ = leave()
    } else {
      pc = returnPC
    }
    return nil
  }

  /// Returns from the current function: moves its results to the frame base and resumes the
  /// caller. Returns `true` when the entry function itself returned.
  func leave() -> Bool {
    guard let function = current else { return true }
    let count = function._withUnsafeGuaranteedRef { $0.resultSlots }
    let source = stack + (sp &- count)
    let destination = stack + fp
    // One result is by far the commonest case; the loop's set-up would cost more than it.
    if count == 1 {
      destination[0] = source[0]
    } else if source != destination {
      for i in 0..<count { destination[i] = source[i] }
    }
    sp = fp &+ count
    guard frameCount > 0 else {
      current = nil
      currentInstance = nil
      return true
    }
    frameCount &-= 1
    let frame = frames[frameCount]
    current = frame.function
    currentInstance = frame.instance
    pc = frame.returnPC
    fp = frame.base
    return false
  }

  /// Makes room for `slots` value-stack slots, within the store's limit. The common case, room
  /// already there, is inlined into every call; growing is not.
  @inline(__always)
  private func ensureCapacity(_ slots: Int) -> Bool {
    slots <= stackCapacity || growStack(to: slots)
  }

  /// Grows the value stack to at least `slots` slots, keeping the `sp` slots in use; `false`
  /// beyond the store's limit.
  @inline(never)
  func growStack(to slots: Int) -> Bool {
    guard slots <= store.limits.maxValueStackSlots else { return false }
    let (doubled, overflow) = stackCapacity.multipliedReportingOverflow(by: 2)
    let capacity = min(max(slots, overflow ? slots : doubled), store.limits.maxValueStackSlots)
    let fresh = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    fresh.update(from: stack, count: sp)
    stack.deallocate()
    stack = fresh
    stackCapacity = capacity
    return true
  }

  private func growFrames() {
    let capacity = frameCapacity * 2
    let fresh = UnsafeMutablePointer<CallFrame>.allocate(capacity: capacity)
    fresh.moveInitialize(from: frames, count: frameCount)
    frames.deallocate()
    frames = fresh
    frameCapacity = capacity
  }
}
