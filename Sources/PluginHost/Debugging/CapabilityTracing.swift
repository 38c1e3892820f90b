import WasmVM

/// How capability functions report their calls to the host's tracer, if one is on (see
/// ``PluginHost/startTracing(plugin:)``): the one place the bodies linked for plugins look at
/// it. Without a tracer a call pays one load and one comparison.
extension CapabilityCall {
  /// Runs `body`, the function answering this call with `arguments`, traced.
  func traced(_ arguments: [Value], _ body: () throws(Trap) -> [Value]) throws(Trap) -> [Value] {
    guard let trace = context.currentCall.trace,
      let depth = trace.hostCallEntered(function, plugin: plugin, arguments: arguments)
    else { return try body() }
    do {
      let results = try body()
      trace.hostCallReturned(function, depth: depth, results: results)
      return results
    } catch {
      trace.hostCallReturned(function, depth: depth, results: nil)
      throw error
    }
  }

  /// Runs `check`, which refuses a call that would suspend with `arguments` by throwing, traced:
  /// a call that suspends returns (with results of type `results`) when the execution next
  /// runs.
  func tracedSuspension(
    _ arguments: [Value], results: [ValueType], _ check: () throws(Trap) -> Void
  ) throws(Trap) {
    guard let trace = context.currentCall.trace,
      let depth = trace.hostCallEntered(function, plugin: plugin, arguments: arguments)
    else { return try check() }
    do {
      try check()
      trace.hostCallSuspended(function, depth: depth, results: results)
    } catch {
      trace.hostCallReturned(function, depth: depth, results: nil)
      throw error
    }
  }
}
