import Foundation
import WasmVM

extension PluginHost {
  /// Calls `plugin`'s exported function `export` for at most `budget` ticks.
  ///
  /// - Returns: `.completed` or `.trapped` when the call finished within the budget, otherwise
  ///   `.paused` with a handle to resume or cancel it.
  /// - Throws: ``PluginHostError`` when the plugin or export does not exist or the arguments do
  ///   not match the export's parameters; no guest code ran then.
  ///
  /// A plugin that calls `clock.sleep` blocks the calling thread for the sleep (at most
  /// ``Configuration/maxSleepMilliseconds``); sleeping costs no ticks, and the call goes on
  /// with what is left of `budget`. ``AsyncPluginHost`` parks a sleeping call instead.
  public func call(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], budget: UInt64
  ) throws(PluginHostError) -> CallOutcome {
    run(try start(plugin, export, arguments), budget: budget)
  }

  /// Checks a call and prepares its execution, without running anything.
  func start(_ plugin: String, _ export: String, _ arguments: [Value]) throws(PluginHostError)
    -> PendingCall
  {
    guard let loadedPlugin = loaded[plugin] else { throw .unknownPlugin(plugin) }
    let functions = loadedPlugin.exportedFunctions
    guard let function = loadedPlugin.instance.exportedFunction(export),
      let type = functions[export]
    else {
      throw .unknownExport(plugin: plugin, export: export, available: functions.keys.sorted())
    }
    guard arguments.map(\.type) == type.parameters else {
      throw .argumentMismatch(plugin: plugin, export: export, expected: type, given: arguments)
    }
    let execution: Execution
    do {
      execution = try store.invoke(function, arguments: arguments)
    } catch {
      throw .argumentMismatch(plugin: plugin, export: export, expected: type, given: arguments)
    }
    return PendingCall(
      id: registry.nextID(), plugin: plugin, export: export, arguments: arguments,
      execution: execution, instance: loadedPlugin.instance)
  }

  /// The calls waiting to be resumed, oldest first.
  public var pausedCalls: [PausedCall] { registry.all.map(\.snapshot) }

  /// Continues a paused call for at most `budget` more ticks. It keeps its id if it pauses
  /// again.
  ///
  /// Paused calls are independent executions — each has its own stacks — but they share their
  /// plugins' instances: memory, globals and tables written by one are seen by the others when
  /// they resume, exactly as if the calls were coroutines interleaved at their pause points.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func resume(_ id: PausedCallID, budget: UInt64) throws(PluginHostError) -> CallOutcome {
    guard let call = registry.remove(id) else { throw .unknownPausedCall(id) }
    return run(call, budget: budget)
  }

  /// Drops a paused call, releasing its stacks. Whatever it already did to its instance's
  /// memory, globals and tables (and to its `kv` namespace) stays done.
  /// - Returns: the call as it was when cancelled.
  @discardableResult
  public func cancel(_ id: PausedCallID) throws(PluginHostError) -> PausedCall {
    guard let call = registry.remove(id) else { throw .unknownPausedCall(id) }
    return call.snapshot
  }

  /// Runs the call for at most `budget` ticks, blocking through its waits, and files it
  /// according to how it ended.
  private func run(_ call: PendingCall, budget: UInt64) -> CallOutcome {
    switch runBlocking(call.execution, budget: budget, wait: &call.wait) {
    case .completed(let values):
      return .completed(values: values, ticks: call.ticksUsed)
    case .trapped(let trap):
      return .trapped(trap, ticks: call.ticksUsed)
    case .paused, .suspended:
      return .paused(park(call))
    }
  }

  /// Runs `execution` for at most `budget` ticks, answering each host call it suspends on
  /// once its wait is over, on this thread. `wait` is the wait in progress, if any (a call
  /// paused while waiting finishes that wait first).
  /// - Returns: how the last slice ended; never `.suspended`.
  func runBlocking(_ execution: Execution, budget: UInt64, wait: inout HostWait?)
    -> ExecutionResult
  {
    var left = budget
    while true {
      let result = execution.run(ticks: left)
      left -= execution.lastSliceTicks
      guard case .suspended(let request) = result else { return result }
      do throws(Trap) {
        let current: HostWait
        if let wait {
          current = wait
        } else {
          current = try waits.wait(for: request)
        }
        wait = current
        current.block()
        wait = nil
        try? execution.resume(returning: current.results)
      } catch {
        wait = nil
        try? execution.resume(throwing: error)
      }
    }
  }

  /// Files a call that stopped before finishing in the registry, to be resumed or cancelled.
  func park(_ call: PendingCall) -> PausedCall {
    let milliseconds = configuration.clock.wallClockMilliseconds()
    call.pausedAt = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    registry.insert(call)
    return call.snapshot
  }
}
