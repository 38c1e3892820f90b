/// The wasm frames of an execution as a profiler or a call watcher last saw them, bottom
/// (the entry frame) first, kept up to date between slices of one tick.
///
/// A slice of one tick runs at most one instruction that costs a tick, and only the innermost
/// frame runs: it may replace itself (`return_call`), push a callee or return, and free
/// instructions after it (a function's final `end`) may return from more frames. So every
/// frame below the shorter of the old and new stacks' top is unchanged, and ``sync(_:_:)``
/// compares only from there: constant work per slice whatever the depth.
struct FrameTracker {
  struct Level {
    let function: WasmFunction
    let base: Int
    /// What the user of the tracker keeps for this level (a profiler's call-tree node).
    var node: Int
  }

  /// How the stack changed in one ``sync(_:_:)``.
  enum Change {
    /// `level` left the stack (innermost first); it is at `index` (0: the entry frame).
    case popped(Level, index: Int)
    /// A frame entered at `index`; `parent` is the `node` of the level below it (its
    /// caller), if any. The handler returns the new level's `node`.
    case pushed(WasmFunction, base: Int, index: Int, parent: Int?)
  }

  private(set) var levels: [Level] = []

  /// The levels `execution` holds now: none once it finished or when it has no wasm frames.
  private static func count(_ execution: Execution) -> Int {
    guard execution.phase != .finished, execution.hostEntry == nil,
      !execution.entryFrameExhausted, execution.current != nil
    else { return 0 }
    return execution.frameCount + 1
  }

  private static func frame(_ index: Int, of execution: Execution) -> (WasmFunction, Int)? {
    if index < execution.frameCount {
      let frame = execution.frames[index]
      return (frame.function.takeUnretainedValue(), frame.base)
    }
    guard let current = execution.current else { return nil }
    return (current.takeUnretainedValue(), execution.fp)
  }

  /// Brings ``levels`` up to date with `execution`, telling `handle` what left (innermost
  /// first) and then what entered (outermost first).
  mutating func sync(_ execution: Execution, _ handle: (Change) -> Int) {
    let newCount = Self.count(execution)
    let shared = min(levels.count, newCount)
    var same = max(0, shared - 1)
    while same < shared, let (function, base) = Self.frame(same, of: execution),
      levels[same].function === function, levels[same].base == base
    {
      same += 1
    }
    while levels.count > same {
      let index = levels.count - 1
      _ = handle(.popped(levels.removeLast(), index: index))
    }
    while levels.count < newCount, let (function, base) = Self.frame(levels.count, of: execution) {
      let node = handle(
        .pushed(function, base: base, index: levels.count, parent: levels.last?.node))
      levels.append(Level(function: function, base: base, node: node))
    }
  }
}

extension Execution {
  /// Runs `step` (a slice of one tick) until `ticks` are spent or the execution stops
  /// pausing, then sets ``lastSliceTicks`` to what all of them used, as one
  /// ``run(ticks:)`` of `ticks` would have. `step` returns the slice's result.
  func runInSingleTicks(_ ticks: UInt64, _ step: () -> ExecutionResult) -> ExecutionResult {
    guard ticks > 0 else { return run(ticks: 0) }
    var used: UInt64 = 0
    var result = ExecutionResult.paused
    while used < ticks {
      result = step()
      used += lastSliceTicks
      // A slice of one tick that used none made no progress and never will (the contract
      // says it cannot happen); stopping keeps a broken invariant from looping forever.
      guard case .paused = result, lastSliceTicks > 0 else { break }
    }
    lastSliceTicks = used
    return result
  }
}
