import PluginHost
import Testing
import WasmVM

/// Host imports charge for the bytes they move before they run, so even a tiny budget is never
/// exceeded and slicing does not change the total.
@Suite struct HostChargeTests {
  /// Logs a 40-byte message, stores a 32-byte value under a 4-byte key, reads it back into
  /// another buffer and logs it: every host call costs more than a small slice.
  static let chatty = """
    (module
      (import "log" "write" (func $log (param i32 i32 i32)))
      (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
      (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "0123456789012345678901234567890123456789")
      (data (i32.const 100) "name")
      (data (i32.const 200) "abcdefghijklmnopqrstuvwxyzABCDEF")
      (func (export "run") (result i32)
        (call $log (i32.const 2) (i32.const 0) (i32.const 40))
        (drop (call $set (i32.const 100) (i32.const 4) (i32.const 200) (i32.const 32)))
        (call $log (i32.const 2) (i32.const 300)
          (call $get (i32.const 100) (i32.const 4) (i32.const 300) (i32.const 64)))
        (i32.load8_u (i32.const 331))))
    """

  /// The bytes the imports of `run` charge: log 40; set 4 + 32; get 4 + 32; log 32.
  static let bytesMoved: UInt64 = 40 + 36 + 36 + 32

  func loaded(perByte: UInt64 = 1) throws -> TestHost {
    let test = TestHost(hostTicksPerByte: perByte)
    try test.host.load(PluginSource(name: "chatty", wat: Self.chatty))
    return test
  }

  @Test func slicedCallsStayWithinEveryBudgetAndAddUp() throws {
    let free = try loaded(perByte: 0)
    guard
      case .completed(let values, let freeTicks) = try free.host.call(
        "chatty", "run", budget: 1_000_000)
    else { throw TestFailure("unbounded call did not complete") }
    #expect(values == [.i32(UInt32(UInt8(ascii: "F")))])

    let whole = try loaded()
    guard
      case .completed(values, let wholeTicks) = try whole.host.call(
        "chatty", "run", budget: 1_000_000)
    else { throw TestFailure("unbounded call did not complete") }
    #expect(wholeTicks == freeTicks + Self.bytesMoved)

    for budget: UInt64 in [1, 2, 3, 5, 7, 33, 41] {
      let test = try loaded()
      var outcome = try test.host.call("chatty", "run", budget: budget)
      var given = budget
      var previous: UInt64 = 0
      while case .paused(let paused) = outcome {
        #expect(paused.ticksUsed <= given, "budget \(budget)")
        #expect(paused.ticksUsed - previous <= budget, "budget \(budget)")
        #expect(paused.ticksUsed > previous, "budget \(budget)")
        previous = paused.ticksUsed
        outcome = try test.host.resume(paused.id, budget: budget)
        given += budget
      }
      guard case .completed(let slicedValues, let ticks) = outcome else {
        throw TestFailure("budget \(budget): \(outcome)")
      }
      #expect(slicedValues == values, "budget \(budget)")
      #expect(ticks == wholeTicks, "budget \(budget)")
      #expect(ticks <= given, "budget \(budget)")
      #expect(test.logs.lines.map(\.message) == whole.logs.lines.map(\.message))
    }
  }

  @Test func aBudgetShortOfTheMessagePausesBeforeLogging() throws {
    let test = try loaded()
    // `i32.const` ×3 and `call` take 4 ticks; 10 more pay a quarter of the 40-byte message.
    guard case .paused(let paused) = try test.host.call("chatty", "run", budget: 14) else {
      throw TestFailure("expected a pause")
    }
    #expect(paused.ticksUsed == 14)
    #expect(test.logs.lines.isEmpty)
    guard case .paused(let again) = try test.host.resume(paused.id, budget: 29) else {
      throw TestFailure("expected a pause")
    }
    #expect(again.ticksUsed == 43)
    #expect(test.logs.lines.isEmpty)
    guard case .paused = try test.host.resume(paused.id, budget: 1) else {
      throw TestFailure("expected a pause")
    }
    #expect(test.logs.lines.map(\.message) == ["0123456789012345678901234567890123456789"])
  }

