/// One wasm call entering or leaving, as a ``CallWatcher`` saw it.
public enum CallEvent: Hashable, Sendable {
  /// `function` was called with `arguments`; its frame is at `depth` (0: the entry frame).
  case entered(ObservedFunction, arguments: [Value], depth: Int)
  /// `function`, whose frame was at `depth`, returned `results`; `nil` when it left without
  /// returning: a trap unwound it, or it tail-called (`return_call`) the function that
  /// enters next at the same depth.
  case returned(ObservedFunction, results: [Value]?, depth: Int)
}

/// Runs an execution as ``Execution/run(ticks:)`` does while recording every wasm call it
/// enters and leaves, with arguments and results (``takeEvents()``): a tracer's view.
///
/// Calls between wasm functions are direct in the store (no host code runs for them), so it
/// sees them the way ``ExecutionProfiler`` does: it runs the execution in slices of one tick
/// and compares the innermost frames between slices (``FrameTracker``), which changes no
/// result and no tick count and costs the loops nothing when no one watches. A frame that
/// entered holds its arguments as its first locals; one that returned left its results on top
/// of its caller's operand stack (or as the execution's results). The frames that were on the
/// stack when the watcher was made are not reported entering. Host functions are not frames:
/// their calls are the embedder's to observe (it wrote them).
///
/// Like an ``Execution``, a watcher is used from one thread at a time.
public final class CallWatcher {
  /// The execution it runs.
  public let execution: Execution
  private var tracker = FrameTracker()
  private var events: [CallEvent] = []

  /// A watcher of `execution`, from where it stands.
  public init(_ execution: Execution) {
    self.execution = execution
    tracker.sync(execution) { _ in 0 }
  }

  /// The depth of the innermost frame as last seen (-1 when there is none): the depth of the
  /// frame a host call made now comes from.
  public var innermostDepth: Int { tracker.levels.count - 1 }

  /// Runs the execution for at most `ticks` ticks, exactly as ``Execution/run(ticks:)``
  /// would (``Execution/lastSliceTicks`` afterwards counts all of them), recording calls.
  public func run(ticks: UInt64) -> ExecutionResult {
    execution.runInSingleTicks(ticks) {
      let result = execution.run(ticks: 1)
      sync(result)
      return result
    }
  }

  /// The events since the last time, in the order they happened.
  public func takeEvents() -> [CallEvent] {
    defer { events = [] }
    return events
  }

  /// The top `types.count` operands of the innermost frame, typed `types`: what a host
  /// function just answered (``Execution/resume(returning:)``) to the frame that called it.
  /// `nil` when the execution is not paused or has fewer slots.
  public func topOperands(_ types: [ValueType]) -> [Value]? {
    guard !tracker.levels.isEmpty else { return nil }
    return Self.topOperands(types, of: execution)
  }

  /// ``topOperands(_:)``, read from the stacks alone.
  private static func topOperands(_ types: [ValueType], of execution: Execution) -> [Value]? {
    guard execution.phase == .paused, execution.current != nil, execution.sp >= types.count
    else { return nil }
    let start = execution.sp - types.count
    return types.enumerated().map { Value(slot: execution.stack[start + $0], type: $1) }
  }

  private func sync(_ result: ExecutionResult) {
    let store = execution.store
    tracker.sync(execution) { change in
      switch change {
      case .popped(let level, let index):
        let types = level.function.type.results
        let results: [Value]?
        switch result {
        case .completed(let values): results = values
        case .trapped: results = nil
        default:
          // A tail call replaces the frame at the depth where the stacks part.
          if Self.replaced(index, execution) {
            results = nil
          } else {
            results = Self.topOperands(types, of: execution)
          }
        }
        events.append(.returned(store.observed(level.function), results: results, depth: index))
      case .pushed(let function, let base, let index, _):
        let arguments = function.type.parameters.enumerated().map {
          Value(slot: execution.stack[base + $0], type: $1)
        }
        events.append(.entered(store.observed(function), arguments: arguments, depth: index))
      }
      return 0
    }
  }

  /// Whether the frame that left at `index` was replaced by another at the same depth (a
  /// tail call) rather than returning: the execution still has a frame there.
  private static func replaced(_ index: Int, _ execution: Execution) -> Bool {
    index <= execution.frameCount && execution.phase != .finished
  }
}
