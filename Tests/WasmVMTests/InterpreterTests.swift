import Testing

@testable import WasmVM

/// Shorthand for function types in tests.
func fn(_ parameters: [ValueType], _ results: [ValueType]) -> FuncType {
  FuncType(parameters: parameters, results: results)
}

/// Evaluates a single numeric instruction on its operands.
func evaluate(_ op: Op, _ operands: [Value], _ result: ValueType) throws -> Value? {
  let body: [Asm] =
    operands.indices.map { .op(.localGet, [UInt64($0)]) } + [.op(op), .op(.return)]
  let module = try TestInstance([.wasm(fn(operands.map(\.type), [result]), body)])
  return try module.call(0, operands).first
}

/// The trap message a single numeric instruction raises, if any.
func trapMessage(_ op: Op, _ operands: [Value], _ result: ValueType) throws -> String? {
  do {
    _ = try evaluate(op, operands, result)
    return nil
  } catch let trap as Trap {
    return trap.message
  }
}

/// Programs shared by the interpreter and tick tests.
enum Programs {
  /// `fac(n: i64) -> i64`, recursive; `index` is its own function index.
  static func factorial(_ index: UInt64) -> [Asm] {
    [
      .op(.localGet, [0]), .op(.i64Eqz), .to(.jumpIfZero, "recurse"),
      .op(.const, [1]), .op(.return),
      .label("recurse"),
      .op(.localGet, [0]), .op(.localGet, [0]), .op(.const, [1]), .op(.i64Sub),
      .op(.call, [index]),
      .op(.i64Mul), .op(.return),
    ]
  }

  /// `sum(n: i32) -> i32`: 1 + 2 + … + n with a loop; local 1 is the accumulator.
  static let sum: [Asm] = [
    .label("loop"),
    .op(.localGet, [0]), .to(.jumpIfZero, "done"),
    .op(.localGet, [1]), .op(.localGet, [0]), .op(.i32Add), .op(.localSet, [1]),
    .op(.localGet, [0]), .op(.const, [1]), .op(.i32Sub), .op(.localSet, [0]),
    .to(.jump, "loop"),
    .label("done"),
    .op(.localGet, [1]), .op(.return),
  ]

  /// `count(n: i32) -> i32`: counts down by tail-calling itself (function `index`); returns 7.
  static func countDown(_ index: UInt64) -> [Asm] {
    [
      .op(.localGet, [0]), .to(.jumpIfNonZero, "again"),
      .op(.const, [7]), .op(.return),
      .label("again"),
      .op(.localGet, [0]), .op(.const, [1]), .op(.i32Sub), .op(.returnCall, [index]),
    ]
  }

  /// Endless non-tail recursion.
  static let runaway: [Asm] = [.op(.call, [0]), .op(.return)]
}

@Suite struct InterpreterTests {
  @Test func addsTwoNumbers() throws {
    let module = try TestInstance([
      .wasm(
        fn([.i32, .i32], [.i32]),
        [.op(.localGet, [0]), .op(.localGet, [1]), .op(.i32Add), .op(.return)])
    ])
    #expect(try module.call(0, [.i32(40), .i32(2)]) == [.i32(42)])
    #expect(try module.call(0, [.i32(UInt32.max), .i32(2)]) == [.i32(1)])
  }

  @Test func recursesAndLoops() throws {
    let module = try TestInstance([
      .wasm(fn([.i64], [.i64]), Programs.factorial(0)),
      .wasm(fn([.i32], [.i32]), locals: 1, Programs.sum),
    ])
    #expect(try module.call(0, [.i64(20)]) == [.i64(2_432_902_008_176_640_000)])
    #expect(try module.call(1, [.i32(100)]) == [.i32(5050)])
  }

