import Testing
import WAT
import WasmVM

/// Host functions with a declared cost (``HostCallCost``): paid before the body runs, across
/// slices when need be, and counted in the ticks like any other work.
@Suite struct HostCostTests {
  /// Counts how often host bodies ran. Tests are single-threaded within one test function.
  final class Counter: @unchecked Sendable {
    var calls = 0
  }

  /// A store with `env.double`: `(i32) -> i32`, returns twice its argument and costs as many
  /// extra ticks as the argument (when `costed`); `env.mem`, one page.
  struct Setup {
    let store = Store()
    let counter = Counter()
    let instance: Instance

    init(_ text: String, costed: Bool = true) throws {
      let counter = counter
      let cost: HostCallCost? =
        costed
        ? { _, arguments throws(Trap) in
          guard case .i32(let n) = arguments.first else { throw Trap(.host("bad argument")) }
          return UInt64(n)
        } : nil
      let double = store.add(
        HostFunction(
          type: FuncType(parameters: [.i32], results: [.i32]), name: "double", cost: cost
        ) { _, arguments throws(Trap) in
          counter.calls += 1
          guard case .i32(let n) = arguments.first else { throw Trap(.host("bad argument")) }
          return [.i32(n &* 2)]
        })
      let module = try Module(bytes: try wat2wasm(text)).validate()
      instance = try store.instantiate(module, imports: ["env": ["double": .function(double)]])
    }

    func execution(_ export: String, _ arguments: [Value] = []) throws -> Execution {
      try store.invoke(try #require(instance.exportedFunction(export)), arguments: arguments)
    }
  }

  /// Calls `double` from a loop, through `call_indirect` and as a tail call, with costs 0…7.
  static let program = """
    (module
      (import "env" "double" (func $double (param i32) (result i32)))
      (table funcref (elem $double))
      (type $unary (func (param i32) (result i32)))
      (func $tail (param i32) (result i32)
        (return_call $double (i32.add (local.get 0) (i32.const 1))))
      (func (export "main") (result i32)
        (local $n i32) (local $acc i32)
        (local.set $n (i32.const 6))
        (block $done
          (loop $next
            (local.set $acc
              (i32.add (local.get $acc) (call $double (local.get $n))))
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $next)))
        (i32.add (local.get $acc)
          (i32.add
            (call_indirect (type $unary) (i32.const 7) (i32.const 0))
            (call $tail (i32.const 2))))))
    """
  /// Calls of `double` in one run of `main`, and the sum of their costs.
  static let calls = 9
  static let costs: UInt64 = (0...6).reduce(0, +) + 7 + 3

