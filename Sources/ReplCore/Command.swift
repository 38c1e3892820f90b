/// A REPL command: its name, how to call it, what it does, and how many words it takes.
struct Command: Sendable {
  var name: String
  /// Arguments in the usual notation: `PATH [as NAME]`.
  var usage: String
  var summary: String
  /// Accepted argument counts (words after the command name).
  var arity: ClosedRange<Int>
  /// Whether its first argument is a plugin name (for tab completion).
  var takesPlugin = false
  /// Whether it runs with the host to itself: background calls wait between slices until it is
  /// done. Commands that run or wait for calls do not, so that the calls can progress.
  var holdsHost = true
  var run: @Sendable (ReplSession, [String]) throws -> Void

  var synopsis: String { usage.isEmpty ? name : "\(name) \(usage)" }
}

extension ReplSession {
  /// Every command, in the order `help` lists them.
  static let commands: [Command] =
    pluginCommands + callCommands + jobCommands + dataCommands + [
      Command(
        name: "help", usage: "[COMMAND]", summary: "list commands, or explain one", arity: 0...1,
        run: { session, words in try session.help(words.first) }),
      Command(
        name: "quit", usage: "[CODE]", summary: "leave the REPL (exit and Ctrl-D do too)",
        arity: 0...1, run: { session, words in try session.quit(words.first) }),
    ]

  /// The names tab completion offers for the first word.
  public static var commandNames: [String] { commands.map(\.name) + ["exit"] }

  /// Commands whose first argument is a plugin name.
  public static var pluginCommandNames: Set<String> {
    Set(commands.filter(\.takesPlugin).map(\.name))
  }

  func dispatch(_ words: [String]) throws {
    guard let head = words.first else { return }
    let arguments = Array(words.dropFirst())
    let name = head == "exit" ? "quit" : head
    // What background calls did so far prints after the command line and before its own output
    // (`wait` and `jobs` print it themselves, as part of theirs).
    if name != "wait", name != "jobs" { printBackgroundOutput() }
    if let command = Self.commands.first(where: { $0.name == name }) {
      guard command.arity.contains(arguments.count) else {
        throw ReplError(
          "\(command.name) takes \(describe(command.arity)), got \(arguments.count); "
            + "usage: \(command.synopsis)")
      }
      if command.holdsHost {
        try holdingHost { try command.run(self, arguments) }
      } else {
        try command.run(self, arguments)
      }
    } else if let (plugin, export) = splitCall(head) {
      try call(plugin: plugin, export: export, words: arguments)
    } else if host.plugin(named: head) != nil {
      throw ReplError(
        "\"\(head)\" is a plugin, not a command; call one of its functions as "
          + "\(head).FUNCTION (see \"exports \(head)\")")
    } else {
      throw ReplError("unknown command \"\(head)\"; type \"help\" for the list of commands")
    }
  }

  private func describe(_ arity: ClosedRange<Int>) -> String {
    let noun = { (count: Int) in count == 1 ? "argument" : "arguments" }
    if arity.lowerBound == arity.upperBound {
      return "\(arity.lowerBound) \(noun(arity.lowerBound))"
    }
    if arity.upperBound == Int.max {
      return "at least \(arity.lowerBound) \(noun(arity.lowerBound))"
    }
    return "\(arity.lowerBound) to \(arity.upperBound) arguments"
  }

  /// `plugin.export`, splitting after the longest loaded plugin name so that plugin names
  /// with dots work.
  func splitCall(_ word: String) -> (String, String)? {
    let candidates = host.plugins.map(\.name).filter { word.hasPrefix($0 + ".") }
    if let plugin = candidates.max(by: { $0.count < $1.count }) {
      return (plugin, String(word.dropFirst(plugin.count + 1)))
    }
    guard let dot = word.firstIndex(of: "."), dot != word.startIndex,
      word.index(after: dot) != word.endIndex
    else { return nil }
    return (String(word[..<dot]), String(word[word.index(after: dot)...]))
  }

  private func help(_ topic: String?) throws {
    guard let topic else {
      print("Commands:")
      let width = Self.commands.map(\.synopsis.count).max() ?? 0
      for command in Self.commands {
        let padding = String(repeating: " ", count: width - command.synopsis.count)
        print("  \(command.synopsis)\(padding)  \(command.summary)")
      }
      let call = "PLUGIN.FUNC ARG... [--budget N] [&]"
      print(
        "  \(call)\(String(repeating: " ", count: max(0, width - call.count)))  "
          + "call an exported function")
      print("Type \"help COMMAND\" for details. Tab completes commands, plugins and functions.")
      return
    }
    let name = topic == "exit" ? "quit" : topic
    guard let command = Self.commands.first(where: { $0.name == name }) else {
      if topic.contains(".") {
        print("PLUGIN.FUNC ARG... [--budget N] [&]")
        for line in wrap(Self.callHelp, width: 92) { print("  " + line) }
        return
      }
      throw ReplError("no command \"\(topic)\"; type \"help\" for the list of commands")
    }
    print(command.synopsis)
    print("  " + command.summary)
    if let details = Self.details[command.name] {
      for line in wrap(details, width: 92) { print("  " + line) }
    }
  }

