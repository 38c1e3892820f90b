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
  /// Whether that plugin must have a memory (completion offers only those).
  var takesMemory = false
  /// Whether it runs with the host to itself: background calls wait between slices until it is
  /// done. Commands that run or wait for calls do not, so that the calls can progress.
  var holdsHost = true
  var run: @Sendable (ReplSession, [String]) throws -> Void

  var synopsis: String { usage.isEmpty ? name : "\(name) \(usage)" }
}

extension ReplSession {
  /// Every command, in the order `help` lists them.
  static let commands: [Command] =
    pluginCommands + callCommands + debugCommands + profileCommands + jobCommands + snapshotCommands
    + dataCommands + instanceCommands + [
      Command(
        name: "source", usage: "FILE", summary: "run the commands in a file", arity: 1...1,
        holdsHost: false, run: { session, words in try session.source(words[0]) }),
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

  /// Commands whose first argument is a plugin with a memory.
  static var memoryCommandNames: Set<String> {
    Set(commands.filter(\.takesMemory).map(\.name))
  }

  func dispatch(_ line: [Tokenizer.Word]) throws {
    guard let head = line.first else { return }
    argumentWords = Array(line.dropFirst())
    let arguments = argumentWords.map(\.text)
    let name = head.text == "exit" ? "quit" : head.text
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
    } else if let (plugin, export) = try splitCall(head) {
      try call(plugin: plugin, export: export, words: arguments)
    } else if host.plugin(named: head.text) != nil {
      let quoted = Tokenizer.quote(head.text, dots: true)
      throw ReplError(
        "\"\(head.text)\" is a plugin, not a command; call one of its functions as "
          + "\(quoted).FUNCTION (see \"exports \(Tokenizer.quote(head.text))\")")
    } else {
      throw ReplError("unknown command \"\(head.text)\"; type \"help\" for the list of commands")
    }
  }

  /// `2 arguments`, `1 or 2 arguments`, `at most 1 argument`, `at least 1 argument`.
  private func describe(_ arity: ClosedRange<Int>) -> String {
    let noun = { (count: Int) in count == 1 ? "\(count) argument" : "\(count) arguments" }
    if arity.lowerBound == arity.upperBound { return noun(arity.lowerBound) }
    if arity.upperBound == Int.max { return "at least \(noun(arity.lowerBound))" }
    if arity.lowerBound == 0 { return "at most \(noun(arity.upperBound))" }
    if arity.upperBound == arity.lowerBound + 1 {
      return "\(arity.lowerBound) or \(noun(arity.upperBound))"
    }
    return "\(arity.lowerBound) to \(noun(arity.upperBound))"
  }

  /// Splits `PLUGIN.EXPORT` at one of the dots typed outside quotes. Of those splits, the one
  /// naming a loaded plugin and one of its exported functions wins; when several do (plugin
  /// `a` exporting `b.hello` and plugin `a.b` exporting `hello`), the call is ambiguous and
  /// must quote the part holding a dot (`a."b.hello"` or `"a.b".hello`). When none does, the
  /// longest loaded plugin name is taken (so that the error lists its functions), else the
  /// first dot.
  ///
  /// Only the splits at loaded plugins' names are built, so the work is linear in the word for
  /// each plugin whose name it starts with, however many dots it holds (one split per dot took
  /// 3.5 GB for a word of 60,000).
  func splitCall(_ word: Tokenizer.Word) throws(ReplError) -> (String, String)? {
    let text = word.text
    let length = text.count
    let dots = Set(word.dots)
    let loaded = host.plugins.map(\.name).compactMap { name -> (String, String)? in
      let count = name.count
      guard dots.contains(count), count < length, String(text.prefix(count)) == name else {
        return nil
      }
      return (name, String(text.dropFirst(count + 1)))
    }.sorted { $0.0.count < $1.0.count }
    let callable = loaded.filter { host.plugin(named: $0.0)?.exportedFunctions[$0.1] != nil }
    if callable.count > 1 {
      let forms = callable.map {
        "\(Tokenizer.quote($0.0, dots: true)).\(Tokenizer.quote($0.1, dots: true))"
      }
      throw ReplError(
        "\"\(text)\" names more than one function: write \(forms.joined(separator: " or ")) "
          + "(quotes keep a dot from splitting PLUGIN.FUNCTION)")
    }
    if let only = callable.first { return only }
    if let longest = loaded.last { return longest }
    guard let first = word.dots.first(where: { $0 > 0 && $0 + 1 < length }) else { return nil }
    return (String(text.prefix(first)), String(text.dropFirst(first + 1)))
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
      if let word = argumentWords.first, !word.dots.isEmpty {
        try helpCall(word)
        return
      }
      throw ReplError("no command \"\(topic)\"; type \"help\" for the list of commands")
    }
    print(command.synopsis)
    print("  " + command.summary)
    if let details = Self.details[command.name] ?? Self.debugDetails[command.name]
      ?? Self.profileDetails[command.name]
    {
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
    reportDroppedCalls()
    if !background.isEmpty {
      let ids = background.keys.sorted().map(\.description).joined(separator: ", ")
      print(
        "dropping \(background.count) background call\(background.count == 1 ? "" : "s") (\(ids))")
    }
    quitRequested = true
  }

