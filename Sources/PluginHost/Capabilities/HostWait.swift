import Foundation
import WasmVM

/// What a host import that suspends waits for: WasmVM suspends the call
/// (``SuspendedHostCall``), the host derives its wait from the call's arguments and answers the
/// call with ``answer`` once the wait is over. ``PluginHost`` blocks its thread for it;
/// ``AsyncPluginHost`` parks the call without holding a thread.
enum HostWait: Sendable, Hashable {
  /// `clock.sleep`: until `deadline` on `timeline`, `milliseconds` after the call. Data, so
  /// that a call paused while sleeping can take up the same deadline when resumed.
  case sleep(until: UInt64, milliseconds: UInt64, on: SleepTimeline)
  /// An `async` capability function running (or done), whose results answer the call.
  case task(AsyncAnswer)

  /// What the suspended call returns once the wait is over.
  var answer: Result<[Value], Trap> {
    switch self {
    case .sleep: .success([])
    case .task(let task): task.result ?? .failure(Trap(.host("host call ended before it answered")))
    }
  }

  /// Answers `execution` (suspended on this wait's call) with ``answer``.
  func resume(_ execution: Execution) {
    switch answer {
    case .success(let results): try? execution.resume(returning: results)
    case .failure(let trap): try? execution.resume(throwing: trap)
    }
  }

  /// Whether there is nothing left to wait for.
  var isOver: Bool {
    switch self {
    case .sleep(let deadline, _, let timeline): timeline.now >= deadline
    case .task(let task): task.result != nil
    }
  }

  /// The virtual clock and deadline of a sleep on one, which the async host's scheduler waits
  /// on itself (``CallScheduler``); `nil` for any other wait.
  var virtualDeadline: (clock: VirtualClock, deadline: UInt64)? {
    guard case .sleep(let deadline, _, .virtual(let clock)) = self else { return nil }
    return (clock, deadline)
  }

  /// Waits on the calling thread (an `async` function runs on a thread of its own meanwhile).
  /// A sleep on a virtual clock moves the clock to its deadline: the synchronous host runs one
  /// call at a time, so nothing else could happen meanwhile.
  func block() {
    switch self {
    case .sleep(let deadline, _, .virtual(let clock)):
      clock.advance(to: deadline)
    case .sleep(let deadline, _, let timeline):
      while true {
        let left = timeline.realDuration(until: deadline)
        guard left > .zero else { return }
        let (seconds, attoseconds) = left.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
      }
    case .task(let task): task.block()
    }
  }

  /// Waits without holding a thread; an `async` function starts on `executor`. (A sleep on a
  /// virtual clock never gets here: the scheduler wakes it when time moves.)
  /// - Throws: `CancellationError` when the task is cancelled first (an `async` function goes
  ///   on running, and answers the call when it is resumed).
  func wait(on executor: any TaskExecutor) async throws {
    switch self {
    case .sleep(let deadline, _, .virtual(let clock)):
      clock.advance(to: deadline)
    case .sleep(let deadline, _, let timeline):
      try await Task.sleep(for: timeline.realDuration(until: deadline))
    case .task(let task):
      task.start(on: executor)
      try await task.finished()
    }
  }
}

/// The host imports that suspend, by the store address of the function each plugin got, with
/// the context they act for: how a host turns a ``SuspendedHostCall`` into a ``HostWait``.
final class HostWaits {
  typealias Wait = @Sendable (CapabilityCall, [Value]) throws(Trap) -> HostWait
  private var byAddress: [Int: (wait: Wait, call: CapabilityCall)] = [:]

  func register(address: Int, _ wait: @escaping Wait, _ call: CapabilityCall) {
    byAddress[address] = (wait, call)
  }

  /// The wait for `call`, from its arguments as they are now (a sleep ends `ms` from now).
  /// - Throws: a trap when the call is not to a host import that suspends, or its arguments
  ///   are refused.
  func wait(for call: SuspendedHostCall) throws(Trap) -> HostWait {
    guard let entry = byAddress[call.function.address] else {
      throw Trap(.host("host call \(call.name) suspended, which this host cannot answer"))
    }
    return try entry.wait(entry.call, call.arguments)
  }
}