  @Test func branchesKeepAndDropOperands() throws {
    // Pushes 1 2 3, then br keeps the top 1 and drops 2 beneath it: result 3 alone.
    let module = try TestInstance([
      .wasm(
        fn([.i32], [.i32]),
        [
          .op(.const, [1]), .op(.const, [2]), .op(.const, [3]),
          .to(.br, "out", [2, 1]),
          .label("out"), .op(.return),
        ]),
      .wasm(
        fn([.i32], [.i32]),
        [
          .op(.const, [10]), .op(.localGet, [0]),
          .table([("zero", 0, 0), ("one", 0, 0), ("other", 0, 0)]),
          .label("zero"), .op(.const, [100]), .op(.i32Add), .op(.return),
          .label("one"), .op(.const, [200]), .op(.i32Add), .op(.return),
          .label("other"), .op(.const, [300]), .op(.i32Add), .op(.return),
        ]),
    ])
    #expect(try module.call(0, [.i32(0)]) == [.i32(3)])
    #expect(try module.call(1, [.i32(0)]) == [.i32(110)])
    #expect(try module.call(1, [.i32(1)]) == [.i32(210)])
    #expect(try module.call(1, [.i32(2)]) == [.i32(310)])
    #expect(try module.call(1, [.i32(99)]) == [.i32(310)])
  }

  @Test func integerArithmeticFollowsTheSpec() throws {
    func i32(_ v: Int32) -> Value { .i32(UInt32(bitPattern: v)) }
    #expect(try evaluate(.i32DivS, [i32(7), i32(-2)], .i32) == i32(-3))
    #expect(try evaluate(.i32RemS, [i32(.min), i32(-1)], .i32) == .i32(0))
    #expect(try trapMessage(.i32DivS, [i32(.min), i32(-1)], .i32) == "integer overflow")
    #expect(try trapMessage(.i64DivU, [.i64(1), .i64(0)], .i64) == "integer divide by zero")
    #expect(try trapMessage(.i32RemU, [.i32(1), .i32(0)], .i32) == "integer divide by zero")
    #expect(try evaluate(.i32Shl, [.i32(1), .i32(33)], .i32) == .i32(2))
    #expect(try evaluate(.i32ShrS, [.i32(0x8000_0000), .i32(31)], .i32) == .i32(UInt32.max))
    #expect(try evaluate(.i32Rotl, [.i32(0x8000_0001), .i32(1)], .i32) == .i32(3))
    #expect(try evaluate(.i32Rotr, [.i32(3), .i32(1)], .i32) == .i32(0x8000_0001))
    #expect(try evaluate(.i64Rotr, [.i64(1), .i64(0)], .i64) == .i64(1))
    #expect(try evaluate(.i64Rotl, [.i64(1), .i64(65)], .i64) == .i64(2))
    #expect(try evaluate(.i32Clz, [.i32(0)], .i32) == .i32(32))
    #expect(try evaluate(.i64Ctz, [.i64(0)], .i64) == .i64(64))
    #expect(try evaluate(.i64Popcnt, [.i64(UInt64.max)], .i64) == .i64(64))
    #expect(try evaluate(.i32Extend8S, [.i32(0x80)], .i32) == .i32(0xFFFF_FF80))
    #expect(try evaluate(.i64ExtendI32S, [.i32(UInt32.max)], .i64) == .i64(UInt64.max))
    #expect(try evaluate(.i32WrapI64, [.i64(0x1_0000_0005)], .i32) == .i32(5))
  }

