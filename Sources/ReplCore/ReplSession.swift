import Foundation
import Logging
import PluginHost
import WasmVM

/// One REPL session: a ``PluginHost`` and the user's settings, driven one command line at a
/// time. It knows nothing of terminals — lines come in through ``execute(_:)`` and text goes
/// out through `output` — so tests run transcripts in-process and the executable adds readline
/// and signals around it.
public final class ReplSession {
  /// Settings fixed when the session starts.
  public struct Options: Sendable {
    /// Ticks a call may run before it pauses, unless the call names its own budget.
    public var budget: UInt64
    /// A call runs in slices of at most this many ticks, so an interrupt is noticed quickly.
    public var sliceTicks: UInt64
    /// Whether each command is printed after a prompt before its output (script mode
    /// transcripts).
    public var echo: Bool
    public var style: Style
    /// Relative paths (`load`, completion) are resolved against it; `nil` means the
    /// process's current directory. Lets tests run transcripts without changing directory.
    public var directory: URL?
    /// The most 64 KiB pages all plugins' memories may hold together (`--max-memory`); one
    /// memory may hold as many, up to the 65,536 pages of 4 GiB.
    public var maxMemoryPages: Int
    /// The most elements any one table may hold (`--max-table`).
    public var maxTableElements: Int
    /// The deepest nesting of wasm calls (`--max-depth`).
    public var maxCallDepth: Int
    /// Ticks a plugin's start function may use while it loads (`--start-budget`).
    public var startBudget: UInt64
    /// Whether a call's result shows its wall time next to its ticks (`--time`, `time on`):
    /// off by default, since a time differs from run to run and transcripts must not.
    public var showsWallTime = false
    /// Whether a failed command stops the script (`--stop-on-error`) and a `source`d file.
    public var stopsOnError = false
    /// Whether background calls settle before the session prints what they did: they run
    /// until each is sleeping, paused or done (``AsyncPluginHost/isIdle``), so a script's
    /// output does not depend on how fast its threads are. Script mode turns it on.
    public var settlesBackgroundCalls = false
    /// The longest `clock.sleep` a plugin may ask for (`--max-sleep`); longer ones trap. A
    /// foreground sleeping call holds the prompt (Ctrl-C pauses it), so this bounds how long.
    public var maxSleepMilliseconds: UInt64 = 60_000
    /// The most elements all plugins' tables may hold together (`--max-total-table`); the
    /// library's default, 10,000,000 (80 MB).
    public var maxTotalTableElements = Options.defaultMaxTotalTableElements
    /// The most tables, imported and defined, of one plugin (`--max-tables`); the library's
    /// default, 100.
    public var maxTables = Options.defaultMaxTables
    /// The most bytes of a plugin's module (`--max-module`), which also bounds its `.wat`
    /// text (four times as many bytes); the library's default, 4 MiB.
    public var maxModuleBytes = Options.defaultMaxModuleBytes

    /// The REPL's defaults for the limits: 1 GiB of memory in all, a million table elements,
    /// 20,000 nested calls, 10,000,000 ticks of start function.
    public static let defaultMaxMemoryPages = 16384
    public static let defaultMaxTableElements = 1_000_000
    public static let defaultMaxCallDepth = 20_000
    public static let defaultStartBudget: UInt64 = 10_000_000
    /// The library's defaults for all tables' elements, tables per plugin and module bytes.
    public static let defaultMaxTotalTableElements = ResourceLimits().maxTotalTableElements
    public static let defaultMaxTables = ResourceLimits().maxTables
    public static let defaultMaxModuleBytes = ResourceLimits().maxModuleBytes

    public init(
      budget: UInt64 = 10_000_000, sliceTicks: UInt64 = 100_000, echo: Bool = false,
      style: Style = Style(enabled: false), directory: URL? = nil,
      maxMemoryPages: Int = Options.defaultMaxMemoryPages,
      maxTableElements: Int = Options.defaultMaxTableElements,
      maxCallDepth: Int = Options.defaultMaxCallDepth,
      startBudget: UInt64 = Options.defaultStartBudget
    ) {
      self.maxMemoryPages = maxMemoryPages
      self.maxTableElements = maxTableElements
      self.maxCallDepth = maxCallDepth
      self.startBudget = startBudget
      self.budget = budget
      self.sliceTicks = sliceTicks
      self.echo = echo
      self.style = style
      self.directory = directory
    }
  }

  /// The prompt, also used to mark commands in echoed transcripts.
  public static let prompt = "wasbox> "

