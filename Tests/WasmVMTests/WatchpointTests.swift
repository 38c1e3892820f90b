import TestSupport
import Testing
import WAT
import WasmVM

/// Watchpoints (`Sources/WasmVM/Debugging/Watchpoint.swift`): a run stops right after the
/// instruction that changes watched bytes (a store, `memory.fill`, `memory.copy`, a host call
/// writing guest memory), never for a write elsewhere, and a watched call has an ordinary
/// run's result and tick total in every slicing.
@Suite struct WatchpointTests {
  /// `run(n)` stores `i + 1` at `4 * i` for `i` in `0..<n`, fills 16 bytes of 7 at 200, copies
  /// 8 bytes from 0 to 300, has the host write `0xAB` at 400, and returns the sum of the `i`s
  /// plus the word copied to 300.
  static let text = """
    (module
      (import "env" "poke" (func $poke (param i32)))
      (memory (export "memory") 1)
      (func (export "run") (param $n i32) (result i32) (local $i i32) (local $sum i32)
        (block $done
          (loop $again
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (i32.store (i32.mul (local.get $i) (i32.const 4)) (i32.add (local.get $i) (i32.const 1)))
            (local.set $sum (i32.add (local.get $sum) (local.get $i)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $again)))
        (memory.fill (i32.const 200) (i32.const 7) (i32.const 16))
        (memory.copy (i32.const 300) (i32.const 0) (i32.const 8))
        (call $poke (i32.const 400))
        (i32.add (local.get $sum) (i32.load (i32.const 300)))))
    """

  struct Setup {
    let store = Store()
    let module: Module
    let instance: Instance
    let memory: Memory

    init() throws {
      module = try Module(bytes: try wat2wasm(WatchpointTests.text))
      let poke = store.add(
        HostFunction(type: FuncType(parameters: [.i32], results: []), name: "poke") {
          context, arguments throws(Trap) in
          guard case .i32(let address) = arguments.first,
            let memory = context.caller?.exportedMemory("memory")
          else { throw Trap(.host("bad call")) }
          memory.write([0xAB], at: Int(address))
          return []
        })
      instance = try store.instantiate(
        try module.validate(), imports: ["env": ["poke": .function(poke)]])
      memory = try #require(instance.exportedMemory("memory"))
    }

    func execution(_ n: UInt32 = 10) throws -> Execution {
      try store.invoke(try #require(instance.exportedFunction("run")), arguments: [.i32(n)])
    }

    func watch(_ offset: Int, _ length: Int = 4) -> Watchpoint {
      Watchpoint(memory: memory, offset: offset, length: length)
    }
  }

  /// One stop of a watched run: the hit and the ticks used by then.
  struct Stop: Equatable {
    let hit: WatchpointChange
    let ticks: UInt64
  }

  /// Runs `execution` to its end in slices of `slice` ticks (unbounded for `nil`), watching
  /// `watchpoints` and resuming after every stop.
  func watchedRun(_ execution: Execution, _ watchpoints: [Watchpoint], slice: UInt64?) -> (
    ExecutionResult, UInt64, [Stop]
  ) {
    var stops: [Stop] = []
    while true {
      let run = execution.debugRun(
        ticks: slice ?? .max, breakpoints: [], step: nil, watchpoints: watchpoints)
      if case .watchpoint(let hit) = run.stop {
        stops.append(Stop(hit: hit, ticks: execution.ticksConsumed))
      }
      if run.result != .paused { return (run.result, execution.ticksConsumed, stops) }
    }
  }