  /// `quit [CODE]`: asks the session to end, with exit status `code` if given, after saying
  /// how many paused calls it drops.
  private func quit(_ code: String?) throws(ReplError) {
    if let code {
      guard let status = Int32(code), (0...255).contains(status) else {
        throw ReplError("the exit code must be a number from 0 to 255, not \"\(code)\"")
      }
      exitCode = status
    }
    let paused = host.pausedCalls
    if !paused.isEmpty {
      let ids = paused.map(\.id.description).joined(separator: ", ")
      print("dropping \(paused.count) paused call\(paused.count == 1 ? "" : "s") (\(ids))")
    }
    if !background.isEmpty {
      let ids = background.keys.sorted().map(\.description).joined(separator: ", ")
      print(
        "dropping \(background.count) background call\(background.count == 1 ? "" : "s") (\(ids))")
    }
    quitRequested = true
  }

  /// Breaks `text` into lines of at most `width` characters at spaces.
  private func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  static let callHelp =
    "Calls an export with one argument per parameter: integers in decimal or 0x hex (may be "
    + "negative), floats like 1.5, -2e3, inf, nan, references as null. The call runs for at "
    + "most the default budget (see \"budget\") or --budget N ticks, then pauses; Ctrl-C "
    + "pauses it early. With & at the end it runs in the background: the prompt comes back at "
    + "once, and the result prints when it is done (see \"jobs\" and \"wait\")."

  static let details: [String: String] = [
    "load": "Loads .wat and .wasm files under their file names (or one file as NAME); a "
      + "directory stands for its .wat and .wasm files, and a pattern like plugins/*.wat for "
      + "the files it matches. Files loaded together are one batch: each is linked after the "
      + "plugins it imports from, whatever their order, and if any fails none is loaded. "
      + "Imports link to the log, clock and kv capabilities, to the batch and to plugins "
      + "already loaded.",
    "unload": "Unloads a plugin. With --dependents also the plugins importing from it; "
      + "their paused calls are cancelled. kv data stays.",
    "reload": "Loads the plugin's file again under the same name, keeping its kv data. "
      + "With --dependents the plugins importing from it are re-linked too.",
    "plugins": "Lists each plugin with its source, exports, imports (and what each is linked "
      + "to) and paused calls.",
    "exports": "Lists a plugin's exports with their signatures.",
    "links": "Shows which plugin imports what from which plugin or capability.",
    "budget": "Shows the default per-call budget in ticks, or sets it to N.",
    "paused": "Lists paused calls with their ids and ticks used so far.",
    "resume": "Continues paused call ID for the default budget, or N more ticks.",
    "cancel": "Drops paused call ID; what it already did stays done.",
    "bg": "Runs PLUGIN.FUNC ARG... in the background, like the call with & at the end. Background "
      + "calls take turns with each other and with calls at the prompt, a slice at a time; one "
      + "that sleeps (clock.sleep) waits without holding anything up. Its log lines and result "
      + "print above the prompt as they come.",
    "jobs": "Lists the background calls still running, with their ticks so far and what each "
      + "waits on.",
    "wait": "Waits for background call ID, or for all of them, printing log lines and results as "
      + "they come; Ctrl-C stops waiting (the calls go on).",
    "kv": "kv NAME [list] lists a plugin's keys and values; get KEY, set KEY VALUE and delete "
      + "KEY edit them. A KEY or VALUE is text, or 0x hex bytes as the listing shows keys and "
      + "values that are not plain text. Edits are checked as the plugin's own kv calls are: a "
      + "key is 1 to 256 bytes without 0 bytes, a value at most 64 KiB, and the plugin's "
      + "quota applies.",
    "log": "Shows the last N (default 20) log lines; \"log level [LEVEL]\" shows or sets the "
      + "lowest level kept (trace, debug, info, notice, warning, error, critical). A call's "
      + "lines print as it runs (every 20 ms, and when it ends); of more than 200 logged "
      + "between two prints, the last 200 print after a line saying how many earlier ones were "
      + "dropped.",
    "quit": "Leaves the REPL; exit is the same command. The exit status is CODE (0 to 255) "
      + "when given; otherwise 0, or in script mode 1 if any command failed. Paused calls are "
      + "dropped, and quit says how many.",
    "memory": "Hexdumps LENGTH (default 64) bytes of a plugin's memory from OFFSET (default 0); "
      + "offsets may be 0x hex.",
  ]
}
