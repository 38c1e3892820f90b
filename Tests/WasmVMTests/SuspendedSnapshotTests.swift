import Testing
import WAT
import WasmVM

/// An execution suspended on a host call saves and restores suspended: the restored one waits
/// on the same call, and answered, finishes with the result and ticks of an uninterrupted run.
@Suite struct SuspendedSnapshotTests {
  static let fetchType = FuncType(parameters: [.i32], results: [.i32])

  /// `store` saved with `execution` and restored, with `fetch` suspending again (at `cost`).
  static func roundTrip(
    _ store: Store, _ execution: Execution, module: ValidatedModule?, cost: UInt64
  ) throws -> (Store, Execution) {
    let restored = try Store.restore(
      try store.snapshot(of: [execution]),
      modules: { fingerprint in module.flatMap { $0.module.fingerprint == fingerprint ? $0 : nil }
      },
      hostFunctions: { record in
        guard record.name == "fetch" else { return nil }
        return .suspending(
          type: record.type, name: "fetch",
          cost: cost == 0 ? nil : { _, _ throws(Trap) in cost }
        ) { _, _ throws(Trap) in .suspend }
      })
    return (restored.store, try #require(restored.executions.first))
  }

  /// Every time the program suspends (from a loop, `call_indirect` and a tail call), it is
  /// saved and restored, then answered; in slices of 1, 7 and unbounded ticks.
  @Test(arguments: [UInt64(0), 5])
  func savedAtEverySuspensionItFinishesTheSame(cost: UInt64) throws {
    let plain = try SuspensionTests.Setup(SuspensionTests.program, suspending: false, cost: cost)
      .execution()
    let expected = plain.run(ticks: .max)
    let module = try Module(bytes: try wat2wasm(SuspensionTests.program)).validate()
    for slice: UInt64 in [1, 7, .max] {
      let setup = try SuspensionTests.Setup(SuspensionTests.program, cost: cost)
      var (store, execution) = (setup.store, try setup.execution())
      var suspensions = 0
      var result = ExecutionResult.paused
      while suspensions <= HostCostTests.calls {
        result = execution.run(ticks: slice)
        #expect(execution.lastSliceTicks <= slice)
        guard case .suspended(let call) = result else {
          if case .paused = result { continue }
          break
        }
        suspensions += 1
        (store, execution) = try Self.roundTrip(store, execution, module: module, cost: cost)
        #expect(execution.suspendedHostCall == call, "slice \(slice)")
        guard case .i32(let n) = call.arguments.first else {
          Issue.record("fetch without its argument")
          return
        }
        try execution.resume(returning: [.i32(n &* 10)])
      }
      #expect(result == expected, "slice \(slice)")
      #expect(suspensions == HostCostTests.calls, "slice \(slice)")
      #expect(execution.ticksConsumed == plain.ticksConsumed, "slice \(slice)")
    }
  }

  /// A host function invoked directly, suspended, saves and restores suspended too.
  @Test func aDirectlyInvokedSuspendedFunctionRestoresSuspended() throws {
    let store = Store()
    let fetch = store.add(
      .suspending(type: Self.fetchType, name: "fetch", cost: nil) { _, _ throws(Trap) in .suspend })
    let execution = try store.invoke(fetch, arguments: [.i32(4)])
    guard case .suspended = execution.run(ticks: 10) else {
      Issue.record("expected a suspension")
      return
    }
    let (_, restored) = try Self.roundTrip(store, execution, module: nil, cost: 0)
    #expect(restored.suspendedHostCall?.arguments == [.i32(4)])
    #expect(restored.run(ticks: 10) == .suspended(try #require(restored.suspendedHostCall)))
    try restored.resume(returning: [.i32(40)])
    #expect(restored.run(ticks: 10) == .completed([.i32(40)]))
    #expect(restored.ticksConsumed == execution.ticksConsumed)
  }

  /// A restore whose host function cannot suspend refuses a call saved suspended on it.
  @Test func aSuspendedCallNeedsAFunctionThatSuspends() throws {
    let setup = try SuspensionTests.Setup(SuspensionTests.simple)
    let execution = try setup.execution()
    guard case .suspended = execution.run(ticks: .max) else {
      Issue.record("expected a suspension")
      return
    }
    let module = try Module(bytes: try wat2wasm(SuspensionTests.simple)).validate()
    #expect(throws: SnapshotError.self) {
      _ = try Store.restore(
        try setup.store.snapshot(of: [execution]),
        modules: { $0 == module.module.fingerprint ? module : nil },
        hostFunctions: { record in
          HostFunction(type: record.type, name: "fetch") { _, _ throws(Trap) in [.i32(0)] }
        })
    }
  }
}
