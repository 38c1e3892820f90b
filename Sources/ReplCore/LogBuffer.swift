import Logging
import PluginHost

/// One line a plugin logged, as the REPL shows it.
public struct LogLine: Sendable, Equatable {
  public var level: Logger.Level
  public var plugin: String
  public var message: String

  /// `[info] greeter: Hello`: no timestamp, so that transcripts stay deterministic. One line
  /// whatever the plugin logged: its name and message are escaped (``GuestText``).
  public var formatted: String {
    "[\(level)] \(GuestText.escape(plugin)): \(GuestText.escape(message))"
  }
}

/// Keeps the most recent log lines at or above the REPL's log level, and which of them the
/// user has not seen yet. Shared between the logger (written from host imports) and the
/// session, hence the lock.
///
/// At most `capacity` unseen lines wait to be printed: a plugin logging in a loop cannot grow
/// the REPL's memory without bound. Older unseen lines are dropped, but counted, and
/// ``takeUnseen()`` says how many, so the REPL never drops lines silently.
public final class LogBuffer: Sendable {
  private struct State {
    var lines: [LogLine] = []
    var unseen = 0
    /// Unseen lines pushed out by newer ones since the last ``takeUnseen()``.
    var dropped = 0
    var level: Logger.Level
  }

  private let state: Locked<State>
  /// How many lines `recent` can return; older ones are dropped.
  public let capacity: Int

  public init(level: Logger.Level, capacity: Int = 200) {
    self.state = Locked(State(level: level))
    self.capacity = capacity
  }

  /// Lines below this level are not kept.
  public var level: Logger.Level {
    get { state.withLock { $0.level } }
    set { state.withLock { $0.level = newValue } }
  }

  func append(_ line: LogLine) {
    state.withLock { state in
      guard line.level >= state.level else { return }
      state.lines.append(line)
      if state.unseen == capacity { state.dropped += 1 }
      state.unseen = min(state.unseen + 1, capacity)
      if state.lines.count > capacity { state.lines.removeFirst(state.lines.count - capacity) }
    }
  }

  /// The lines logged since the last call, to print right after a call's slice, and how many
  /// older ones were dropped to keep at most `capacity`.
  func takeUnseen() -> (lines: [LogLine], dropped: Int) {
    state.withLock { state in
      let lines = Array(state.lines.suffix(state.unseen))
      let dropped = state.dropped
      state.unseen = 0
      state.dropped = 0
      return (lines, dropped)
    }
  }

  /// Whether lines wait to be printed.
  var hasUnseen: Bool { state.withLock { $0.unseen > 0 || $0.dropped > 0 } }

  /// The last `count` kept lines, oldest first.
  func recent(_ count: Int) -> [LogLine] { state.withLock { Array($0.lines.suffix(count)) } }

  /// A logger whose lines land here; the host gives each plugin a copy with its name as
  /// `plugin` metadata.
  public func logger() -> Logger {
    Logger(label: "wasbox.plugins") { _ in CapturingLogHandler(buffer: self) }
  }
}

/// Forwards every event to a ``LogBuffer``, which filters by its own level: a level on the
/// handler would be copied into each plugin's logger and could not be changed afterwards.
struct CapturingLogHandler: LogHandler {
  let buffer: LogBuffer
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let plugin = event.metadata?["plugin"] ?? metadata["plugin"]
    buffer.append(
      LogLine(
        level: event.level, plugin: plugin.map { "\($0)" } ?? "host",
        message: event.message.description))
  }
}
