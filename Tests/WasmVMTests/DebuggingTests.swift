import TestSupport
import Testing
import WAT
import WasmVM

/// The debugger's view of a paused execution (`Sources/WasmVM/Debugging`): call stack,
/// positions, locals, operands and next instruction, and disassembly.
@Suite struct DebuggingTests {
  /// `outer` pushes 100, calls `inner` with its argument and adds; `inner` stores 5 at
  /// `x + 8` and returns `x` plus what it loads back. Offsets below are in the code section's
  /// contents: `inner`'s body starts at 2 (after the body count and its size), `outer`'s at 26.
  static let text = """
    (module
      (memory 1)
      (func $inner (param $x i32) (result i32) (local $y i64)
        (local.set $y (i64.const 7))
        (i32.store offset=8 (local.get $x) (i32.const 5))
        (i32.add (local.get $x) (i32.load offset=8 (local.get $x))))
      (func $outer (export "outer") (param i32) (result i32)
        (i32.const 100)
        (call $inner (local.get 0))
        (i32.add)))
    """

  /// The module, with a name section naming `inner` (the text parser writes none).
  func module() throws -> Module {
    try Module(bytes: try wat2wasm(Self.text) + Binary.nameSection(functions: [0: "inner"]))
  }

  /// A fresh execution of `outer(16)`.
  func start(_ module: Module) throws -> Execution {
    let store = Store()
    let instance = try store.instantiate(try module.validate())
    let outer = try #require(instance.exportedFunction("outer"))
    return try store.invoke(outer, arguments: [.i32(16)])
  }

