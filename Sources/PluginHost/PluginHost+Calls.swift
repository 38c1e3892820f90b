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
    let call = try start(plugin, export, arguments)
    return run(call, budget: budget)
  }

  /// Calls `plugin`'s exported function `export` with `input` for at most `budget` ticks, as
  /// ``call(_:_:_:budget:)`` does: the plugin reads the input and writes its output through the
  /// `io` capability (docs/plugin-abi.md), and the result carries that output with the outcome.
  ///
  /// The input and output stay with the call while it is paused (and in a ``snapshot()``):
  /// resume it with ``resumeWithOutput(_:budget:)`` to get the output when it ends.
  /// - Throws: as ``call(_:_:_:budget:)``, and ``PluginHostError/inputTooLarge(plugin:export:bytes:limit:)``
  ///   when `input` is longer than ``Configuration/maxInputBytes``; no guest code ran then.
  public func call(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], input: [UInt8], budget: UInt64
  ) throws(PluginHostError) -> CallResult {
    let call = try start(plugin, export, arguments, input: input)
    return call.result(run(call, budget: budget))
  }

  /// Calls `export` with the UTF-8 bytes of `input`, as ``call(_:_:_:input:budget:)-([UInt8])``
  /// does; ``CallResult/text`` reads the output as text.
  public func call(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], input: String, budget: UInt64
  ) throws(PluginHostError) -> CallResult {
    try call(plugin, export, arguments, input: Array(input.utf8), budget: budget)
  }

  /// Calls `export` with `input` encoded as JSON (`JSONEncoder`, sorted keys), as
  /// ``call(_:_:_:input:budget:)-([UInt8])`` does; ``CallResult/decoded(as:)`` reads JSON
  /// output.
  /// - Throws: the `EncodingError` of `JSONEncoder`, or a ``PluginHostError``.
  public func call<Input: Encodable>(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], json input: Input,
    budget: UInt64
  ) throws -> CallResult {
    try call(plugin, export, arguments, input: try Self.json(input), budget: budget)
  }

  /// `value` as JSON bytes, as the `json:` calls pass it.
  static func json<Input: Encodable>(_ value: Input) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return Array(try encoder.encode(value))
  }

  /// Checks a call and prepares its execution, without running anything.
  func start(
    _ plugin: String, _ export: String, _ arguments: [Value], input: [UInt8] = []
  ) throws(PluginHostError) -> PendingCall {
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
    let maxInput = Self.ioLimit(configuration.maxInputBytes)
    guard input.count <= maxInput else {
      throw .inputTooLarge(plugin: plugin, export: export, bytes: input.count, limit: maxInput)
    }
    guard let id = registry.nextID() else { throw .callIDsExhausted }
    let execution: Execution
    do {
      execution = try store.invoke(function, arguments: arguments)
    } catch {
      throw .argumentMismatch(plugin: plugin, export: export, expected: type, given: arguments)
    }
    currentCall.trace?.started(execution, plugin: plugin, export: export, arguments: arguments)
    return PendingCall(
      id: id, plugin: plugin, export: export, arguments: arguments,
      execution: execution,
      io: CallIO(input: input, maxOutputBytes: Self.ioLimit(configuration.maxOutputBytes)),
      instance: loadedPlugin.instance)
  }

  /// An input or output limit as the host applies it: at most `Int32.max`, which is as much as
  /// an `io` result can count.
  static func ioLimit(_ configured: Int) -> Int { max(0, min(configured, Int(Int32.max))) }

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

  /// Continues a paused call as ``resume(_:budget:)`` does, returning its output with the
  /// outcome: for calls started with input (``call(_:_:_:input:budget:)-([UInt8])``).
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func resumeWithOutput(_ id: PausedCallID, budget: UInt64) throws(PluginHostError)
    -> CallResult
  {
    guard let call = registry.remove(id) else { throw .unknownPausedCall(id) }
    return call.result(run(call, budget: budget))
  }

  /// Drops a paused call, releasing its stacks. Whatever it already did to its instance's
  /// memory, globals and tables (and to its `kv` namespace) stays done.
  /// - Returns: the call as it was when cancelled.
  @discardableResult
  public func cancel(_ id: PausedCallID) throws(PluginHostError) -> PausedCall {
    guard let call = registry.remove(id) else { throw .unknownPausedCall(id) }
    dropRecording(of: call)
    return call.snapshot
  }

  /// Runs the call for at most `budget` ticks, blocking through its waits, and files it
  /// according to how it ended.
  /// With breakpoints set, or a `step`, it runs under the debugger
  /// (``debugSlice(_:io:ticks:step:)``): a call that stops at a breakpoint or ends its step
  /// pauses with the ``PausedCall/stop`` and what is left of `budget`.
  func run(_ call: PendingCall, budget: UInt64, step: Step? = nil) -> CallOutcome {
    call.stop = nil
    call.budgetLeft = nil
    let before = call.ticksUsed
    var remaining = step
    var stop: CallStop?
    let result = runBlocking(call.execution, io: call.io, budget: budget, wait: &call.wait) {
      ticks in
      let (result, stopped, instructions) = self.debugSlice(
        call.execution, io: call.io, ticks: ticks, step: remaining, recording: call.recording)
      if var left = remaining {
        left.instructions -= min(instructions, left.instructions)
        remaining = left
      }
      stop = stopped
      return result
    }
    switch result {
    case .completed(let values):
      dropRecording(of: call)
      return .completed(values: values, ticks: call.ticksUsed)
    case .trapped(let trap):
      dropRecording(of: call)
      return .trapped(trap, ticks: call.ticksUsed)
    case .paused, .suspended:
      if let stop {
        call.stop = stop
        call.budgetLeft = budget - min(budget, call.ticksUsed - before)
        startRecording(call)
      }
      return .paused(park(call))
    }
  }

  /// Runs `execution` for at most `budget` ticks with `io` as its buffers, answering each host
  /// call it suspends on once its wait is over, on this thread. `wait` is the wait in
  /// progress, if any (a call paused while waiting finishes that wait first). With a
  /// `sleepAllowance`, the call's sleeps may add up to that many milliseconds; a sleep beyond it
  /// traps instead of waiting (a start function's, which no budget of ticks would bound).
  /// - Returns: how the last slice ended; never `.suspended`.
  /// `slice` runs each slice instead of ``runSlice(_:io:ticks:)`` (a debugger's, which may
  /// stop early).
  func runBlocking(
    _ execution: Execution, io: CallIO?, budget: UInt64, wait: inout HostWait?,
    sleepAllowance: UInt64? = nil, slice: ((UInt64) -> ExecutionResult)? = nil
  ) -> ExecutionResult {
    var allowance = sleepAllowance
    var left = budget
    while true {
      let result = slice?(left) ?? runSlice(execution, io: io, ticks: left)
      left -= execution.lastSliceTicks
      guard case .suspended(let request) = result else { return result }
      do throws(Trap) {
        let current: HostWait
        if let wait {
          current = wait
        } else {
          current = try waits.wait(for: request)
        }
        if case .sleep(_, let milliseconds, _) = current, let left = allowance {
          guard milliseconds <= left else {
            throw Trap(
              .host(
                "host call clock.sleep: a start function may sleep \(sleepAllowance ?? 0) ms in "
                  + "all, and this sleep of \(milliseconds) ms would go past it (raise "
                  + "Configuration.maxSleepMilliseconds)"))
          }
          allowance = left - milliseconds
        }
        wait = current
        current.block()
        wait = nil
        current.resume(execution)
      } catch {
        wait = nil
        try? execution.resume(throwing: error)
      }
    }
  }

  /// Runs one slice of `execution` with `io` as the buffers the `io` capability acts on. Every
  /// slice of a call runs through here (slices of one host never overlap).
  func runSlice(_ execution: Execution, io: CallIO?, ticks: UInt64) -> ExecutionResult {
    // Another call (or a start function) runs: it may change what a recorded call shares.
    if recordedCall != nil { dropRecording() }
    return currentCall.sliceLock.withAccess {
      currentCall.buffers = io
      defer { currentCall.buffers = nil }
      if let runner = currentCall.sliceRunner { return runner(execution, ticks) }
      if let trace = currentCall.trace {
        return trace.runSlice(execution, ticks: ticks, host: self)
      }
      return execution.run(ticks: ticks)
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
