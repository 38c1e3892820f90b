import WasmVM

/// One call an ``AsyncPluginHost`` is running: from `call` or `resume` until it completes,
/// traps or pauses (its budget spent, or its task cancelled).
final class AsyncCall {
  let call: PendingCall
  /// Ticks it may still use in this `call`/`resume`.
  var budgetLeft: UInt64
  /// Where it stands; see ``Phase``.
  var phase = Phase.starting
  /// The task of `call`/`resume` asked to stop: the call pauses at its next chance.
  var cancelled = false
  /// Someone waits for the outcome (``AsyncPluginHost/outcome(of:)`` or
  /// ``AsyncPluginHost/run(_:then:)`` was called).
  var claimed = false
  /// Receives the outcome, once someone waits for it.
  var completion: (@Sendable (CallOutcome) -> Void)?
  /// The task waiting on a host call's wait (a sleep), while ``phase`` is `waiting`.
  var waitTask: Task<Void, Never>?

  enum Phase: Equatable {
    /// Registered, nobody waiting for the outcome yet.
    case starting
    /// In the ready queue, to run its next slice.
    case ready
    /// Suspended on a host call whose wait is in progress; `token` tells its answer from a
    /// stale one.
    case waiting(token: UInt64)
  }

  init(_ call: PendingCall, budget: UInt64) {
    self.call = call
    self.budgetLeft = budget
  }
}

/// The state of an ``AsyncPluginHost``, guarded by its mutex: the synchronous host, the calls
/// in flight and the ready queue that schedules them.
///
/// The rule: calls ready to run wait in one first-in, first-out queue. The host runs the call
/// at its head for one slice (at most `sliceTicks` ticks, fewer when its budget has less left),
/// then puts it at the back if it can go on. A call that suspends on a host call (`clock.sleep`)
/// leaves the queue while it waits and joins at the back when the wait is over. So every ready
/// call gets one slice per round, and slices run one at a time.
///
/// Sleeps on a ``VirtualClock`` are the scheduler's own: it keeps the sleeping calls by
/// deadline (then by when they went to sleep), and when the queue is empty, no call waits on an
/// `async` function and time is not held (``holdsVirtualTime``), it moves the clock to the
/// earliest deadline and queues every call sleeping until then, in that order. No task or real
/// time is involved, so calls interleave the same way in every run.
struct CallScheduler {
  let host: PluginHost
  let sliceTicks: UInt64
  /// Calls in flight by id.
  var calls: [PausedCallID: AsyncCall] = [:]
  /// Calls ready for a slice, oldest first; `readyStart` indexes the head.
  var ready: [AsyncCall] = []
  var readyStart = 0
  /// A task is running slices.
  var draining = false
  /// Virtual time stands still (``AsyncPluginHost/holdsVirtualTime``), except while a call
  /// of ``timeRunsFor`` is in flight.
  var holdsVirtualTime = false
  /// Calls for which held time moves until each has ended or paused
  /// (``AsyncPluginHost/letVirtualTimeRun(for:)``).
  var timeRunsFor: Set<PausedCallID> = []
  /// The calls sleeping on a ``VirtualClock``, by deadline and then token (the order they went
  /// to sleep in).
  private var sleepers: [Sleeper] = []
  private var lastToken: UInt64 = 0

  /// A call sleeping on a virtual clock until `deadline`.
  private struct Sleeper {
    var deadline: UInt64
    var token: UInt64
    var id: PausedCallID
    var clock: VirtualClock

    /// The clock is at or past the deadline.
    var isDue: Bool { clock.nanoseconds >= deadline }

    func precedes(_ other: Sleeper) -> Bool {
      (deadline, token) < (other.deadline, other.token)
    }
  }

  init(host: PluginHost, sliceTicks: UInt64) {
    self.host = host
    self.sliceTicks = sliceTicks
  }

  /// What the host must start after leaving the mutex.
  enum Effect {
    /// A task that runs slices until the queue is empty.
    case drain
    /// A task that waits, then answers the call (identified by id and token).
    case wait(PausedCallID, token: UInt64, HostWait)
  }

