import WasmVM

/// A ``PluginHost`` for Swift concurrency: calls are `async`, run off the caller's executor in
/// slices, wait on `clock.sleep` without holding a thread, and pause when their task is
/// cancelled.
///
/// All plugins of a host share one WasmVM store, so slices run one at a time; calls progress
/// concurrently by taking turns, under a fair rule: calls ready to run wait in one first-in,
/// first-out queue, the call at its head runs one slice of at most ``sliceTicks`` ticks and
/// goes to the back if it can go on, and a call that sleeps leaves the queue and joins at the
/// back when it wakes. So each ready call gets one slice per round, whichever plugin it calls,
/// and two calls (into the same plugin or not) never run at the same time. Slices run on a
/// thread of the host's own (never the caller's executor, nor Swift's cooperative pool, which
/// a plugin could otherwise starve, or an app waiting synchronously for a call could starve the
/// host of), yielding between slices so that other calls and ``withHost(_:)`` get their turn.
///
/// A call whose task is cancelled pauses at its next slice boundary (at once if it is waiting
/// to run or sleeping) and returns ``CallOutcome/paused(_:)``: it stays resumable with
/// ``resume(_:budget:)``, and its ticks in all add up to those of an uninterrupted call. A
/// call cancelled while sleeping keeps its deadline.
///
/// ```swift
/// let host = AsyncPluginHost()
/// try host.load([PluginSource(file: URL(fileURLWithPath: "plugins/ticker.wat"))])
/// let outcome = try await host.call("ticker", "run", [.i32(3), .i64(100)], budget: 1_000_000)
/// ```
public final class AsyncPluginHost: Sendable {
  /// The most ticks a call runs before the next ready call gets its turn.
  public let sliceTicks: UInt64
  private let state: Locked<CallScheduler>
  /// The thread slices run on.
  private let executor = HostExecutor(name: "wasbox AsyncPluginHost")

  /// A host with no plugins.
  /// - Parameters:
  ///   - configuration: as for ``PluginHost/init(configuration:)``.
  ///   - sliceTicks: the most ticks one call runs before the next gets its turn (at least
  ///     1). Smaller slices share the host more finely, larger ones switch less often; the
  ///     default, 10,000, is some tens of microseconds of guest work.
  public convenience init(
    configuration: PluginHost.Configuration = .init(), sliceTicks: UInt64 = 10_000
  ) {
    self.init(host: PluginHost(configuration: configuration), sliceTicks: sliceTicks)
  }

  /// A host running the plugins and paused calls of `host` (one restored from a snapshot, say),
  /// which it takes over: use `host` only through ``withHost(_:)`` from now on.
  public init(host: sending PluginHost, sliceTicks: UInt64 = 10_000) {
    self.sliceTicks = max(1, sliceTicks)
    state = Locked(CallScheduler(host: host, sliceTicks: max(1, sliceTicks)))
  }

  /// Runs `body` with the synchronous host, between slices: to load, unload or reload plugins,
  /// read ``PluginHost/plugins`` or ``PluginHost/pausedCalls``, or cancel a paused call.
  ///
  /// `body` blocks other calls for as long as it runs, so keep it short; do not keep the host
  /// beyond it. Calls made through it run synchronously (``PluginHost/call(_:_:_:budget:)``
  /// blocks through sleeps). Calls in flight are not in ``PluginHost/pausedCalls`` (only paused
  /// ones are): one whose plugin is unloaded or reloaded meanwhile traps, at once if it is
  /// sleeping, else before its next slice.
  public func withHost<Result, Failure: Error>(
    _ body: (PluginHost) throws(Failure) -> sending Result
  ) throws(Failure) -> sending Result {
    var effects: [CallScheduler.Effect] = []
    defer { perform(effects) }
    return try state.withLock {
      (scheduler: inout CallScheduler) throws(Failure) -> sending Result in
      defer {
        scheduler.endCallsIntoRetiredPlugins()
        effects = scheduler.moveVirtualTimeIfParked()
      }
      return try body(scheduler.host)
    }
  }

  /// Whether time on the host's ``VirtualClock`` stands still (default `false`): while it
  /// does, calls run until they sleep, and sleeping calls wake only when it is released. An
  /// app that steps a simulation, or the REPL between the commands of a script, holds it so
  /// that sleeping calls move only when it says. Without a virtual clock it changes nothing.
  /// Setting it ends every ``letVirtualTimeRun(for:)``.
  public var holdsVirtualTime: Bool {
    get { state.withLock { $0.holdsVirtualTime } }
    set {
      perform(
        state.withLock { scheduler in
          scheduler.holdsVirtualTime = newValue
          scheduler.timeRunsFor = []
          return scheduler.moveVirtualTimeIfParked()
        })
    }
  }

