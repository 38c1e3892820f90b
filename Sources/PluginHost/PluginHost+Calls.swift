import Foundation
import WasmVM

extension PluginHost {
  /// Calls `plugin`'s exported function `export` for at most `budget` ticks.
  ///
  /// - Returns: `.completed` or `.trapped` when the call finished within the budget, otherwise
  ///   `.paused` with a handle to resume or cancel it.
  /// - Throws: ``PluginHostError`` when the plugin or export does not exist or the arguments do
  ///   not match the export's parameters; no guest code ran then.
  public func call(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], budget: UInt64
  ) throws(PluginHostError) -> CallOutcome {
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
    let call = PendingCall(
      id: registry.nextID(), plugin: plugin, export: export, arguments: arguments,
      execution: execution)
    return run(call, budget: budget)
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

  /// Runs one slice and files the call according to how it ended.
  private func run(_ call: PendingCall, budget: UInt64) -> CallOutcome {
    switch call.execution.run(ticks: budget) {
    case .completed(let values):
      return .completed(values: values, ticks: call.ticksUsed)
    case .trapped(let trap):
      return .trapped(trap, ticks: call.ticksUsed)
    case .suspended(let request):
      // No capability suspends yet.
      let trap = Trap(.host("host call \(request.name) suspended, which this host cannot answer"))
      try? call.execution.resume(throwing: trap)
      return .trapped(trap, ticks: call.ticksUsed)
    case .paused:
      let milliseconds = configuration.clock.wallClockMilliseconds()
      call.pausedAt = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
      registry.insert(call)
      return .paused(call.snapshot)
    }
  }
}
