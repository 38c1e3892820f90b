import TestSupport
import Testing
import WAT
import WasmVM

/// Stepping and breakpoints (`Sources/WasmVM/Debugging/Stepping.swift`): exact positions
/// after each step, multi-tick instructions as one step, step over and out, breakpoints, and
/// the tick contract: however a call is stepped or stopped, its result and tick total are an
/// unstepped run's.
@Suite struct SteppingTests {
  /// `outer(x)` = 100 + `inner(x)`; `inner` stores 5 at `x + 8`, fills 40 bytes, grows memory
  /// by 3 pages, calls the host function `cost` (declared cost: its argument), and returns
  /// `x` plus what it loads back.
  static let text = """
    (module
      (import "env" "cost" (func $cost (param i32) (result i32)))
      (memory 1)
      (func $inner (param $x i32) (result i32) (local $y i64)
        (local.set $y (i64.const 7))
        (i32.store offset=8 (local.get $x) (i32.const 5))
        (memory.fill (i32.const 100) (i32.const 9) (i32.const 40))
        (drop (memory.grow (i32.const 3)))
        (drop (call $cost (i32.const 25)))
        (i32.add (local.get $x) (i32.load offset=8 (local.get $x))))
      (func $outer (export "outer") (param i32) (result i32)
        (i32.const 100)
        (call $inner (local.get 0))
        (i32.add))
      (func $loop (export "loop") (param $n i32) (result i32) (local $sum i32)
        (block $done
          (loop $again
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $sum (i32.add (local.get $sum) (call $outer (local.get $n))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $again)))
        (local.get $sum)))
    """

  struct Setup {
    let store = Store()
    let module: Module
    let instance: Instance

    init() throws {
      module = try Module(bytes: try wat2wasm(SteppingTests.text))
      let cost = store.add(
        HostFunction(
          type: FuncType(parameters: [.i32], results: [.i32]), name: "cost",
          cost: { _, arguments throws(Trap) in
            guard case .i32(let n) = arguments.first else { throw Trap(.host("bad argument")) }
            return UInt64(n)
          }
        ) { _, arguments throws(Trap) in arguments })
      instance = try store.instantiate(
        try module.validate(), imports: ["env": ["cost": .function(cost)]])
    }

    func execution(_ export: String, _ argument: UInt32) throws -> Execution {
      try store.invoke(try #require(instance.exportedFunction(export)), arguments: [.i32(argument)])
    }

    func function(_ index: UInt32) throws -> Function {
      try #require(instance.function(at: index))
    }
  }

  /// The innermost frame as `DEPTH:FUNCTION+OFFSET` (function index, body offset).
  func position(_ execution: Execution) throws -> String {
    let frames = try execution.callStack()
    guard let top = frames.first else { return "none" }
    return "\(frames.count):\(top.functionIndex)+\(top.bodyOffset)"
  }

  /// Runs `execution` without a debugger: its result and tick total.
  func plainRun(_ execution: Execution) -> (ExecutionResult, UInt64) {
    (execution.run(ticks: .max), execution.ticksConsumed)
  }

  @Test func positionsAfterEachStepOfANestedCall() throws {
    let setup = try Setup()
    let execution = try setup.execution("outer", 16)
    // Function 1 is inner, 2 outer; each step's ticks: 41 for the fill of 40 bytes, 4 for
    // the grow of 3 pages, 26 for the call of the host function of cost 25.
    var steps: [String] = [try position(execution)]
    while execution.state == .paused {
      let before = execution.ticksConsumed
      let run = execution.debugRun(ticks: .max, step: .instructions(1))
      #expect(run.instructions == 1)
      #expect(run.stop == (execution.state == .paused ? .stepped : nil))
      let at = execution.state == .paused ? try position(execution) : "done"
      steps.append("\(at) \(execution.ticksConsumed - before)")
    }
    #expect(
      steps == [
        "1:2+1", "1:2+4 1", "1:2+6 1", "2:1+3 1", "2:1+5 1", "2:1+7 1", "2:1+9 1", "2:1+11 1",
        "2:1+14 1", "2:1+17 1", "2:1+19 1", "2:1+21 1", "2:1+24 41", "2:1+26 1", "2:1+28 4",
        "2:1+29 1", "2:1+31 1", "2:1+33 26", "2:1+34 1", "2:1+36 1", "2:1+38 1", "2:1+41 1",
        "2:1+42 1", "1:2+8 1", "1:2+9 1", "done 1",
      ])
    #expect(execution.state == .completed([.i32(121)]))
    let (result, ticks) = plainRun(try setup.execution("outer", 16))
    #expect(result == .completed([.i32(121)]))
    #expect(execution.ticksConsumed == ticks)
  }

