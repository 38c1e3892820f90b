/// How much an ``ExecutionHistory`` keeps: a checkpoint every ``checkpointInterval`` ticks, at
/// most ``maxCheckpoints`` of them and about ``maxBytes`` bytes in all. Past either cap the
/// oldest checkpoint goes (the newest always stays), so the history then reaches back less
/// far: ``ExecutionHistory/earliest`` says how far.
///
/// Going back costs a restore plus re-running up to ``checkpointInterval`` ticks one
/// instruction at a time; recording costs a copy of the guest state's changed 4 KiB chunks
/// per checkpoint (see `docs/architecture.md`, "Time travel", for measurements).
public struct HistoryLimits: Hashable, Sendable {
  /// Ticks between checkpoints: 10,000 by default.
  public var checkpointInterval: UInt64
  /// The most checkpoints kept: 256 by default.
  public var maxCheckpoints: Int
  /// The most bytes the checkpoints may keep (memory chunks, tables, stacks): 64 MiB by
  /// default. One checkpoint is always kept, whatever it takes.
  public var maxBytes: Int

  /// Limits with the defaults above, or what is given.
  public init(
    checkpointInterval: UInt64 = 10_000, maxCheckpoints: Int = 256, maxBytes: Int = 64 << 20
  ) {
    self.checkpointInterval = checkpointInterval
    self.maxCheckpoints = maxCheckpoints
    self.maxBytes = maxBytes
  }
}

/// A point of an ``ExecutionHistory``: how many instructions had run since it started
/// recording, the execution's ticks then, and where it stood.
public struct HistoryPoint: Hashable, Sendable {
  /// Instructions run since recording started (0 is where it started). An instruction is
  /// what ``Step`` counts.
  public var instructions: Int
  /// ``Execution/ticksConsumed`` at the point.
  public var ticks: UInt64
  /// The innermost frame there (its function and next instruction); `nil` when it has none.
  public var frame: PausedFrame?
}

/// Why an ``ExecutionHistory`` cannot go back or record.
public enum HistoryError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Going back 0 (or fewer) instructions.
  case nothingToUndo
  /// Going back `requested` instructions when the history reaches back `available`.
  case beforeHistory(requested: Int, available: Int)
  /// The execution is running, finished, or waiting on a host call: only a paused one goes
  /// back.
  case notPaused
  /// The execution cannot be recorded here: it runs a host function directly, its entry frame
  /// did not fit, or it is partway through a multi-tick instruction.
  case notRecordable
  /// Running forward again did not reach the point it had reached before (`reached`
  /// instructions instead of `target`): the execution is not deterministic any more (a host
  /// function answered differently, or another execution changed shared state).
  case diverged(reached: Int, target: Int)

  /// The problem in words.
  public var description: String {
    switch self {
    case .nothingToUndo: "going back takes a number of instructions ≥ 1"
    case .beforeHistory(let requested, let available):
      "cannot go back \(requested) instruction\(requested == 1 ? "" : "s"): the history reaches "
        + "back \(available)"
    case .notPaused: "only a paused execution can go back"
    case .notRecordable:
      "the execution cannot be recorded here (it is partway through an instruction, or runs no "
        + "wasm code)"
    case .diverged(let reached, let target):
      "running forward again reached instruction \(reached) instead of \(target): the run is "
        + "not deterministic (a host function answered differently)"
    }
  }
}

