import Foundation
import WasmVM

/// A call that has started and not finished: its execution and the host's bookkeeping.
final class PendingCall {
  let id: PausedCallID
  let plugin: String
  let export: String
  let arguments: [Value]
  let execution: Execution
  /// Its input and output bytes (see ``CallIO``).
  let io: CallIO
  /// The instance the call runs in: the plugin's when the call started.
  let instance: Instance
  var pausedAt = Date(timeIntervalSince1970: 0)
  /// The wait of the host call the execution is suspended on, once the host has started it
  /// (a sleep keeps its deadline while the call is paused).
  var wait: HostWait?
  /// For a call restored from a snapshot taken while it ran: the budget it had left then
  /// (``PausedCall/runningBudget``).
  var runningBudget: UInt64?
  /// Why a debugger stopped it before its budget ran out (``PausedCall/stop``); `nil`
  /// otherwise.
  var stop: CallStop?
  /// With a ``stop``: what was left of the budget of the run it stopped.
  var budgetLeft: UInt64?
  /// Its history, from the first time the debugger stopped it (see
  /// `Debugging/PluginHost+TimeTravel.swift`); `nil` otherwise.
  var recording: CallRecording?

  init(
    id: PausedCallID, plugin: String, export: String, arguments: [Value], execution: Execution,
    io: CallIO, instance: Instance
  ) {
    self.id = id
    self.io = io
    self.instance = instance
    self.plugin = plugin
    self.export = export
    self.arguments = arguments
    self.execution = execution
  }

  /// Ticks of all slices so far, host imports' charges for bytes moved included.
  var ticksUsed: UInt64 { execution.ticksConsumed }

  /// How the call ended (or paused) as the app sees it: the outcome and the output so far.
  func result(_ outcome: CallOutcome) -> CallResult {
    CallResult(outcome: outcome, output: io.output)
  }

  var snapshot: PausedCall {
    PausedCall(
      id: id, plugin: plugin, export: export, arguments: arguments, ticksUsed: ticksUsed,
      pausedAt: pausedAt, waitingOn: execution.suspendedHostCall, runningBudget: runningBudget,
      stop: stop, budgetLeft: budgetLeft)
  }
}

/// The paused calls of one host, by id. A call is in the registry exactly while it is paused:
/// it enters when a slice pauses and leaves when it completes, traps, is cancelled, or its
/// plugin is unloaded or reloaded.
final class PausedCallRegistry {
  private var calls: [PausedCallID: PendingCall] = [:]
  /// The last id handed out.
  private(set) var lastID: UInt64 = 0
  /// The highest id a host hands out, and so the highest a restored snapshot may have handed
  /// out: numbering goes on for far longer than any host runs, and only a crafted snapshot
  /// gets near it. Past it a host starts no calls, rather than hand out an id its own
  /// snapshot could not restore.
  static let maxID = UInt64(Int64.max)

  /// A fresh id (ids start at 1 and only grow), or `nil` once ``maxID`` was handed out.
  func nextID() -> PausedCallID? {
    guard lastID < Self.maxID else { return nil }
    lastID += 1
    return PausedCallID(rawValue: lastID)
  }

  func insert(_ call: PendingCall) {
    calls[call.id] = call
    lastID = max(lastID, call.id.rawValue)
  }

  /// Continues numbering after `id`, as the saved registry did.
  func continueAfter(_ id: UInt64) { lastID = max(lastID, id) }

  func call(_ id: PausedCallID) -> PendingCall? { calls[id] }

  @discardableResult
  func remove(_ id: PausedCallID) -> PendingCall? { calls.removeValue(forKey: id) }

  /// Every paused call, oldest id first.
  var all: [PendingCall] { calls.values.sorted { $0.id < $1.id } }

  /// Removes and returns the calls into any of `plugins`.
  func removeCalls(into plugins: Set<String>) -> [PendingCall] {
    let removed = all.filter { plugins.contains($0.plugin) }
    for call in removed { calls[call.id] = nil }
    return removed
  }
}
