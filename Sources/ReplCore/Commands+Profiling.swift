import Foundation
import PluginHost
import WasmVM

/// Profiling a call and tracing calls: `profile` and `trace`. The host profiles and traces
/// (``PluginHost/profile(_:_:_:input:budget:)``, ``PluginHost/startTracing(plugin:)``); these
/// only present it, every guest name and value escaped.
extension ReplSession {
  static let profileCommands: [Command] = [
    Command(
      name: "profile", usage: "PLUGIN.FUNC ARG... [--out FILE]",
      summary: "run a call and show where its ticks went", arity: 1...Int.max,
      run: { session, words in try session.profile(words) }),
    Command(
      name: "trace", usage: "[on [PLUGIN] | off]",
      summary: "show calls between plugins and into capabilities", arity: 0...2,
      run: { session, words in try session.trace(words) }),
  ]

  static let profileDetails: [String: String] = [
    "profile":
      "Calls PLUGIN.FUNC with ARGs (within the budget, or N ticks with --budget N) in slices of one tick and shows "
      + "its result, then its ticks per function (self: in the function itself; total: while it "
      + "was on the stack; the 20 with the most self ticks), then its 20 hottest instructions "
      + "(PLUGIN.FUNC+OFFSET as disasm shows it, and the instruction). The self ticks add up to "
      + "the call's ticks, which are those of an unprofiled call; the call takes some 40-140 "
      + "times as long. --out FILE writes its call stacks in the folded format of flame graph "
      + "tools (flamegraph.pl, inferno, speedscope): \"outer;inner TICKS\" a line.",
    "trace": "\"trace on\" shows, for every call from then on, each call into a plugin, from one "
      + "plugin into another and into a capability (log, clock, kv, io, the app's), with its "
      + "arguments (→) and results (←), indented by depth; \"trace on PLUGIN\" only calls into "
      + "or out of PLUGIN. Traced calls run in slices of one tick, with the same results and "
      + "ticks. \"trace off\" stops; \"trace\" says which is on.",
  ]

  /// Most functions and instructions `profile` lists.
  static let profileRows = 20

  /// `profile PLUGIN.FUNC ARG... [--out FILE]`.
  private func profile(_ words: [String]) throws {
    var arguments = Array(words.dropFirst())
    let out = try Self.option("--out", in: &arguments, example: "--out calls.folded")
    var callBudget = budget
    if let word = try Self.option("--budget", in: &arguments, example: "--budget 5000") {
      guard let value = UInt64(word.replacingOccurrences(of: "_", with: "")), value > 0 else {
        throw ReplError("\"\(word)\" is not a tick count; give a whole number ≥ 1, e.g. 1000000")
      }
      callBudget = value
    }
    guard let typed = argumentWords.first, let (name, export) = try splitCall(typed) else {
      throw ReplError("\"\(words[0])\" is not PLUGIN.FUNC; e.g. profile mathlib.square 7")
    }
    let plugin = try requirePlugin(name)
    guard let type = plugin.exportedFunctions[export] else {
      let available = plugin.exportedFunctions.keys.sorted().joined(separator: ", ")
      throw ReplError(
        "\(name) exports no function \"\(export)\"; its functions: "
          + (available.isEmpty ? "none" : available))
    }
    arguments = ValueParsing.groupingVectors(arguments, for: type.parameters)
    guard arguments.count == type.parameters.count else {
      throw ReplError(
        "\(name).\(export) takes \(type.parameters.count) argument"
          + (type.parameters.count == 1 ? "" : "s") + " \(ValueFormatting.signature(type)), "
          + "got \(arguments.count)")
    }
    let values = try Self.parse(arguments, as: type, of: "\(name).\(export)")
    let profiled = try host.profile(
      name, export, values, budget: callBudget, instructions: Self.profileRows)
    flushLogs()
    report(profiled.result.outcome, interrupted: false, label: nil, output: profiled.result.output)
    printProfile(profiled)
    if let out {
      let folded = profiled.foldedStacks
      do {
        try Data(folded.utf8).write(to: resolve(out))
      } catch {
        throw ReplError("cannot write \(out): \(error.localizedDescription)")
      }
      let lines = folded.count { $0 == "\n" }
      print(
        "wrote \(lines) stack\(lines == 1 ? "" : "s") to \(out) (folded: \"outer;inner TICKS\")")
    }
  }

