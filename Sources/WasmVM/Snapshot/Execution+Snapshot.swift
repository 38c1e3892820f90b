/// Saving and restoring one paused ``Execution``: its value stack, call frames, position and the
/// partly paid charges of a bulk operation, a grow or a host call.
///
/// Positions are wasm positions: a function's store address and the byte offset, in the code
/// section, of the instruction to run next (or, for a frame, the instruction the caller
/// continues with). The stack code's positions are found again through each function's
/// ``SourceMap``, so a snapshot does not depend on the internal code. Restoring checks the
/// whole shape against the code: every position exists, every frame's base follows from its
/// caller's stack height there, and the stack fits the limits, so crafted bytes cannot make the
/// loops read or write outside the stack.
extension Execution {
  /// What the execution is doing, as saved.
  private enum SavedKind: UInt8 {
    /// A host function invoked directly, not yet run.
    case host = 0
    /// Wasm code, paused at a position.
    case wasm = 1
    /// The entry frame did not fit: the first slice traps.
    case entryExhausted = 2
    /// Wasm code suspended on the (paid) host call at its position: laid out as `wasm`, with
    /// that call as the pending one. Restored suspended, its arguments read from the stack.
    case suspendedWasm = 3
    /// A host function invoked directly and suspended: laid out as `host`.
    case suspendedHost = 4
  }

  func encode(into writer: inout SnapshotWriter) throws(SnapshotError) {
    let suspension = phase == .suspended ? self.suspension : nil
    guard isResumable || suspension != nil else {
      throw SnapshotError(.notSavable, "only paused or suspended executions can be saved")
    }
    writer.unsigned(entryAddress)
    writer.unsigned(ticksConsumed)
    if hostEntry != nil {
      writer.byte((suspension == nil ? SavedKind.host : .suspendedHost).rawValue)
      for argument in hostArguments {
        writer.unsigned(argument.slot)
        if argument.type == .v128 { writer.unsigned(argument.highSlot) }
      }
      writer.optional(hostCostOwed)
      return
    }
    if entryFrameExhausted {
      writer.byte(SavedKind.entryExhausted.rawValue)
      return
    }
    guard let current else {
      throw SnapshotError(.notSavable, "the execution has no current function")
    }
    writer.byte((suspension == nil ? SavedKind.wasm : .suspendedWasm).rawValue)
    writer.unsigned(frameCount)
    for i in 0..<frameCount {
      let frame = frames[i]
      let function = frame.function.takeUnretainedValue()
      writer.unsigned(function.address)
      writer.unsigned(frame.base)
      writer.unsigned(try Self.offset(of: frame.returnPC, in: function))
    }
    let function = current.takeUnretainedValue()
    writer.unsigned(function.address)
    writer.unsigned(fp)
    writer.unsigned(try Self.offset(of: pc, in: function))
    writer.bool(bulkBasePaid)
    writer.unsigned(growPaid)
    if suspension != nil, suspension?.call == nil {
      throw SnapshotError(.notSavable, "a suspended execution of wasm code has no host call")
    }
    if let pendingHostCall = suspension?.call ?? pendingHostCall {
      writer.bool(true)
      writer.unsigned(pendingHostCall.host.address)
      writer.bool(pendingHostCall.tail)
    } else {
      writer.bool(false)
    }
    writer.optional(hostCostOwed)
    writer.unsigned(sp)
    for i in 0..<sp { writer.unsigned(stack[i]) }
  }

  private var entryAddress: Int {
    switch entry {
    case .wasm(let function): function.address
    case .host(let function): function.address
    }
  }

  private static func offset(of pc: Int, in function: WasmFunction) throws(SnapshotError) -> Int {
    guard let entry = function.sourceMap.entry(atPC: pc) else {
      throw SnapshotError(
        .notSavable, "no wasm position for code position \(pc) of function \(function.index)")
    }
    return entry.offset
  }

