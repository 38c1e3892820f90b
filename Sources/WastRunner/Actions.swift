import WAT
import WasmVM

/// How an invocation ended.
enum InvocationOutcome {
  case returned([Value])
  case trapped(Trap)
}

extension ScriptSession {
  /// The instance an action addresses: the named module, or the current one.
  func instance(named name: String?) throws(DirectiveStop) -> Instance {
    let slot = name.map { namedModules[$0] } ?? current
    switch slot {
    case .instance(let instance)?: return instance
    case .skipped(let reason)?: throw .skip(reason)
    case .failed(let failedLine)?: throw .fail("module from line \(failedLine) failed to load")
    case nil: throw .fail(name.map { "no module named \($0)" } ?? "no module instantiated yet")
    }
  }

  /// `(invoke $M? "name" args…)`. Exports are looked up by exact UTF-8 bytes, since names
  /// that differ only in Unicode normalization are distinct (names.wast).
  mutating func perform(_ invoke: WASTInvoke) throws(DirectiveStop) -> InvocationOutcome {
    let instance = try instance(named: invoke.module)
    guard let function = instance.exportedFunction(invoke.name) else {
      throw .fail("no exported function \"\(invoke.name)\"")
    }
    var arguments: [Value] = []
    for constant in invoke.args { arguments.append(try ScriptValues.argument(constant)) }
    return try execute(function, arguments)
  }

  /// `(get $M? "name")`.
  func get(module name: String?, global: String) throws(DirectiveStop) -> Value {
    let instance = try instance(named: name)
    guard case .global(let value)? = instance.export(global) else {
      throw .fail("no exported global \"\(global)\"")
    }
    return value.value
  }

  /// Runs a call to completion: in slices of ``WastRunner/sliceTicks`` when set, otherwise in
  /// one run bounded only by ``WastRunner/maxTicksPerInvocation``. Checks the tick contract on
  /// the way — no slice over budget, progress in every paused slice, slices adding up to the
  /// total — and records the total for comparing sliced and unbounded runs.
  mutating func execute(_ function: Function, _ arguments: [Value]) throws(DirectiveStop)
    -> InvocationOutcome
  {
    var execution: Execution
    do {
      execution = try store.invoke(function, arguments: arguments)
    } catch {
      throw .fail("invocation rejected: \(error)")
    }
    let limit = options.maxTicksPerInvocation
    let budget = options.snapshotEvery ?? options.sliceTicks ?? limit
    let sliced = options.snapshotEvery != nil || options.sliceTicks != nil
    var sliceSum: UInt64 = 0
    while true {
      let result = execution.run(ticks: budget)
      let used = execution.lastSliceTicks
      guard used <= budget else {
        throw .fail("a slice consumed \(used) ticks with a budget of \(budget)")
      }
      sliceSum += used
      let outcome: InvocationOutcome
      switch result {
      case .completed(let values): outcome = .returned(values)
      case .trapped(let trap): outcome = .trapped(trap)
      case .paused:
        guard used > 0 else { throw .fail("paused without progress (budget \(budget))") }
        guard sliced, execution.ticksConsumed < limit else {
          throw .fail("did not finish within \(limit) ticks")
        }
        if options.snapshotEvery != nil { execution = try roundTrip(execution) }
        continue
      case .suspended(let call):
        throw .fail("suspended on host call \(call.name), which spec scripts never do")
      }
      guard sliceSum == execution.ticksConsumed else {
        throw .fail(
          "slices add up to \(sliceSum) ticks but ticksConsumed is \(execution.ticksConsumed)")
      }
      report.invocationTicks.append(InvocationTicks(line: line, ticks: sliceSum))
      return outcome
    }
  }
}
