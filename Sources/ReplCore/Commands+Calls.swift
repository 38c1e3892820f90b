import Foundation
import PluginHost
import WasmVM

/// Calling exports, and the budget and paused-call commands.
extension ReplSession {
  static let callCommands: [Command] = [
    Command(
      name: "budget", usage: "[N]", summary: "show or set the default per-call budget in ticks",
      arity: 0...1, run: { session, words in try session.setBudget(words.first) }),
    Command(
      name: "time", usage: "[on | off]", summary: "show or set whether calls show wall time",
      arity: 0...1, run: { session, words in try session.setTime(words.first) }),
    Command(
      name: "paused", usage: "", summary: "list paused calls", arity: 0...0,
      run: { session, _ in session.listPaused() }),
    Command(
      name: "resume", usage: "[ID | all] [N]", summary: "continue paused calls", arity: 0...2,
      holdsHost: false, run: { session, words in try session.resume(words) }),
    Command(
      name: "cancel", usage: "ID | all", summary: "drop paused calls", arity: 1...1,
      run: { session, words in try session.cancel(words[0]) }),
  ]

  func call(plugin name: String, export: String, words: [String]) throws {
    let plugin = try requirePlugin(name)
    var arguments = words
    let inBackground = arguments.last == "&"
    if inBackground { arguments.removeLast() }
    var callBudget = budget
    if let flag = arguments.firstIndex(where: { $0 == "--budget" || $0.hasPrefix("--budget=") }) {
      let attached = arguments[flag].hasPrefix("--budget=")
      guard attached || flag + 1 < arguments.count else {
        throw ReplError("--budget needs a number of ticks, e.g. --budget 5000")
      }
      let value = attached ? String(arguments[flag].dropFirst(9)) : arguments[flag + 1]
      callBudget = try ticks(value)
      arguments.removeSubrange(flag...(attached ? flag : flag + 1))
    }
    let type = try requireFunction(export, of: plugin)
    arguments = ValueParsing.groupingVectors(arguments, for: type.parameters)
    let input = try input(after: type.parameters.count, in: &arguments)
    guard arguments.count == type.parameters.count else {
      throw ReplError(
        "\(name).\(export) takes \(type.parameters.count) argument"
          + (type.parameters.count == 1 ? "" : "s")
          + " \(ValueFormatting.signature(type)) and an optional input (\"text\" or 0x bytes), "
          + "got \(arguments.count)")
    }
    let values = try Self.parse(arguments, as: type, of: "\(name).\(export)")
    let started = now()
    let id = try asyncHost.start(name, export, values, input: input, budget: callBudget)
    if inBackground {
      try runInBackground(id, target: "\(name).\(export)")
    } else {
      try follow(id, started: started)
    }
  }

  /// `words` as the arguments of `target` (`plugin.export`), of type `type`; as many words as
  /// parameters.
  static func parse(_ words: [String], as type: FuncType, of target: String) throws(ReplError)
    -> [Value]
  {
    var values: [Value] = []
    for (index, (word, parameterType)) in zip(words, type.parameters).enumerated() {
      do {
        values.append(try ValueParsing.parse(word, as: parameterType))
      } catch {
        throw ReplError("argument \(index + 1) of \(target): \(error.message)")
      }
    }
    return values
  }

  /// The call's input (`io`): one word more than the function's parameters, the last, which
  /// is text in quotes (`"Ada"`, its UTF-8) or `0x` bytes; removed from `arguments`. Without
  /// the extra word the input is empty.
  private func input(after parameters: Int, in arguments: inout [String]) throws(ReplError)
    -> [UInt8]
  {
    guard arguments.count == parameters + 1, let word = arguments.last else { return [] }
    // Quoting is known per typed word; the input is the last word typed with this text.
    let quoted = argumentWords.last(where: { $0.text == word })?.quoted ?? false
    guard quoted || word.hasPrefix("0x") else {
      throw ReplError(
        "the input after the arguments is text in quotes or 0x bytes, e.g. \"Ada\" or 0x416461; "
          + "got \(Tokenizer.quote(word))")
    }
    arguments.removeLast()
    return try bytes(word, literal: quoted)
  }

