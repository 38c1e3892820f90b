import ArgumentParser
import Foundation
import Logging
import PluginHost
import ReplCore

/// `wasbox-repl`: load WebAssembly plugins and call them interactively or from a script.
@main
struct WasboxRepl: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "wasbox-repl",
    abstract: "Load WebAssembly plugins into a wasbox PluginHost and call them.",
    discussion: """
      Interactive on a terminal (line editing, history, Tab completion; Ctrl-C pauses a \
      running call or clears the line, Ctrl-D quits). When standard input is not a terminal, \
      or with --script, commands are read without prompts or colours and the exit status is \
      non-zero if any command failed. Type "help" inside for the commands.
      """,
    version: "wasbox-repl 0.1.0")

  /// Every swift-log level, lowest first, as `--log-level` takes them.
  static let logLevels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")

  @Argument(
    help: "Plugin files (.wat or .wasm) or directories of them, loaded at startup as one batch.")
  var plugins: [String] = []

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Ticks a call may run before it pauses (change later with \"budget N\").",
      valueName: "ticks"))
  var budget: String = "10000000"

  @Option(
    help: ArgumentHelp(
      "Memory all plugins may hold together, in 64 KiB pages or as a size like 256MiB; one memory may hold as much, up to 4GiB.",
      valueName: "pages|size"))
  var maxMemory: String = "1GiB"

  @Option(help: "Most elements any one table may hold.")
  var maxTable: Int = ReplSession.Options.defaultMaxTableElements

  @Option(help: "Most elements all plugins' tables may hold together (8 bytes each).")
  var maxTotalTable: Int = ReplSession.Options.defaultMaxTotalTableElements

  @Option(help: "Most tables, imported and defined, one plugin may have.")
  var maxTables: Int = ReplSession.Options.defaultMaxTables

  @Option(
    help: ArgumentHelp(
      "Most bytes of a plugin's module, in bytes or as a size like 4MiB; its .wat text may hold four times as many.",
      valueName: "bytes|size"))
  var maxModule: String = "4MiB"

  @Option(help: "Deepest nesting of wasm calls before the trap \"call stack exhausted\".")
  var maxDepth: Int = ReplSession.Options.defaultMaxCallDepth

  @Option(help: "Ticks a plugin's start function may run while it loads.")
  var startBudget: UInt64 = ReplSession.Options.defaultStartBudget

  @Option(
    help: ArgumentHelp(
      "Longest clock.sleep a plugin may ask for, like 500ms, 60s or 2m (a bare number is ms); longer sleeps trap.",
      valueName: "duration"))
  var maxSleep: String = "60s"

  @Option(help: "Keep plugins' kv data in this SQLite file (default: in memory).")
  var kv: String?

  @Option(
    help: ArgumentHelp(
      "Lowest plugin log level shown: \(logLevels).",
      valueName: "level"))
  var logLevel: String = "info"

  @Option(help: "Read commands from this file instead of standard input.")
  var script: String?

  @Option(
    help:
      "Start from a session saved with \"save FILE\": its plugins, paused calls and background calls."
  )
  var restore: String?

  @Flag(help: "Print no terminal colours.")
  var noColor = false

  @Flag(help: "In script mode, print each command after a prompt, like a session transcript.")
  var echo = false

  @Flag(help: "In script mode, stop at the first command that fails (exit status 1).")
  var stopOnError = false

  @Flag(
    help:
      "Show each call's wall time next to its ticks (\"time on\" inside does too); off by default so that output is reproducible."
  )
  var time = false

  @Option(help: "Where interactive history is kept; ~ is $HOME (or the account's home).")
  var historyFile: String = HistoryFile.defaultPath

  @Option(
    help: ArgumentHelp(
      "What clock.sleep waits on: real time, or virtual time, which moves only while a call at the prompt or wait waits on a sleep, so that a script's output never depends on timing.",
      discussion: "Default: virtual in script mode, real at a terminal.",
      valueName: "real|virtual"))
  var clock: ClockKind?

  @Option(
    help:
      "Make the clock capability read this many ms since 1970 (for tests): always, with real time; at first, with virtual time."
  )
  var fixedClock: Int64?

  func validate() throws {
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level must be one of \(Self.logLevels)")
    }
    guard let ticks = UInt64(budget.replacingOccurrences(of: "_", with: "")), ticks > 0 else {
      throw ValidationError(
        "--budget must be a whole number of ticks of at least 1, e.g. --budget 1000000; "
          + "got \"\(budget)\"")
    }
    guard MemorySize.pages(maxMemory) != nil else {
      throw ValidationError(
        "--max-memory must be a page count (16384) or a size (256MiB, 1GiB, 512KiB)")
    }
    guard maxTable >= 0 else { throw ValidationError("--max-table must not be negative") }
    guard maxTotalTable >= 0 else {
      throw ValidationError("--max-total-table must not be negative")
    }
    guard maxTables >= 0 else { throw ValidationError("--max-tables must not be negative") }
    guard MemorySize.bytes(maxModule) != nil else {
      throw ValidationError(
        "--max-module must be a byte count (4194304) or a size (4MiB, 512KiB); got \"\(maxModule)\""
      )
    }
    guard maxDepth > 0 else { throw ValidationError("--max-depth must be at least 1") }
    guard SleepDuration.milliseconds(maxSleep) != nil else {
      throw ValidationError(
        "--max-sleep must be a duration like 500ms, 60s, 2m or 1h (a bare number is ms); "
          + "got \"\(maxSleep)\"")
    }
  }

  func run() throws {
    let interactive = script == nil && isatty(STDIN_FILENO) == 1
    let store: any KeyValueStore
    if let kv {
      do {
        store = try SQLiteKeyValueStore(path: kv)
      } catch {
        throw ValidationError("cannot open --kv \(kv): \(error.description)")
      }
    } else {
      store = InMemoryKeyValueStore()
    }
    let hostClock: any HostClock
    switch clock ?? (interactive ? .real : .virtual) {
    case .real:
      hostClock = fixedClock.map { FixedClock(milliseconds: $0) } ?? SystemClock()
    case .virtual:
      hostClock = VirtualClock(wallClockOrigin: fixedClock ?? SystemClock().wallClockMilliseconds())
    }
    let color = interactive && !noColor && isatty(STDOUT_FILENO) == 1
    var options = ReplSession.Options(
      budget: UInt64(budget.replacingOccurrences(of: "_", with: "")) ?? 10_000_000,
      echo: echo && !interactive, style: Style(enabled: color),
      maxMemoryPages: MemorySize.pages(maxMemory) ?? ReplSession.Options.defaultMaxMemoryPages,
      maxTableElements: maxTable, maxCallDepth: maxDepth, startBudget: startBudget)
    options.showsWallTime = time
    options.stopsOnError = stopOnError && !interactive
    options.settlesBackgroundCalls = !interactive
    options.maxSleepMilliseconds = SleepDuration.milliseconds(maxSleep) ?? 60_000
    options.maxTotalTableElements = maxTotalTable
    options.maxTables = maxTables
    options.maxModuleBytes = MemorySize.bytes(maxModule) ?? options.maxModuleBytes
    let session = ReplSession(
      options: options, keyValueStore: store, clock: hostClock,
      logLevel: Logger.Level(rawValue: logLevel) ?? .info,
      output: { text in
        FileHandle.standardOutput.write(Data(text.utf8))
      })
    if interactive {
      try runInteractive(session)
    } else {
      try runScript(session)
    }
  }

  private func runInteractive(_ session: ReplSession) throws {
    Interrupt.install()
    session.isInterrupted = Interrupt.take
    print("wasbox-repl 0.1.0 — \"help\" lists commands, Tab completes, Ctrl-D quits")
    if let restore { session.restoreAtStartup(restore) }
    session.loadAtStartup(plugins)
    if session.host.plugins.isEmpty {
      print(
        "No plugins loaded. Load one with \"load PATH\" (e.g. load plugins/greeter.wat), "
          + "or start with wasbox-repl plugins/*.wat")
    }
    let editor = LineEditor(session: session, historyPath: HistoryFile.resolve(historyFile))
    while !session.quitRequested {
      guard let line = editor.readLine(prompt: ReplSession.prompt) else {
        print("")
        session.endOfInput()
        break
      }
      _ = Interrupt.take()
      session.execute(line)
    }
    if let code = session.exitCode { throw ExitCode(code) }
  }

  /// Runs the script line by line as it is read, so that a program can drive the REPL
  /// over a pipe, answering each line's output; `quit` stops reading.
  private func runScript(_ session: ReplSession) throws {
    let source = script.map { "--script \($0)" } ?? "standard input"
    let descriptor = script.map { open($0, O_RDONLY) } ?? STDIN_FILENO
    guard descriptor >= 0 else { throw cannotRead(source, ScriptError()) }
    defer { if script != nil { close(descriptor) } }
    if let restore { session.restoreAtStartup(restore) }
    session.loadAtStartup(plugins)
    var reader = ScriptReader(descriptor: descriptor)
    do {
      while !session.quitRequested, !(stopOnError && session.failures > 0),
        let line = try reader.nextLine()
      {
        session.execute(line)
      }
    } catch {
      throw cannotRead(source, error)
    }
    session.endOfInput()
    if let code = session.exitCode { throw ExitCode(code) }
    if session.failures > 0 { throw ExitCode(1) }
  }

  /// Reports that the script cannot be read, with the system's reason, as exit status 1.
  private func cannotRead(_ source: String, _ error: ScriptError) -> ExitCode {
    FileHandle.standardError.write(
      Data(GuestText.escape("error: cannot read \(source): \(error.message)").utf8 + [0x0A]))
    return ExitCode(1)
  }
}

