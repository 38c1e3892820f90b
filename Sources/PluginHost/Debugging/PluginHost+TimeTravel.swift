import WasmVM

/// A point in a paused call's history (see ``PluginHost/history(of:)``).
public struct CallHistoryPoint: Hashable, Sendable {
  /// Instructions run since the history started (0 is its first point).
  public var instructions: Int
  /// The call's ticks there (``PausedCall/ticksUsed``).
  public var ticks: UInt64
  /// The innermost frame there, with its plugin and next instruction; `nil` when unknown.
  public var frame: PausedCallFrame?
  /// Whether a checkpoint is kept there (going back restores the newest checkpoint at or
  /// before the target, then runs forward again).
  public var isCheckpoint: Bool
}

/// What a paused call's history holds (``PluginHost/history(of:)``).
public struct CallHistory: Hashable, Sendable {
  /// Where the call is now.
  public var current: CallHistoryPoint
  /// The earliest instruction count going back reaches.
  public var earliest: Int
  /// The points of the last few instructions and the checkpoints, oldest first, the current
  /// point last.
  public var points: [CallHistoryPoint]
  /// The checkpoints kept.
  public var checkpoints: Int
  /// The capability calls logged (answered from the log when the call runs there again).
  public var hostCalls: Int
  /// The bytes the checkpoints and the log keep.
  public var bytes: Int

  /// How many instructions ``PluginHost/back(_:_:)`` can go back.
  public var reach: Int { current.instructions - earliest }
}

/// Time travel: ``back(_:_:)`` takes a paused call back any number of instructions, within the
/// history the host records of it, and ``history(of:)`` lists where it can go.
///
/// A call is recorded from the first time the debugger stops it (a breakpoint, or a step
/// starting), until it ends: WasmVM's ``ExecutionHistory`` keeps checkpoints of its execution
/// and of the guest state (``Configuration/history`` says how many), and the host logs every
/// capability call it makes, with the results and the guest-memory writes. Going back
/// restores the newest checkpoint before the target in place (the call keeps its id) and runs
/// forward again to it, answering capability calls from the log: nothing is asked of the
/// capabilities again, so log lines and `kv` writes are not repeated, and the clock reads what
/// it read. Ticks rewind with the position (``PausedCall/ticksUsed``, and the budget left
/// grows by what was given back), so a call stepped, taken back and resumed ends with the
/// result and tick total of a run without the debugger. What the capabilities did to the host
/// world is not undone: `kv` contents and log lines stay; past the log's frontier capabilities
/// are called again.
///
/// One call has a history at a time: stopping another, or running any other call's slice
/// (which may change the memory they share), drops it. A call that sleeps or waits on an
/// `async` capability starts its history again after the wait. Recording runs the call one
/// tick at a time; calls nobody debugs pay nothing.
extension PluginHost {
  /// Takes paused call `id` back `count` instructions (an instruction is what
  /// ``step(_:_:budget:)`` counts), so that it stands where it stood then: stack, memory,
  /// globals, tables and ticks. It stays paused, stopped by the debugger.
  /// - Returns: the call as it is now.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``, ``PluginHostError/noHistory(_:)``
  ///   for a call not recorded, ``PluginHostError/timeTravel(_:)`` for a count < 1, one past
  ///   the history's reach, or a call waiting on a host call.
  @discardableResult
  public func back(_ id: PausedCallID, _ count: Int) throws(PluginHostError) -> PausedCall {
    guard let call = registry.call(id) else { throw .unknownPausedCall(id) }
    guard let recording = call.recording else { throw .noHistory(id) }
    let before = call.ticksUsed
    do {
      try currentCall.sliceLock.withAccess { () throws(HistoryError) in
        currentCall.buffers = call.io
        currentCall.recording = recording
        defer {
          currentCall.buffers = nil
          currentCall.recording = nil
        }
        try recording.history.back(count) { point in recording.replay(from: point.instructions) }
      }
    } catch {
      // A run forward that went elsewhere leaves a history that is no guide any more.
      if case .diverged = error { dropRecording(of: call) }
      throw .timeTravel(error)
    }
    let given = before - min(before, call.ticksUsed)
    if call.stop != nil { call.stop = .stepped }
    call.budgetLeft = call.budgetLeft.map { $0 + given }
    return call.snapshot
  }

  /// Paused call `id`'s history: where it is, how far back it can go, the last few points
  /// and the checkpoints.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``, ``PluginHostError/noHistory(_:)``.
  public func history(of id: PausedCallID) throws(PluginHostError) -> CallHistory {
    guard let call = registry.call(id) else { throw .unknownPausedCall(id) }
    guard let recording = call.recording else { throw .noHistory(id) }
    let history = recording.history
    var modules: [Fingerprint: Module] = [:]
    func point(_ point: HistoryPoint, checkpoint: Bool) -> CallHistoryPoint {
      var frame: PausedCallFrame?
      if let paused = point.frame {
        let fingerprint = paused.moduleFingerprint
        if modules[fingerprint] == nil {
          modules[fingerprint] = try? recordedModule(fingerprint, plugin: call.plugin)
        }
        if let module = modules[fingerprint] { frame = describe(paused, in: module) }
      }
      return CallHistoryPoint(
        instructions: point.instructions, ticks: point.ticks, frame: frame,
        isCheckpoint: checkpoint)
    }
    let checkpoints = history.checkpointPoints
    let marked = Set(checkpoints.map(\.instructions))
    var byCount: [Int: HistoryPoint] = [:]
    for each in checkpoints + history.recentPoints { byCount[each.instructions] = each }
    let points = byCount.keys.sorted().compactMap { count in
      byCount[count].map { point($0, checkpoint: marked.contains(count)) }
    }
    return CallHistory(
      current: point(history.current, checkpoint: marked.contains(history.instructions)),
      earliest: history.earliest, points: points, checkpoints: checkpoints.count,
      hostCalls: recording.entries.count, bytes: history.bytes + recording.byteCount)
  }

  /// Starts `call`'s history where it stands, unless it has one: the debugger stopped it, or
  /// a step starts. Drops any other call's. A call partway through an instruction starts
  /// when it next stops.
  func startRecording(_ call: PendingCall) {
    guard call.recording == nil else { return }
    guard
      let history = try? ExecutionHistory(
        recording: call.execution, limits: configuration.history)
    else { return }
    dropRecording()
    call.recording = CallRecording(history)
    recordedCall = call
  }

  /// Drops `call`'s history, if it has one.
  func dropRecording(of call: PendingCall) {
    guard call.recording != nil else { return }
    call.recording = nil
    if recordedCall === call { recordedCall = nil }
  }

  /// Drops the history of the call that has one.
  func dropRecording() {
    recordedCall?.recording = nil
    recordedCall = nil
  }
}