  @Test func stopsRightAfterAStoreIntoTheRange() throws {
    let setup = try Setup()
    let execution = try setup.execution()
    let run = execution.debugRun(
      ticks: .max, breakpoints: [], step: nil, watchpoints: [setup.watch(20)])
    #expect(run.result == .paused)
    #expect(
      run.stop
        == .watchpoint(
          WatchpointChange(index: 0, offset: 20, old: [0, 0, 0, 0], new: [6, 0, 0, 0])))
    // The store at 20 (i = 5) ran, and nothing after it: the next iteration's is not done.
    #expect(setup.memory.read(at: 20, count: 8) == [6, 0, 0, 0, 0, 0, 0, 0])
    let frame = try #require(try execution.callStack().first)
    let text = try #require(
      setup.module.disassemble(functionIndex: frame.functionIndex).first {
        $0.bodyOffset == frame.bodyOffset
      })
    #expect(text.text.hasPrefix("local.get"))
  }

  @Test func aStoreOutsideTheRangeDoesNotStop() throws {
    let setup = try Setup()
    let execution = try setup.execution(3)
    // Stores reach bytes 0..<12 only; byte 12 and on stay as they are.
    let (result, _, stops) = watchedRun(
      execution, [setup.watch(12, 4), setup.watch(1000)], slice: nil)
    #expect(result == .completed([.i32(3 + 1)]))
    #expect(stops.isEmpty)
  }

  @Test func bulkFillCopyAndAHostWriteStop() throws {
    let setup = try Setup()
    let execution = try setup.execution()
    let (result, _, stops) = watchedRun(
      execution, [setup.watch(204, 2), setup.watch(300, 4), setup.watch(398, 4)], slice: nil)
    #expect(result == .completed([.i32(45 + 1)]))
    #expect(
      stops.map(\.hit) == [
        WatchpointChange(index: 0, offset: 204, old: [0, 0], new: [7, 7]),
        WatchpointChange(index: 1, offset: 300, old: [0, 0, 0, 0], new: [1, 0, 0, 0]),
        WatchpointChange(index: 2, offset: 398, old: [0, 0, 0, 0], new: [0, 0, 0xAB, 0]),
      ])
  }

  @Test func theFillStopsBeforeTheCopyRuns() throws {
    let setup = try Setup()
    let execution = try setup.execution()
    let run = execution.debugRun(
      ticks: .max, breakpoints: [], step: nil, watchpoints: [setup.watch(200, 1)])
    guard case .watchpoint = run.stop else {
      Issue.record("no watchpoint stop: \(run)")
      return
    }
    #expect(setup.memory.read(at: 300, count: 4) == [0, 0, 0, 0])
  }

  @Test(arguments: [1, 2, 3, 7, nil] as [UInt64?])
  func resultsAndTicksAreAPlainRunsInEverySlicing(slice: UInt64?) throws {
    let plainSetup = try Setup()
    let plain = try plainSetup.execution()
    let expected = plain.run(ticks: .max)
    let setup = try Setup()
    let watches = [
      setup.watch(20), setup.watch(36, 8), setup.watch(210, 4), setup.watch(300),
      setup.watch(400, 1),
    ]
    let (result, ticks, stops) = watchedRun(try setup.execution(), watches, slice: slice)
    #expect(result == expected)
    #expect(ticks == plain.ticksConsumed)
    #expect(stops.map(\.hit.index) == [0, 1, 2, 3, 4])
  }

  @Test(arguments: [1, 3, nil] as [UInt64?])
  func stopPointsDoNotDependOnSlicing(slice: UInt64?) throws {
    let reference = try Setup()
    let expected = watchedRun(
      try reference.execution(), [reference.watch(20), reference.watch(300)], slice: nil
    ).2
    let setup = try Setup()
    let stops = watchedRun(
      try setup.execution(), [setup.watch(20), setup.watch(300)], slice: slice
    ).2
    #expect(stops == expected)
    #expect(stops.count == 2)
  }

  @Test func aRecordedRunStopsAtWatchpointsToo() throws {
    let setup = try Setup()
    let execution = try setup.execution()
    let history = try ExecutionHistory(recording: execution)
    let watches = [setup.watch(20), setup.watch(300)]
    var hits: [Int] = []
    while true {
      let run = history.run(ticks: .max, breakpoints: [], step: nil, watchpoints: watches)
      if case .watchpoint(let hit) = run.stop { hits.append(hit.index) }
      if run.result != .paused { break }
    }
    #expect(hits == [0, 1])
  }

  @Test func noWatchpointsIsAnOrdinaryRun() throws {
    let setup = try Setup()
    let execution = try setup.execution()
    let run = execution.debugRun(ticks: .max, breakpoints: [], step: nil, watchpoints: [])
    #expect(run.stop == nil)
    #expect(run.result == .completed([.i32(46)]))
  }
}