/// Time travel for one paused execution: it records the execution while a debugger runs it
/// (``run(ticks:breakpoints:step:)``) and takes it back any number of instructions
/// (``back(_:beforeReplay:)``).
///
/// The history is a list of checkpoints: the first where recording started, then one every
/// ``HistoryLimits/checkpointInterval`` ticks. A checkpoint holds the execution's machine
/// state (stacks, frames, position, ticks) and the guest state it can change: every memory,
/// table and global of the store's instances and which segments are dropped. Memory is kept
/// in 4 KiB chunks shared with the previous checkpoint when unchanged, all-zero chunks not at
/// all. Going back N instructions restores the newest checkpoint at or before the target in
/// place (a memory or table that grew since shrinks back) and runs forward the instructions
/// between, one tick at a time with no breakpoints, so ticks rewind with the position and the
/// tick contract holds: the execution's result and tick total are a plain run's.
///
/// Running forward again is exact only if the host functions answer as they did: an
/// embedder whose host functions read a clock or a store logs their answers while recording
/// and gives them again while replaying, keyed by ``instructions`` at the call (PluginHost
/// does, for its capabilities). A host call that suspends (``HostFunction/suspending``) is a
/// barrier: the history starts again after it. Recording runs one-tick slices throughout; an
/// execution nobody records pays nothing.
public final class ExecutionHistory {
  /// The execution recorded.
  public let execution: Execution
  /// What it keeps.
  public let limits: HistoryLimits
  /// Instructions run since recording started: the current point.
  public private(set) var instructions: Int = 0
  private var checkpoints: [Checkpoint] = []
  /// The execution suspended on a host call: the next run starts the history again.
  private var restartPending = false
  /// The bytes the checkpoints keep.
  public private(set) var bytes: Int = 0
  /// The points after the last few instructions, oldest first (at most ``recentCount``).
  private var recent: [RecentPoint] = []
  /// How many of the last instructions' points ``recentPoints`` lists.
  public static let recentCount = 16

  /// Starts recording `execution` where it stands, with a first checkpoint.
  /// - Throws: ``HistoryError/notPaused`` or ``HistoryError/notRecordable``.
  public init(recording execution: Execution, limits: HistoryLimits = HistoryLimits())
    throws(HistoryError)
  {
    guard execution.phase == .paused else { throw .notPaused }
    guard execution.atRecordablePoint else { throw .notRecordable }
    self.execution = execution
    self.limits = limits
    takeCheckpoint()
  }

  /// The checkpoints, oldest first: where going back restores from.
  public var checkpointPoints: [HistoryPoint] { checkpoints.map(\.point) }

  /// The earliest point going back reaches (the oldest checkpoint's instructions).
  public var earliest: Int { checkpoints.first?.point.instructions ?? instructions }

  /// The points after each of the last instructions run (up to ``recentCount``, the current
  /// point last), each with its innermost frame: what a debugger lists as the places going
  /// back a few instructions reaches.
  public var recentPoints: [HistoryPoint] {
    recent.map { point in
      HistoryPoint(
        instructions: point.instructions, ticks: point.ticks,
        frame: execution.frame(of: point.function.takeUnretainedValue(), at: point.pc))
    }
  }

  /// The current point.
  public var current: HistoryPoint {
    HistoryPoint(
      instructions: instructions, ticks: execution.ticksConsumed,
      frame: try? execution.callStack().first)
  }

  /// Runs the execution as ``Execution/debugRun(ticks:breakpoints:step:)`` does, with the same
  /// ticks and stops, recording: in one-tick slices, counting every instruction and taking a
  /// checkpoint every ``HistoryLimits/checkpointInterval`` ticks past the newest one.
  public func run(ticks: UInt64, breakpoints: Set<Breakpoint> = [], step: Step? = nil)
    -> DebugRunResult
  {
    run(ticks: ticks, breakpoints: breakpoints, step: step, slices: nil)
  }

  /// ``run(ticks:breakpoints:step:)`` that also stops where `watchpoints` change, as
  /// ``Execution/debugRun(ticks:breakpoints:step:watchpoints:)`` does.
  public func run(
    ticks: UInt64, breakpoints: Set<Breakpoint>, step: Step?, watchpoints: [Watchpoint]
  ) -> DebugRunResult {
    run(ticks: ticks, breakpoints: breakpoints, step: step, watchpoints: watchpoints, slices: nil)
  }

  /// ``run(ticks:breakpoints:step:)`` with its slices run by `slices`, as
  /// `Execution.debugRun(ticks:breakpoints:step:slices:afterInstruction:)` runs them (a traced
  /// call's tracer).
  package func run(
    ticks: UInt64, breakpoints: Set<Breakpoint>, step: Step?, watchpoints: [Watchpoint] = [],
    slices: ((UInt64) -> ExecutionResult)?
  ) -> DebugRunResult {
    restartIfPending()
    let result = execution.debugRun(
      ticks: ticks, breakpoints: breakpoints, step: step, watchpoints: watchpoints,
      slices: slices,
      afterInstruction: { [unowned self] in instructionFinished() })
    if case .suspended = result.result { restartPending = true }
    return result
  }

