import Foundation
import Logging
import PluginHost
import Testing
import WasmVM

/// A log line as the test handler saw it.
struct LoggedLine: Sendable, Equatable {
  var level: Logger.Level
  var message: String
  var plugin: String?
}

/// Collects log lines so tests can assert what guests logged.
final class LogCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var collected: [LoggedLine] = []

  var lines: [LoggedLine] { lock.withLock { collected } }

  func append(_ line: LoggedLine) { lock.withLock { collected.append(line) } }

  /// A logger writing into this collector, at every level.
  func logger() -> Logger {
    Logger(label: "test") { _ in CollectingHandler(collector: self) }
  }
}

struct CollectingHandler: LogHandler {
  let collector: LogCollector
  var metadata: Logger.Metadata = [:]
  var metadataProvider: Logger.MetadataProvider?
  var logLevel: Logger.Level = .trace

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let merged = metadata.merging(event.metadata ?? [:]) { $1 }
    collector.append(
      LoggedLine(
        level: event.level, message: event.message.description,
        plugin: merged["plugin"].map { "\($0)" }))
  }
}

/// A clock the test sets by hand.
final class ManualClock: HostClock, @unchecked Sendable {
  private let lock = NSLock()
  private var wall: Int64
  private var monotonic: UInt64

  init(wall: Int64 = 1_700_000_000_000, monotonic: UInt64 = 42) {
    self.wall = wall
    self.monotonic = monotonic
  }

  func set(wall: Int64, monotonic: UInt64) {
    lock.withLock {
      self.wall = wall
      self.monotonic = monotonic
    }
  }

  func wallClockMilliseconds() -> Int64 { lock.withLock { wall } }
  func monotonicNanoseconds() -> UInt64 { lock.withLock { monotonic } }
}

/// A host with a collecting logger and a manual clock.
struct TestHost {
  let host: PluginHost
  let logs = LogCollector()
  let clock = ManualClock()

  init(
    keyValueStore: any KeyValueStore = InMemoryKeyValueStore(),
    keyValueLimits: KeyValueLimits = KeyValueLimits(),
    hostTicksPerByte: UInt64 = 1, capabilities: [HostCapability] = []
  ) {
    host = PluginHost(
      configuration: PluginHost.Configuration(
        keyValueStore: keyValueStore, keyValueLimits: keyValueLimits, clock: clock,
        logger: logs.logger(), hostTicksPerByte: hostTicksPerByte, capabilities: capabilities))
  }
}

extension PluginHost {
  /// Calls with a generous budget and expects completion.
  func run(_ plugin: String, _ export: String, _ arguments: [Value] = []) throws -> [Value] {
    switch try call(plugin, export, arguments, budget: 1_000_000) {
    case .completed(let values, _): return values
    case .paused(let call): throw TestFailure("\(plugin).\(export) paused: \(call)")
    case .trapped(let trap, _): throw TestFailure("\(plugin).\(export) trapped: \(trap)")
    }
  }

  /// Calls with `budget` and expects the call to pause.
  func paused(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], budget: UInt64
  ) throws -> PausedCall {
    guard case .paused(let call) = try call(plugin, export, arguments, budget: budget) else {
      throw TestFailure("\(plugin).\(export) did not pause within \(budget) ticks")
    }
    return call
  }

  /// Calls with a generous budget and expects a trap.
  func trap(_ plugin: String, _ export: String, _ arguments: [Value] = []) throws -> Trap {
    switch try call(plugin, export, arguments, budget: 1_000_000) {
    case .trapped(let trap, _): return trap
    case let other: throw TestFailure("\(plugin).\(export) did not trap: \(other)")
    }
  }
}

struct TestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The error a throwing expression raised, as a `PluginHostError`.
func hostError<T>(_ body: () throws -> T) -> PluginHostError? {
  do {
    _ = try body()
    return nil
  } catch let error as PluginHostError {
    return error
  } catch {
    return nil
  }
}

/// The link error inside a host error, if any.
func linkError<T>(_ body: () throws -> T) -> PluginLinkError? {
  if case .link(let error)? = hostError(body) { return error }
  return nil
}

/// The bytes of a string, for kv assertions.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
