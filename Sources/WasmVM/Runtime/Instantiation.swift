extension Store {
  /// Instantiates a validated module, following the spec's order of steps.
  ///
  /// 1. Resolve `imports` (by module name, then field name) and check their types.
  /// 2. Create the instance's functions, globals (initializers in order), tables, memories,
  ///    exports and element segments. Up to here nothing is visible in the store, so a
  ///    ``InstantiationError/link(_:)`` failure has no effect.
  /// 3. Register the functions and the instance in the store, apply active element segments
  ///    and then active data segments in order, dropping them (and declarative segments).
  /// 4. Run the start function, if any, within `startBudget` ticks.
  ///
  /// The start function is guest code like any other: an embedder running untrusted modules
  /// passes a finite `startBudget`, so that instantiation cannot hang.
  ///
  /// - Throws: ``InstantiationError/link(_:)`` before any effect,
  ///   ``InstantiationError/trap(_:)`` when initialization traps, or
  ///   ``InstantiationError/startBudgetExhausted(_:)`` when the start function needs more
  ///   ticks (see their documentation for what stays visible).
  public func instantiate(
    _ module: ValidatedModule, imports: Imports = Imports(),
    startBudget: UInt64 = .max
  ) throws(InstantiationError) -> Instance {
    let allocation: InstanceAllocation
    do {
      allocation = try allocateInstance(module, imports: imports)
    } catch {
      throw .link(error)
    }
    let instance = allocation.instance
    functions.append(contentsOf: allocation.functions.map(FunctionInstance.wasm))
    instances.append(instance)
    do {
      try instance.applyActiveElementSegments(allocation.activeElements)
      try instance.applyActiveDataSegments(allocation.activeData)
    } catch {
      throw .trap(error)
    }
    if let start = allocation.start { try runStart(start, budget: startBudget) }
    return instance
  }

  /// Runs a start function within `budget` ticks. A start function cannot be resumed later
  /// (instantiation is all-or-nothing for the embedder), so running out is a failure; the one
  /// exception is an unlimited budget, which a slice of `UInt64.max` ticks may not exhaust.
  private func runStart(_ function: Function, budget: UInt64) throws(InstantiationError) {
    let execution: Execution
    do {
      execution = try invoke(function, arguments: [])
    } catch {
      throw .link(LinkError("start function: \(error)"))
    }
    while true {
      switch execution.run(ticks: budget) {
      case .completed: return
      case .trapped(let trap): throw .trap(trap)
      case .paused:
        guard budget == .max else { throw .startBudgetExhausted(budget) }
      case .suspended(let call):
        throw .trap(
          Trap(
            .host("start function suspended on host call \(call.name), which nothing can answer")
          ))
      }
    }
  }
}