  /// Takes the execution back `count` instructions: restores the newest checkpoint at or
  /// before the target, calls `beforeReplay` with it (an embedder sets up its log of host
  /// answers there), then runs the instructions up to the target again.
  /// - Returns: the run forward (`.paused`, ``DebugStop/stepped``).
  /// - Throws: ``HistoryError/nothingToUndo`` for `count` < 1,
  ///   ``HistoryError/beforeHistory(requested:available:)`` past ``earliest``,
  ///   ``HistoryError/notPaused``, ``HistoryError/diverged(reached:target:)``.
  @discardableResult
  public func back(_ count: Int, beforeReplay: (HistoryPoint) -> Void = { _ in })
    throws(HistoryError) -> DebugRunResult
  {
    guard count >= 1 else { throw .nothingToUndo }
    guard execution.phase == .paused else { throw .notPaused }
    restartIfPending()
    let (target, overflow) = instructions.subtractingReportingOverflow(count)
    guard !overflow, target >= earliest else {
      throw .beforeHistory(requested: count, available: instructions - earliest)
    }
    guard let checkpoint = checkpoints.last(where: { $0.point.instructions <= target }) else {
      throw .beforeHistory(requested: count, available: instructions - earliest)
    }
    execution.rewindMachine(to: checkpoint.machine)
    checkpoint.guest.restore()
    instructions = checkpoint.point.instructions
    recent.removeAll { $0.instructions > instructions }
    beforeReplay(checkpoint.point)
    let result = run(ticks: .max, step: .instructions(target - instructions))
    guard result.result == .paused, instructions == target else {
      throw .diverged(reached: instructions, target: target)
    }
    return result
  }

  private func restartIfPending() {
    guard restartPending, execution.phase == .paused, execution.atRecordablePoint else { return }
    restartPending = false
    checkpoints.removeAll()
    takeCheckpoint()
  }

  private func instructionFinished() {
    instructions += 1
    if execution.phase == .paused, let function = execution.current {
      if recent.count >= Self.recentCount {
        recent.removeFirst(recent.count - Self.recentCount + 1)
      }
      recent.append(
        RecentPoint(
          instructions: instructions, ticks: execution.ticksConsumed, function: function,
          pc: execution.pc))
    }
    guard let newest = checkpoints.last, instructions > newest.point.instructions,
      execution.ticksConsumed >= newest.point.ticks,
      execution.ticksConsumed - newest.point.ticks >= limits.checkpointInterval,
      execution.phase == .paused, execution.atRecordablePoint
    else { return }
    takeCheckpoint()
  }

  private func takeCheckpoint() {
    recent.removeAll { $0.instructions >= instructions }
    if let function = execution.current {
      recent.append(
        RecentPoint(
          instructions: instructions, ticks: execution.ticksConsumed, function: function,
          pc: execution.pc))
    }
    let guest = GuestImage(of: execution.store, after: checkpoints.last?.guest)
    let point = HistoryPoint(
      instructions: instructions, ticks: execution.ticksConsumed,
      frame: try? execution.callStack().first)
    checkpoints.append(
      Checkpoint(point: point, machine: execution.machineState(), guest: guest))
    while checkpoints.count > max(1, limits.maxCheckpoints) { checkpoints.removeFirst() }
    bytes = countBytes()
    while checkpoints.count > 1, bytes > limits.maxBytes {
      checkpoints.removeFirst()
      bytes = countBytes()
    }
  }

  /// The bytes all checkpoints keep, each shared memory chunk once.
  private func countBytes() -> Int {
    var chunks = Set<ObjectIdentifier>()
    var total = 0
    for checkpoint in checkpoints {
      total += checkpoint.machine.byteCount + checkpoint.guest.fixedByteCount
      for memory in checkpoint.guest.memories {
        for case let chunk? in memory.chunks where chunks.insert(ObjectIdentifier(chunk)).inserted {
          total += MemoryChunk.size
        }
      }
    }
    return total
  }
}

/// Where an execution stood after an instruction, kept for ``ExecutionHistory/recentPoints``.
private struct RecentPoint {
  let instructions: Int
  let ticks: UInt64
  let function: Unmanaged<WasmFunction>
  let pc: Int
}

/// One checkpoint of a history.
private struct Checkpoint {
  let point: HistoryPoint
  let machine: MachineState
  let guest: GuestImage
}