  /// Prints what a call wrote through `io.output_write`: its text, escaped, one line per line,
  /// or a hexdump when it is not UTF-8.
  private func printOutput(_ output: [UInt8], prefix: String) {
    guard !output.isEmpty else { return }
    guard let text = String(validating: output, as: UTF8.self) else {
      print(prefix + "output: \(output.count) byte\(output.count == 1 ? "" : "s"), not UTF-8:")
      for line in Hexdump.lines(output, startingAt: 0) { print(line) }
      return
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if text.hasSuffix("\n") { lines.removeLast() }
    for line in lines { print(prefix + GuestText.escape(String(line))) }
  }

  /// Prints how a call ended, with the wall time since `started` when
  /// ``Options/showsWallTime`` and one is given; `label` (`#7 ticker.run`) names a background
  /// call. What the call wrote (`output`) prints first.
  func report(
    _ outcome: CallOutcome, interrupted: Bool, label: String?, started: UInt64? = nil,
    output: [UInt8] = []
  ) {
    let prefix = label.map { GuestText.escape($0 + ": ") } ?? ""
    printOutput(output, prefix: prefix)
    let time =
      showsWallTime ? started.map { ", " + Self.duration(nanoseconds: now() &- $0) } ?? "" : ""
    switch outcome {
    case .completed(let values, let ticks):
      let text =
        values.isEmpty
        ? "no results"
        : values.map(describe).joined(separator: ", ")
      print(prefix + style.result(text) + style.dim("  (\(Self.ticks(ticks))\(time))"))
    case .trapped(let trap, let ticks):
      let hint =
        trap.kind == .callStackExhausted
        ? "; --max-depth allows \(host.configuration.maxCallDepth) nested calls" : ""
      fail("\(prefix)trap: \(trap.message) after \(Self.ticks(ticks))\(time)\(hint)")
      for line in trap.backtraceLines() { print(GuestText.escape("  " + line)) }
    case .paused(let call):
      pauseOrder.removeAll { $0 == call.id }
      pauseOrder.append(call.id)
      let reason =
        call.stop.map(\.description) ?? (interrupted ? "interrupted" : "budget spent")
      print(
        style.notice(
          GuestText.escape(
            "paused \(call.id) \(call.target) after \(Self.ticks(call.ticksUsed)) "
              + "(\(reason)\(time))"))
          + "; \"resume \(call.id.rawValue) [TICKS]\" continues it, "
          + "\"cancel \(call.id.rawValue)\" drops it")
    }
  }

  /// The type of `plugin`'s exported function `export`, or an error listing its functions.
  private func requireFunction(_ export: String, of plugin: Plugin) throws(ReplError) -> FuncType {
    let functions = plugin.exportedFunctions
    guard let type = functions[export] else {
      let available = functions.keys.sorted().joined(separator: ", ")
      throw ReplError(
        "\(plugin.name) exports no function \"\(export)\"; its functions: "
          + (available.isEmpty ? "none" : available))
    }
    return type
  }

  /// `1 tick`, `33 ticks`.
  static func ticks(_ count: UInt64) -> String { count == 1 ? "1 tick" : "\(count) ticks" }

  /// A wall time as people read it: `850 µs`, `12.3 ms`, `2.41 s`.
  static func duration(nanoseconds: UInt64) -> String {
    let value = Double(nanoseconds)
    if nanoseconds < 1_000_000 { return String(format: "%.0f µs", value / 1e3) }
    if nanoseconds < 1_000_000_000 { return String(format: "%.1f ms", value / 1e6) }
    return String(format: "%.2f s", value / 1e9)
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

  private func setTime(_ word: String?) throws(ReplError) {
    switch word {
    case nil: break
    case "on": showsWallTime = true
    case "off": showsWallTime = false
    case let word?:
      throw ReplError("\"\(word)\" is neither on nor off; use \"time on\" or \"time off\"")
    }
    print("wall time: \(showsWallTime ? "shown after each call's ticks" : "not shown")")
  }

  private func listPaused() {
    let calls = host.pausedCalls
    guard !calls.isEmpty else {
      print("no paused calls")
      return
    }
    for call in calls { print(GuestText.escape(call.description)) }
  }

  /// The call id `word` names (`5` or `#5`).
  func pausedID(_ word: String) throws(ReplError) -> PausedCallID {
    let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
    guard let raw = UInt64(digits) else {
      throw ReplError(
        "\"\(word)\" is not a paused call id; \"paused\" lists them (e.g. 1), or say all")
    }
    return PausedCallID(rawValue: raw)
  }

  /// The paused call `word` names, which must be one of `paused`.
  private func pausedID(_ word: String, in paused: [PausedCall]) throws(ReplError) -> PausedCallID {
    let id = try pausedID(word)
    guard paused.contains(where: { $0.id == id }) else {
      throw ReplError("no paused call \(id); \"paused\" lists the calls waiting to resume")
    }
    return id
  }

  /// `resume [ID | all] [N]`: the call that paused last, the call ID, or every paused call in
  /// id order, each for N ticks (default: the budget). A lone number is an id (`resume 5`).
  /// It does not hold the host while the calls run, so background calls go on meanwhile.
  private func resume(_ words: [String]) throws {
    let callBudget = words.count > 1 ? try ticks(words[1]) : budget
    let paused = try holdingHost { host.pausedCalls }
    let ids: [PausedCallID]
    switch words.first {
    case nil:
      let waiting = Set(paused.map(\.id))
      guard let last = pauseOrder.last(where: waiting.contains) ?? waiting.max() else {
        throw ReplError("no paused calls to resume; a call pauses when its budget runs out")
      }
      ids = [last]
    case "all":
      ids = paused.map(\.id)
      if ids.isEmpty { print("no paused calls") }
    case let word?:
      ids = [try pausedID(word, in: paused)]
    }
    for id in ids {
      guard let call = paused.first(where: { $0.id == id }) else { continue }
      if ids.count > 1 { print(GuestText.escape("resuming \(call.id) \(call.target)")) }
      let started = now()
      // A call a breakpoint or step stopped goes on with what was left of its budget.
      let left = words.count > 1 ? nil : call.budgetLeft
      try asyncHost.start(resuming: id, budget: left ?? callBudget)
      try follow(id, started: started)
    }
  }

  private func cancel(_ word: String) throws {
    let paused = host.pausedCalls
    let ids = word == "all" ? paused.map(\.id) : [try pausedID(word, in: paused)]
    if ids.isEmpty { print("no paused calls") }
    for id in ids {
      let call = try host.cancel(id)
      print(
        GuestText.escape("cancelled \(call.id) \(call.target) after \(Self.ticks(call.ticksUsed))"))
    }
  }

  /// `help PLUGIN.FUNCTION`: the function's usage and signature when its plugin is loaded,
  /// then how calls work.
  func helpCall(_ word: Tokenizer.Word) throws {
    if let (name, export) = try splitCall(word), let plugin = host.plugin(named: name) {
      let type = try requireFunction(export, of: plugin)
      let arguments = type.parameters.map { $0.description.uppercased() }
      let call = Tokenizer.quote(name, dots: true) + "." + Tokenizer.quote(export, dots: true)
      print(GuestText.escape(([call] + arguments + ["[--budget N]"]).joined(separator: " ")))
      print(GuestText.escape("  \(name).\(export) \(ValueFormatting.signature(type))"))
    } else {
      print("PLUGIN.FUNC ARG... [--budget N]")
    }
    for line in wrap(Self.callHelp, width: 92) { print("  " + line) }
  }
}
