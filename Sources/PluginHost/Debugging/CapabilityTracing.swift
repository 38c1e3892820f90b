import WasmVM

/// How capability functions report their calls to the host's tracer, if one is on (see
/// ``PluginHost/startTracing(plugin:)``): the one place the bodies linked for plugins look at
/// it, and the recording of a call the debugger records. Without either a call pays two loads
/// and two comparisons.
extension CapabilityCall {
  /// Runs `body`, the function answering this call with `arguments`, traced.
  func traced(_ arguments: [Value], _ body: () throws(Trap) -> [Value]) throws(Trap) -> [Value] {
    // A recorded call's capability calls are logged, or answered from the log (and then not
    // traced again): see `CallRecording.swift`.
    if let recording = context.currentCall.recording {
      return try recording.answer(function) { () throws(Trap) in
        try tracedBody(arguments, body)
      }
    }
    return try tracedBody(arguments, body)
  }

  private func tracedBody(_ arguments: [Value], _ body: () throws(Trap) -> [Value]) throws(Trap)
    -> [Value]
  {
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