  /// Runs every call, at the prompt or in the background, in turns of ``Options/sliceTicks``.
  public internal(set) var asyncHost: AsyncPluginHost
  /// The host inside ``asyncHost``. Commands that change it or read what calls change (paused
  /// calls, memory) run with it held (``holdingHost(_:)``); the plugin list, exports and
  /// imports change only through those commands, on the session's thread.
  public internal(set) var host: PluginHost
  let logs: LogBuffer
  /// Background calls still running, by id, with their `plugin.export`.
  var background: [PausedCallID: String] = [:]
  /// Background calls that ended and were reported.
  var ended: Set<PausedCallID> = []
  /// How background calls that ended did, waiting to be printed.
  let finished = FinishedCalls()
  /// What each ended call wrote through `io.output_write`, until its outcome prints.
  let outputs = CallOutputs()
  let style: Style
  let echo: Bool
  let sliceTicks: UInt64
  let directory: URL?
  let write: (String) -> Void
  /// The current default per-call budget (`budget N` changes it).
  public internal(set) var budget: UInt64
  /// Asked between slices of a call; `true` pauses the call (Ctrl-C in the terminal).
  public var isInterrupted: () -> Bool = { false }
  /// How many commands failed; script mode exits non-zero when this is not 0.
  public private(set) var failures = 0
  /// Set by `quit`.
  public internal(set) var quitRequested = false
  /// The exit status `quit CODE` asked for, if it gave one.
  public internal(set) var exitCode: Int32?
  /// The path each plugin was loaded from, as the user typed it.
  var sourcePaths: [String: String] = [:]
  /// The arguments of the command running now, with how each was quoted.
  var argumentWords: [Tokenizer.Word] = []
  /// Paused calls in the order they last paused, for `resume` without an id.
  var pauseOrder: [PausedCallID] = []
  /// Whether results show wall time (``Options/showsWallTime``; `time on|off` changes it).
  public internal(set) var showsWallTime: Bool
  let stopsOnError: Bool
  /// Whether background calls settle before their output prints (``Options/settlesBackgroundCalls``).
  let settlesBackgroundCalls: Bool
  /// Nested `source` commands running now, to stop a file that sources itself.
  var sourceDepth = 0
  /// Reads a monotonic clock in nanoseconds, for the wall time of calls; tests replace it.
  public var now: () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }

  /// - Parameters:
  ///   - keyValueStore: where plugins' `kv` data lives (in memory, or SQLite for `--kv`).
  ///   - clock: the `clock` capability's time source.
  ///   - logLevel: lines below it are neither shown nor kept.
  ///   - output: receives every line of output, newline included.
  public init(
    options: Options = Options(), keyValueStore: any KeyValueStore = InMemoryKeyValueStore(),
    clock: any HostClock = SystemClock(), logLevel: Logger.Level = .info,
    output: @escaping (String) -> Void
  ) {
    let logs = LogBuffer(level: logLevel)
    self.logs = logs
    var configuration = PluginHost.Configuration(
      keyValueStore: keyValueStore, clock: clock, logger: logs.logger(),
      startBudget: options.startBudget, maxTotalMemoryPages: options.maxMemoryPages)
    configuration.maxMemoryPages = min(options.maxMemoryPages, 65536)
    configuration.maxTableElements = options.maxTableElements
    configuration.maxCallDepth = options.maxCallDepth
    configuration.maxSleepMilliseconds = options.maxSleepMilliseconds
    configuration.maxTotalTableElements = options.maxTotalTableElements
    configuration.resourceLimits.maxTables = options.maxTables
    configuration.resourceLimits.maxModuleBytes = options.maxModuleBytes
    self.asyncHost = AsyncPluginHost(
      configuration: configuration, sliceTicks: max(1, options.sliceTicks))
    self.host = asyncHost.withHost { HostReference($0) }.host
    self.style = options.style
    self.echo = options.echo
    self.sliceTicks = max(1, options.sliceTicks)
    self.directory = options.directory
    self.budget = max(1, options.budget)
    self.showsWallTime = options.showsWallTime
    self.stopsOnError = options.stopsOnError
    self.settlesBackgroundCalls = options.settlesBackgroundCalls
    self.write = output
    holdVirtualTime()
  }

  /// With a ``VirtualClock``, time stands still between commands: it moves only while a call at
  /// the prompt or `wait` waits (``AsyncPluginHost/letVirtualTimeRun(for:)``), so what a
  /// script's background calls do by each command depends on the script alone.
  func holdVirtualTime() {
    if host.configuration.clock is VirtualClock { asyncHost.holdsVirtualTime = true }
  }

  /// The most bytes (UTF-8) of one command line: a longer one is refused without being parsed,
  /// so that no line makes the REPL allocate without bound. A megabyte holds any command that
  /// makes sense to type or script (`write` of 512 KiB of hex bytes, a `kv` value).
  public static let maxLineBytes = 1 << 20

  /// Runs one command line. Errors are printed, counted and never thrown: the session always
  /// goes on.
  public func execute(_ line: String) {
    guard line.utf8.count <= Self.maxLineBytes else {
      perform(String(line.prefix(60)) + "…") {
        throw ReplError(
          "the line holds more than the \(Self.maxLineBytes) bytes a command line may hold, so "
            + "none of it ran; split the work over several commands")
      }
      return
    }
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    // Escaped too: a plugin given on the command line arrives here as "load FILE", and its
    // file name is guest text.
    guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else {
      if echo { print(Self.prompt + GuestText.escape(line)) }
      return
    }
    perform(line) { try dispatch(try Tokenizer.words(trimmed)) }
  }

  /// Echoes `line` (in script mode with `--echo`), then runs `body`, printing and counting
  /// what it throws.
  private func perform(_ line: String, _ body: () throws -> Void) {
    if echo { print(Self.prompt + GuestText.escape(line)) }
    do {
      try body()
    } catch {
      fail(message(for: error))
    }
  }

  /// Most nested `source` commands: a file that sources itself stops there.
  static let maxSourceDepth = 16

  /// `source FILE`: runs each line of the file as if typed, until its end, `quit`, or with
  /// ``Options/stopsOnError`` the first command that fails.
  func source(_ path: String) throws {
    guard sourceDepth < Self.maxSourceDepth else {
      throw ReplError("source is nested \(Self.maxSourceDepth) deep; does \(path) source itself?")
    }
    let data = try readFile(path)
    sourceDepth += 1
    defer { sourceDepth -= 1 }
    let before = failures
    var lines = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    for line in lines {
      if quitRequested || (stopsOnError && failures > before) { break }
      execute(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
    }
  }

  /// Says how many paused calls end with the session when the input ends (Ctrl-D, or the end
  /// of a script) rather than at `quit`, which says so itself.
  public func endOfInput() {
    guard !quitRequested else { return }
    reportDroppedCalls()
  }

  /// Loads plugins given on the command line as one batch, like `load PATH...` does:
  /// dependencies first whatever the order, and none if any fails.
  public func loadAtStartup(_ paths: [String]) {
    guard !paths.isEmpty else { return }
    perform("load " + paths.map { Tokenizer.quote($0) }.joined(separator: " ")) {
      try loadFiles(paths, name: nil)
    }
  }

  /// The contents of the file at `path` (as typed), or an error saying what is wrong with it.
  func readFile(_ path: String) throws(ReplError) -> Data {
    let url = resolve(path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw ReplError("no file at \(path); check the path (Tab completes file names)")
    }
    guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: url.path) else {
      throw ReplError(
        "cannot read \(path): \(isDirectory.boolValue ? "it is a directory" : "unreadable")")
    }
    return data
  }

  /// Runs `body` with the host to itself: background calls wait between slices until it
  /// returns. `body` must not run or wait for calls.
  func holdingHost<T>(_ body: () throws -> T) throws -> T {
    var result: Result<T, any Error>?
    asyncHost.withHost { _ in result = Result { try body() } }
    guard let result else { throw ReplError("the host was not available") }
    return try result.get()
  }

  /// `path` as typed, made absolute against ``Options/directory`` when it is relative.
  func resolve(_ path: String) -> URL {
    let expanded = (path as NSString).expandingTildeInPath
    guard let directory, !expanded.hasPrefix("/") else { return URL(fileURLWithPath: expanded) }
    return directory.appendingPathComponent(expanded)
  }

  func print(_ text: String) { write(text + "\n") }

  /// Prints an error. The whole message is escaped: errors quote plugin, export and import
  /// names, file paths and trap messages, and are one line whatever they quote.
  func fail(_ message: String) {
    failures += 1
    print(style.error("error: " + GuestText.escape(message)))
  }

  private func message(for error: any Error) -> String {
    switch error {
    case let error as ReplError: error.message
    case let error as PluginHostError: error.description(naming: Self.flag(for:))
    case let error as KeyValueStoreError: error.description
    default: "\(error)"
    }
  }

  /// PluginHost names the `Configuration` field to raise; the REPL user raises a flag.
  static func flag(for limit: PluginHost.Limit) -> String {
    switch limit {
    case .totalMemoryPages, .memoryPages: "--max-memory"
    case .tableElements: "--max-table"
    case .startBudget: "--start-budget"
    case .totalTableElements: "--max-total-table"
    case .tables: "--max-tables"
    case .moduleBytes: "--max-module"
    // No flags: the library's defaults apply.
    case .functionBodyBytes, .functions:
      "PluginHost's Configuration.\(limit.configurationField) (wasbox-repl has no flag for it)"
    }
  }

  /// Prints log lines that plugins wrote since the last time, after a line counting those
  /// dropped because there were more than the buffer's capacity.
  func flushLogs() {
    let (lines, dropped) = logs.takeUnseen()
    if dropped > 0 {
      let count = dropped.formatted(.number.locale(Locale(identifier: "en_US")))
      print(
        style.notice(
          "… \(count) earlier log line\(dropped == 1 ? "" : "s") dropped "
            + "(at most \(logs.capacity) are kept between prints)"))
    }
    for line in lines { print(style.dim(line.formatted)) }
  }
}

/// Carries the session's ``PluginHost`` out of ``AsyncPluginHost/withHost(_:)`` once, when the
/// session starts, so that its commands can name it; see ``ReplSession/host`` for how they keep
/// to the host's lock.
final class HostReference: @unchecked Sendable {
  let host: PluginHost
  init(_ host: PluginHost) { self.host = host }
}
