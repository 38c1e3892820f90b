import Testing
import WAT
import WasmVM

/// Interpreter behaviour through the whole pipeline: WAT → bytes → decode → validate →
/// instantiate → run.
@Suite struct InterpreterWATTests {
  func instantiate(
    _ text: String, in store: Store, imports: Imports = [:]
  ) throws -> Instance {
    let module = try Module(bytes: try wat2wasm(text)).validate()
    return try store.instantiate(module, imports: imports)
  }

  @Test func multiValueAndBlocks() throws {
    let store = Store()
    let instance = try instantiate(
      """
      (module
        (func (export "swap") (param i32 i64) (result i64 i32)
          (local.get 1) (local.get 0))
        (func (export "divmod") (param i32 i32) (result i32 i32)
          (local.get 0) (local.get 1)
          (block (param i32 i32) (result i32 i32)
            (call $dm)))
        (func $dm (param i32 i32) (result i32 i32)
          (i32.div_u (local.get 0) (local.get 1))
          (i32.rem_u (local.get 0) (local.get 1))))
      """, in: store)
    let swap = try #require(instance.exportedFunction("swap"))
    #expect(try store.call(swap, [.i32(1), .i64(2)]) == [.i64(2), .i32(1)])
    let divmod = try #require(instance.exportedFunction("divmod"))
    #expect(try store.call(divmod, [.i32(17), .i32(5)]) == [.i32(3), .i32(2)])
  }

  @Test func memoryGrownByAnotherInstanceIsSeen() throws {
    let store = Store()
    let owner = try instantiate(
      """
      (module
        (memory (export "mem") 1 4)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
      """, in: store)
    let user = try instantiate(
      """
      (module
        (import "owner" "mem" (memory 1))
        (import "owner" "grow" (func $grow (param i32) (result i32)))
        (func (export "run") (result i32)
          (drop (call $grow (i32.const 2)))
          (i32.store (i32.const 196604) (i32.const 42))
          (i32.load (i32.const 196604))))
      """, in: store, imports: ["owner": owner.exports])
    let run = try #require(user.exportedFunction("run"))
    #expect(try store.call(run, []) == [.i32(42)])
    #expect(owner.exportedMemory("mem")?.pageCount == 3)
  }

  @Test func memoryGrownByAHostFunctionIsSeen() throws {
    let store = Store()
    let memory = try Memory(type: MemoryType(limits: Limits(min: 1)), limits: store.limits)
    let grow = store.add(
      HostFunction(type: FuncType(parameters: [], results: [])) { _, _ in
        _ = memory.grow(by: 1)
        return []
      })
    let instance = try instantiate(
      """
      (module
        (import "env" "mem" (memory 1))
        (import "env" "grow" (func $grow))
        (func (export "run") (result i32)
          (call $grow)
          (i32.store8 (i32.const 70000) (i32.const 9))
          (i32.load8_u (i32.const 70000))))
      """, in: store, imports: ["env": ["mem": .memory(memory), "grow": .function(grow)]])
    let run = try #require(instance.exportedFunction("run"))
    #expect(try store.call(run, []) == [.i32(9)])
  }

  @Test func trapsCarryNamedBacktraces() throws {
    let store = Store()
    let instance = try instantiate(
      """
      (module
        (func $outer (export "outer") (call $inner))
        (func $inner (unreachable)))
      """, in: store)
    let outer = try #require(instance.exportedFunction("outer"))
    do {
      _ = try store.call(outer, [])
      Issue.record("expected a trap")
    } catch let trap as Trap {
      #expect(trap.kind == .unreachable)
      #expect(trap.backtrace.map(\.functionIndex) == [1, 0])
    }
  }

  @Test func slicedRunsMatchUnboundedOnes() throws {
    let text = """
      (module
        (memory 1)
        (table 2 funcref)
        (elem (i32.const 0) $square $fill)
        (type $unary (func (param i32) (result i32)))
        (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
        (func $fill (type $unary)
          (memory.fill (i32.const 0) (local.get 0) (i32.const 3000))
          (memory.copy (i32.const 10) (i32.const 0) (i32.const 2000))
          (i32.load (i32.const 1996)))
        (func (export "main") (param $n i32) (result i32)
          (local $acc i32)
          (block $done
            (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc
                (i32.add (local.get $acc)
                  (call_indirect (type $unary)
                    (local.get $n) (i32.and (local.get $n) (i32.const 1)))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
          (local.get $acc)))
      """
    func run(slice: UInt64) throws -> (ExecutionResult, UInt64) {
      let store = Store()
      let instance = try instantiate(text, in: store)
      let main = try #require(instance.exportedFunction("main"))
      let execution = try store.invoke(main, arguments: [.i32(9)])
      var result = ExecutionResult.paused
      while result == .paused {
        result = execution.run(ticks: slice)
        #expect(execution.lastSliceTicks <= slice)
        if result == .paused { #expect(execution.lastSliceTicks > 0) }
      }
      return (result, execution.ticksConsumed)
    }
    let (reference, total) = try run(slice: .max)
    guard case .completed = reference else {
      Issue.record("unexpected \(reference)")
      return
    }
    for slice in [1, 2, 3, 5, 8, 13, 21, 100, 999, 2999, 3001] as [UInt64] {
      let (result, ticks) = try run(slice: slice)
      #expect(result == reference, "slice \(slice)")
      #expect(ticks == total, "slice \(slice)")
    }
  }
}
