import Foundation
import PluginHost
import Testing
import WasmVM

@Suite struct CallTests {
  /// `count(n)` adds 1 to the shared global `total` n times and returns n.
  static let counter = """
    (module
      (global $total (export "total") (mut i32) (i32.const 0))
      (func (export "count") (param $n i32) (result i32)
        (local $i i32)
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (global.set $total (i32.add (global.get $total) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.get $i))
      (func (export "total_value") (result i32) (global.get $total)))
    """

  static let crasher = """
    (module
      (func $inner (unreachable))
      (func $outer (call $inner))
      (func (export "crash") (call $outer))
      (func (export "divide") (param i32 i32) (result i32)
        (i32.div_s (local.get 0) (local.get 1))))
    """

  @Test func checksPluginExportAndArguments() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "counter", wat: Self.counter))
    guard case .unknownPlugin("nope")? = hostError({ try host.call("nope", "count", budget: 1) })
    else { throw TestFailure("expected unknownPlugin") }
    let unknownExport = hostError { try host.call("counter", "total", budget: 1) }
    #expect(
      unknownExport?.description
        == "plugin \"counter\" exports no function \"total\" (its functions: count, total_value)")
    let missing = hostError { try host.call("counter", "count", budget: 1) }
    #expect(
      missing?.description
        == "counter.count expects (i32), but was given (): []; pass one value of each "
        + "parameter's type")
    let mistyped = hostError { try host.call("counter", "count", [.i64(3)], budget: 1) }
    #expect(
      mistyped?.description
        == "counter.count expects (i32), but was given (i64): [i64:3]; pass one value of each "
        + "parameter's type")
    #expect(host.pausedCalls.isEmpty)
  }

  @Test func trapsCarryKindMessageAndNamedBacktrace() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "crasher", wat: Self.crasher))
    let trap = try host.trap("crasher", "crash")
    #expect(trap.kind == .unreachable)
    #expect(trap.message == "unreachable")
    #expect(Array(trap.backtrace.prefix(2).map(\.name)) == ["inner", "outer"])
    let division = try host.trap("crasher", "divide", [.i32(1), .i32(0)])
    #expect(division.kind == .integerDivideByZero)
    #expect(host.pausedCalls.isEmpty)
  }

  @Test func slicedCallsUseTheSameTicksAsOneRun() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "counter", wat: Self.counter))
    guard
      case .completed(let values, let whole) = try host.call(
        "counter", "count", [.i32(50)], budget: 1_000_000)
    else { throw TestFailure("did not complete") }
    #expect(values == [.i32(50)])
    var outcome = try host.call("counter", "count", [.i32(50)], budget: 7)
    var slices = 1
    while case .paused(let paused) = outcome {
      #expect(paused.ticksUsed <= UInt64(slices) * 7)
      outcome = try host.resume(paused.id, budget: 7)
      slices += 1
    }
    guard case .completed(let slicedValues, let sliced) = outcome else {
      throw TestFailure("sliced call did not complete: \(outcome)")
    }
    #expect(slicedValues == [.i32(50)])
    #expect(sliced == whole)
    #expect(slices > 10)
    #expect(try host.run("counter", "total_value") == [.i32(100)])
  }

  @Test func zeroBudgetPausesWithoutProgress() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "counter", wat: Self.counter))
    guard case .paused(let paused) = try host.call("counter", "count", [.i32(3)], budget: 0)
    else { throw TestFailure("expected a pause") }
    #expect(paused.ticksUsed == 0)
    guard case .completed([.i32(3)], _) = try host.resume(paused.id, budget: 10_000) else {
      throw TestFailure("expected completion")
    }
  }

  @Test func severalPausedCallsAreListedResumedAndCancelled() throws {
    let test = TestHost()
    let host = test.host
    try host.load(PluginSource(name: "counter", wat: Self.counter))
    try host.load(PluginSource(name: "other", wat: Self.counter))
    test.clock.set(wall: 1_764_000_000_500, monotonic: 0)

    guard case .paused(let first) = try host.call("counter", "count", [.i32(100)], budget: 30),
      case .paused(let second) = try host.call("counter", "count", [.i32(200)], budget: 40),
      case .paused(let third) = try host.call("other", "count", [.i32(300)], budget: 50)
    else { throw TestFailure("expected three pauses") }

    let listed = host.pausedCalls
    #expect(listed.map(\.id) == [first.id, second.id, third.id])
    #expect(listed.map(\.target) == ["counter.count", "counter.count", "other.count"])
    #expect(listed.map(\.arguments) == [[.i32(100)], [.i32(200)], [.i32(300)]])
    #expect(listed.map(\.ticksUsed) == [first.ticksUsed, second.ticksUsed, third.ticksUsed])
    #expect(listed.allSatisfy { $0.ticksUsed > 0 && $0.ticksUsed <= 50 })
    #expect(listed.allSatisfy { $0.pausedAt == Date(timeIntervalSince1970: 1_764_000_000.5) })

    // The two calls into "counter" share its global: both their increments land in it.
    guard case .completed([.i32(200)], _) = try host.resume(second.id, budget: 1_000_000)
    else { throw TestFailure("second did not complete") }
    #expect(host.pausedCalls.map(\.id) == [first.id, third.id])

    guard case .paused(let again) = try host.resume(first.id, budget: 10) else {
      throw TestFailure("first should pause again")
    }
    #expect(again.id == first.id)
    #expect(again.ticksUsed > first.ticksUsed)

    let cancelled = try host.cancel(third.id)
    #expect(cancelled.target == "other.count")
    guard case .unknownPausedCall(third.id)? = hostError({ try host.resume(third.id, budget: 1) })
    else { throw TestFailure("cancelled call still resumable") }
    guard case .unknownPausedCall? = hostError({ try host.cancel(third.id) }) else {
      throw TestFailure("cancelled twice")
    }

    guard case .completed([.i32(100)], _) = try host.resume(first.id, budget: 1_000_000)
    else { throw TestFailure("first did not complete") }
    #expect(try host.run("counter", "total_value") == [.i32(300)])
    guard case .i32(let partial)? = try host.run("other", "total_value").first else {
      throw TestFailure("no total")
    }
    #expect(partial > 0 && partial < 300)
    #expect(host.pausedCalls.isEmpty)
  }
}