  @Test(arguments: [1, 2, 3, 7, 50, 1000])
  func steppedToCompletionMatchesAnUnsteppedRun(size: Int) throws {
    let setup = try Setup()
    let (expected, ticks) = plainRun(try setup.execution("loop", 3))
    let execution = try setup.execution("loop", 3)
    var runs = 0
    while execution.state == .paused {
      // Budgets that end some steps partway, inside multi-tick instructions too.
      let run = execution.debugRun(ticks: UInt64(runs % 5 + 1) * 7, step: .instructions(size))
      #expect(execution.lastSliceTicks <= UInt64(runs % 5 + 1) * 7)
      if run.stop == nil, execution.state == .paused { #expect(run.instructions <= size) }
      runs += 1
    }
    // (100 + 3 + 5) + (100 + 2 + 5) + (100 + 1 + 5)
    #expect(execution.state == .completed([.i32(321)]))
    #expect(expected == .completed([.i32(321)]))
    #expect(execution.ticksConsumed == ticks)
  }

  @Test func stepOverACallAndOutOfAFunction() throws {
    let setup = try Setup()
    let execution = try setup.execution("outer", 16)
    _ = execution.debugRun(ticks: .max, step: .instructions(2))
    #expect(try position(execution) == "1:2+6")
    // Over the call: inner runs whole, and the step ends at outer's next instruction.
    let over = execution.debugRun(ticks: .max, step: .over(fromDepth: execution.callDepth))
    #expect(over.stop == .stepped)
    #expect(try position(execution) == "1:2+8")
    // outer's 3, inner's 20 instructions, 40 bytes filled, 3 pages grown, a cost of 25.
    let innerTicks: UInt64 = 20 + 40 + 3 + 25
    #expect(execution.ticksConsumed == 3 + innerTicks)
    // Over an instruction that is no call: one step.
    _ = execution.debugRun(ticks: .max, step: .over(fromDepth: execution.callDepth))
    #expect(try position(execution) == "1:2+9")

    let second = try setup.execution("outer", 16)
    _ = second.debugRun(ticks: .max, step: .instructions(5))
    #expect(try position(second) == "2:1+7")
    let out = second.debugRun(ticks: .max, step: .out(fromDepth: second.callDepth))
    #expect(out.stop == .stepped)
    #expect(try position(second) == "1:2+8")
    // Out of the entry function: the call completes.
    let end = second.debugRun(ticks: .max, step: .out(fromDepth: second.callDepth))
    #expect(end.result == .completed([.i32(121)]))
    #expect(end.stop == nil)
    #expect(second.callDepth == 0)
    #expect(second.ticksConsumed == plainRun(try setup.execution("outer", 16)).1)
  }

  @Test func aBudgetEndsAStepPartway() throws {
    let setup = try Setup()
    let execution = try setup.execution("outer", 16)
    _ = execution.debugRun(ticks: .max, step: .instructions(11))
    #expect(try position(execution) == "2:1+21")
    // The fill costs 41: a budget of 10 pauses inside it, with no stop.
    let partway = execution.debugRun(ticks: 10, step: .instructions(1))
    #expect(partway.result == .paused)
    #expect(partway.stop == nil)
    #expect(partway.instructions == 0)
    #expect(execution.lastSliceTicks == 10)
    let rest = execution.debugRun(ticks: .max, step: .instructions(1))
    #expect(rest.stop == .stepped)
    #expect(execution.lastSliceTicks == 31)
    #expect(try position(execution) == "2:1+24")
  }

  @Test func breakpointAtAFunctionsEntryStopsEachCall() throws {
    let setup = try Setup()
    let (expected, ticks) = plainRun(try setup.execution("loop", 3))
    let entry = try setup.store.breakpoint(in: try setup.function(1))
    let atFirst = try setup.store.breakpoint(in: try setup.function(1), bodyOffset: 3)
    #expect(entry == atFirst)
    let execution = try setup.execution("loop", 3)
    var stops = 0
    while true {
      let run = execution.debugRun(ticks: .max, breakpoints: [entry])
      guard run.result == .paused else {
        #expect(run.result == expected)
        break
      }
      #expect(run.stop == .breakpoint(entry))
      #expect(try position(execution) == "3:1+3")
      stops += 1
    }
    #expect(stops == 3)
    #expect(execution.ticksConsumed == ticks)
  }

  @Test func breakpointAtEveryInstructionOfABody() throws {
    let setup = try Setup()
    let (expected, ticks) = plainRun(try setup.execution("outer", 16))
    for function: UInt32 in [1, 2] {
      for line in try setup.module.disassemble(functionIndex: function) {
        let breakpoint = try setup.store.breakpoint(
          in: try setup.function(function), bodyOffset: line.bodyOffset)
        let execution = try setup.execution("outer", 16)
        let run = execution.debugRun(ticks: .max, breakpoints: [breakpoint])
        // Outer's first instruction too, before the call starts (once).
        #expect(run.stop == .breakpoint(breakpoint))
        #expect(try position(execution).hasSuffix(":\(function)+\(line.bodyOffset)"))
        #expect(execution.debugRun(ticks: .max, breakpoints: [breakpoint]).result == expected)
        #expect(execution.ticksConsumed == ticks)
      }
    }
  }

  @Test func aBreakpointNeverLetsACallExceedItsBudget() throws {
    let setup = try Setup()
    let breakpoint = try setup.store.breakpoint(in: try setup.function(1), bodyOffset: 24)
    let execution = try setup.execution("outer", 16)
    let early = execution.debugRun(ticks: 20, breakpoints: [breakpoint])
    #expect(early.result == .paused)
    #expect(early.stop == nil)
    #expect(execution.lastSliceTicks == 20)
    let hit = execution.debugRun(ticks: 100, breakpoints: [breakpoint])
    #expect(hit.stop == .breakpoint(breakpoint))
    #expect(execution.ticksConsumed == 3 + 8 + 41)
    #expect(try position(execution) == "2:1+24")
  }

  @Test func breakpointOffsetsWithoutAPositionMoveToTheNextInstruction() throws {
    let setup = try Setup()
    let inner = try setup.function(1)
    let inside = try setup.store.breakpoint(in: inner, bodyOffset: 22)
    #expect(inside == (try setup.store.breakpoint(in: inner, bodyOffset: 24)))
    #expect(throws: InspectionError.self) {
      try setup.store.breakpoint(in: inner, bodyOffset: 1000)
    }
    #expect(throws: InspectionError.self) {
      try setup.store.breakpoint(in: try setup.function(0))
    }
  }
}
