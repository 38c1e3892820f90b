/// Runs an execution as ``Execution/run(ticks:)`` does while counting, exactly, where its
/// ticks go (``profile``): per call stack, per function and per instruction.
///
/// It runs the execution in slices of one tick, and charges each slice's ticks to the call
/// stack and the innermost frame's next instruction as they were before it. Slicing changes no
/// result and no tick count (the tick contract), so a profiled execution returns what an
/// unprofiled one does, after the same ticks; only time differs. Between slices it reads the
/// interpreter's frames, comparing only the innermost ones (``FrameTracker``), and counts a
/// tick in two hash tables; positions become wasm offsets once, when ``profile`` is read.
/// Nothing changes in the loops, so executions that are not profiled pay nothing.
///
/// Cost, measured in a debug build on the shared 2-CPU test machine (a counting loop of 2.7
/// million ticks, recursive `fib(20)` of 230,000): profiled, 0.28–0.39 million ticks per second;
/// unprofiled, 13–57 million, so a profile takes 40–140 times as long as the call. Half of it is
/// the one-tick slices themselves (`run(ticks: 1)` in a loop: 0.48–0.62 million ticks per
/// second), the rest the bookkeeping. A profile is for calls of up to some ten million ticks.
///
/// Like an ``Execution``, a profiler is used from one thread at a time.
public final class ExecutionProfiler {
  /// The execution it runs.
  public let execution: Execution

  private var tracker = FrameTracker()
  /// The call tree: node 0 is the empty stack; each other node is a function called from
  /// its parent's stack, with the ticks spent while that stack was current.
  private var nodes: [(parent: Int, address: Int, ticks: UInt64)] = [(-1, -1, 0)]
  private var children: [ChildKey: Int] = [:]
  private var functions: [Int: WasmFunction] = [:]
  private var instructionTicks: [Position: UInt64] = [:]
  private var total: UInt64 = 0

  private struct ChildKey: Hashable {
    let parent: Int
    let address: Int
  }

  private struct Position: Hashable {
    let address: Int
    let pc: Int
  }

  /// A profiler of `execution`, from where it stands: ticks it used before are not counted.
  public init(_ execution: Execution) {
    self.execution = execution
  }

  /// Runs the execution for at most `ticks` ticks, exactly as ``Execution/run(ticks:)``
  /// would (the same result; ``Execution/lastSliceTicks`` afterwards counts all the ticks
  /// this call used), counting where they go.
  public func run(ticks: UInt64) -> ExecutionResult {
    execution.runInSingleTicks(ticks) {
      sync()
      let top = tracker.levels.last
      let position = top.map { Position(address: $0.function.address, pc: execution.pc) }
      let result = execution.run(ticks: 1)
      let spent = execution.lastSliceTicks
      if spent > 0 {
        nodes[top?.node ?? 0].ticks += spent
        if let position { instructionTicks[position, default: 0] += spent }
        total += spent
      }
      return result
    }
  }

  /// Brings the frames up to date, adding call-tree nodes for new stacks.
  private func sync() {
    tracker.sync(execution) { change in
      guard case .pushed(let function, _, _, let caller) = change else { return 0 }
      let parent = caller ?? 0
      let key = ChildKey(parent: parent, address: function.address)
      if let node = children[key] { return node }
      functions[function.address] = function
      nodes.append((parent, function.address, 0))
      children[key] = nodes.count - 1
      return nodes.count - 1
    }
  }

  /// What the profiled slices spent, so far.
  public var profile: ExecutionProfile {
    let store = execution.store
    var described: [Int: ObservedFunction] = [:]
    for (address, function) in functions { described[address] = store.observed(function) }
    var selfTicks: [Int: UInt64] = [:]
    var totalTicks: [Int: UInt64] = [:]
    var stacks: [ExecutionProfile.StackTicks] = []
    for node in nodes.indices where nodes[node].ticks > 0 {
      var path: [Int] = []
      var at = node
      while at > 0 {
        path.append(nodes[at].address)
        at = nodes[at].parent
      }
      path.reverse()
      let ticks = nodes[node].ticks
      if let leaf = path.last { selfTicks[leaf, default: 0] += ticks }
      for address in Set(path) { totalTicks[address, default: 0] += ticks }
      stacks.append(
        ExecutionProfile.StackTicks(frames: path.compactMap { described[$0] }, ticks: ticks))
    }
    let functionTicks = totalTicks.compactMap { address, total in
      described[address].map {
        ExecutionProfile.FunctionTicks(
          function: $0, selfTicks: selfTicks[address] ?? 0, totalTicks: total)
      }
    }.sorted(by: Self.hotter)
    // Positions become wasm offsets; a `charge` and the instruction after it are one.
    var byOffset: [Position: UInt64] = [:]
    for (position, ticks) in instructionTicks {
      guard let function = functions[position.address],
        let entry = function.sourceMap.entry(atPC: position.pc)
      else { continue }
      byOffset[Position(address: position.address, pc: entry.offset), default: 0] += ticks
    }
    let instructions = byOffset.compactMap { position, ticks in
      guard let function = functions[position.address], let observed = described[position.address]
      else { return nil as ExecutionProfile.InstructionTicks? }
      return ExecutionProfile.InstructionTicks(
        function: observed, codeOffset: position.pc,
        bodyOffset: position.pc - function.bodyOffset, ticks: ticks)
    }.sorted(by: Self.hotter)
    stacks.sort { a, b in
      a.frames.lexicographicallyPrecedes(b.frames, by: Self.precedes)
    }
    return ExecutionProfile(
      totalTicks: total, functions: functionTicks, instructions: instructions, stacks: stacks)
  }

  /// More self ticks first, then more total ticks, then ``precedes(_:_:)``.
  static func hotter(_ a: ExecutionProfile.FunctionTicks, _ b: ExecutionProfile.FunctionTicks)
    -> Bool
  {
    if a.selfTicks != b.selfTicks { return a.selfTicks > b.selfTicks }
    if a.totalTicks != b.totalTicks { return a.totalTicks > b.totalTicks }
    return precedes(a.function, b.function)
  }

  /// More ticks first, then ``precedes(_:_:)``, then the lower offset.
  static func hotter(
    _ a: ExecutionProfile.InstructionTicks, _ b: ExecutionProfile.InstructionTicks
  ) -> Bool {
    if a.ticks != b.ticks { return a.ticks > b.ticks }
    if a.function != b.function { return precedes(a.function, b.function) }
    return a.codeOffset < b.codeOffset
  }

  /// Instance first, then function index: the order of ties.
  static func precedes(_ a: ObservedFunction, _ b: ObservedFunction) -> Bool {
    (a.instanceIndex, a.functionIndex, a.function.address)
      < (b.instanceIndex, b.functionIndex, b.function.address)
  }
}