  /// Runs `execution` in slices of `slice` ticks until it ends, checking every slice.
  func runSliced(_ execution: Execution, slice: UInt64) -> ExecutionResult {
    var result = ExecutionResult.paused
    var slices = 0
    while result == .paused, slices < 100_000 {
      result = execution.run(ticks: slice)
      slices += 1
      #expect(execution.lastSliceTicks <= slice, "slice \(slice)")
      if result == .paused { #expect(execution.lastSliceTicks > 0, "slice \(slice)") }
    }
    return result
  }

  @Test func everySlicingMatchesTheUnboundedRun() throws {
    let free = try Setup(Self.program, costed: false)
    let freeRun = try free.execution("main")
    let expected = ExecutionResult.completed([.i32(2 * 21 + 14 + 6)])
    #expect(freeRun.run(ticks: .max) == expected)

    let unbounded = try Setup(Self.program)
    let reference = try unbounded.execution("main")
    #expect(reference.run(ticks: .max) == expected)
    #expect(reference.ticksConsumed == freeRun.ticksConsumed + Self.costs)
    #expect(unbounded.counter.calls == Self.calls)

    for slice in UInt64(1)...10 {
      let setup = try Setup(Self.program)
      let execution = try setup.execution("main")
      #expect(runSliced(execution, slice: slice) == expected, "slice \(slice)")
      #expect(execution.ticksConsumed == reference.ticksConsumed, "slice \(slice)")
      #expect(setup.counter.calls == Self.calls, "slice \(slice)")
    }
  }

  @Test func aBudgetBelowTheCostPausesBeforeTheBody() throws {
    let text = """
      (module
        (import "env" "double" (func $double (param i32) (result i32)))
        (func (export "main") (result i32)
          (i32.add (call $double (i32.const 10)) (i32.const 1))))
      """
    let free = try Setup(text, costed: false).execution("main")
    #expect(free.run(ticks: .max) == .completed([.i32(21)]))
    let setup = try Setup(text)
    let execution = try setup.execution("main")
    // The block `i32.const; call` costs 2, leaving 3 of 5 towards the cost of 10.
    #expect(execution.run(ticks: 5) == .paused)
    #expect(execution.lastSliceTicks == 5)
    #expect(setup.counter.calls == 0)
    #expect(execution.run(ticks: 6) == .paused)
    #expect(execution.lastSliceTicks == 6)
    #expect(setup.counter.calls == 0)
    // The last tick of the cost; the body runs, but the `i32.add` block needs more.
    #expect(execution.run(ticks: 1) == .paused)
    #expect(execution.lastSliceTicks == 1)
    #expect(setup.counter.calls == 1)
    #expect(execution.run(ticks: 100) == .completed([.i32(21)]))
    #expect(setup.counter.calls == 1)
    #expect(execution.ticksConsumed == free.ticksConsumed + 10)
  }

  @Test func aTailCallFromTheEntryFunctionPaysAndReturns() throws {
    let text = """
      (module
        (import "env" "double" (func $double (param i32) (result i32)))
        (func (export "main") (result i32) (return_call $double (i32.const 5))))
      """
    let free = try Setup(text, costed: false).execution("main")
    #expect(free.run(ticks: .max) == .completed([.i32(10)]))
    for slice in UInt64(1)...8 {
      let setup = try Setup(text)
      let execution = try setup.execution("main")
      #expect(runSliced(execution, slice: slice) == .completed([.i32(10)]), "slice \(slice)")
      #expect(execution.ticksConsumed == free.ticksConsumed + 5, "slice \(slice)")
      #expect(setup.counter.calls == 1, "slice \(slice)")
    }
  }

  @Test func aDirectlyInvokedHostFunctionPaysItsCost() throws {
    let store = Store()
    let counter = Counter()
    let host = store.add(
      HostFunction(
        type: FuncType(parameters: [.i32], results: [.i32]), name: "id",
        cost: { _, arguments throws(Trap) in
          guard case .i32(let n) = arguments.first else { return 0 }
          return UInt64(n)
        },
        body: { _, arguments throws(Trap) in
          counter.calls += 1
          return arguments
        }))
    let execution = try store.invoke(host, arguments: [.i32(4)])
    #expect(execution.run(ticks: 2) == .paused)
    #expect(execution.lastSliceTicks == 2)
    #expect(counter.calls == 0)
    #expect(execution.run(ticks: 0) == .paused)
    #expect(execution.run(ticks: 10) == .completed([.i32(4)]))
    #expect(execution.lastSliceTicks == 3)
    #expect(execution.ticksConsumed == 5)
    #expect(counter.calls == 1)

    for slice in UInt64(1)...7 {
      let sliced = try store.invoke(host, arguments: [.i32(4)])
      #expect(runSliced(sliced, slice: slice) == .completed([.i32(4)]))
      #expect(sliced.ticksConsumed == 5)
    }
    #expect(counter.calls == 8)
  }

  @Test func aThrowingCostTrapsForTheCallTickOnly() throws {
    let store = Store()
    let counter = Counter()
    let host = store.add(
      HostFunction(
        type: FuncType(parameters: [], results: []), name: "refuse",
        cost: { _, _ throws(Trap) in throw Trap(.host("refused")) },
        body: { _, _ throws(Trap) in
          counter.calls += 1
          return []
        }))
    let module = try Module(
      bytes: try wat2wasm(
        """
        (module
          (import "env" "refuse" (func $refuse))
          (func $inner (call $refuse))
          (func (export "main") (call $inner)))
        """)
    ).validate()
    let instance = try store.instantiate(module, imports: ["env": ["refuse": .function(host)]])
    let execution = try store.invoke(
      try #require(instance.exportedFunction("main")), arguments: [])
    guard case .trapped(let trap) = execution.run(ticks: 100) else {
      Issue.record("expected a trap")
      return
    }
    #expect(trap.kind == .host("refused"))
    #expect(trap.backtrace.map(\.functionIndex) == [1, 2])
    #expect(execution.ticksConsumed == 2)
    #expect(counter.calls == 0)
  }

  @Test func theCostMayReadTheCallersMemory() throws {
    let store = Store()
    let host = store.add(
      HostFunction(
        type: FuncType(parameters: [.i32], results: []), name: "measure",
        cost: { context, arguments throws(Trap) in
          guard case .i32(let address) = arguments.first,
            let byte = context.caller?.exportedMemory("mem")?.read(at: Int(address), count: 1)
          else { throw Trap(.host("no memory")) }
          return UInt64(byte[0])
        },
        body: { _, _ throws(Trap) in [] }))
    let module = try Module(
      bytes: try wat2wasm(
        """
        (module
          (import "env" "measure" (func $measure (param i32)))
          (memory (export "mem") 1)
          (data (i32.const 8) "\\2a")
          (func (export "main") (call $measure (i32.const 8))))
        """)
    ).validate()
    let instance = try store.instantiate(module, imports: ["env": ["measure": .function(host)]])
    let execution = try store.invoke(
      try #require(instance.exportedFunction("main")), arguments: [])
    #expect(execution.run(ticks: .max) == .completed([]))
    // `i32.const`, `call` and the closing return, plus the byte read at address 8.
    #expect(execution.ticksConsumed == 3 + 42)
  }
}