/// An execution's machine state at an instruction boundary, as the loops leave it between
/// slices, copied.
struct MachineState {
  let stack: [UInt64]
  let frames: [CallFrame]
  let pc: Int
  let sp: Int
  let fp: Int
  let current: Unmanaged<WasmFunction>?
  let currentInstance: Unmanaged<Instance>?
  let ticksConsumed: UInt64
  let pausedBlockRest: UInt64?
  let stoppedBeforeFirstInstruction: Bool
  let deferredStackCapacity: Int

  var byteCount: Int {
    stack.count * MemoryLayout<UInt64>.stride + frames.count * MemoryLayout<CallFrame>.stride
  }
}

extension Execution {
  /// The innermost frame of a point: `function` at stack-code position `pc` (depth 0).
  func frame(of function: WasmFunction, at pc: Int) -> PausedFrame? {
    guard let entry = function.sourceMap.entry(atPC: pc) else { return nil }
    let instance = function.instance
    return PausedFrame(
      depth: 0, function: Function(address: function.address), functionIndex: function.index,
      name: function.name, instanceIndex: store.instances.firstIndex { $0 === instance } ?? -1,
      moduleFingerprint: instance.moduleFingerprint, codeOffset: entry.offset,
      bodyOffset: entry.offset - function.bodyOffset, callCodeOffset: nil)
  }

  /// Paused between instructions, in wasm code: where a checkpoint can be taken.
  var atRecordablePoint: Bool {
    hostEntry == nil && !entryFrameExhausted && current != nil && !instructionInProgress
      && suspension == nil
  }

  func machineState() -> MachineState {
    MachineState(
      stack: Array(UnsafeBufferPointer(start: stack, count: sp)),
      frames: Array(UnsafeBufferPointer(start: frames, count: frameCount)), pc: pc, sp: sp,
      fp: fp, current: current, currentInstance: currentInstance, ticksConsumed: ticksConsumed,
      pausedBlockRest: pausedBlockRest,
      stoppedBeforeFirstInstruction: stoppedBeforeFirstInstruction,
      deferredStackCapacity: deferredStackCapacity)
  }

  /// Puts the machine back as `state` was. The stacks only grow, so what they held then fits.
  func rewindMachine(to state: MachineState) {
    if state.sp > stackCapacity, !growStack(to: state.sp) { return }
    if state.frames.count > frameCapacity { return }
    for (i, slot) in state.stack.enumerated() { stack[i] = slot }
    for (i, frame) in state.frames.enumerated() { frames[i] = frame }
    frameCount = state.frames.count
    pc = state.pc
    sp = state.sp
    fp = state.fp
    current = state.current
    currentInstance = state.currentInstance
    ticksConsumed = state.ticksConsumed
    lastSliceTicks = 0
    pausedBlockRest = state.pausedBlockRest
    restWhenEmpty = nil
    stoppedBeforeFirstInstruction = state.stoppedBeforeFirstInstruction
    deferredStackCapacity =
      state.deferredStackCapacity > stackCapacity ? state.deferredStackCapacity : 0
    bulkBasePaid = false
    growPaid = 0
    pendingHostCall = nil
    hostCostOwed = nil
    suspension = nil
    trapElementIndex = nil
    memoryCacheOwner = nil
    outcome = .paused
    phase = .paused
  }
}

/// 4 KiB of a memory as a checkpoint keeps it, aligned for word compares.
final class MemoryChunk {
  static let size = 4096
  let bytes: UnsafeMutableRawPointer

  init(copying source: UnsafeRawPointer) {
    bytes = UnsafeMutableRawPointer.allocate(byteCount: Self.size, alignment: 16)
    bytes.copyMemory(from: source, byteCount: Self.size)
  }

  deinit { bytes.deallocate() }

  /// Whether the 4 KiB at `a` and `b` are equal, compared by words (both 8-byte aligned).
  static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer?) -> Bool {
    var left = a.assumingMemoryBound(to: UInt64.self)
    let end = left + size / 8
    guard var right = b?.assumingMemoryBound(to: UInt64.self) else {
      var accumulated: UInt64 = 0
      while left < end {
        accumulated |= left[0] | left[1] | left[2] | left[3] | left[4] | left[5] | left[6] | left[7]
        left += 8
      }
      return accumulated == 0
    }
    while left < end {
      let same =
        (left[0] ^ right[0]) | (left[1] ^ right[1]) | (left[2] ^ right[2]) | (left[3] ^ right[3])
        | (left[4] ^ right[4]) | (left[5] ^ right[5]) | (left[6] ^ right[6])
        | (left[7] ^ right[7])
      if same != 0 { return false }
      left += 8
      right += 8
    }
    return true
  }
}

