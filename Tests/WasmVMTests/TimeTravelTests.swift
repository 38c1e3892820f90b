import Foundation
import TestSupport
import Testing
import WAT
import WasmVM

/// Time travel (`Sources/WasmVM/Debugging/ExecutionHistory.swift`): going back N instructions
/// lands where N fewer steps would have, with the same ticks, memory (grows undone) and
/// globals, and a call taken back and run on has a plain run's result and tick total, however
/// it is sliced.
@Suite struct TimeTravelTests {
  typealias Setup = SteppingTests.Setup

  /// Where `execution` stands: the innermost frame, the depth and the ticks.
  func point(_ execution: Execution) throws -> String {
    let frames = try execution.callStack()
    guard let top = frames.first else { return "none" }
    return "\(frames.count):\(top.functionIndex)+\(top.bodyOffset) \(execution.ticksConsumed)"
  }

  /// A fresh call of `loop(3)` stepped `instructions` instructions: the reference point.
  func stepped(_ instructions: Int) throws -> (Setup, Execution) {
    let setup = try Setup()
    let execution = try setup.execution("loop", 3)
    if instructions > 0 { _ = execution.debugRun(ticks: .max, step: .instructions(instructions)) }
    return (setup, execution)
  }

  func memory(_ setup: Setup) throws -> [UInt8] {
    let memory = try #require(setup.instance.memory(at: 0))
    return try #require(memory.read(at: 0, count: memory.byteCount))
  }

  @Test func backLandsWhereFewerStepsWould() throws {
    let setup = try Setup()
    let execution = try setup.execution("loop", 3)
    let history = try ExecutionHistory(
      recording: execution, limits: HistoryLimits(checkpointInterval: 10))
    _ = history.run(ticks: .max, step: .instructions(40))
    #expect(history.instructions == 40)
    #expect(history.checkpointPoints.count > 3)
    for back in [1, 2, 7, 20, 21, 30, 39] {
      _ = history.run(ticks: .max, step: .instructions(back))
      let before = history.instructions
      try history.back(back)
      #expect(history.instructions == before - back)
      let (reference, expected) = try stepped(history.instructions)
      #expect(try point(execution) == point(expected))
      #expect(setup.memoryPages == reference.memoryPages)
      #expect(try memory(setup) == memory(reference))
    }
  }

  @Test(arguments: [1, 2, 3, 7, 0])
  func backThenResumeMatchesAPlainRun(slice: Int) throws {
    let plain = try Setup()
    let plainExecution = try plain.execution("loop", 3)
    let expected = plainExecution.run(ticks: .max)
    let setup = try Setup()
    let execution = try setup.execution("loop", 3)
    _ = execution.debugRun(ticks: .max, step: .instructions(10))
    let history = try ExecutionHistory(
      recording: execution, limits: HistoryLimits(checkpointInterval: 7))
    // Past a memory.fill, a grow and a host call with a cost, then back before them.
    _ = history.run(ticks: .max, step: .instructions(40))
    try history.back(2)
    try history.back(25)
    _ = history.run(ticks: .max, step: .instructions(3))
    try history.back(1)
    var result = ExecutionResult.paused
    while result == .paused {
      result = slice == 0 ? history.run(ticks: .max).result : execution.run(ticks: UInt64(slice))
    }
    #expect(result == expected)
    #expect(execution.ticksConsumed == plainExecution.ticksConsumed)
    #expect(try memory(setup) == memory(plain))
  }

  @Test func backAcrossAGrowShrinksTheMemory() throws {
    let (setup, execution) = try stepped(12)
    let history = try ExecutionHistory(recording: execution)
    let pages = setup.memoryPages
    // The grow of 3 pages is the 15th instruction of the first call of outer.
    _ = history.run(ticks: .max, step: .instructions(10))
    #expect(setup.memoryPages == pages + 3)
    try history.back(9)
    #expect(setup.memoryPages == pages)
    _ = history.run(ticks: .max, step: .instructions(9))
    #expect(setup.memoryPages == pages + 3)
  }

