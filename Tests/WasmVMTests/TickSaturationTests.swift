import Testing
import WAT
import WasmVM

/// An execution's tick total saturates at `UInt64.max` instead of overflowing: a host cost may
/// be anything up to that, and a restored count anything up to 2^63 - 1, so adding the slices
/// of a run with `budget: .max` crashed the process once the sum passed 2^64.
struct TickSaturationTests {
  static let type = FuncType(parameters: [.i32], results: [.i32])

  static func body(_: HostCallContext, _ arguments: [Value]) throws(Trap) -> [Value] {
    arguments
  }

  static func allOfThem(_: HostCallContext, _: [Value]) throws(Trap) -> UInt64 { .max }

  /// A store with host function `echo` of cost `UInt64.max`, and a module calling it.
  static func start() throws -> (ValidatedModule, Store, Function, Function) {
    let store = Store()
    let echo = store.add(HostFunction(type: type, name: "echo", cost: allOfThem, body: body))
    let module = try Module(
      bytes: wat2wasm(
        """
        (module
          (import "host" "echo" (func $echo (param i32) (result i32)))
          (func (export "run") (result i32) (call $echo (i32.const 7))))
        """)
    ).validate()
    let instance = try store.instantiate(module, imports: ["host": ["echo": .function(echo)]])
    return (module, store, echo, try #require(instance.exportedFunction("run")))
  }

  @Test func aHostCostOfAllTicksSaturatesTheTotal() throws {
    let (_, store, echo, run) = try Self.start()
    for function in [echo, run] {
      let arguments: [Value] = function == echo ? [.i32(7)] : []
      let execution = try store.invoke(function, arguments: arguments)
      // The call's own tick leaves too little for its cost: it pauses owing a little.
      #expect(execution.run(ticks: .max) == .paused)
      #expect(execution.ticksConsumed == .max)
      #expect(execution.run(ticks: .max) == .completed([.i32(7)]))
      #expect(execution.ticksConsumed == .max)
      #expect(execution.lastSliceTicks > 0)
    }
  }

  /// A direct call of `echo` saved owing its whole cost, with a tick count of 2^63 - 1, as an
  /// edited snapshot can say: it completes with the saturated total, in one slice or many.
  @Test func aRestoredCountPlusAnOwedCostSaturates() throws {
    let (module, store, echo, _) = try Self.start()
    let bytes = try store.snapshot(of: [try store.invoke(echo, arguments: [.i32(7)])])
    // The execution ends the snapshot: entry address, ticks 0, kind 0 (host), the argument 7,
    // no cost owed, then the checksum.
    let end = bytes.count - 8
    #expect(Array(bytes[end - 5..<end]) == [0, 0, 0, 7, 0])
    let ticks = [UInt8](repeating: 0xFF, count: 8) + [0x7F]
    let owed = [1] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
    var crafted = Array(bytes[..<(end - 4)]) + ticks + [0, 7] + owed
    crafted = Fingerprint.sealing(crafted)
    for slice: UInt64 in [.max, 1 << 63, 1 << 60] {
      let restored = try Store.restore(
        crafted, modules: { _ in module },
        hostFunctions: {
          HostFunction(type: $0.type, name: $0.name, cost: Self.allOfThem, body: Self.body)
        })
      let execution = try #require(restored.executions.first)
      #expect(execution.ticksConsumed == UInt64(Int64.max))
      var result = execution.run(ticks: slice)
      while result == .paused { result = execution.run(ticks: slice) }
      #expect(result == .completed([.i32(7)]), "slice \(slice)")
      #expect(execution.ticksConsumed == .max, "slice \(slice)")
    }
  }
}
