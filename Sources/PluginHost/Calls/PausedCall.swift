import Foundation
import WasmVM

/// Identifies a call in the host's paused-call registry. Ids are never reused by a host.
public struct PausedCallID: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The id as a number, 1 for the first call a host makes.
  public let rawValue: UInt64
  /// Wraps a number, e.g. one a user typed.
  public init(rawValue: UInt64) { self.rawValue = rawValue }
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
  public var description: String { "#\(rawValue)" }
}

/// A snapshot of a paused call, as listed by ``PluginHost/pausedCalls``.
public struct PausedCall: Hashable, Sendable, CustomStringConvertible {
  /// The handle to resume or cancel the call with; it stays the same across slices.
  public var id: PausedCallID
  /// The plugin whose export was called.
  public var plugin: String
  /// The export that was called.
  public var export: String
  /// The arguments the call was started with.
  public var arguments: [Value]
  /// Ticks used by every slice so far, host charges included.
  public var ticksUsed: UInt64
  /// When the most recent slice paused, by the host's clock.
  public var pausedAt: Date
  /// The host call it was waiting on when it paused (an ``AsyncPluginHost`` call cancelled
  /// during `clock.sleep`), or `nil`. Resuming it finishes that wait first: a sleep ends at
  /// the time it would have ended anyway.
  public var waitingOn: SuspendedHostCall?
  /// For a call restored from a snapshot taken while it was running (in flight under
  /// ``AsyncPluginHost``, see ``AsyncPluginHost/snapshot()``): the budget it had left then, so
  /// that the app can let it go on as it was; `nil` for a call that was paused.
  public var runningBudget: UInt64?
  /// Why a debugger stopped the call before its budget ran out: it reached a breakpoint
  /// (``PluginHost/setBreakpoint(_:_:bodyOffset:)``) or finished a step
  /// (``PluginHost/step(_:_:budget:)``); `nil` when its budget ran out or it was paused.
  public var stop: CallStop? = nil
  /// With a ``stop``: what was left of the budget of the call or resume it stopped in, so
  /// that the app can go on as if it had not stopped (a breakpoint never adds ticks to a
  /// budget); `nil` otherwise.
  public var budgetLeft: UInt64? = nil

  /// `plugin.export`, the way the call is shown to people.
  public var target: String { "\(plugin).\(export)" }

  public var description: String {
    let args = arguments.map(\.description).joined(separator: ", ")
    let waiting = waitingOn.map { ", waiting in \($0)" } ?? ""
    let stopped = stop.map { ", \($0)" } ?? ""
    return
      "\(id) \(target)(\(args)) after \(ticksUsed) tick\(ticksUsed == 1 ? "" : "s")\(waiting)\(stopped)"
  }
}
