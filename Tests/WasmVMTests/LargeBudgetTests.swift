import Testing
import WAT
import WasmVM

/// Budgets near 2^64 (``Store/call(_:_:)`` runs with `UInt64.max`) pay exactly what small ones
/// do: a call into a function whose register code starts mid-block once took a huge bogus
/// `charge` from it.
struct LargeBudgetTests {
  @Test(arguments: [UInt64.max, 1 << 40, 4_295_032_840, 1000, 3, 1])
  func ticksDoNotDependOnTheBudget(_ budget: UInt64) throws {
    let module = try Module(
      bytes: wat2wasm(
        """
        (module
          (func $inner (result i32) (block) (i32.const 7))
          (func (export "run") (param i32) (result i32) (call $inner)))
        """)
    ).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let run = try #require(instance.exportedFunction("run"))
    let execution = try store.invoke(run, arguments: [.i32(0)])
    var result = execution.run(ticks: budget)
    while case .paused = result { result = execution.run(ticks: budget) }
    #expect(result == .completed([.i32(7)]))
    #expect(execution.ticksConsumed == 4)
  }
}
