import Testing

@testable import WasmVM

/// A program to run in slices: builds a fresh instance each time (so memory starts clean) and
/// invokes its function 0.
struct TickProgram: CustomTestStringConvertible, Sendable {
  var name: String
  var build: @Sendable () throws -> TestInstance
  var arguments: [Value]
  var testDescription: String { name }

  func execution() throws -> Execution {
    let module = try build()
    // The execution keeps the store alive, and the store its instances.
    return try module.store.invoke(module.functions[0], arguments: arguments)
  }
}

enum TickPrograms {
  /// A loop calling a helper each iteration, then a recursive factorial.
  static let loopWithCalls = TickProgram(
    name: "loop with calls",
    build: {
      try TestInstance([
        .wasm(fn([.i32], [.i64]), locals: 1, [
          .label("loop"),
          .op(.localGet, [0]), .to(.jumpIfZero, "done"),
          .op(.localGet, [1]), .op(.call, [1]), .op(.localSet, [1]),
          .op(.localGet, [0]), .op(.const, [1]), .op(.i32Sub), .op(.localSet, [0]),
          .to(.jump, "loop"),
          .label("done"),
          .op(.const, [15]), .op(.call, [2]), .op(.localGet, [1]), .op(.i64ExtendI32U),
          .op(.i64Add), .op(.return),
        ]),
        .wasm(fn([.i32], [.i32]), [.op(.localGet, [0]), .op(.const, [3]), .op(.i32Add), .op(.return)]),
        .wasm(fn([.i64], [.i64]), Programs.factorial(2)),
      ])
    },
    arguments: [.i32(40)])

  /// Fills, copies (overlapping, in both directions) and initializes many bytes, then sums
  /// a few words so that the memory contents show in the result.
  static let bulkMemory = TickProgram(
    name: "bulk memory",
    build: {
      try TestInstance(memoryPages: 1, data: [Array(0..<200)], [
        .wasm(fn([], [.i64]), [
          .op(.const, [100]), .op(.const, [0xAB]), .op(.const, [1000]), .op(.memoryFill, [0]),
          .op(.const, [50]), .op(.const, [0]), .op(.const, [150]), .op(.memoryInit, [0, 0]),
          .op(.const, [120]), .op(.const, [40]), .op(.const, [700]), .op(.memoryCopy, [0, 0]),
          .op(.const, [30]), .op(.const, [90]), .op(.const, [500]), .op(.memoryCopy, [0, 0]),
          .op(.const, [0]), .op(.i64Load, [60, 0]),
          .op(.const, [0]), .op(.i64Load, [200, 0]), .op(.i64Xor),
          .op(.const, [0]), .op(.i64Load, [700, 0]), .op(.i64Add),
          .op(.const, [0]), .op(.i64Load, [817, 0]), .op(.i64Add),
          .op(.return),
        ])
      ])
    },
    arguments: [])

  /// Grows memory by several pages (atomic, paid per page), with work before and after.
  static let grow = TickProgram(
    name: "memory.grow",
    build: {
      try TestInstance(memoryPages: 1, maxMemoryPages: 40, [
        .wasm(fn([], [.i32]), [
          .op(.const, [1]), .op(.const, [2]), .op(.i32Add), .op(.drop),
          .op(.const, [30]), .op(.memoryGrow, [0]),
          .op(.const, [100]), .op(.memoryGrow, [0]), .op(.i32Add),
          .op(.memorySize, [0]), .op(.i32Add),
          .op(.const, [7]), .op(.i32Add), .op(.return),
        ])
      ])
    },
    arguments: [])

  /// Traps in the middle of a block: the ticks after the trapping instruction are not charged.
  static let trapMidBlock = TickProgram(
    name: "trap mid-block",
    build: {
      try TestInstance([
        .wasm(fn([.i32], [.i32]), [
          .op(.localGet, [0]), .op(.call, [1]),
          .op(.const, [1]), .op(.const, [0]), .op(.i32DivU), .op(.i32Add),
          .op(.const, [5]), .op(.i32Add), .op(.return),
        ]),
        .wasm(fn([.i32], [.i32]), locals: 1, Programs.sum),
      ])
    },
    arguments: [.i32(30)])

  /// Table bulk operations and a table.grow.
  static let tables = TickProgram(
    name: "table ops",
    build: {
      try TestInstance(table: [nil, 1, nil, nil, 1, nil, nil, nil], elements: [[1, 1, nil, 1]], [
        .wasm(fn([], [.i32]), [
          .op(.const, [0]), .op(.refFunc, [1]), .op(.const, [3]), .op(.tableFill, [0]),
          .op(.const, [3]), .op(.const, [0]), .op(.const, [5]), .op(.tableCopy, [0, 0]),
          .op(.refFunc, [1]), .op(.const, [12]), .op(.tableGrow, [0]),
          .op(.const, [9]), .op(.const, [0]), .op(.const, [4]), .op(.tableInit, [0, 0]),
          .op(.tableSize, [0]), .op(.i32Add),
          .op(.const, [7]), .op(.tableGet, [0]), .op(.refIsNull), .op(.i32Add),
          .op(.const, [11]), .op(.tableGet, [0]), .op(.refIsNull), .op(.i32Add),
          .op(.return),
        ]),
        .wasm(fn([], []), [.op(.return)]),
      ])
    },
    arguments: [])