  /// Restores an execution saved by ``encode(into:)`` in `store`, checking it against the
  /// store's functions and limits.
  /// Its frames must run in the link group of its entry function, and any `funcref` argument
  /// name a function of that group; the frames' other slots are left to `stacks` to check.
  static func restore(
    from reader: inout SnapshotReader, in store: Store, groups: LinkGroups,
    stacks: inout SavedStacks
  ) throws(SnapshotError) -> Execution {
    let functionCount = store.functions.count
    let entryAddress = try reader.int(max: functionCount - 1, "entry function")
    // At most 2^63 - 1: a larger count is no execution that ever ran (it would take
    // centuries of instructions; only host costs get there, and the total saturates).
    let ticks = UInt64(try reader.int(max: Int(Int64.max), "ticks consumed"))
    let entry = store.functions[entryAddress]
    let kind = SavedKind(rawValue: try reader.byte())
    switch (entry, kind) {
    case (.host(let host), .host?), (.host(let host), .suspendedHost?):
      var arguments: [Value] = []
      for type in host.type.parameters {
        let slot = try reader.unsigned()
        guard
          type != .funcref || slot == 0
            || groups.group(ofFunctionSlot: slot) == groups.functionGroups[entryAddress]
        else { throw groups.crossing("a saved call's argument", slot) }
        let high = type == .v128 ? try reader.unsigned() : 0
        arguments.append(Value(slot: slot, highSlot: high, type: type))
      }
      let execution = Execution(store: store, entry: entry, arguments: arguments, restoring: true)
      execution.hostCostOwed = try reader.optional()
      execution.ticksConsumed = ticks
      if kind == .suspendedHost {
        guard execution.hostCostOwed == nil, host.suspendingBody != nil else {
          throw reader.malformed("a suspended call of a host function that cannot suspend")
        }
        execution.suspend(on: host, arguments: arguments)
        execution.phase = .suspended
      }
      return execution
    case (.wasm(let function), .entryExhausted?):
      // Only a frame that does not fit these limits is exhausted (a crafted record of one that
      // fits would restore an execution that never ran).
      guard !entryFrameFits(function, store.limits) else {
        throw reader.malformed("the entry frame fits, but is saved as not fitting")
      }
      let execution = Execution(store: store, entry: entry, arguments: [], restoring: true)
      execution.ticksConsumed = ticks
      return execution
    case (.wasm, .wasm?), (.wasm, .suspendedWasm?):
      let execution = Execution(store: store, entry: entry, arguments: [], restoring: true)
      try execution.restoreMachine(
        from: &reader, suspended: kind == .suspendedWasm, groups: groups, stacks: &stacks)
      execution.ticksConsumed = ticks
      return execution
    default:
      throw reader.malformed("execution kind does not match its entry function")
    }
  }

  /// A frame as read, before it is checked.
  private struct SavedFrame {
    var function: WasmFunction
    var base: Int
    var offset: Int
  }

