import PluginHost
import TestSupport
import Testing
import WasmVM

/// Breakpoints and stepping through PluginHost (`Sources/PluginHost/Debugging`): a breakpoint
/// in one plugin reached through a call from another, steps, budgets, and the asynchronous
/// host; a call stopped and stepped ends with the result and ticks of one that was not.
@Suite struct BreakpointTests {
  static let mathlib = """
    (module
      (func (export "square") (param $x i32) (result i32)
        (i32.mul (local.get $x) (local.get $x)))
      (func (export "add") (param $a i32) (param $b i32) (result i32)
        (i32.add (local.get $a) (local.get $b))))
    """

  static let calculator = """
    (module
      (import "mathlib" "square" (func $square (param i32) (result i32)))
      (import "mathlib" "add" (func $add (param i32 i32) (result i32)))
      (func (export "sum_of_squares") (param $a i32) (param $b i32) (result i32)
        (call $add (call $square (local.get $a)) (call $square (local.get $b)))))
    """

  func host() throws -> PluginHost {
    let host = PluginHost()
    try host.load(PluginSource(name: "mathlib", wat: Self.mathlib))
    try host.load(PluginSource(name: "calculator", wat: Self.calculator, links: .anyPlugin))
    return host
  }

  /// The paused call of `outcome`.
  func paused(_ outcome: CallOutcome) throws -> PausedCall {
    guard case .paused(let call) = outcome else {
      Issue.record("not paused: \(outcome)")
      throw PluginHostError.unknownPausedCall(PausedCallID(rawValue: 0))
    }
    return call
  }

  /// The plain call's ticks.
  func plainTicks() throws -> UInt64 {
    guard
      case .completed(let values, let ticks) = try host().call(
        "calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000)
    else { throw PluginHostError.unknownPausedCall(PausedCallID(rawValue: 0)) }
    #expect(values == [.i32(25)])
    return ticks
  }

  /// A step that ends a call gives the output it wrote, as a resume with output does (the
  /// REPL's `finish` printed none before `stepWithOutput`).
  @Test func aStepThatEndsACallGivesItsOutput() throws {
    let test = TestHost()
    let greeter = PackageRoot.url.appendingPathComponent("plugins/greeter.wat")
    try test.host.load(PluginSource(file: greeter, name: "greeter"))
    let plain = try test.host.call("greeter", "greet", input: "Ada", budget: 1000)
    guard case .completed(let values, let ticks) = plain.outcome else {
      Issue.record("greet did not complete: \(plain.outcome)")
      return
    }
    try test.host.setBreakpoint("greeter", "greet")
    let call = try paused(
      try test.host.call("greeter", "greet", input: "Ada", budget: 1000).outcome)
    let stepped = try test.host.stepWithOutput(call.id, .instructions(3), budget: 1000)
    #expect(try paused(stepped.outcome).stop == .stepped)
    let finished = try test.host.stepWithOutput(call.id, .out, budget: 1000)
    guard case .completed(values, ticks) = finished.outcome else {
      Issue.record("finish did not end like the plain call: \(finished.outcome)")
      return
    }
    #expect(finished.text == "Hello, Ada!")
    #expect(finished.text == plain.text)
  }

  /// A saved session keeps why a debugger stopped each call and the budget it had left, so
  /// a restored call resumes with that budget (both were lost before).
  @Test func aStoppedCallKeepsItsStopAndBudgetThroughASnapshot() throws {
    let host = try host()
    try host.setBreakpoint("mathlib", "square")
    let atBreakpoint = try paused(
      try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 10))
    let stepped = try paused(
      try host.call("calculator", "sum_of_squares", [.i32(1), .i32(2)], budget: 10))
    let steppedAgain = try paused(try host.step(stepped.id, .instructions(2), budget: 7))
    var configuration = PluginHost.Configuration()
    configuration.restoredLinks = { _ in .anyPlugin }
    let restored = try PluginHost(restoring: try host.snapshot(), configuration: configuration)
    let calls = Dictionary(uniqueKeysWithValues: restored.pausedCalls.map { ($0.id, $0) })
    #expect(calls[atBreakpoint.id]?.stop == atBreakpoint.stop)
    #expect(calls[atBreakpoint.id]?.budgetLeft == 8)
    #expect(calls[stepped.id]?.stop == .stepped)
    #expect(calls[stepped.id]?.budgetLeft == steppedAgain.budgetLeft)
    #expect(steppedAgain.budgetLeft == 5)
  }

  /// A start function runs inside `load` (and `reload`), where nothing can pause: a
  /// breakpoint in it is passed, and calls made later stop there as usual.
  @Test func aStartFunctionNeverStops() throws {
    let host = PluginHost()
    let counter = """
      (module
        (global $runs (mut i32) (i32.const 0))
        (func $count (export "count") (result i32)
          (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
          (global.get $runs))
        (func $init (drop (call $count)))
        (start $init))
      """
    try host.load(PluginSource(name: "counter", wat: counter))
    try host.setBreakpoint("counter", "count")
    try host.reload("counter")
    let call = try paused(try host.call("counter", "count", budget: 100))
    #expect(call.stop != nil)
    guard case .completed(let values, _) = try host.resume(call.id, budget: 100) else {
      Issue.record("count did not complete")
      return
    }
    #expect(values == [.i32(2)], "the reloaded start function ran to its end")
  }

