import PluginHost
import WasmVM

/// Calling exports, and the budget and paused-call commands.
extension ReplSession {
  static let callCommands: [Command] = [
    Command(
      name: "budget", usage: "[N]", summary: "show or set the default per-call budget in ticks",
      arity: 0...1, run: { session, words in try session.setBudget(words.first) }),
    Command(
      name: "paused", usage: "", summary: "list paused calls", arity: 0...0,
      run: { session, _ in session.listPaused() }),
    Command(
      name: "resume", usage: "ID [N]", summary: "continue a paused call", arity: 1...2,
      holdsHost: false, run: { session, words in try session.resume(words) }),
    Command(
      name: "cancel", usage: "ID", summary: "drop a paused call", arity: 1...1,
      run: { session, words in try session.cancel(words[0]) }),
  ]

  func call(plugin name: String, export: String, words: [String]) throws {
    let plugin = try requirePlugin(name)
    var arguments = words
    let inBackground = arguments.last == "&"
    if inBackground { arguments.removeLast() }
    var callBudget = budget
    if let flag = arguments.firstIndex(of: "--budget") {
      guard flag + 1 < arguments.count else {
        throw ReplError("--budget needs a number of ticks, e.g. --budget 5000")
      }
      callBudget = try ticks(arguments[flag + 1])
      arguments.removeSubrange(flag...(flag + 1))
    }
    guard let type = plugin.exportedFunctions[export] else {
      let available = plugin.exportedFunctions.keys.sorted().joined(separator: ", ")
      throw ReplError(
        "\(name) exports no function \"\(export)\"; its functions: "
          + (available.isEmpty ? "none" : available))
    }
    guard arguments.count == type.parameters.count else {
      throw ReplError(
        "\(name).\(export) takes \(type.parameters.count) argument"
          + (type.parameters.count == 1 ? "" : "s")
          + " \(ValueFormatting.signature(type)), got \(arguments.count)")
    }
    var values: [Value] = []
    for (index, (word, parameterType)) in zip(arguments, type.parameters).enumerated() {
      do {
        values.append(try ValueParsing.parse(word, as: parameterType))
      } catch {
        throw ReplError("argument \(index + 1) of \(name).\(export): \(error.message)")
      }
    }
    let id = try asyncHost.start(name, export, values, budget: callBudget)
    if inBackground {
      try runInBackground(id, target: "\(name).\(export)")
    } else {
      try follow(id)
    }
  }

  /// Prints how a call ended; `label` (`#7 ticker.run`) names a background call.
  func report(_ outcome: CallOutcome, interrupted: Bool, label: String?) {
    let prefix = label.map { $0 + ": " } ?? ""
    switch outcome {
    case .completed(let values, let ticks):
      let text =
        values.isEmpty
        ? "no results"
        : values.map(ValueFormatting.format)
          .joined(separator: ", ")
      print(
        GuestText.escape(prefix) + style.result(text) + style.dim("  (\(ticks) ticks)"))
    case .trapped(let trap, let ticks):
      let hint =
        trap.kind == .callStackExhausted
        ? "; --max-depth allows \(host.configuration.maxCallDepth) nested calls" : ""
      fail("\(prefix)trap: \(trap.message) after \(ticks) ticks\(hint)")
      for line in trap.backtraceLines() { print(GuestText.escape("  " + line)) }
    case .paused(let call):
      let reason = interrupted ? "interrupted" : "budget spent"
      print(
        style.notice(
          GuestText.escape(
            "paused \(call.id) \(call.target) after \(call.ticksUsed) ticks (\(reason))"))
          + "; \"resume \(call.id.rawValue) [TICKS]\" continues it, "
          + "\"cancel \(call.id.rawValue)\" drops it")
    }
  }

  private func ticks(_ word: String) throws(ReplError) -> UInt64 {
    let digits = word.replacingOccurrences(of: "_", with: "")
    guard let value = UInt64(digits), value > 0 else {
      throw ReplError("\"\(word)\" is not a tick count; give a whole number ≥ 1, e.g. 1000000")
    }
    return value
  }

  private func setBudget(_ word: String?) throws {
    if let word { budget = try ticks(word) }
    print("budget: \(budget) ticks per call")
  }

  private func listPaused() {
    let calls = host.pausedCalls
    guard !calls.isEmpty else {
      print("no paused calls")
      return
    }
    for call in calls { print(GuestText.escape(call.description)) }
  }

  func pausedID(_ word: String) throws(ReplError) -> PausedCallID {
    let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
    guard let raw = UInt64(digits) else {
      throw ReplError("\"\(word)\" is not a paused call id; \"paused\" lists them (e.g. 1)")
    }
    return PausedCallID(rawValue: raw)
  }

  private func resume(_ words: [String]) throws {
    let id = try pausedID(words[0])
    let callBudget = words.count > 1 ? try ticks(words[1]) : budget
    guard try holdingHost({ host.pausedCalls.contains(where: { $0.id == id }) }) else {
      throw ReplError("no paused call \(id); \"paused\" lists the calls waiting to resume")
    }
    try asyncHost.start(resuming: id, budget: callBudget)
    try follow(id)
  }

  private func cancel(_ word: String) throws {
    let id = try pausedID(word)
    guard host.pausedCalls.contains(where: { $0.id == id }) else {
      throw ReplError("no paused call \(id); \"paused\" lists the calls waiting to resume")
    }
    let call = try host.cancel(id)
    print(GuestText.escape("cancelled \(call.id) \(call.target) after \(call.ticksUsed) ticks"))
  }
}
