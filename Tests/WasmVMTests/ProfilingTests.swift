import TestSupport
import Testing
import WAT
import WasmVM

/// Profiles and call watching (`Sources/WasmVM/Debugging/Profiler.swift`, `CallWatcher.swift`):
/// exact ticks, identical results, and calls with their values.
@Suite struct ProfilingTests {
  /// A fresh execution of `export(argument)` in a new store of ``ProfilingModules/fib``.
  func start(_ export: String, _ argument: UInt32) throws -> Execution {
    let store = Store()
    let module = try Module(bytes: try wat2wasm(ProfilingModules.fib))
    let instance = try store.instantiate(try module.validate())
    let function = try #require(instance.exportedFunction(export))
    return try store.invoke(function, arguments: [.i32(argument)])
  }

  /// Runs `execution` to its end in slices of `ticks`, with `run`.
  func finish(_ run: (UInt64) -> ExecutionResult, ticks: UInt64) -> ExecutionResult {
    while true {
      let result = run(ticks)
      guard result == .paused else { return result }
    }
  }

  @Test(arguments: [("run", 12), ("fib", 10), ("loop", 50), ("countdown", 30)])
  func profileIsExactAndChangesNothing(export: String, argument: UInt32) throws {
    let plain = try start(export, argument)
    let expected = plain.run(ticks: .max)
    let profiled = try start(export, argument)
    let profiler = ExecutionProfiler(profiled)
    // Odd slices: the profiler is a drop-in for run(ticks:), lastSliceTicks included.
    var sliced: UInt64 = 0
    let result = finish(
      { ticks in
        let result = profiler.run(ticks: ticks)
        sliced += profiled.lastSliceTicks
        return result
      }, ticks: 37)
    #expect(result == expected)
    #expect(profiled.ticksConsumed == plain.ticksConsumed)
    #expect(sliced == plain.ticksConsumed)
    let profile = profiler.profile
    #expect(profile.totalTicks == plain.ticksConsumed)
    #expect(profile.functions.reduce(0) { $0 + $1.selfTicks } == profile.totalTicks)
    #expect(profile.stacks.reduce(0) { $0 + $1.ticks } == profile.totalTicks)
    #expect(profile.instructions.reduce(0) { $0 + $1.ticks } == profile.totalTicks)
    #expect(profile.functions.allSatisfy { $0.selfTicks <= $0.totalTicks })
    #expect(
      profile.functions.first { $0.function.name == export }?.totalTicks == profile.totalTicks)
  }

  @Test func recursiveFunctionsTotalIsCountedOncePerStack() throws {
    let execution = try start("run", 10)
    let profiler = ExecutionProfiler(execution)
    #expect(profiler.run(ticks: .max) == .completed([.i32(55 + 10)]))
    let profile = profiler.profile
    let byName = Dictionary(
      uniqueKeysWithValues: profile.functions.map { ($0.function.name ?? "?", $0) })
    let fib = try #require(byName["fib"])
    let loop = try #require(byName["loop"])
    let run = try #require(byName["run"])
    // fib never calls anything else: all its time is its own, though it is on the stack up
    // to 10 times at once.
    #expect(fib.selfTicks == fib.totalTicks)
    #expect(run.totalTicks == profile.totalTicks)
    #expect(run.selfTicks + fib.totalTicks + loop.totalTicks == run.totalTicks)
    // fib alone, unprofiled, costs what the profile gives it.
    let alone = try start("fib", 10)
    _ = alone.run(ticks: .max)
    #expect(fib.totalTicks == alone.ticksConsumed)
    // The deepest stack is run plus ten nested fibs (fib(10) … fib(1)).
    #expect(profile.stacks.map(\.frames.count).max() == 11)
    // The hottest instruction is in fib, at a real position of its body.
    let hottest = try #require(profile.instructions.first)
    #expect(hottest.function.name == "fib")
    let module = try Module(bytes: try wat2wasm(ProfilingModules.fib))
    #expect(
      module.instructionText(
        functionIndex: hottest.function.functionIndex, codeOffset: hottest.codeOffset) != nil)
    let body = try module.disassemble(functionIndex: hottest.function.functionIndex)
    #expect(body.contains { $0.bodyOffset == hottest.bodyOffset })
  }

  @Test func foldedStacksFormat() throws {
    let execution = try start("run", 4)
    let profiler = ExecutionProfiler(execution)
    _ = profiler.run(ticks: .max)
    let profile = profiler.profile
    let folded = profile.foldedStacks { "m;" + $0.displayName }
    let lines = folded.split(separator: "\n")
    #expect(folded.hasSuffix("\n"))
    #expect(lines.contains("m:run;m:loop \(try #require(self.selfTicks("loop", profile)))"))
    var sum: UInt64 = 0
    for line in lines {
      let parts = line.split(separator: " ")
      #expect(parts.count == 2)
      #expect(parts[0].hasPrefix("m:run"))
      sum += try #require(UInt64(parts[1]))
    }
    #expect(sum == profile.totalTicks)
    #expect(lines == lines.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    #expect(lines.contains { $0.hasPrefix("m:run;m:fib;m:fib;m:fib ") })
  }

  func selfTicks(_ name: String, _ profile: ExecutionProfile) -> UInt64? {
    profile.functions.first { $0.function.name == name }?.selfTicks
  }

  @Test func watcherSeesCallsWithArgumentsAndResults() throws {
    let execution = try start("run", 2)
    let watcher = CallWatcher(execution)
    #expect(finish(watcher.run(ticks:), ticks: 5) == .completed([.i32(1 + 2)]))
    let events = watcher.takeEvents().map { event -> String in
      switch event {
      case .entered(let function, let arguments, let depth):
        "\(depth) → \(function.displayName)(\(arguments.map(\.description).joined(separator: ", ")))"
      case .returned(let function, let results, let depth):
        "\(depth) ← \(function.displayName) = "
          + (results.map { $0.map(\.description).joined(separator: ", ") } ?? "nil")
      }
    }
    #expect(
      events == [
        "1 → fib(i32:2)", "2 → fib(i32:1)", "2 ← fib = i32:1", "2 → fib(i32:0)",
        "2 ← fib = i32:0", "1 ← fib = i32:1", "1 → loop(i32:2)", "1 ← loop = i32:2",
        "0 ← run = i32:3",
      ])
    #expect(watcher.takeEvents().isEmpty)
  }

  @Test func aTailCallToItselfKeepsItsFrame() throws {
    // `return_call $countdown` from countdown reuses the frame in place: one call, as a
    // loop would be, for profiles and watchers alike.
    let execution = try start("countdown", 3)
    let watcher = CallWatcher(execution)
    #expect(watcher.run(ticks: .max) == .completed([.i32(0)]))
    let events = watcher.takeEvents()
    #expect(events.count == 1)
    guard case .returned(let function, [.i32(0)], 0) = events.first else {
      Issue.record("expected countdown to return 0 from depth 0: \(events)")
      return
    }
    #expect(function.name == "countdown")
  }
}