  /// Someone waits for the outcome of `id` through `completion`; the call starts (or pauses at
  /// once if it was asked to pause already).
  mutating func begin(_ id: PausedCallID, _ completion: @escaping @Sendable (CallOutcome) -> Void)
    -> [Effect]
  {
    guard let job = calls[id] else {
      completion(.trapped(Trap(.host("call \(id) vanished")), ticks: 0))
      return []
    }
    job.completion = completion
    if job.cancelled {
      pause(job)
      return []
    }
    if let request = job.call.execution.suspendedHostCall {
      // Resumed while waiting: finish the wait it was in.
      return startWait(job, request) + moveVirtualTimeIfParked()
    }
    return enqueue(job)
  }

  /// The task of `id` was cancelled (or the app asked it to pause): the call pauses now if it
  /// is queued or waiting (it is never mid-slice, since slices run under the same mutex), or as
  /// soon as it starts.
  mutating func cancel(_ id: PausedCallID) -> [Effect] {
    guard let job = calls[id] else { return [] }
    job.cancelled = true
    switch job.phase {
    case .starting: return []
    case .ready:
      if let index = ready[readyStart...].firstIndex(where: { $0 === job }) {
        ready.remove(at: index)
      }
    case .waiting(let token):
      job.waitTask?.cancel()
      job.waitTask = nil
      sleepers.removeAll { $0.token == token }
    }
    pause(job)
    // A call that waited on an `async` function may have been all that kept time still.
    return moveVirtualTimeIfParked()
  }

  /// Whether no call is ready to run or running: every call in flight waits (on a sleep or an
  /// `async` capability function), and every outcome so far has been handed over.
  var isIdle: Bool { readyStart >= ready.count && !draining }

  /// Runs one slice of the call at the head of the queue.
  /// - Returns: what to start, or `nil` when the queue is empty (draining stops).
  mutating func runNextSlice() -> [Effect]? {
    guard readyStart < ready.count else {
      ready.removeAll(keepingCapacity: true)
      readyStart = 0
      if wakeVirtualSleepers() { return [] }
      draining = false
      return nil
    }
    let job = ready[readyStart]
    readyStart += 1
    if readyStart > 1024, readyStart * 2 > ready.count {
      ready.removeFirst(readyStart)
      readyStart = 0
    }
    guard host.plugin(named: job.call.plugin)?.instance === job.call.instance else {
      finish(job, .trapped(Self.gone(job.call), ticks: job.call.ticksUsed))
      return []
    }
    let execution = job.call.execution
    let (result, stop, _) = host.debugSlice(
      execution, io: job.call.io, ticks: min(sliceTicks, job.budgetLeft),
      recording: job.call.recording)
    job.budgetLeft -= execution.lastSliceTicks
    job.call.stop = nil
    job.call.budgetLeft = nil
    if let stop, result == .paused {
      // A breakpoint: the call pauses with what is left of its budget.
      job.call.stop = stop
      job.call.budgetLeft = job.budgetLeft
      host.startRecording(job.call)
      pause(job)
      return []
    }
    switch result {
    case .completed(let values):
      finish(job, .completed(values: values, ticks: job.call.ticksUsed))
    case .trapped(let trap):
      finish(job, .trapped(trap, ticks: job.call.ticksUsed))
    case .paused:
      if job.budgetLeft == 0 || job.cancelled {
        pause(job)
      } else {
        return enqueue(job)
      }
    case .suspended(let request):
      return startWait(job, request)
    }
    return []
  }

  /// A wait is over: answers the suspended call and queues it, unless the answer is stale (the
  /// call was paused, or is waiting on another call by now).
  mutating func answer(_ id: PausedCallID, token: UInt64, _ wait: HostWait) -> [Effect] {
    guard let job = calls[id], job.phase == .waiting(token: token) else { return [] }
    job.waitTask = nil
    job.call.wait = nil
    wait.resume(job.call.execution)
    return enqueue(job)
  }

  /// Records the task waiting on `id`'s wait, if that wait is still the current one.
  mutating func attach(_ task: Task<Void, Never>, to id: PausedCallID, token: UInt64) {
    guard let job = calls[id], job.phase == .waiting(token: token) else {
      task.cancel()
      return
    }
    job.waitTask = task
  }