  @Test func theStartFunctionPaysForItsHostCalls() throws {
    let start = """
      (module
        (import "log" "write" (func $log (param i32 i32 i32)))
        (memory (export "memory") 1)
        (data (i32.const 0) "a message of 25 bytes....")
        (func $start (call $log (i32.const 2) (i32.const 0) (i32.const 25)))
        (start $start))
      """
    let host = PluginHost(configuration: .init(startBudget: 20))
    #expect(throws: PluginHostError.self) {
      try host.load(PluginSource(name: "eager", wat: start))
    }
    let roomy = PluginHost(configuration: .init(startBudget: 30))
    try roomy.load(PluginSource(name: "eager", wat: start))
  }

  /// Ticks grow with the work an import does, not only with what it copies (issue 25 item 12:
  /// `kv.list_size` once cost 1 tick for building a whole key list, and a `kv.get` or
  /// `kv.list` whose buffer was too small read everything for nothing).
  @Test func keyListingsAndOversizedReadsCostTheirBytes() throws {
    let store = InMemoryKeyValueStore()
    var listed: UInt64 = 0
    for index in 0..<1000 {
      let key = Array("key-\(index)".utf8)
      try store.setValue(
        Array(repeating: 7, count: 100), forKey: key, in: "reader", quota: KeyValueLimits().quota)
      listed += UInt64(key.count + 1)
    }
    let test = TestHost(keyValueStore: store)
    try test.host.load(
      PluginSource(
        name: "reader",
        wat: """
          (module
            (import "kv" "list_size" (func $list_size (result i32)))
            (import "kv" "list" (func $list (param i32 i32) (result i32)))
            (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
            (memory 1)
            (data (i32.const 0) "key-7")
            (func (export "size") (result i32) (call $list_size))
            (func (export "list_small") (result i32) (call $list (i32.const 64) (i32.const 8)))
            (func (export "get_small") (result i32)
              (call $get (i32.const 0) (i32.const 5) (i32.const 64) (i32.const 8))))
          """))
    func ticks(_ export: String) throws -> (UInt64, [Value]) {
      guard
        case .completed(let values, let ticks) = try test.host.call("reader", export, budget: .max)
      else { return (0, []) }
      return (ticks, values)
    }
    let size = try ticks("size")
    #expect(size.1 == [.i32(UInt32(listed))])
    #expect(size.0 >= listed)
    let list = try ticks("list_small")
    #expect(list.1 == [.i32(UInt32(bitPattern: -2))])
    #expect(list.0 >= listed)
    let get = try ticks("get_small")
    #expect(get.1 == [.i32(UInt32(bitPattern: -2))])
    #expect(get.0 >= 5 + 100)
  }

  /// A charge that saturates at 2^64 - 1 ticks pauses a call with `budget: .max` owing the
  /// little its own tick left unpaid; resuming it with `.max` again completes at a saturated
  /// total (the sum overflowed and crashed the process).
  @Test func aChargeOfEveryTickSaturatesTheCallsTotal() throws {
    let test = try loaded(perByte: .max)
    guard case .paused(let paused) = try test.host.call("chatty", "run", budget: .max) else {
      throw TestFailure("expected a pause")
    }
    #expect(paused.ticksUsed == .max)
    var outcome = try test.host.resume(paused.id, budget: .max)
    while case .paused(let again) = outcome {
      outcome = try test.host.resume(again.id, budget: .max)
    }
    guard case .completed(let values, let ticks) = outcome else {
      throw TestFailure("expected the call to complete")
    }
    #expect(values == [.i32(UInt32(UInt8(ascii: "F")))])
    #expect(ticks == .max)
  }
}