  @Test func backtraceOfAPausedNestedCall() throws {
    let module = try module()
    let execution = try start(module)
    // 3 ticks of outer, 7 of inner: the next instruction is inner's load.
    #expect(execution.run(ticks: 10) == .paused)
    let frames = try execution.callStack()
    #expect(
      frames == [
        PausedFrame(
          depth: 0, function: try #require(frames.first?.function), functionIndex: 0,
          name: "inner", instanceIndex: 0, moduleFingerprint: module.fingerprint,
          codeOffset: 20, bodyOffset: 18, callCodeOffset: nil),
        PausedFrame(
          depth: 1, function: try #require(frames.last?.function), functionIndex: 1,
          name: "outer", instanceIndex: 0, moduleFingerprint: module.fingerprint,
          codeOffset: 34, bodyOffset: 8, callCodeOffset: 32),
      ])
    #expect(frames.map(\.function.address) == [0, 1])
    #expect(frames.map(\.callBodyOffset) == [nil, 6])
    #expect(
      frames.map {
        module.instructionText(functionIndex: $0.functionIndex, codeOffset: $0.codeOffset)
      }
        == ["i32.load offset=8", "i32.add"])
    #expect(module.instructionText(functionIndex: 1, codeOffset: 33) == nil)
  }

  @Test func localsOperandsAndNextInstructionOfEachFrame() throws {
    let module = try module()
    let execution = try start(module)
    #expect(execution.run(ticks: 10) == .paused)
    let inner = try execution.inspectFrame(0, module: module)
    #expect(inner.locals == [.i32(16), .i64(7)])
    #expect(inner.operands == [.value(.i32(16)), .value(.i32(16))])
    #expect(inner.nextInstruction == "i32.load offset=8")
    #expect(inner.callInstruction == nil)
    let outer = try execution.inspectFrame(1, module: module)
    #expect(outer.locals == [.i32(16)])
    // The argument it passed is inner's parameter now, not its operand.
    #expect(outer.operands == [.value(.i32(100))])
    #expect(outer.nextInstruction == "i32.add")
    #expect(outer.callInstruction == "call 0 (inner)")
    #expect(outer.frame == (try execution.callStack())[1])
  }

  @Test func positionsFollowEveryTick() throws {
    let module = try module()
    let execution = try start(module)
    var seen: [[Int]] = []
    while execution.run(ticks: 1) == .paused {
      seen.append(try execution.callStack().map(\.codeOffset))
    }
    #expect(
      seen == [
        [30], [32], [5, 34], [7, 34], [9, 34], [11, 34], [13, 34], [16, 34], [18, 34], [20, 34],
        [23, 34], [24, 34], [34], [35],
      ])
  }

  @Test func inspectingChangesNeitherResultNorTicks() throws {
    let module = try module()
    let plain = try start(module)
    let expected = plain.run(ticks: .max)
    #expect(expected == .completed([.i32(121)]))
    for slice: UInt64 in [1, 2, 3, 7] {
      let execution = try start(module)
      var result = ExecutionResult.paused
      while result == .paused {
        for frame in try execution.callStack() {
          _ = try execution.inspectFrame(frame.depth, module: module)
        }
        result = execution.run(ticks: slice)
      }
      #expect(result == expected)
      #expect(execution.ticksConsumed == plain.ticksConsumed)
    }
  }

  @Test func aSuspendedCallShowsTheCallAndItsArguments() throws {
    let store = Store()
    let wait = store.add(
      .suspending(type: FuncType(parameters: [.i32, .i32], results: [.i32])) { _, _ in .suspend })
    let module = try Module(
      bytes: try wat2wasm(
        """
        (module
          (import "host" "wait" (func $wait (param i32 i32) (result i32)))
          (func (export "run") (result i32)
            (i32.const 1) (i32.const 2) (i32.const 3) (call $wait) (i32.add)))
        """))
    let instance = try store.instantiate(
      try module.validate(), imports: ["host": ["wait": .function(wait)]])
    let execution = try store.invoke(try #require(instance.exportedFunction("run")), arguments: [])
    guard case .suspended = execution.run(ticks: 100) else {
      Issue.record("the call did not suspend")
      return
    }
    let frames = try execution.callStack()
    #expect(frames.map(\.name) == ["run"])
    let frame = try execution.inspectFrame(0, module: module)
    #expect(frame.nextInstruction == "call 0 (host.wait)")
    #expect(frame.operands == [.value(.i32(1)), .value(.i32(2)), .value(.i32(3))])
    try execution.resume(returning: [.i32(4)])
    #expect(execution.run(ticks: 100) == .completed([.i32(5)]))
  }

  @Test func questionsWithoutAnswers() throws {
    let module = try module()
    let execution = try start(module)
    _ = execution.run(ticks: 10)
    #expect(throws: InspectionError.noSuchFrame(depth: 2, frameCount: 2)) {
      try execution.inspectFrame(2, module: module)
    }
    let other = try Module(bytes: try wat2wasm("(module (func))"))
    #expect(
      throws: InspectionError.wrongModule(expected: module.fingerprint, given: other.fingerprint)
    ) { try execution.inspectFrame(0, module: other) }
    _ = execution.run(ticks: .max)
    #expect(throws: InspectionError.notPaused(running: false)) { try execution.callStack() }
    #expect(throws: InspectionError.noSuchFunction(index: 2)) {
      try module.disassemble(functionIndex: 2)
    }
  }

  @Test func disassembly() throws {
    let module = try module()
    let lines = try module.disassemble(functionIndex: 1)
    #expect(lines.map(\.codeOffset) == [27, 30, 32, 34, 35])
    #expect(lines.map(\.bodyOffset) == [1, 4, 6, 8, 9])
    #expect(
      lines.map(\.text) == ["i32.const 100", "local.get 0", "call 0 (inner)", "i32.add", "end"])
    let blocks = try Module(
      bytes: try wat2wasm(
        """
        (module
          (type $t (func (param i32) (result i32)))
          (table 1 funcref)
          (memory 1)
          (func $f (export "f") (param i32) (result i32)
            (block (result i32)
              (if (local.get 0)
                (then (br_table 0 1 (i32.const 1) (local.get 0)))
                (else (nop)))
              (loop (br_if 0 (i32.const 0)))
              (call_indirect (type $t) (i32.const 2) (i32.const 0))
              (drop)
              (select (result i64) (i64.const -1) (i64.const 2) (local.get 0))
              (drop)
              (f32.const nan) (drop) (f64.const -inf) (drop) (f32.const 1.5) (drop)
              (i64.store8 offset=3 align=1 (i32.const 0) (i64.const 9))
              (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
              (ref.func $f) (drop)
              (memory.grow (i32.const 1)))))
        """))
    let text = try blocks.disassemble(functionIndex: 0).map {
      String(repeating: "  ", count: $0.depth) + $0.text
    }
    #expect(
      text == [
        "block (result i32)",
        "  local.get 0",
        "  if",
        "    i32.const 1",
        "    local.get 0",
        "    br_table 0 1",
        "  else",
        "    nop",
        "  end",
        "  loop",
        "    i32.const 0",
        "    br_if 0",
        "  end",
        "  i32.const 2",
        "  i32.const 0",
        "  call_indirect (type 0)",
        "  drop",
        "  i64.const -1",
        "  i64.const 2",
        "  local.get 0",
        "  select (result i64)",
        "  drop",
        "  f32.const nan",
        "  drop",
        "  f64.const -inf",
        "  drop",
        "  f32.const 1.5",
        "  drop",
        "  i32.const 0",
        "  i64.const 9",
        "  i64.store8 offset=3",
        "  i32.const 0",
        "  i32.const 0",
        "  i32.const 0",
        "  memory.fill",
        "  ref.func 0 (f)",
        "  drop",
        "  i32.const 1",
        "  memory.grow",
        "end",
        "end",
      ])
  }
}
