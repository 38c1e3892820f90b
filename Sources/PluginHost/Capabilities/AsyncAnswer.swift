import Foundation
import WasmVM

/// One call of an `async` capability function: its body runs once, in a task of its own, and
/// its result answers the suspended call. A call paused meanwhile does not stop the body (which
/// may have effects the app cannot undo); resuming the call waits for the same result.
final class AsyncAnswer: @unchecked Sendable, Hashable {
  private let body: HostCapability.Function.AsyncBody
  /// The call it answers.
  private let call: CapabilityCall
  private let arguments: [Value]
  private let condition = NSCondition()
  /// Guarded by `condition`.
  private var started = false
  private var finishedResult: Result<[Value], Trap>?
  private var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
  private var nextWaiter = 0

  init(
    body: @escaping HostCapability.Function.AsyncBody, call: CapabilityCall, arguments: [Value]
  ) {
    self.body = body
    self.call = call
    self.arguments = arguments
  }

  private var function: String { call.function }

  /// The body's results or the trap it ended with, once it has ended.
  var result: Result<[Value], Trap>? {
    condition.lock()
    defer { condition.unlock() }
    return finishedResult
  }

  /// Starts the body on `executor`, unless it has started. Its memory accesses wait for the
  /// host to be between slices (``SliceLock``).
  func start(on executor: (any TaskExecutor)?) {
    condition.lock()
    defer { condition.unlock() }
    guard !started else { return }
    started = true
    let call = CapabilityCall(
      function: function, context: self.call.context, gate: self.call.context.sliceLock)
    Task(executorPreference: executor) {
      let result: Result<[Value], Trap>
      do {
        result = .success(try await self.body(call, self.arguments))
      } catch {
        result = .failure(Trap.capability(error, in: self.function))
      }
      self.finish(result)
    }
  }

  /// Waits for the body to end.
  /// - Throws: `CancellationError` when the waiting task is cancelled first.
  func finished() async throws {
    let id = condition.withLock { () -> Int in
      nextWaiter += 1
      return nextWaiter
    }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        condition.lock()
        defer { condition.unlock() }
        if finishedResult != nil || Task.isCancelled {
          continuation.resume()
        } else {
          waiters[id] = continuation
        }
      }
      try Task.checkCancellation()
    } onCancel: {
      condition.lock()
      let waiter = waiters.removeValue(forKey: id)
      condition.unlock()
      waiter?.resume(throwing: CancellationError())
    }
  }

  /// Starts the body on a thread of its own, unless it has started, and blocks until it ends:
  /// the synchronous host's way to wait (the thread is never one the body may need).
  func block() {
    let executor = HostExecutor(name: "wasbox capability \(function)")
    defer { executor.stop() }
    start(on: executor)
    condition.lock()
    while finishedResult == nil { condition.wait() }
    condition.unlock()
  }

  private func finish(_ result: Result<[Value], Trap>) {
    condition.lock()
    finishedResult = result
    let ready = waiters
    waiters.removeAll()
    condition.broadcast()
    condition.unlock()
    for waiter in ready.values { waiter.resume() }
  }

  static func == (a: AsyncAnswer, b: AsyncAnswer) -> Bool { a === b }
  func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