  /// Restores a paused execution's machine, or with `suspended` one suspended on the host
  /// call pending at its position.
  private func restoreMachine(
    from reader: inout SnapshotReader, suspended: Bool, groups: LinkGroups,
    stacks: inout SavedStacks
  ) throws(SnapshotError) {
    let limit = store.limits.maxValueStackSlots
    let frameCount = try reader.count("call depth", minimumSize: 3)
    guard frameCount < maxCallDepth else {
      throw SnapshotError(
        .limit, "the call is \(frameCount + 1) calls deep; the limit is \(maxCallDepth)")
    }
    var saved: [SavedFrame] = []
    for _ in 0..<frameCount {
      let function = try wasmFunction(&reader)
      saved.append(
        SavedFrame(
          function: function, base: try reader.int(max: limit, "frame base"),
          offset: try reader.int(max: Int(Int32.max), "position")))
    }
    let function = try wasmFunction(&reader)
    let fp = try reader.int(max: limit, "frame base")
    let offset = try reader.int(max: Int(Int32.max), "position")
    let bulkBasePaid = try reader.bool()
    let growPaid = try reader.unsigned()
    var pending: (host: StoredHostFunction, tail: Bool)?
    if try reader.bool() {
      let address = try reader.int(max: store.functions.count - 1, "host function")
      guard case .host(let host) = store.functions[address] else {
        throw reader.malformed("pending host call to a wasm function")
      }
      pending = (host, try reader.bool())
    }
    let hostCostOwed = try reader.optional()
    let sp = try reader.int(max: limit, "stack height")
    if suspended {
      guard let pending, pending.host.suspendingBody != nil, hostCostOwed == nil else {
        throw reader.malformed("a suspended execution without a paid call that can suspend")
      }
    }

    // The frames must nest: each callee's base follows from its caller's height at the
    // return position, and the outermost frame starts at 0.
    var returnPCs: [Int] = []
    // Each frame with the operands it holds below its callee, typed later (``SavedStacks``).
    var typedFrames: [SavedStacks.Frame] = []
    var top = 0
    for (i, frame) in saved.enumerated() {
      let callee = i + 1 < saved.count ? saved[i + 1].function : function
      let calleeBase = i + 1 < saved.count ? saved[i + 1].base : fp
      guard let entry = frame.function.sourceMap.entry(atOffset: frame.offset),
        entry.chargeBefore
      else {
        throw reader.malformed("frame \(i) returns to no instruction boundary")
      }
      let locals = frame.function.parameterCount + frame.function.localCount
      let results = callee.type.resultSlots
      guard i == 0 ? frame.base == 0 : true, entry.height >= results,
        calleeBase == frame.base + locals + entry.height - results
      else {
        throw reader.malformed("frame \(i) does not match its caller's stack")
      }
      top = Swift.max(top, frame.base + locals + frame.function.maxStackHeight)
      returnPCs.append(entry.pc - 2)
      typedFrames.append(
        SavedStacks.Frame(
          function: frame.function, base: frame.base, offset: frame.offset,
          operandCount: entry.height - results))
    }
    guard saved.isEmpty ? fp == 0 : true else {
      throw reader.malformed("the entry frame does not start the stack")
    }
    let bottom = saved.first?.function ?? function
    guard bottom.type.results == resultTypes else {
      throw reader.malformed("the outermost function does not return the entry's results")
    }
    let locals = function.parameterCount + function.localCount
    top = Swift.max(top, fp + locals + function.maxStackHeight)
    guard sp >= fp + locals, let entry = function.sourceMap.entry(atOffset: offset) else {
      throw reader.malformed("the position is not an instruction boundary")
    }
    let height = sp - fp - locals
    let op = Op(rawValue: UInt16(truncatingIfNeeded: function.code[entry.pc]))
    let pc: Int
    if let pending {
      let parameters = pending.host.type.parameterSlots
      let results = pending.host.type.resultSlots
      let popsIndex: Bool
      switch op {
      case .call?, .returnCall?: popsIndex = false
      case .callIndirect?, .returnCallIndirect?: popsIndex = true
      default: throw reader.malformed("a pending host call at an instruction that is no call")
      }
      let tail = op == .returnCall || op == .returnCallIndirect
      let next = entry.pc + (popsIndex ? 3 : 2)
      let afterHeight = function.sourceMap.entry(atPC: next)?.height
      let resultsFit =
        tail
        ? results == function.type.resultSlots
        : afterHeight == height - parameters + results
      guard tail == pending.tail, height + (popsIndex ? 1 : 0) == entry.height,
        height >= parameters, resultsFit
      else {
        throw reader.malformed("the pending host call does not match its call instruction")
      }
      pendingHostCall = PendingHostCall(host: pending.host, returnPC: next, tail: tail)
      pc = entry.pc
    } else {
      guard hostCostOwed == nil, height == entry.height else {
        throw reader.malformed("the stack height does not match the position")
      }
      if bulkBasePaid {
        switch op {
        case .memoryFill?, .memoryCopy?, .memoryInit?, .tableFill?, .tableCopy?, .tableInit?,
          .memoryGrow?, .tableGrow?:
          pc = entry.pc
        default: throw reader.malformed("a bulk operation in progress at another instruction")
        }
      } else {
        pc = entry.chargeBefore ? entry.pc - 2 : entry.pc
      }
      guard growPaid == 0 || op == .memoryGrow || op == .tableGrow else {
        throw reader.malformed("grow payment at an instruction that is no grow")
      }
    }
    guard top <= limit else {
      throw SnapshotError(
        .limit, "the call stack needs \(top) value slots; the limit is \(limit)")
    }
    // Every frame runs in the entry's link group, and so does a pending host call.
    let group = groups.functionGroups[entryAddress]
    for frame in saved.map(\.function) + [function]
    where groups.functionGroups[frame.address] != group {
      throw SnapshotError(
        .mismatch, "a frame runs function \(frame.address), which the call's entry is not linked to"
      )
    }
    if let pending, groups.functionGroups[pending.host.address] != group {
      throw SnapshotError(
        .mismatch,
        "the pending host call is to function \(pending.host.address), which the call's entry is not linked to"
      )
    }
    typedFrames.append(
      SavedStacks.Frame(function: function, base: fp, offset: offset, operandCount: height))
    // Read before anything is allocated, so that a truncated stack leaks nothing.
    var slots: [UInt64] = []
    for _ in 0..<sp { slots.append(try reader.unsigned()) }

    // Checked; now build. The stack holds the saved slots; the room the deepest frame may
    // use is allocated when the execution first runs (``deferredStackCapacity``), so what
    // restoring allocates is in proportion to the bytes read.
    let capacity = Swift.max(sp, 1)
    let fresh = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    fresh.initialize(from: slots, count: sp)
    stack.deallocate()
    stack = fresh
    stackCapacity = capacity
    deferredStackCapacity = top
    if frameCapacity < frameCount + 1 {
      frames.deallocate()
      frames = UnsafeMutablePointer<CallFrame>.allocate(capacity: frameCount + 1)
      frameCapacity = frameCount + 1
    }
    for (i, frame) in saved.enumerated() {
      frames[i] = CallFrame(
        function: Unmanaged.passUnretained(frame.function),
        instance: frame.function.instanceReference, returnPC: returnPCs[i], base: frame.base)
    }
    self.frameCount = frameCount
    self.current = Unmanaged.passUnretained(function)
    self.currentInstance = function.instanceReference
    self.pc = pc
    self.sp = sp
    self.fp = fp
    self.entryFrameExhausted = false
    self.bulkBasePaid = bulkBasePaid
    self.growPaid = growPaid
    self.hostCostOwed = hostCostOwed
    if suspended, let call = pendingHostCall {
      pendingHostCall = nil
      suspend(on: call.host, arguments: argumentsOnStack(for: call.host), call: call)
      phase = .suspended
    }
    stacks.add(self, group: group, frames: typedFrames)
  }

  private func wasmFunction(_ reader: inout SnapshotReader) throws(SnapshotError) -> WasmFunction {
    let address = try reader.int(max: store.functions.count - 1, "function")
    guard case .wasm(let function) = store.functions[address] else {
      throw reader.malformed("a frame of host function \(address)")
    }
    return function
  }
}