  /// Starts the wait of the host call `job` is suspended on: answered at once when there is
  /// nothing to wait for (a sleep of 0 ms or one already over), else by a task.
  private mutating func startWait(_ job: AsyncCall, _ request: SuspendedHostCall) -> [Effect] {
    let wait: HostWait
    do throws(Trap) {
      if let current = job.call.wait {
        wait = current
      } else {
        wait = try host.waits.wait(for: request)
      }
    } catch {
      try? job.call.execution.resume(throwing: error)
      return enqueue(job)
    }
    job.call.wait = wait
    if wait.isOver {
      job.call.wait = nil
      wait.resume(job.call.execution)
      return enqueue(job)
    }
    lastToken += 1
    job.phase = .waiting(token: lastToken)
    if let (clock, deadline) = wait.virtualDeadline {
      let sleeper = Sleeper(deadline: deadline, token: lastToken, id: job.call.id, clock: clock)
      // Insert after every sleeper it does not precede: a binary search keeps the order.
      var low = 0
      var high = sleepers.count
      while low < high {
        let middle = (low + high) / 2
        if sleepers[middle].precedes(sleeper) { low = middle + 1 } else { high = middle }
      }
      sleepers.insert(sleeper, at: low)
      return []
    }
    return [.wait(job.call.id, token: lastToken, wait)]
  }

  /// Whether virtual time may move now: it is not held, someone sleeps on it, and every other
  /// call in flight is parked too (none is ready or waits on an `async` function).
  private var virtualTimeCanMove: Bool {
    guard !holdsVirtualTime || !timeRunsFor.isEmpty, !sleepers.isEmpty,
      readyStart >= ready.count
    else { return false }
    // A call time runs for that has not begun yet is about to run: time waits for it.
    if timeRunsFor.contains(where: { calls[$0]?.phase == .starting }) { return false }
    return !calls.values.contains { job in
      guard case .waiting = job.phase, case .task? = job.call.wait else { return false }
      return true
    }
  }

  /// Moves virtual time to the earliest deadline and queues the calls sleeping until then,
  /// in the order they went to sleep, when ``virtualTimeCanMove``.
  /// - Returns: whether any call was queued.
  /// Calls whose deadline the clock passed by other means (moved by hand) wake even while time
  /// is held.
  private mutating func wakeVirtualSleepers() -> Bool {
    guard let first = sleepers.first, first.isDue || virtualTimeCanMove else { return false }
    first.clock.advance(to: first.deadline)
    let now = first.clock.nanoseconds
    let due = sleepers.prefix { $0.deadline <= now }
    sleepers.removeFirst(due.count)
    for sleeper in due {
      guard let job = calls[sleeper.id], job.phase == .waiting(token: sleeper.token) else {
        continue
      }
      let wait = job.call.wait
      job.call.wait = nil
      wait?.resume(job.call.execution)
      job.phase = .ready
      ready.append(job)
    }
    return true
  }

  /// Starts a drain when virtual time can move and no drain runs, so that the sleepers wake.
  mutating func moveVirtualTimeIfParked() -> [Effect] {
    guard !draining, virtualTimeCanMove || sleepers.first?.isDue == true else { return [] }
    draining = true
    return [.drain]
  }

  private mutating func enqueue(_ job: AsyncCall) -> [Effect] {
    job.phase = .ready
    ready.append(job)
    guard !draining else { return [] }
    draining = true
    return [.drain]
  }

  /// Ends the waiting calls whose plugin was unloaded or reloaded (by ``AsyncPluginHost/withHost(_:)``)
  /// with ``gone(_:)``; calls waiting for their turn end so before their next slice.
  mutating func endCallsIntoRetiredPlugins() {
    for job in calls.values
    where host.plugin(named: job.call.plugin)?.instance !== job.call.instance {
      guard case .waiting(let token) = job.phase else { continue }
      job.waitTask?.cancel()
      job.waitTask = nil
      sleepers.removeAll { $0.token == token }
      finish(job, .trapped(Self.gone(job.call), ticks: job.call.ticksUsed))
    }
  }

  /// The trap of a call whose plugin was unloaded or reloaded while the call was in flight.
  static func gone(_ call: PendingCall) -> Trap {
    Trap(
      .host(
        "plugin \"\(call.plugin)\" was unloaded or reloaded while \(call.snapshot.target) "
          + "was running"))
  }

  /// Ends the call with `outcome`, handing it to its caller.
  private mutating func finish(_ job: AsyncCall, _ outcome: CallOutcome) {
    if case .paused = outcome {} else { host.dropRecording(of: job.call) }
    calls[job.call.id] = nil
    timeRunsFor.remove(job.call.id)
    job.completion?(outcome)
    job.completion = nil
  }

  /// Files the call in the host's registry as paused (resumable) and hands that to its caller.
  private mutating func pause(_ job: AsyncCall) {
    finish(job, .paused(host.park(job.call)))
  }
}