  /// `dropping 2 paused calls (#1, #2)`, when there are any.
  func reportDroppedCalls() {
    let paused = host.pausedCalls
    guard !paused.isEmpty else { return }
    let ids = paused.map(\.id.description).joined(separator: ", ")
    print(
      "dropping \(paused.count) paused call\(paused.count == 1 ? "" : "s") (\(ids)); "
        + "\"save FILE\" first keeps them for \"restore FILE\"")
  }

  /// Breaks `text` into lines of at most `width` characters at spaces.
  func wrap(_ text: String, width: Int) -> [String] {
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
    + "most the default budget (see \"budget\") or --budget N (or --budget=N) ticks, then "
    + "pauses; Ctrl-C pauses it early. The result shows the ticks used, and after \"time on\" (or "
    + "with --time) the wall time. PLUGIN.FUNC splits at a dot typed outside quotes; when a "
    + "plugin name or an export holds a dot, the split naming a loaded plugin's function wins, "
    + "and if two do (plugin a exporting b.f and plugin a.b exporting f), quote the part with "
    + "the dot: a.\"b.f\" or \"a.b\".f. \"help PLUGIN.FUNC\" shows the function's signature. "
    + "With & at the end it runs in the background: the prompt comes back at once, and the "
    + "result prints when it is done (see \"jobs\" and \"wait\")."

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
    "links": "Shows which plugin imports what from which plugin or capability, and which "
      + "plugins each may import from: the REPL grants every plugin it loads links to any "
      + "other (an app embedding PluginHost grants none unless it says so).",
    "budget": "Shows the default per-call budget in ticks, or sets it to N.",
    "paused": "Lists paused calls with their ids and ticks used so far.",
    "resume": "Continues paused call ID for the default budget, or N more ticks. Without an "
      + "ID, the call that paused last; with all, every paused call in turn, each for N ticks.",
    "cancel": "Drops paused call ID, or with all every paused call; what a call already did "
      + "stays done.",
    "bg": "Runs PLUGIN.FUNC ARG... in the background, like the call with & at the end. Background "
      + "calls take turns with each other and with calls at the prompt, a slice at a time; one "
      + "that sleeps (clock.sleep) waits without holding anything up. Its log lines and result "
      + "print above the prompt as they come. In a script, they print at fixed points instead: "
      + "before each command's own output (and within wait and jobs), after every background "
      + "call has run until it sleeps, pauses or ends, in the order they happened. And a "
      + "script's clock is virtual (--clock virtual, the default without a terminal): time "
      + "stands still between commands and moves only while the call at the prompt, or wait, "
      + "waits on a sleep, as far as that call's sleeps take it, waking sleepers in deadline "
      + "order. So a script's output depends on the script alone, never on thread timing, "
      + "and its sleeps take no real time.",
    "jobs": "Lists the background calls still running, with their ticks so far and what each "
      + "waits on.",
    "wait": "Waits for background call ID, or for all of them, printing log lines and results as "
      + "they come; Ctrl-C stops waiting (the calls go on).",
    "kv": "kv NAME [list] lists a plugin's keys and values (the first 32 bytes of each); get "
      + "KEY shows a whole value (a hexdump past 256 bytes); set KEY VALUE and delete KEY edit "
      + "them. A KEY or VALUE is text, or 0x hex bytes as the listing shows keys and values that "
      + "are not plain text; in quotes it is always text (\"0x41\" is four characters). Edits are checked as the plugin's own kv calls are: a "
      + "key is 1 to 256 bytes without 0 bytes, a value at most 64 KiB, and the plugin's "
      + "quota applies.",
    "log": "Shows the last N (default 20) log lines; \"log level [LEVEL]\" shows or sets the "
      + "lowest level kept (trace, debug, info, notice, warning, error, critical). A call's "
      + "lines print as it runs (every 20 ms, and when it ends); of more than 200 logged "
      + "between two prints, the last 200 print after a line saying how many earlier ones were "
      + "dropped.",
    "quit": "Leaves the REPL; exit is the same command. The exit status is CODE (0 to 255) "
      + "when given; otherwise 0, or in script mode 1 if any command failed. Paused calls are "
      + "dropped, and quit (like Ctrl-D or the end of a script) says how many.",
    "memory": "Hexdumps LENGTH (default 64) bytes of a plugin's memory (the export named "
      + "memory, else its first) from OFFSET (default 0); offsets may be 0x hex. Lines equal to "
      + "the one before show as *, as in hexdump -C. With as TYPE (i8, u8, i16, u16, i32, u32, "
      + "i64, u64, f32, f64) it shows LENGTH (default 64 bytes' worth) little-endian numbers "
      + "instead. Output stops at the end of memory, saying so, and at 1 MiB.",
    "write": "Writes into a plugin's memory at OFFSET: each VALUE is 0x hex bytes or text, or "
      + "with as TYPE (i8 … f64) a number stored little-endian. Nothing is written unless all "
      + "of it fits.",
    "global": "Lists a plugin's exported globals with their types and values, shows one, or "
      + "sets a mutable one to VALUE (written as a call argument of its type).",
    "tables": "Lists a plugin's exported tables with their element type, size and maximum, "
      + "and their first 32 elements; a function reference shows as PLUGIN.NAME (function "
      + "INDEX).",
    "time": "Shows whether results show each call's wall time next to its ticks, or turns "
      + "it on or off; off by default (and without --time) so that output is reproducible.",
    "source": "Runs each line of FILE as if typed here, relative paths as here; quit in it "
      + "ends the session. With --stop-on-error the file stops at its first failing command.",
  ]
}