  @Test func floatArithmeticFollowsTheSpec() throws {
    let negZero = Float(-0.0).bitPattern
    #expect(try evaluate(.f32Min, [.f32(0), .f32(negZero)], .f32) == .f32(negZero))
    #expect(try evaluate(.f32Max, [.f32(negZero), .f32(0)], .f32) == .f32(0))
    let nan = try evaluate(.f64Min, [.f64(Double.nan.bitPattern), .f64(1.0.bitPattern)], .f64)
    if case .f64(let bits)? = nan {
      #expect(Double(bitPattern: bits).isNaN)
    } else {
      Issue.record("expected an f64")
    }
    let half = Float(2.5).bitPattern
    #expect(try evaluate(.f32Nearest, [.f32(half)], .f32) == .f32(Float(2).bitPattern))
    #expect(try evaluate(.f64Nearest, [.f64((-0.5).bitPattern)], .f64) == .f64((-0.0).bitPattern))
    // Sign operations keep NaN payloads untouched.
    #expect(try evaluate(.f32Neg, [.f32(0x7FA0_0001)], .f32) == .f32(0xFFA0_0001))
    #expect(try evaluate(.f32Abs, [.f32(0xFFA0_0001)], .f32) == .f32(0x7FA0_0001))
    #expect(
      try evaluate(.f64Copysign, [.f64(0x7FF4_0000_0000_0001), .f64(1 << 63)], .f64)
        == .f64(0xFFF4_0000_0000_0001))
  }

  @Test func conversionsTrapExactlyAtTheirBounds() throws {
    func f32(_ x: Float) -> Value { .f32(x.bitPattern) }
    func f64(_ x: Double) -> Value { .f64(x.bitPattern) }
    #expect(try evaluate(.i32TruncF32S, [f32(-2_147_483_648)], .i32) == .i32(0x8000_0000))
    #expect(try trapMessage(.i32TruncF32S, [f32(2_147_483_648)], .i32) == "integer overflow")
    #expect(try evaluate(.i32TruncF64S, [f64(-2147483648.9)], .i32) == .i32(0x8000_0000))
    #expect(try trapMessage(.i32TruncF64S, [f64(-2_147_483_649)], .i32) == "integer overflow")
    #expect(try evaluate(.i32TruncF64U, [f64(-0.9)], .i32) == .i32(0))
    #expect(try trapMessage(.i32TruncF64U, [f64(-1)], .i32) == "integer overflow")
    #expect(try evaluate(.i32TruncF64U, [f64(4294967295.9)], .i32) == .i32(UInt32.max))
    #expect(
      try trapMessage(.i64TruncF64S, [f64(9_223_372_036_854_775_808)], .i64) == "integer overflow")
    #expect(try evaluate(.i64TruncF64S, [f64(-9_223_372_036_854_775_808)], .i64) == .i64(1 << 63))
    #expect(try trapMessage(.i64TruncF32U, [f32(.nan)], .i64) == "invalid conversion to integer")
    let largest: UInt64 = 18_446_744_073_709_549_568
    #expect(try evaluate(.i64TruncF64U, [f64(Double(largest))], .i64) == .i64(largest))
    #expect(try evaluate(.i32TruncSatF32S, [f32(.nan)], .i32) == .i32(0))
    #expect(try evaluate(.i32TruncSatF64S, [f64(-1e10)], .i32) == .i32(0x8000_0000))
    #expect(try evaluate(.i64TruncSatF64U, [f64(1e30)], .i64) == .i64(UInt64.max))
    #expect(try evaluate(.i32TruncSatF32U, [f32(-5)], .i32) == .i32(0))
    #expect(
      try evaluate(.f32ConvertI64U, [.i64(UInt64.max)], .f32) == f32(18_446_744_073_709_551_616))
    #expect(try evaluate(.f64ConvertI32S, [.i32(UInt32.max)], .f64) == f64(-1))
    #expect(try evaluate(.f32DemoteF64, [f64(1e300)], .f32) == f32(.infinity))
  }

  @Test func memoryAccessIsBoundsChecked() throws {
    let module = try TestInstance(
      memoryPages: 1,
      [
        // store(addr, value) with offset 4
        .wasm(
          fn([.i32, .i64], []),
          [
            .op(.localGet, [0]), .op(.localGet, [1]), .op(.i64Store, [4, 0]), .op(.return),
          ]),
        .wasm(fn([.i32], [.i32]), [.op(.localGet, [0]), .op(.i32Load16S, [0, 0]), .op(.return)]),
      ])
    _ = try module.call(0, [.i32(0), .i64(0x0102_0304_0506_F708)])
    #expect(module.memory?.read(at: 4, count: 8) == [8, 0xF7, 6, 5, 4, 3, 2, 1])
    #expect(try module.call(1, [.i32(4)]) == [.i32(0xFFFF_F708)])
    _ = try module.call(0, [.i32(65536 - 12), .i64(1)])
    let frame = BacktraceFrame(functionIndex: 0, name: nil)
    #expect(throws: Trap(.outOfBoundsMemoryAccess, backtrace: [frame])) {
      try module.call(0, [.i32(65536 - 11), .i64(1)])
    }
    #expect(throws: Trap.self) { try module.call(1, [.i32(UInt32.max)]) }
    #expect(try module.call(1, [.i32(65534)]) == [.i32(0)])
  }

  @Test func bulkMemoryAndGrow() throws {
    let module = try TestInstance(
      memoryPages: 1, maxMemoryPages: 3, data: [[1, 2, 3, 4]],
      [
        .wasm(
          fn([.i32, .i32, .i32], []),
          [
            .op(.localGet, [0]), .op(.localGet, [1]), .op(.localGet, [2]),
            .op(.memoryFill, [0]), .op(.return),
          ]),
        .wasm(
          fn([.i32, .i32, .i32], []),
          [
            .op(.localGet, [0]), .op(.localGet, [1]), .op(.localGet, [2]),
            .op(.memoryCopy, [0, 0]), .op(.return),
          ]),
        .wasm(
          fn([.i32, .i32, .i32], []),
          [
            .op(.localGet, [0]), .op(.localGet, [1]), .op(.localGet, [2]),
            .op(.memoryInit, [0, 0]), .op(.return),
          ]),
        .wasm(fn([.i32], [.i32]), [.op(.localGet, [0]), .op(.memoryGrow, [0]), .op(.return)]),
        .wasm(fn([], [.i32]), [.op(.memorySize, [0]), .op(.return)]),
      ])
    _ = try module.call(2, [.i32(10), .i32(0), .i32(4)])
    _ = try module.call(1, [.i32(11), .i32(10), .i32(4)])
    #expect(module.memory?.read(at: 10, count: 5) == [1, 1, 2, 3, 4])
    _ = try module.call(1, [.i32(10), .i32(11), .i32(4)])
    #expect(module.memory?.read(at: 10, count: 5) == [1, 2, 3, 4, 4])
    _ = try module.call(0, [.i32(12), .i32(0x1FF), .i32(2)])
    #expect(module.memory?.read(at: 10, count: 5) == [1, 2, 0xFF, 0xFF, 4])
    #expect(throws: Trap.self) { try module.call(0, [.i32(65535), .i32(7), .i32(2)]) }
    #expect(module.memory?.read(at: 65535, count: 1) == [0])
    #expect(throws: Trap.self) { try module.call(2, [.i32(0), .i32(1), .i32(4)]) }
    #expect(try module.call(3, [.i32(2)]) == [.i32(1)])
    #expect(try module.call(3, [.i32(1)]) == [.i32(UInt32.max)])
    #expect(try module.call(4) == [.i32(3)])
  }

  @Test func callsHostFunctions() throws {
    let module = try TestInstance([
      .host(fn([.i32], [.i32])) { context, arguments throws(Trap) in
        guard case .i32(let x) = arguments[0] else { return [] }
        if x == 0 { throw Trap(.host("boom")) }
        return [.i32(x * 3)]
      },
      .wasm(
        fn([.i32], [.i32]), name: "triple_plus_one",
        [
          .op(.localGet, [0]), .op(.call, [0]), .op(.const, [1]), .op(.i32Add), .op(.return),
        ]),
      .wasm(fn([.i32], [.i32]), [.op(.localGet, [0]), .op(.returnCall, [0])]),
    ])
    #expect(try module.call(1, [.i32(5)]) == [.i32(16)])
    #expect(try module.call(2, [.i32(5)]) == [.i32(15)])
    #expect(try module.call(0, [.i32(2)]) == [.i32(6)])
    let frame = BacktraceFrame(functionIndex: 1, name: "triple_plus_one")
    #expect(throws: Trap(.host("boom"), backtrace: [frame])) {
      try module.call(1, [.i32(0)])
    }
  }

  @Test func callIndirectChecksItsTarget() throws {
    let module = try TestInstance(
      table: [1, nil, 2],
      [
        .wasm(
          fn([.i32], [.i32]),
          [
            .op(.const, [5]), .op(.localGet, [0]), .op(.callIndirect, [0, 0]), .op(.return),
          ]),
        .wasm(
          fn([.i32], [.i32]),
          [.op(.localGet, [0]), .op(.const, [2]), .op(.i32Mul), .op(.return)]),
        .wasm(fn([], []), [.op(.return)]),
      ])
    #expect(try module.call(0, [.i32(0)]) == [.i32(10)])
    func message(_ index: UInt32) -> String? {
      do {
        _ = try module.call(0, [.i32(index)])
        return nil
      } catch {
        return (error as? Trap)?.message
      }
    }
    #expect(message(1) == "uninitialized element 1")  // the spec names the table slot
    #expect(message(2) == "indirect call type mismatch")
    #expect(message(3) == "undefined element")
  }

  @Test func deepRecursionExhaustsTheCallStack() throws {
    let module = try TestInstance([
      .wasm(fn([], []), Programs.runaway),
      .wasm(fn([.i32], [.i32]), Programs.countDown(1)),
    ])
    #expect(throws: Trap.self) { try module.call(0) }
    do {
      _ = try module.call(0)
    } catch let trap as Trap {
      #expect(trap.message == "call stack exhausted")
      #expect(trap.backtrace.count == ResourceLimits().maxCallDepth)
    }
    // Tail calls run in constant stack.
    #expect(try module.call(1, [.i32(1_000_000)]) == [.i32(7)])
  }

  @Test func valueStackLimitAlsoExhausts() throws {
    let limits = ResourceLimits(maxCallDepth: 1_000_000, maxValueStackSlots: 10_000)
    let module = try TestInstance(limits: limits, [.wasm(fn([], []), locals: 50, Programs.runaway)])
    #expect(throws: Trap.self) { try module.call(0) }
  }

  @Test func invocationErrorsAreReported() throws {
    let module = try TestInstance([.wasm(fn([.i32], []), [.op(.return)])])
    #expect(throws: InvocationError.argumentCountMismatch(expected: 1, got: 0)) {
      try module.store.invoke(module.functions[0], arguments: [])
    }
    #expect(throws: InvocationError.argumentTypeMismatch(index: 0, expected: .i32, got: .i64)) {
      try module.store.invoke(module.functions[0], arguments: [.i64(1)])
    }
    #expect(throws: InvocationError.unknownFunction(address: 9)) {
      try module.store.invoke(Function(address: 9), arguments: [])
    }
  }

  @Test func hostFunctionsCanBeInvokedDirectly() throws {
    let store = Store()
    let echo = store.add(
      HostFunction(type: fn([.i32], [.i32])) { _, arguments throws(Trap) in
        arguments
      })
    let execution = try store.invoke(echo, arguments: [.i32(4)])
    #expect(execution.run(ticks: 0) == .paused)
    #expect(execution.run(ticks: 5) == .completed([.i32(4)]))
    #expect(execution.ticksConsumed == 1)
    let liar = store.add(HostFunction(type: fn([], [.i32])) { _, _ throws(Trap) in [] })
    #expect(throws: Trap.self) { try store.call(liar, []) }
  }

  @Test func finishedExecutionsRepeatTheirResult() throws {
    let module = try TestInstance([.wasm(fn([], [.i32]), [.op(.const, [3]), .op(.return)])])
    let execution = try module.store.invoke(module.functions[0], arguments: [])
    #expect(execution.run(ticks: 0) == .paused)
    #expect(execution.lastSliceTicks == 0)
    #expect(execution.run(ticks: 100) == .completed([.i32(3)]))
    #expect(execution.lastSliceTicks == 2)
    #expect(execution.run(ticks: 100) == .completed([.i32(3)]))
    #expect(execution.ticksConsumed == 2)
    #expect(execution.state == .completed([.i32(3)]))
  }
}
