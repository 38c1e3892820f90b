import Testing
import WAT
import WasmVM

/// Host functions that suspend (``HostFunction/suspending(type:name:cost:body:)``):
/// the execution waits in ``ExecutionResult/suspended(_:)`` until the embedder answers, ticks
/// stay exact and slicing changes nothing.
@Suite struct SuspensionTests {
  /// A store whose `env.fetch: (i32) -> i32` suspends on every call (or, when `suspending` is
  /// false, a plain host function returning `10 × n` at once), costing `cost` extra ticks.
  struct Setup {
    let store = Store()
    let fetch: Function
    let instance: Instance

    init(_ text: String, suspending: Bool = true, cost: UInt64 = 0) throws {
      let type = FuncType(parameters: [.i32], results: [.i32])
      let price: HostCallCost? = cost == 0 ? nil : { _, _ throws(Trap) in cost }
      if suspending {
        fetch = store.add(
          .suspending(type: type, name: "fetch", cost: price) {
            _, _ throws(Trap) in .suspend
          })
      } else {
        fetch = store.add(
          HostFunction(type: type, name: "fetch", cost: price) {
            _, arguments throws(Trap) in
            guard case .i32(let n) = arguments.first else { throw Trap(.host("bad argument")) }
            return [.i32(n &* 10)]
          })
      }
      let module = try Module(bytes: try wat2wasm(text)).validate()
      instance = try store.instantiate(module, imports: ["env": ["fetch": .function(fetch)]])
    }

    func execution(_ export: String = "main", _ arguments: [Value] = []) throws -> Execution {
      try store.invoke(try #require(instance.exportedFunction(export)), arguments: arguments)
    }
  }

  /// Runs in slices of `slice` ticks, answering every suspension the way the plain `fetch`
  /// would (`10 × n`); returns the final result and how many times it suspended.
  static func runAnswering(_ execution: Execution, slice: UInt64) throws -> (
    ExecutionResult, suspensions: Int
  ) {
    var suspensions = 0
    for _ in 0..<100_000 {
      let result = execution.run(ticks: slice)
      #expect(execution.lastSliceTicks <= slice)
      switch result {
      case .paused: continue
      case .suspended(let call):
        suspensions += 1
        #expect(call.name == "fetch")
        #expect(call.resultTypes == [.i32])
        guard case .i32(let n) = call.arguments.first else {
          Issue.record("fetch without its argument")
          return (result, suspensions)
        }
        try execution.resume(returning: [.i32(n &* 10)])
      default: return (result, suspensions)
      }
    }
    Issue.record("did not finish")
    return (.paused, suspensions)
  }

  static let simple = """
    (module
      (import "env" "fetch" (func $fetch (param i32) (result i32)))
      (func (export "main") (result i32)
        (i32.add (call $fetch (i32.const 5)) (i32.const 1))))
    """

  @Test func suspendsAndResumesWithResults() throws {
    let plain = try Setup(Self.simple, suspending: false).execution()
    #expect(plain.run(ticks: .max) == .completed([.i32(51)]))

    let setup = try Setup(Self.simple)
    let execution = try setup.execution()
    let result = execution.run(ticks: 100)
    let expected = SuspendedHostCall.self
    guard case .suspended(let call) = result else {
      Issue.record("expected \(expected), got \(result)")
      return
    }
    #expect(call.function == setup.fetch)
    #expect(call.arguments == [.i32(5)])
    #expect(call.description == "fetch(i32:5)")
    #expect(execution.state == .suspended(call))
    #expect(execution.suspendedHostCall == call)
    // The call instruction and its argument were paid; nothing after it.
    #expect(execution.ticksConsumed == 2)
    // Running again changes nothing and costs nothing until the call is answered.
    #expect(execution.run(ticks: 100) == .suspended(call))
    #expect(execution.lastSliceTicks == 0)
    try execution.resume(returning: [.i32(50)])
    #expect(execution.state == .paused)
    #expect(execution.suspendedHostCall == nil)
    #expect(execution.run(ticks: 100) == .completed([.i32(51)]))
    // Suspending costs what returning at once costs.
    #expect(execution.ticksConsumed == plain.ticksConsumed)
  }