  @Test func badRequestsAreErrors() throws {
    let (_, execution) = try stepped(5)
    let history = try ExecutionHistory(recording: execution)
    #expect(throws: HistoryError.nothingToUndo) { try history.back(0) }
    #expect(throws: HistoryError.beforeHistory(requested: 1, available: 0)) {
      try history.back(1)
    }
    _ = history.run(ticks: .max, step: .instructions(4))
    #expect(throws: HistoryError.beforeHistory(requested: 5, available: 4)) {
      try history.back(5)
    }
    #expect(throws: HistoryError.beforeHistory(requested: Int.max, available: 4)) {
      try history.back(Int.max)
    }
    _ = history.run(ticks: .max)
    #expect(throws: HistoryError.notPaused) { try history.back(1) }
    #expect(throws: HistoryError.notPaused) { try ExecutionHistory(recording: execution) }
  }

  /// A fresh call of `loop(3)` recorded with `limits` for `instructions` instructions.
  func recorded(_ instructions: Int, _ limits: HistoryLimits) throws -> ExecutionHistory {
    let (_, execution) = try stepped(0)
    let history = try ExecutionHistory(recording: execution, limits: limits)
    _ = history.run(ticks: .max, step: .instructions(instructions))
    return history
  }

  @Test func theCapsDropTheOldestCheckpoints() throws {
    let history = try recorded(60, HistoryLimits(checkpointInterval: 5, maxCheckpoints: 3))
    #expect(history.checkpointPoints.count == 3)
    #expect(history.earliest > 0)
    let reach = history.instructions - history.earliest
    #expect(throws: HistoryError.beforeHistory(requested: reach + 1, available: reach)) {
      try history.back(reach + 1)
    }
    try history.back(reach)
    #expect(history.instructions == history.earliest)
    // A byte cap of 0 keeps the newest checkpoint only.
    let small = try recorded(30, HistoryLimits(checkpointInterval: 5, maxBytes: 0))
    #expect(small.checkpointPoints.count == 1)
    #expect(small.bytes > 0)
  }

  @Test func recordingKeepsTheStopsAndTicksOfDebugRun() throws {
    let setup = try Setup()
    let breakpoint = try setup.store.breakpoint(in: try setup.function(1))
    let plain = try Setup()
    let reference = try plain.execution("loop", 3)
    let referenceStop = reference.debugRun(
      ticks: .max, breakpoints: [try plain.store.breakpoint(in: try plain.function(1))])
    let execution = try setup.execution("loop", 3)
    let history = try ExecutionHistory(recording: execution)
    let stop = history.run(ticks: .max, breakpoints: [breakpoint])
    #expect(stop.stop == .breakpoint(breakpoint))
    #expect(referenceStop.stop != nil)
    #expect(try point(execution) == point(reference))
  }
}

extension SteppingTests.Setup {
  /// The size of the instance's memory in pages.
  var memoryPages: Int { instance.memory(at: 0)?.pageCount ?? -1 }
}

/// The cost of recording, measured when `WASBOX_MEASURE_HISTORY` is set (docs/architecture.md,
/// "Time travel", quotes it): 10^6 ticks of a loop that writes memory, run by `debugRun`
/// stepping (one-tick slices) and by a recording history, with the bytes the history keeps.
@Suite struct TimeTravelCostTests {
  static let text = """
    (module
      (memory 1)
      (func (export "spin") (param $n i32) (result i32) (local $i i32)
        (loop $again
          (i32.store (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0xffff))
            (local.get $i))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $i)))
    """

  @Test(.enabled(if: ProcessInfo.processInfo.environment["WASBOX_MEASURE_HISTORY"] != nil))
  func recordingAMillionTicks() throws {
    func execution() throws -> Execution {
      let store = Store()
      let module = try Module(bytes: try wat2wasm(Self.text))
      let instance = try store.instantiate(try module.validate(), imports: [:])
      return try store.invoke(
        try #require(instance.exportedFunction("spin")), arguments: [.i32(1_000_000)])
    }
    let ticks: UInt64 = 1_000_000
    let clock = ContinuousClock()
    let plain = try execution()
    let runTime = clock.measure { _ = plain.run(ticks: ticks) }
    let stepped = try execution()
    let plainTime = clock.measure {
      _ = stepped.debugRun(ticks: ticks, step: .instructions(Int.max))
    }
    let recorded = try execution()
    let history = try ExecutionHistory(recording: recorded)
    let recordedTime = clock.measure {
      _ = history.run(ticks: ticks, step: .instructions(Int.max))
    }
    #expect(recorded.ticksConsumed == stepped.ticksConsumed)
    // The worst case: the newest checkpoint is 10,000 ticks before the target.
    let backTime = clock.measure { _ = try? history.back(1) }
    print(
      "history: \(ticks) ticks run in \(runTime), stepped in \(plainTime), recorded in \(recordedTime); "
        + "\(history.checkpointPoints.count) checkpoints, \(history.bytes) bytes; "
        + "back 1 (9,999 instructions run again) in \(backTime)")
    #expect(history.instructions == 999_999)
  }
}