/// Reads a script one line at a time with `read`, so that a missing or unreadable file, a
/// directory or an I/O error is an error with the system's reason, never a crash
/// (`FileHandle.readDataToEndOfFile` traps on a directory), and each line runs as soon as it
/// has arrived.
struct ScriptReader {
  let descriptor: Int32
  /// Bytes read and not yet returned start at `start`.
  private var pending: [UInt8] = []
  private var start = 0
  private var atEnd = false

  init(descriptor: Int32) { self.descriptor = descriptor }

  /// Bytes of the current line kept past ``ReplSession/maxLineBytes``: enough for the session
  /// to see that the line is too long, so that no line, however long, is held whole.
  private static let keptLineBytes = ReplSession.maxLineBytes + 1
  /// Whether the rest of an overlong line, up to its newline, is being skipped.
  private var skipping = false
  /// Bytes of `pending` from `start` already known to hold no newline.
  private var scanned = 0

  /// The next line without its newline; the last line may lack one. `nil` at the end. A line
  /// longer than ``ReplSession/maxLineBytes`` comes back cut to one byte more than that, which
  /// the session refuses as too long.
  mutating func nextLine() throws(ScriptError) -> String? {
    while true {
      if let newline = pending[(start + scanned)...].firstIndex(of: 0x0A) {
        let line = pending[start..<newline]
        start = newline + 1
        scanned = 0
        if skipping {
          skipping = false
          continue
        }
        return String(decoding: line, as: UTF8.self)
      }
      scanned = pending.count - start
      if skipping {
        // The rest of an overlong line: dropped as it arrives.
        start = pending.count
        scanned = 0
      } else if scanned > Self.keptLineBytes {
        defer {
          start = pending.count
          scanned = 0
          skipping = true
        }
        return String(decoding: pending[start..<start + Self.keptLineBytes], as: UTF8.self)
      }
      if atEnd {
        guard start < pending.count else { return nil }
        defer { start = pending.count }
        return String(decoding: pending[start...], as: UTF8.self)
      }
      pending.removeSubrange(..<start)
      start = 0
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      let count = read(descriptor, &buffer, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw ScriptError()
      }
      if count == 0 { atEnd = true }
      pending += buffer[0..<count]
    }
  }
}

/// Why the script could not be read: the system's reason for the last failed call.
struct ScriptError: Error {
  var message = String(cString: strerror(errno))
}

/// `--clock`: what sleeps wait on.
enum ClockKind: String, ExpressibleByArgument {
  case real, virtual
}
