import WasmVM

/// Runs untrusted modules the way the fuzz targets and the differential driver need: imports
/// satisfied by inert stubs, a start function and every call under a tick budget, small
/// resource caps so that a hostile input cannot exhaust the fuzzing machine.
public struct Sandbox {
  /// Caps on memories, tables and stacks of every store the sandbox creates.
  public var limits: ResourceLimits
  /// Ticks per slice of a call.
  public var sliceTicks: UInt64
  /// Slices a call may use (the first run plus resumptions) before it counts as exhausted.
  public var slices: Int

  public init(
    limits: ResourceLimits = ResourceLimits(
      maxMemoryPages: 256, maxTableElements: 100_000, maxCallDepth: 2_000,
      maxValueStackSlots: 1 << 16),
    sliceTicks: UInt64 = 10_000, slices: Int = 4
  ) {
    self.limits = limits
    self.sliceTicks = sliceTicks
    self.slices = slices
  }

  /// Decodes and validates `bytes`; `nil` when either rejects them.
  public static func validate(_ bytes: [UInt8]) -> ValidatedModule? {
    guard let module = try? Module(bytes: bytes) else { return nil }
    return try? module.validate()
  }

  /// Instantiates `module` in a new store with stub imports, then runs its start function
  /// within the call budget.
  /// - Returns: the instance with its store (an instance only holds its store unowned, so the
  ///   caller must keep the store alive), or why instantiation failed.
  public func instantiate(_ module: ValidatedModule) -> Result<Instantiated, SandboxFailure> {
    let store = Store(limits: limits)
    var imports = Imports()
    for entry in module.module.imports {
      guard let value = stub(for: entry, types: module.module.types, in: store) else {
        return .failure(.instantiation("cannot stub import \(entry.module).\(entry.name)"))
      }
      imports.define(entry.module, entry.name, value)
    }
    let start = module.start
    let instance: Instance
    do {
      instance = try store.instantiate(module.withoutStart(), imports: imports)
    } catch {
      return .failure(.instantiation(error.description))
    }
    if let start {
      guard let function = instance.function(at: start) else {
        return .failure(.instantiation("unknown start function \(start)"))
      }
      switch call(function, in: store, arguments: []) {
      case .values: break
      case let other: return .failure(.start(other))
      }
    }
    return .success(Instantiated(store: store, instance: instance))
  }

  /// Calls `function` with `arguments` for at most ``slices`` slices of ``sliceTicks`` ticks.
  public func call(_ function: Function, in store: Store, arguments: [Value]) -> CallOutcome {
    call(
      function, in: store, arguments: arguments,
      budgets: Array(
        repeating: sliceTicks, count: slices))
  }

  /// Calls `function` with one slice per entry of `budgets`.
  public func call(
    _ function: Function, in store: Store, arguments: [Value], budgets: [UInt64]
  ) -> CallOutcome {
    let execution: Execution
    do {
      execution = try store.invoke(function, arguments: arguments)
    } catch {
      return .invalidCall(error.description)
    }
    for budget in budgets {
      switch execution.run(ticks: budget) {
      case .completed(let values): return .values(values, ticks: execution.ticksConsumed)
      case .trapped(let trap): return .trap(trap.kind, ticks: execution.ticksConsumed)
      case .paused: continue
      case .suspended(let call):
        // No sandbox host function suspends; one that did would be a harness bug.
        return .invalidCall("suspended on host call \(call.name), which no sandbox function does")
      }
    }
    return .exhausted(ticks: execution.ticksConsumed)
  }

  /// The exported functions of `module`, in export order, with their types.
  public static func exportedFunctions(of module: ValidatedModule, in instance: Instance)
    -> [(name: String, function: Function, type: FuncType)]
  {
    module.module.exports.compactMap { export in
      guard case .function = export.descriptor,
        let function = instance.exportedFunction(export.name),
        let type = instance.store.type(of: function)
      else { return nil }
      return (export.name, function, type)
    }
  }

  /// An inert import: functions return zeros, memories, tables and globals start empty.
  private func stub(for entry: Import, types: [FuncType], in store: Store) -> ExternalValue? {
    switch entry.descriptor {
    case .function(let typeIndex):
      guard Int(typeIndex) < types.count else { return nil }
      let type = types[Int(typeIndex)]
      let results = type.results.map { Value.defaultValue(of: $0) }
      return .function(store.add(HostFunction(type: type) { _, _ in results }))
    case .memory(let type):
      return (try? Memory(type: type, limits: limits)).map(ExternalValue.memory)
    case .table(let type):
      return (try? Table(type: type, limits: limits)).map(ExternalValue.table)
    case .global(let type):
      return (try? Global(type: type, value: .defaultValue(of: type.valueType)))
        .map(ExternalValue.global)
    }
  }
}

/// An instance together with the store that owns it.
public struct Instantiated {
  public let store: Store
  public let instance: Instance
}

/// How a call in the sandbox ended.
public enum CallOutcome: Equatable, Sendable {
  case values([Value], ticks: UInt64)
  case trap(TrapKind, ticks: UInt64)
  /// Every slice ran out before the call finished.
  case exhausted(ticks: UInt64)
  /// The arguments did not fit the function.
  case invalidCall(String)
}

/// Why a module could not be made ready to call.
public enum SandboxFailure: Error, Equatable {
  case instantiation(String)
  case start(CallOutcome)
}