/// The guest state of a store's instances, as a checkpoint keeps it.
struct GuestImage {
  struct MemoryImage {
    let memory: Memory
    let byteCount: Int
    /// Each 4 KiB chunk; `nil` for one that is all zero.
    let chunks: [MemoryChunk?]
  }
  struct InstanceImage {
    let instance: Instance
    let elementSegments: [[UInt64]]
    let dataSegments: [[UInt8]]
  }
  let memories: [MemoryImage]
  let tables: [(Table, [UInt64])]
  let globals: [(Global, UInt64)]
  let instances: [InstanceImage]

  /// The store's guest state now, sharing every chunk unchanged since `previous`.
  init(of store: Store, after previous: GuestImage?) {
    var before: [ObjectIdentifier: MemoryImage] = [:]
    for image in previous?.memories ?? [] { before[ObjectIdentifier(image.memory)] = image }
    var seen = Set<ObjectIdentifier>()
    var memories: [MemoryImage] = []
    var tables: [(Table, [UInt64])] = []
    var globals: [(Global, UInt64)] = []
    var instances: [InstanceImage] = []
    for instance in store.instances {
      instances.append(
        InstanceImage(
          instance: instance, elementSegments: instance.elementSegments,
          dataSegments: instance.dataSegments))
      for memory in instance.memories where seen.insert(ObjectIdentifier(memory)).inserted {
        memories.append(Self.image(of: memory, after: before[ObjectIdentifier(memory)]))
      }
      for table in instance.tables where seen.insert(ObjectIdentifier(table)).inserted {
        tables.append((table, table.elements))
      }
      for global in instance.globals
      where global.type.isMutable && seen.insert(ObjectIdentifier(global)).inserted {
        globals.append((global, global.slot))
      }
    }
    self.memories = memories
    self.tables = tables
    self.globals = globals
    self.instances = instances
  }

  private static func image(of memory: Memory, after previous: MemoryImage?) -> MemoryImage {
    let count = memory.byteCount / MemoryChunk.size
    var chunks: [MemoryChunk?] = []
    chunks.reserveCapacity(count)
    for index in 0..<count {
      let source = UnsafeRawPointer(memory.base + index * MemoryChunk.size)
      if let previous, index < previous.chunks.count {
        let old = previous.chunks[index]
        if MemoryChunk.equal(source, old.map { UnsafeRawPointer($0.bytes) }) {
          chunks.append(old)
          continue
        }
      }
      chunks.append(MemoryChunk.equal(source, nil) ? nil : MemoryChunk(copying: source))
    }
    return MemoryImage(memory: memory, byteCount: memory.byteCount, chunks: chunks)
  }

  /// Tables' and stacks' bytes (tables are counted whole: their arrays are shared until
  /// written, then copied).
  var fixedByteCount: Int {
    tables.reduce(0) { $0 + $1.1.count * MemoryLayout<UInt64>.stride }
      + globals.count * MemoryLayout<UInt64>.stride
  }

  /// Sets the guest state back to the image, in place.
  func restore() {
    for image in memories {
      let memory = image.memory
      if memory.byteCount > image.byteCount {
        memory.shrink(toPages: image.byteCount / Memory.pageSize)
      } else if memory.byteCount < image.byteCount {
        _ = memory.grow(by: UInt64((image.byteCount - memory.byteCount) / Memory.pageSize))
      }
      guard memory.byteCount == image.byteCount else { continue }
      for (index, chunk) in image.chunks.enumerated() {
        let target = memory.base + index * MemoryChunk.size
        let saved = chunk.map { UnsafeRawPointer($0.bytes) }
        guard !MemoryChunk.equal(UnsafeRawPointer(target), saved) else { continue }
        if let saved {
          target.copyMemory(from: saved, byteCount: MemoryChunk.size)
        } else {
          target.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryChunk.size)
        }
      }
    }
    for (table, elements) in tables { table.rewind(to: elements) }
    for (global, slot) in globals { global.slot = slot }
    for image in instances {
      image.instance.elementSegments = image.elementSegments
      image.instance.dataSegments = image.dataSegments
    }
  }
}