  /// A host call inside a loop.
  static let hostCalls = TickProgram(
    name: "host calls",
    build: {
      try TestInstance([
        .wasm(fn([.i32], [.i32]), locals: 1, [
          .label("loop"),
          .op(.localGet, [0]), .to(.jumpIfZero, "done"),
          .op(.localGet, [1]), .op(.localGet, [0]), .op(.call, [1]), .op(.localSet, [1]),
          .op(.localGet, [0]), .op(.const, [1]), .op(.i32Sub), .op(.localSet, [0]),
          .to(.jump, "loop"),
          .label("done"),
          .op(.localGet, [1]), .op(.return),
        ]),
        .host(fn([.i32, .i32], [.i32])) { _, arguments throws(Trap) in
          guard case .i32(let a) = arguments[0], case .i32(let b) = arguments[1] else {
            return []
          }
          return [.i32(a &* 31 &+ b)]
        },
      ])
    },
    arguments: [.i32(25)])

  static let all = [loopWithCalls, bulkMemory, grow, trapMidBlock, tables, hostCalls]
}

@Suite struct TickTests {
  @Test(arguments: TickPrograms.all)
  func slicingNeverChangesTheOutcome(program: TickProgram) throws {
    let (reference, ok) = try runSliced(program.execution, slice: nil)
    #expect(ok)
    #expect(reference.slices == 1)
    let total = reference.ticks
    var budgets = Array(UInt64(1)...40)
    budgets += [50, 64, 99, 128, 333, 1000, total - 1, total, total + 1]
    for budget in budgets where budget > 0 {
      let (sliced, withinBudget) = try runSliced(program.execution, slice: budget)
      #expect(withinBudget, "slice \(budget)")
      #expect(sliced.result == reference.result, "slice \(budget)")
      #expect(sliced.ticks == total, "slice \(budget)")
    }
  }

  @Test func referenceResults() throws {
    func result(_ program: TickProgram) throws -> ExecutionResult {
      try runSliced(program.execution, slice: nil).run.result
    }
    #expect(try result(TickPrograms.loopWithCalls) == .completed([.i64(1_307_674_368_000 + 120)]))
    #expect(try result(TickPrograms.grow) == .completed([.i32(38)]))
    #expect(try result(TickPrograms.tables) == .completed([.i32(29)]))
    guard case .trapped(let trap) = try result(TickPrograms.trapMidBlock) else {
      Issue.record("expected a trap")
      return
    }
    #expect(trap.message == "integer divide by zero")
  }

  @Test func ticksFollowTheCostTable() throws {
    // const, const, const, memory.fill(1000 bytes), return: 5 + 1000.
    let module = try TestInstance(memoryPages: 1, [
      .wasm(fn([], []), [
        .op(.const, [0]), .op(.const, [1]), .op(.const, [1000]), .op(.memoryFill, [0]),
        .op(.return),
      ])
    ])
    let execution = try module.store.invoke(module.functions[0], arguments: [])
    #expect(execution.run(ticks: .max) == .completed([]))
    #expect(execution.ticksConsumed == 1005)
    // A trap mid-block charges through the trapping instruction only.
    let trapping = try TestInstance([
      .wasm(fn([], [.i32]), [
        .op(.const, [1]), .op(.const, [0]), .op(.i32DivS), .op(.const, [2]), .op(.i32Add),
        .op(.return),
      ])
    ])
    let trapped = try trapping.store.invoke(trapping.functions[0], arguments: [])
    guard case .trapped = trapped.run(ticks: .max) else {
      Issue.record("expected a trap")
      return
    }
    #expect(trapped.ticksConsumed == 3)
  }

  @Test func bulkWorkIsChunkedAcrossSlices() throws {
    let module = try TestInstance(memoryPages: 1, [
      .wasm(fn([], []), [
        .op(.const, [0]), .op(.const, [7]), .op(.const, [60000]), .op(.memoryFill, [0]),
        .op(.return),
      ])
    ])
    let execution = try module.store.invoke(module.functions[0], arguments: [])
    #expect(execution.run(ticks: 1004) == .paused)
    #expect(execution.lastSliceTicks == 1004)
    #expect(module.memory?.read(at: 999, count: 2) == [7, 0])
    var slices = 1
    while execution.run(ticks: 1000) == .paused { slices += 1 }
    #expect(execution.state == .completed([]))
    #expect(execution.ticksConsumed == 60005)
    #expect(slices == 60)
  }

  @Test func budgetOfOneAlwaysProgresses() throws {
    let module = try TestInstance([.wasm(fn([], []), Programs.runaway)])
    let execution = try module.store.invoke(module.functions[0], arguments: [])
    var slices = 0
    while execution.run(ticks: 1) == .paused {
      #expect(execution.lastSliceTicks == 1)
      slices += 1
    }
    guard case .trapped(let trap) = execution.state else {
      Issue.record("expected a trap")
      return
    }
    #expect(trap.message == "call stack exhausted")
    #expect(UInt64(slices) + execution.lastSliceTicks == execution.ticksConsumed)
  }
}
