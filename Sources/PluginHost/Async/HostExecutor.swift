import Foundation

/// The thread an ``AsyncPluginHost`` runs its slices on, as a task executor: the host's tasks
/// (the one running slices, and those waiting on sleeps) prefer it, so guest code never
/// occupies the caller's executor or Swift's cooperative pool, and a host makes progress even
/// while every thread of the pool is blocked (by an app waiting synchronously for a call, say).
final class HostExecutor: TaskExecutor, @unchecked Sendable {
  private let condition = NSCondition()
  /// Jobs to run, oldest first; guarded by `condition`.
  private var pending: [UnownedJob] = []
  private var stopped = false

  init(name: String) {
    let thread = Thread { self.loop() }
    thread.name = name
    thread.start()
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    condition.lock()
    pending.append(job)
    condition.signal()
    condition.unlock()
  }

  /// Ends the thread once the jobs already queued have run.
  func stop() {
    condition.lock()
    stopped = true
    condition.signal()
    condition.unlock()
  }

  private func loop() {
    while true {
      condition.lock()
      while pending.isEmpty, !stopped { condition.wait() }
      guard !pending.isEmpty else {
        condition.unlock()
        return
      }
      let batch = pending
      pending.removeAll(keepingCapacity: true)
      condition.unlock()
      for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
  }
}
