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

    /// The REPL's defaults for the limits: 1 GiB of memory in all, a million table elements,
    /// 20,000 nested calls, 10,000,000 ticks of start function.
    public static let defaultMaxMemoryPages = 16384
    public static let defaultMaxTableElements = 1_000_000
    public static let defaultMaxCallDepth = 20_000
    public static let defaultStartBudget: UInt64 = 10_000_000

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
  public let asyncHost: AsyncPluginHost
  /// The host inside ``asyncHost``. Commands that change it or read what calls change (paused
  /// calls, memory) run with it held (``holdingHost(_:)``); the plugin list, exports and
  /// imports change only through those commands, on the session's thread.
  public let host: PluginHost
  let logs: LogBuffer
  /// Background calls still running, by id, with their `plugin.export`.
  var background: [PausedCallID: String] = [:]
  /// Background calls that ended and were reported.
  var ended: Set<PausedCallID> = []
  /// How background calls that ended did, waiting to be printed.
  let finished = FinishedCalls()
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
  /// Each plugin's imports, read when it was (re)loaded.
  var importLists: [String: [PluginImport]] = [:]

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
    self.asyncHost = AsyncPluginHost(
      configuration: configuration, sliceTicks: max(1, options.sliceTicks))
    self.host = asyncHost.withHost { HostReference($0) }.host
    self.style = options.style
    self.echo = options.echo
    self.sliceTicks = max(1, options.sliceTicks)
    self.directory = options.directory
    self.budget = max(1, options.budget)
    self.write = output
  }

  /// Runs one command line. Errors are printed, counted and never thrown: the session always
  /// goes on.
  public func execute(_ line: String) {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    // Escaped too: a plugin given on the command line arrives here as "load FILE", and its
    // file name is guest text.
    guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else {
      if echo { print(Self.prompt + GuestText.escape(line)) }
      return
    }
    perform(line) { try dispatch(try Tokenizer.split(trimmed)) }
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

  /// Loads plugins given on the command line as one batch, like `load PATH...` does:
  /// dependencies first whatever the order, and none if any fails.
  public func loadAtStartup(_ paths: [String]) {
    guard !paths.isEmpty else { return }
    perform("load " + paths.map(quoted).joined(separator: " ")) {
      try loadFiles(paths, name: nil)
    }
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
    }
  }

  private func quoted(_ word: String) -> String {
    guard word.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" }) else { return word }
    let escaped = word.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(escaped)\""
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
private final class HostReference: @unchecked Sendable {
  let host: PluginHost
  init(_ host: PluginHost) { self.host = host }
}