  /// Calls `plugin`'s export `export` for at most `budget` ticks in all, taking turns with the
  /// other calls (see ``AsyncPluginHost``).
  ///
  /// - Returns: `.completed` or `.trapped`, or `.paused` when the budget ran out or the task
  ///   was cancelled; a paused call waits in the host's registry for ``resume(_:budget:)``.
  /// - Throws: ``PluginHostError`` when the plugin or export does not exist or the arguments do
  ///   not match; no guest code ran then.
  public func call(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], budget: UInt64
  ) async throws(PluginHostError) -> CallOutcome {
    let id = try start(plugin, export, arguments, budget: budget)
    return try await outcome(of: id)
  }

  /// Calls `export` with `input` for at most `budget` ticks in all, as
  /// ``PluginHost/call(_:_:_:input:budget:)-([UInt8])`` does, taking turns as
  /// ``call(_:_:_:budget:)`` does: the result carries the output the plugin wrote.
  /// - Throws: as ``call(_:_:_:budget:)``, and
  ///   ``PluginHostError/inputTooLarge(plugin:export:bytes:limit:)``.
  public func call(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], input: [UInt8], budget: UInt64
  ) async throws(PluginHostError) -> CallResult {
    let id = try start(plugin, export, arguments, input: input, budget: budget)
    return try await result(of: id)
  }

  /// Calls `export` with the UTF-8 bytes of `input`, as
  /// ``call(_:_:_:input:budget:)-([UInt8])`` does.
  public func call(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], input: String, budget: UInt64
  ) async throws(PluginHostError) -> CallResult {
    try await call(plugin, export, arguments, input: Array(input.utf8), budget: budget)
  }

  /// Calls `export` with `input` encoded as JSON, as
  /// ``PluginHost/call(_:_:_:json:budget:)`` does.
  public func call<Input: Encodable>(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], json input: Input,
    budget: UInt64
  ) async throws -> CallResult {
    try await call(plugin, export, arguments, input: try PluginHost.json(input), budget: budget)
  }

  /// Continues a paused call as ``resume(_:budget:)`` does, returning its output with the
  /// outcome.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func resumeWithOutput(_ id: PausedCallID, budget: UInt64) async throws(PluginHostError)
    -> CallResult
  {
    try start(resuming: id, budget: budget)
    return try await result(of: id)
  }

  /// Continues a paused call for at most `budget` more ticks, as ``call(_:_:_:budget:)`` runs
  /// a new one. A call paused while sleeping sleeps until its deadline first.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func resume(_ id: PausedCallID, budget: UInt64) async throws(PluginHostError)
    -> CallOutcome
  {
    try start(resuming: id, budget: budget)
    return try await outcome(of: id)
  }

  /// Checks a call and registers it under a fresh id, without running it yet: for an app that
  /// wants the id first (to show or list the call), or that is not `async` itself. It runs once
  /// ``outcome(of:)`` or ``result(of:)`` is awaited or ``run(_:then:)`` called. `input` is what
  /// the plugin reads through the `io` capability.
  /// - Throws: as ``call(_:_:_:budget:)`` does, before registering anything.
  public func start(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], input: [UInt8] = [],
    budget: UInt64
  ) throws(PluginHostError) -> PausedCallID {
    try state.withLock { scheduler throws(PluginHostError) in
      let call = try scheduler.host.start(plugin, export, arguments, input: input)
      scheduler.calls[call.id] = AsyncCall(call, budget: budget)
      return call.id
    }
  }

  /// Takes a paused call out of the registry for `budget` more ticks, without running it yet,
  /// as ``start(_:_:_:budget:)`` registers a new one.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func start(resuming id: PausedCallID, budget: UInt64) throws(PluginHostError) {
    try state.withLock { scheduler throws(PluginHostError) in
      guard let call = scheduler.host.registry.remove(id) else { throw .unknownPausedCall(id) }
      scheduler.calls[id] = AsyncCall(call, budget: budget)
    }
  }

  /// Runs a started call to its end, as ``call(_:_:_:budget:)`` does: cancelling the task
  /// pauses it.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)`` when `id` is not a started call that
  ///   nobody waits for yet.
  public func outcome(of id: PausedCallID) async throws(PluginHostError) -> CallOutcome {
    try await result(of: id).outcome
  }

  /// Runs a started call to its end, as ``outcome(of:)`` does, returning the output it wrote
  /// with the outcome.
  /// - Throws: as ``outcome(of:)``.
  public func result(of id: PausedCallID) async throws(PluginHostError) -> CallResult {
    let call = try claim(id)
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        perform(state.withLock { $0.begin(id) { continuation.resume(returning: $0) } })
      }
    } onCancel: {
      perform(state.withLock { $0.cancel(id) })
    }
    return state.withLock { _ in call.call.result(outcome) }
  }

  /// Runs a started call to its end without awaiting it, handing the outcome to `completion`
  /// (on the host's thread; keep it short). For apps that are not `async`; ``pause(_:)`` plays
  /// the part of cancellation.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)`` when `id` is not a started call that
  ///   nobody waits for yet.
  public func run(
    _ id: PausedCallID, then completion: @escaping @Sendable (CallOutcome) -> Void
  ) throws(PluginHostError) {
    try claim(id)
    perform(state.withLock { $0.begin(id, completion) })
  }

  /// Runs a started call to its end without awaiting it, as ``run(_:then:)`` does, handing
  /// `completion` the output with the outcome.
  /// - Throws: as ``run(_:then:)``.
  public func runWithOutput(
    _ id: PausedCallID, then completion: @escaping @Sendable (CallResult) -> Void
  ) throws(PluginHostError) {
    let claimed = try claim(id)
    // The completion runs under the host's mutex, after the call's last slice.
    perform(state.withLock { $0.begin(id) { completion(claimed.call.result($0)) } })
  }

  /// Asks a call in flight to pause, as cancelling its task does: at once if it is waiting for
  /// its turn or sleeping, else at the end of its slice. Its outcome is then `.paused`. Does
  /// nothing for an id that is not in flight.
  public func pause(_ id: PausedCallID) {
    perform(state.withLock { $0.cancel(id) })
  }

  deinit { executor.stop() }

  /// Loads plugins as ``PluginHost/load(_:)-([PluginSource])`` does (one batch, dependencies
  /// first, all or nothing), between slices.
  /// - Returns: their names, in the order they were linked.
  @discardableResult
  public func load(_ sources: [PluginSource]) throws(PluginHostError) -> [String] {
    try withHost { host throws(PluginHostError) in try host.load(sources).map(\.name) }
  }

  /// Whether no call is ready to run or running right now: every call in flight is waiting (on
  /// `clock.sleep` or an `async` capability function), and every call that ended or paused has
  /// handed over its outcome. A script that waits for this between steps sees background calls
  /// reach the same points whatever the threads' timing (with a ``VirtualClock`` whose time
  /// is held, sleeps too: nothing then happens in real time but `async` functions).
  public var isIdle: Bool { state.withLock { $0.isIdle } }

  /// Saves the host as ``PluginHost/snapshot()`` does, with every call in flight: between two
  /// slices, so each is at a slice boundary or waiting (on a sleep, saved with the time it
  /// still has to sleep, or on an `async` function, which the restored host calls again when
  /// the call is resumed). The calls go on here undisturbed; in the restored host they are
  /// paused calls whose ``PausedCall/runningBudget`` is the budget they had left, for the app
  /// to resume with.
  /// - Throws: ``PluginHostError/snapshot(_:)``.
  public func snapshot() throws(PluginHostError) -> [UInt8] {
    try state.withLock { scheduler throws(PluginHostError) in
      try scheduler.host.snapshot(
        running: scheduler.calls.values.map { ($0.call, $0.budgetLeft) })
    }
  }

  /// Lets held virtual time (``holdsVirtualTime``) move until each of the calls `ids` in
  /// flight has ended or paused, and no further: a call in the foreground, say, sleeps while
  /// the others go on only as far as its own sleeps take the clock. Ids of calls not in flight
  /// are ignored.
  public func letVirtualTimeRun(for ids: some Sequence<PausedCallID>) {
    perform(
      state.withLock { scheduler in
        scheduler.timeRunsFor.formUnion(ids.filter { scheduler.calls[$0] != nil })
        return scheduler.moveVirtualTimeIfParked()
      })
  }

  /// The calls in flight (started, neither finished nor paused), oldest first.
  public var runningCalls: [RunningCall] {
    state.withLock { scheduler in
      scheduler.calls.values.map(\.call).sorted { $0.id < $1.id }.map { call in
        RunningCall(
          id: call.id, plugin: call.plugin, export: call.export, arguments: call.arguments,
          ticksUsed: call.ticksUsed, waitingOn: call.execution.suspendedHostCall)
      }
    }
  }

  /// Marks `id` as waited for; throws unless it is a started call nobody waits for yet.
  /// - Returns: the call, whose buffers hold its output once it ends (read under the mutex).
  @discardableResult
  private func claim(_ id: PausedCallID) throws(PluginHostError) -> ClaimedCall {
    let claimed = state.withLock { scheduler -> ClaimedCall? in
      guard let job = scheduler.calls[id], job.phase == .starting, !job.claimed else {
        return nil
      }
      job.claimed = true
      return ClaimedCall(job.call)
    }
    guard let claimed else { throw .unknownPausedCall(id) }
    return claimed
  }

  /// Starts what the scheduler asked for, outside the mutex.
  private func perform(_ effects: [CallScheduler.Effect]) {
    for effect in effects {
      switch effect {
      case .drain:
        Task(executorPreference: executor) { await self.drain() }
      case .wait(let id, let token, let wait):
        let task = Task(executorPreference: executor) {
          do {
            try await wait.wait(on: self.executor)
          } catch {
            return  // cancelled: the call was paused, and resuming it starts the wait again
          }
          self.perform(self.state.withLock { $0.answer(id, token: token, wait) })
        }
        state.withLock { $0.attach(task, to: id, token: token) }
      }
    }
  }

  /// Runs slices, one at a time and yielding between them, until no call is ready.
  private func drain() async {
    while let effects = state.withLock({ $0.runNextSlice() }) {
      perform(effects)
      await Task.yield()
    }
  }
}

/// A call handed across the host's mutex so that its output can be read once it ends. Only
/// read under the mutex (``AsyncPluginHost/result(of:)``) or from a completion, which runs
/// under it.
private struct ClaimedCall: @unchecked Sendable {
  let call: PendingCall
  init(_ call: PendingCall) { self.call = call }
}