  @Test func aBreakpointInOnePluginReachedThroughAnother() throws {
    let ticks = try plainTicks()
    let host = try host()
    let breakpoint = try host.setBreakpoint("mathlib", "square")
    #expect(breakpoint.number == 1)
    #expect(breakpoint.bodyOffset == 1)
    #expect(breakpoint.description == "1 mathlib.square (entry, +0x1)")
    #expect(host.breakpoints == [breakpoint])
    let first = try paused(
      try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000))
    #expect(first.stop == .breakpoint(breakpoint))
    #expect(first.budgetLeft == 1000 - first.ticksUsed)
    let frames = try host.callStack(of: first.id)
    #expect(frames.map(\.description) == ["mathlib.square", "calculator.sum_of_squares"])
    #expect(frames.first?.frame.bodyOffset == 1)
    #expect(try host.inspectFrame(0, of: first.id).state.locals == [.i32(3)])
    // Three instructions: local.get, local.get, i32.mul.
    let stepped = try paused(try host.step(first.id, .instructions(3), budget: 1000))
    #expect(stepped.stop == .stepped)
    #expect(stepped.ticksUsed == first.ticksUsed + 3)
    #expect(try host.inspectFrame(0, of: first.id).state.operands == [.value(.i32(9))])
    // On to the second call of square, then to the end.
    let second = try paused(try host.resume(first.id, budget: stepped.budgetLeft ?? 0))
    #expect(second.stop == .breakpoint(breakpoint))
    #expect(try host.inspectFrame(0, of: first.id).state.locals == [.i32(4)])
    let end = try host.resume(first.id, budget: second.budgetLeft ?? 0)
    guard case .completed(let values, let total) = end else {
      Issue.record("not completed: \(end)")
      return
    }
    #expect(values == [.i32(25)])
    #expect(total == ticks)
  }

  @Test func stepOverAndOutOfCallsIntoAnotherPlugin() throws {
    let host = try host()
    let entry = try host.setBreakpoint("calculator", "sum_of_squares")
    let call = try paused(
      try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000))
    #expect(call.stop == .breakpoint(entry))
    // local.get, then over the call of square: back in calculator after it.
    _ = try host.step(call.id, .instructions(1), budget: 1000)
    let over = try paused(try host.step(call.id, .over, budget: 1000))
    #expect(over.stop == .stepped)
    let frames = try host.callStack(of: call.id)
    #expect(frames.count == 1)
    #expect(frames.first?.nextInstruction == "local.get 1")
    // Into the second square, then out of it.
    _ = try host.step(call.id, .instructions(2), budget: 1000)
    #expect(try host.callStack(of: call.id).first?.description == "mathlib.square")
    _ = try host.step(call.id, .out, budget: 1000)
    #expect(try host.callStack(of: call.id).map(\.description) == ["calculator.sum_of_squares"])
    let end = try host.step(call.id, .out, budget: 1000)
    guard case .completed(let values, let ticks) = end else {
      Issue.record("not completed: \(end)")
      return
    }
    #expect(values == [.i32(25)])
    #expect(ticks == (try plainTicks()))
  }

  @Test func theBudgetStillApplies() throws {
    let host = try host()
    try host.setBreakpoint("mathlib", "add")
    // The breakpoint is past the budget: the call pauses with its budget spent, no stop.
    let short = try paused(
      try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 5))
    #expect(short.stop == nil)
    #expect(short.budgetLeft == nil)
    #expect(short.ticksUsed == 5)
    // A step that runs out of budget pauses as a resume would.
    let step = try paused(try host.step(short.id, .instructions(100), budget: 2))
    #expect(step.stop == nil)
    #expect(step.ticksUsed == 7)
  }

  @Test func breakpointsInTheAsynchronousHost() async throws {
    let async = AsyncPluginHost(sliceTicks: 2)
    try async.withHost { host in
      try host.load(PluginSource(name: "mathlib", wat: Self.mathlib))
      try host.load(PluginSource(name: "calculator", wat: Self.calculator, links: .anyPlugin))
      try host.setBreakpoint("mathlib", "add", bodyOffset: 5)
    }
    let outcome = try await async.call(
      "calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000)
    let call = try paused(outcome)
    guard case .breakpoint(let breakpoint) = call.stop else {
      Issue.record("no breakpoint: \(String(describing: call.stop))")
      return
    }
    #expect(breakpoint.bodyOffset == 5)
    #expect(call.description.hasSuffix("at breakpoint 1 mathlib.add+0x5"))
    let end = try await async.resume(call.id, budget: call.budgetLeft ?? 0)
    guard case .completed(let values, let ticks) = end else {
      Issue.record("not completed: \(end)")
      return
    }
    #expect(values == [.i32(25)])
    #expect(ticks == (try plainTicks()))
  }

  @Test func settingAndDeletingBreakpoints() throws {
    let host = try host()
    let inside = #expect(throws: PluginHostError.self) {
      try host.setBreakpoint("mathlib", "add", bodyOffset: 2)
    }
    #expect(
      inside?.description
        == "no instruction of mathlib.add starts at body offset 0x2; its disassembly lists the "
        + "offsets that do")
    #expect(throws: PluginHostError.self) { try host.setBreakpoint("mathlib", "nothere") }
    #expect(throws: PluginHostError.self) { try host.setBreakpoint("nothere", "add") }
    let one = try host.setBreakpoint("mathlib", "add", bodyOffset: 3)
    let two = try host.setBreakpoint("mathlib", "func[0]")
    #expect(host.breakpoints.map(\.number) == [1, 2])
    #expect(try host.deleteBreakpoint(1) == one)
    let gone = #expect(throws: PluginHostError.self) { try host.deleteBreakpoint(1) }
    #expect(gone?.description == "no breakpoint 1; the breakpoints list shows their numbers")
    #expect(host.breakpoints == [two])
    try host.deleteBreakpoint(2)
    // None set: calls run without the debugger.
    let outcome = try host.call("calculator", "sum_of_squares", [.i32(3), .i32(4)], budget: 1000)
    guard case .completed = outcome else {
      Issue.record("not completed: \(outcome)")
      return
    }
  }
}