  /// The value after `flag` in `arguments`, both removed; `nil` without the flag.
  private static func option(_ flag: String, in arguments: inout [String], example: String)
    throws(ReplError) -> String?
  {
    guard let index = arguments.firstIndex(of: flag) else { return nil }
    guard index + 1 < arguments.count else {
      throw ReplError("\(flag) needs a value, e.g. \(example)")
    }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
  }

  /// The functions and instructions of a profile, as tables.
  private func printProfile(_ profiled: CallProfile) {
    let profile = profiled.profile
    let total = profile.totalTicks
    let percent = { (ticks: UInt64) -> String in
      total == 0 ? "-" : String(format: "%.1f%%", Double(ticks) * 100 / Double(total))
    }
    let functions = profile.functions.prefix(Self.profileRows)
    print(
      "ticks by function (\(min(functions.count, Self.profileRows)) of \(profile.functions.count)):"
    )
    let rows = functions.map { entry in
      [
        "\(entry.selfTicks)", percent(entry.selfTicks), "\(entry.totalTicks)",
        percent(entry.totalTicks), profiled.name(of: entry.function),
      ]
    }
    printTable(header: ["self", "", "total", "", "function"], rows: rows, rightAligned: 4)
    print(
      "hottest instructions (\(profiled.instructions.count) of \(profile.instructions.count)):")
    let instructionRows = profiled.instructions.map { hot in
      ["\(hot.ticks)", percent(hot.ticks), "\(hot.function)+\(Self.hex(hot.bodyOffset))", hot.text]
    }
    printTable(
      header: ["ticks", "", "where", "instruction"], rows: instructionRows, rightAligned: 2)
  }

  /// Rows under a header, columns padded; the first `rightAligned` columns to the right.
  /// Every cell is escaped before it is measured.
  private func printTable(header: [String], rows: [[String]], rightAligned: Int) {
    let cells = ([header] + rows).map { $0.map(GuestText.escape) }
    var widths = Array(repeating: 0, count: header.count)
    for row in cells {
      for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
    }
    for row in cells {
      let padded = row.enumerated().map { column, cell in
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        if column == row.count - 1 { return cell }
        return column < rightAligned ? padding + cell : cell + padding
      }
      print("  " + padded.joined(separator: "  "))
    }
  }

  /// `trace`, `trace on [PLUGIN]`, `trace off`.
  private func trace(_ words: [String]) throws {
    switch words.first {
    case nil: break
    case "on":
      var plugin: String?
      if words.count == 2 {
        plugin = words[1]
        if !["log", "clock", "kv", "io"].contains(words[1]) { _ = try requirePlugin(words[1]) }
      }
      host.startTracing(plugin: plugin)
    case "off":
      guard words.count == 1 else { throw ReplError("trace off takes no plugin") }
      printTrace(host.takeTraceEvents())
      host.stopTracing()
    case let word?:
      throw ReplError(
        "\"\(word)\" is neither on nor off; use \"trace on [PLUGIN]\" or \"trace off\"")
    }
    switch host.tracing {
    case nil: print("trace: off")
    case .some(nil): print("trace: on, every plugin")
    case .some(let plugin?): print(GuestText.escape("trace: on, calls into or out of \(plugin)"))
    }
  }

  /// Prints the calls traced since the last time, if tracing is on; takes the host.
  func printTraceHoldingHost() {
    guard let events = try? holdingHost({ host.takeTraceEvents() }) else { return }
    printTrace(events)
  }

  /// `→ mathlib.square(i32 7)` / `← mathlib.square = i32 49`, indented by depth.
  func printTrace(_ events: [TraceEvent]) {
    for event in events {
      let indent = String(repeating: "  ", count: min(event.depth, 40))
      let line: String
      switch event.kind {
      case .entered(let arguments):
        line = "→ \(event.target)(\(arguments.map(describe).joined(separator: ", ")))"
      case .returned(let results?):
        line =
          "← \(event.target)"
          + (results.isEmpty ? "" : " = " + results.map(describe).joined(separator: ", "))
      case .returned(nil):
        line = "← \(event.target) (did not return)"
      }
      print(style.dim(indent + GuestText.escape(line)))
    }
  }
}
