import PluginHost
import TestSupport
import Testing
import WasmVM

/// Profiling a call and tracing calls between plugins and into capabilities
/// (`Sources/PluginHost/Debugging/PluginHost+Profiling.swift`, `TraceRecorder.swift`).
@Suite struct ProfilingTraceTests {
  /// `mathlib` and `app` (``ProfilingModules``), plus `fib`.
  func host() throws -> TestHost {
    let test = TestHost()
    try test.host.load(PluginSource(name: "mathlib", wat: ProfilingModules.mathlib))
    try test.host.load(PluginSource(name: "app", wat: ProfilingModules.app, links: .anyPlugin))
    try test.host.load(PluginSource(name: "fib", wat: ProfilingModules.fib))
    return test
  }

  @Test(arguments: [("fib", "run", 12), ("app", "run", 7)])
  func profileMatchesAnUnprofiledCall(plugin: String, export: String, argument: UInt32) throws {
    let plain = try host().host.call(plugin, export, [.i32(argument)], budget: 10_000_000)
    guard case .completed(let values, let ticks) = plain else {
      Issue.record("\(plugin).\(export) did not complete: \(plain)")
      return
    }
    let profiled = try host().host.profile(
      plugin, export, [.i32(argument)], budget: 10_000_000)
    guard case .completed(let profiledValues, let profiledTicks) = profiled.result.outcome else {
      Issue.record("profiled \(plugin).\(export) did not complete: \(profiled.result.outcome)")
      return
    }
    #expect(profiledValues == values)
    #expect(profiledTicks == ticks)
    #expect(profiled.profile.totalTicks == ticks)
    #expect(profiled.profile.functions.reduce(0) { $0 + $1.selfTicks } == ticks)
    #expect(
      profiled.profile.functions.map { profiled.name(of: $0.function) }.contains("\(plugin).run"))
    #expect(profiled.instructions.count <= 20)
    #expect(profiled.instructions.allSatisfy { $0.text != "?" })
  }

  @Test func profileNamesPluginsAcrossACall() throws {
    let test = try host()
    let profiled = try test.host.profile("app", "run", [.i32(7)], budget: 10_000)
    let names = Set(profiled.profile.functions.map { profiled.name(of: $0.function) })
    #expect(names == ["app.run", "mathlib.square"])
    let folded = profiled.foldedStacks
    #expect(folded.contains("app.run;mathlib.square 4\n"))
    #expect(
      folded.split(separator: "\n").compactMap {
        $0.split(separator: " ").last.flatMap { UInt64($0) }
      }
      .reduce(0, +) == profiled.profile.totalTicks)
    // Only the profiled call went through the profiler; the next call is a plain one.
    #expect(try test.host.run("app", "run", [.i32(2)]) == [.i32(5)])
  }

  @Test func profileOfACallThatRunsOutOfBudgetPausesIt() throws {
    let test = try host()
    let profiled = try test.host.profile("fib", "run", [.i32(15)], budget: 100)
    guard case .paused(let call) = profiled.result.outcome else {
      Issue.record("expected a pause: \(profiled.result.outcome)")
      return
    }
    #expect(profiled.profile.totalTicks == 100)
    guard case .completed(let values, _) = try test.host.resume(call.id, budget: 10_000_000) else {
      Issue.record("the resumed call did not complete")
      return
    }
    #expect(values == [.i32(610 + 15)])
  }

  /// `→ target(args)` / `← target = results`, indented by depth.
  static func lines(_ events: [TraceEvent]) -> [String] {
    events.map { event in
      let indent = String(repeating: "  ", count: event.depth)
      switch event.kind {
      case .entered(let arguments):
        return indent + "→ \(event.target)(\(arguments.map(\.description).joined(separator: ", ")))"
      case .returned(let results):
        return indent + "← \(event.target) = "
          + (results.map { $0.map(\.description).joined(separator: ", ") } ?? "nothing")
      }
    }
  }

  /// The trace of `app.run 7`: its log line and its call into mathlib.
  static let appRunTrace = [
    "→ app.run(i32:7)",
    "  → log.write(i32:2, i32:0, i32:2)",
    "  ← log.write = ",
    "  → mathlib.square(i32:7)",
    "  ← mathlib.square = i32:49",
    "← app.run = i32:50",
  ]

  @Test func traceShowsCrossPluginAndCapabilityCalls() throws {
    let test = try host()
    test.host.startTracing()
    #expect(test.host.tracing == .some(nil))
    #expect(try test.host.run("app", "run", [.i32(7)]) == [.i32(50)])
    #expect(
      Self.lines(test.host.takeTraceEvents()) == Self.appRunTrace)
    // Calls within one plugin are not traced.
    #expect(try test.host.run("fib", "run", [.i32(3)]) == [.i32(2 + 3)])
    #expect(Self.lines(test.host.takeTraceEvents()) == ["→ fib.run(i32:3)", "← fib.run = i32:5"])
    test.host.stopTracing()
    #expect(try test.host.run("app", "run", [.i32(7)]) == [.i32(50)])
    #expect(test.host.takeTraceEvents().isEmpty)
    #expect(test.host.tracing == nil)
  }

  /// A traced call that stops at a breakpoint and is resumed is traced as a plain one (calls
  /// between plugins made while a breakpoint was set were missed before).
  @Test func traceWithABreakpointSet() throws {
    let test = try host()
    try test.host.setBreakpoint("mathlib", "square")
    test.host.startTracing()
    let stopped = try test.host.call("app", "run", [.i32(7)], budget: 10_000)
    guard case .paused(let call) = stopped, call.stop != nil else {
      Issue.record("did not stop at the breakpoint: \(stopped)")
      return
    }
    let resumed = try test.host.resume(call.id, budget: 10_000)
    guard case .completed(let values, _) = resumed else {
      Issue.record("did not complete: \(resumed)")
      return
    }
    #expect(values == [.i32(50)])
    #expect(
      Self.lines(test.host.takeTraceEvents()) == Self.appRunTrace)
  }

  @Test func traceFilteredToOnePlugin() throws {
    let test = try host()
    test.host.startTracing(plugin: "mathlib")
    #expect(try test.host.run("app", "run", [.i32(3)]) == [.i32(10)])
    #expect(try test.host.run("mathlib", "square", [.i32(5)]) == [.i32(25)])
    #expect(try test.host.run("fib", "fib", [.i32(5)]) == [.i32(5)])
    #expect(
      Self.lines(test.host.takeTraceEvents()) == [
        "→ mathlib.square(i32:3)", "← mathlib.square = i32:9",
        "→ mathlib.square(i32:5)", "← mathlib.square = i32:25",
      ])
  }

  @Test func tracedCallsKeepTheirTicks() throws {
    let plain = try host().host.call("app", "run", [.i32(7)], budget: 10_000)
    let test = try host()
    test.host.startTracing()
    let traced = try test.host.call("app", "run", [.i32(7)], budget: 10_000)
    guard case .completed(let values, let ticks) = traced,
      case .completed(let plainValues, let plainTicks) = plain
    else {
      Issue.record("expected both calls to complete: \(traced), \(plain)")
      return
    }
    #expect(values == plainValues)
    #expect(ticks == plainTicks)
  }
}
