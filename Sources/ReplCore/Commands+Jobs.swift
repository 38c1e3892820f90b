import Dispatch
import PluginHost

/// Background calls: `PLUGIN.FUNC ARG... &` (or `bg`), `jobs` and `wait`.
extension ReplSession {
  static let jobCommands: [Command] = [
    Command(
      name: "bg", usage: "PLUGIN.FUNC ARG...",
      summary: "call an exported function in the background",
      arity: 1...Int.max, holdsHost: false,
      run: { session, words in try session.callInBackground(words) }),
    Command(
      name: "jobs", usage: "", summary: "list the background calls still running", arity: 0...0,
      holdsHost: false, run: { session, _ in session.listJobs() }),
    Command(
      name: "wait", usage: "[ID]", summary: "wait for a background call, or for all of them",
      arity: 0...1, holdsHost: false, run: { session, words in try session.wait(words.first) }),
  ]

  /// Whether background calls ended or plugins logged since the last print: the terminal front
  /// end then prints them above the line being edited (``printBackgroundOutput()``).
  public var hasBackgroundOutput: Bool {
    logs.hasUnseen || finished.contains(any: Set(background.keys))
  }

  /// Prints the log lines plugins wrote since the last print, then how each background call
  /// that ended since then did, in the order they ended.
  public func printBackgroundOutput() {
    if settlesBackgroundCalls {
      while !asyncHost.isIdle { finished.wait(milliseconds: 1) }
    }
    // Traced calls first: a capability call's trace line comes before what it logged.
    printTraceHoldingHost()
    flushLogs()
    for (id, outcome) in finished.take(Set(background.keys)) {
      let target = background.removeValue(forKey: id) ?? "call"
      ended.insert(id)
      report(outcome, interrupted: false, label: "\(id) \(target)", output: outputs.take(id))
    }
  }

  /// `bg PLUGIN.FUNC ARG...`: the call, in the background.
  private func callInBackground(_ words: [String]) throws {
    // `argumentWords` keeps how each word was quoted, which the split needs.
    guard let word = argumentWords.first, let (plugin, export) = try splitCall(word) else {
      throw ReplError("\"\(words[0])\" is not PLUGIN.FUNC; e.g. bg ticker.run 3 100")
    }
    try call(plugin: plugin, export: export, words: Array(words.dropFirst()) + ["&"])
  }

  /// Runs the call `id` (started with the host, or `resumed` from a snapshot) and returns at
  /// once; its outcome prints when it ends.
  func runInBackground(_ id: PausedCallID, target: String, resumed: Bool = false) throws {
    let (finished, outputs) = (finished, outputs)
    try asyncHost.runWithOutput(id) {
      outputs.post(id, $0.output)
      finished.post(id, $0.outcome)
    }
    background[id] = target
    print(
      GuestText.escape("\(resumed ? "resumed" : "started") \(id) \(target) in the background")
        + "; \"wait \(id.rawValue)\" waits for it, \"jobs\" lists running calls")
  }

  /// Runs the call `id` (started with the host) and waits for it here, printing log lines as
  /// they come; Ctrl-C pauses it. Then prints how it ended.
  func follow(_ id: PausedCallID, started: UInt64? = nil) throws {
    let (finished, outputs) = (finished, outputs)
    try asyncHost.runWithOutput(id) {
      outputs.post(id, $0.output)
      finished.post(id, $0.outcome)
    }
    asyncHost.letVirtualTimeRun(for: [id])
    var interrupted = false
    while true {
      if let outcome = finished.take(id) {
        printTraceHoldingHost()
        flushLogs()
        report(
          outcome, interrupted: interrupted, label: nil, started: started,
          output: outputs.take(id))
        if case .paused(let call) = outcome, let stop = call.stop, stop != .stepped { showStop(id) }
        return
      }
      printBackgroundOutput()
      if !interrupted, isInterrupted() {
        interrupted = true
        asyncHost.pause(id)
      }
      finished.wait(milliseconds: 20)
    }
  }

  private func listJobs() {
    printBackgroundOutput()
    guard !background.isEmpty else {
      print("no background calls")
      return
    }
    let running = asyncHost.runningCalls.filter { background[$0.id] != nil }
    for call in running { print(GuestText.escape(call.description)) }
  }

  private func wait(_ word: String?) throws {
    var ids = Set(background.keys)
    if let word {
      let id = try pausedID(word)
      guard background[id] != nil else {
        printBackgroundOutput()
        // Ended and printed already: nothing left to wait for.
        if ended.contains(id) { return }
        throw ReplError("no background call \(id); \"jobs\" lists the running ones")
      }
      ids = [id]
    }
    guard !ids.isEmpty else {
      printBackgroundOutput()
      print("no background calls")
      return
    }
    printBackgroundOutput()
    asyncHost.letVirtualTimeRun(for: ids)
    while !ids.isDisjoint(with: background.keys) {
      if isInterrupted() {
        holdVirtualTime()
        print("stopped waiting; the background calls go on (\"jobs\" lists them)")
        return
      }
      finished.wait(milliseconds: 20)
      printBackgroundOutput()
    }
  }
}

/// Outcomes of calls that ended, posted from the host's thread and taken by the session.
final class FinishedCalls: Sendable {
  private let outcomes = Locked<[(PausedCallID, CallOutcome)]>([])
  private let posted = DispatchSemaphore(value: 0)

  func post(_ id: PausedCallID, _ outcome: CallOutcome) {
    outcomes.withLock { $0.append((id, outcome)) }
    posted.signal()
  }

  /// The outcome of `id`, if it ended.
  func take(_ id: PausedCallID) -> CallOutcome? {
    take([id]).first?.1
  }

  /// The outcomes of those of `ids` that ended, in the order they ended.
  func take(_ ids: Set<PausedCallID>) -> [(PausedCallID, CallOutcome)] {
    outcomes.withLock { outcomes in
      let taken = outcomes.filter { ids.contains($0.0) }
      outcomes.removeAll { ids.contains($0.0) }
      return taken
    }
  }

  func contains(any ids: Set<PausedCallID>) -> Bool {
    outcomes.withLock { $0.contains { ids.contains($0.0) } }
  }

  /// Waits until something is posted, or `milliseconds` pass.
  func wait(milliseconds: Int) {
    _ = posted.wait(timeout: .now() + .milliseconds(milliseconds))
  }
}