  @Test func resumingWithATrapTrapsAtTheCall() throws {
    let setup = try Setup(
      """
      (module
        (import "env" "fetch" (func $fetch (param i32) (result i32)))
        (func $inner (result i32) (call $fetch (i32.const 1)))
        (func (export "main") (result i32) (i32.add (call $inner) (i32.const 1))))
      """)
    let execution = try setup.execution()
    guard case .suspended = execution.run(ticks: .max) else {
      Issue.record("expected a suspension")
      return
    }
    let ticks = execution.ticksConsumed
    try execution.resume(throwing: Trap(.host("connection refused")))
    guard case .trapped(let trap) = execution.state else {
      Issue.record("expected a trapped state, got \(execution.state)")
      return
    }
    #expect(trap.kind == .host("connection refused"))
    #expect(trap.backtrace.map(\.functionIndex) == [1, 2])
    #expect(execution.run(ticks: 100) == .trapped(trap))
    #expect(execution.ticksConsumed == ticks)
    #expect(throws: HostCallResumeError.notSuspended) {
      try execution.resume(returning: [.i32(1)])
    }
  }

  @Test func answersOfTheWrongTypeAreRefusedAndChangeNothing() throws {
    let setup = try Setup(Self.simple)
    let execution = try setup.execution()
    #expect(throws: HostCallResumeError.notSuspended) {
      try execution.resume(returning: [.i32(1)])
    }
    guard case .suspended(let call) = execution.run(ticks: .max) else {
      Issue.record("expected a suspension")
      return
    }
    let mismatch = HostCallResumeError.resultTypeMismatch(
      function: "fetch", expected: [.i32], got: [.i64])
    #expect(throws: mismatch) { try execution.resume(returning: [.i64(50)]) }
    #expect(mismatch.description.contains("host function fetch returns [i32]"))
    #expect(throws: HostCallResumeError.self) { try execution.resume(returning: []) }
    #expect(
      throws: HostCallResumeError.self,
      performing: { try execution.resume(returning: [.i32(1), .i32(2)]) })
    #expect(execution.state == .suspended(call))
    try execution.resume(returning: [.i32(7)])
    #expect(execution.run(ticks: .max) == .completed([.i32(8)]))
  }

  /// ``HostCostTests/program``, calling `fetch` instead: from a loop, through
  /// `call_indirect` and as a tail call, so that suspensions happen in both loops.
  static let program = HostCostTests.program.replacingOccurrences(
    of: "\"double\"", with: "\"fetch\"")

  @Test(arguments: [UInt64(0), 5])
  func everySlicingGivesTheSameResultAndTicks(cost: UInt64) throws {
    let plain = try Setup(Self.program, suspending: false, cost: cost).execution()
    let expected = plain.run(ticks: .max)
    #expect(expected == .completed([.i32(10 * 21 + 70 + 30)]))
    for slice: UInt64 in [1, 2, 3, 7, 1000, .max] {
      let execution = try Setup(Self.program, cost: cost).execution()
      let (result, suspensions) = try Self.runAnswering(execution, slice: slice)
      #expect(result == expected, "slice \(slice)")
      #expect(suspensions == HostCostTests.calls, "slice \(slice)")
      #expect(execution.ticksConsumed == plain.ticksConsumed, "slice \(slice)")
    }
  }

  @Test func aSuspensionDeepInTheCallStackKeepsEveryFrame() throws {
    let setup = try Setup(
      """
      (module
        (import "env" "fetch" (func $fetch (param i32) (result i32)))
        (func $deep (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0))
            (then (call $fetch (i32.const 9)))
            (else (i32.add (local.get 0)
              (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
        (func (export "main") (param i32) (result i32) (call $deep (local.get 0))))
      """)
    for slice: UInt64 in [1, 3, .max] {
      let sliced = try setup.execution("main", [.i32(20)])
      let (result, suspensions) = try Self.runAnswering(sliced, slice: slice)
      #expect(result == .completed([.i32(90 + (1...20).reduce(0, +))]), "slice \(slice)")
      #expect(suspensions == 1)
    }
    let execution = try setup.execution("main", [.i32(50)])
    guard case .suspended(let call) = execution.run(ticks: .max) else {
      Issue.record("expected a suspension")
      return
    }
    #expect(call.arguments == [.i32(9)])
    // Another execution on the same store runs while this one waits.
    let other = try setup.execution("main", [.i32(3)])
    guard case .suspended = other.run(ticks: .max) else {
      Issue.record("expected the other call to suspend too")
      return
    }
    try other.resume(returning: [.i32(1)])
    #expect(other.run(ticks: .max) == .completed([.i32(1 + 3 + 2 + 1)]))
    try execution.resume(returning: [.i32(1000)])
    #expect(execution.run(ticks: .max) == .completed([.i32(1000 + (1...50).reduce(0, +))]))
  }

  @Test func aTailCallFromTheEntryFunctionCompletesWithTheAnswer() throws {
    let setup = try Setup(
      """
      (module
        (import "env" "fetch" (func $fetch (param i32) (result i32)))
        (func (export "main") (result i32) (return_call $fetch (i32.const 3))))
      """)
    let execution = try setup.execution()
    guard case .suspended = execution.run(ticks: .max) else {
      Issue.record("expected a suspension")
      return
    }
    try execution.resume(returning: [.i32(33)])
    #expect(execution.run(ticks: 1) == .completed([.i32(33)]))
    #expect(execution.lastSliceTicks == 0)
  }

  @Test func aDirectlyInvokedSuspendingFunctionWaitsToo() throws {
    let store = Store()
    let function = store.add(
      .suspending(
        type: FuncType(parameters: [.i32], results: [.i64]), name: "wait", cost: { _, _ in 2 }
      ) { _, _ throws(Trap) in .suspend })
    let execution = try store.invoke(function, arguments: [.i32(1)])
    #expect(execution.run(ticks: 2) == .paused)
    guard case .suspended(let call) = execution.run(ticks: 2) else {
      Issue.record("expected a suspension")
      return
    }
    #expect(call.function == function)
    #expect(execution.ticksConsumed == 3)
    try execution.resume(returning: [.i64(4)])
    #expect(execution.state == .completed([.i64(4)]))
    #expect(execution.run(ticks: 5) == .completed([.i64(4)]))
    #expect(execution.ticksConsumed == 3)
  }

  @Test func aBodyMayAnswerAtOnceOrTrap() throws {
    let store = Store()
    let function = store.add(
      .suspending(
        type: FuncType(parameters: [.i32], results: [.i32]), name: "maybe"
      ) { _, arguments throws(Trap) in
        switch arguments.first {
        case .i32(0): .suspend
        case .i32(1): .results([.i32(11)])
        case .i32(2): .results([])
        default: throw Trap(.host("refused"))
        }
      })
    let module = try Module(
      bytes: try wat2wasm(
        """
        (module
          (import "env" "maybe" (func $maybe (param i32) (result i32)))
          (func (export "main") (param i32) (result i32) (call $maybe (local.get 0))))
        """)
    ).validate()
    let instance = try store.instantiate(module, imports: ["env": ["maybe": .function(function)]])
    let main = try #require(instance.exportedFunction("main"))
    #expect(try store.invoke(main, arguments: [.i32(1)]).run(ticks: .max) == .completed([.i32(11)]))
    guard case .trapped(let wrong) = try store.invoke(main, arguments: [.i32(2)]).run(ticks: .max)
    else {
      Issue.record("expected a trap")
      return
    }
    #expect(wrong.message.contains("host function maybe returned []"))
    guard case .trapped(let refused) = try store.invoke(main, arguments: [.i32(3)]).run(ticks: 9)
    else {
      Issue.record("expected a trap")
      return
    }
    #expect(refused.kind == .host("refused"))
    #expect(throws: Trap.self) { try store.call(main, [.i32(0)]) }
  }
}
