import Testing
import WAT

@testable import WasmVM

/// `v128` values in two interpreter slots: locals, parameters, results, globals, `select`,
/// `drop`, blocks and branches that carry or discard vectors, calls into wasm and into the
/// host, and a host import with a cost, each exact in any slicing and through snapshots,
/// beside one-slot values whose positions the vectors shift.
@Suite struct VectorSlotTests {
  /// Every place a vector can sit. `run` returns its i64 argument unchanged past the vectors,
  /// and a vector built from lane sums, so a slot off by one shows in either result.
  static let program = """
    (module
      (import "host" "mix" (func $mix (param v128 i32) (result i32 v128)))
      (memory 1)
      (global $g (mut v128) (v128.const i32x4 10 20 30 40))
      (global $k v128 (v128.const i32x4 1 1 1 1))
      (func $pick (param $a v128) (param $n i32) (param $b v128) (result v128 i32)
        (select (result v128) (local.get $a) (local.get $b) (i32.and (local.get $n) (i32.const 1)))
        (local.get $n))
      (func $tail (param v128 i32 v128) (result v128 i32)
        (return_call $pick (local.get 0) (local.get 1) (local.get 2)))
      (func $keep (param $v v128) (param $n i32) (result v128)
        (block $out (result v128)
          (loop $again
            (drop (v128.const i64x2 7 7))
            (local.set $v (i32x4.add (local.get $v) (global.get $k)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $out (local.get $v) (i32.eqz (local.get $n)))
            ;; br_if left the vector: the loop's label carries nothing, so it is discarded.
            (br_table $again $again (i32.const 0)))
          (unreachable)))
      (func (export "run") (param $n i32) (param $tag i64) (result i64 v128)
        (local $v v128) (local $i i32) (local $w v128)
        (local.set $v (global.get $g))
        (loop $next
          (local.set $w (local.tee $v (call $keep (local.get $v) (i32.const 3))))
          (i32.mul (local.get $i) (i32.const 16))
          (call $tail (local.get $v) (local.get $i) (local.get $w))
          (drop)
          (v128.store)
          (call $mix (v128.load (i32.const 0)) (local.get $i))
          (global.set $g)
          (drop)
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $tag)
        (i32x4.add (global.get $g) (v128.load offset=16 (i32.const 0)))))
    """

  static let mixType = FuncType(parameters: [.v128, .i32], results: [.i32, .v128])

  /// Adds `i` to lane 0 and returns `i` and the vector.
  static func mix(_: HostCallContext, _ arguments: [Value]) throws(Trap) -> [Value] {
    guard arguments.count == 2, case .v128(var v) = arguments[0], case .i32(let i) = arguments[1]
    else { throw Trap(.host("mix: bad arguments \(arguments)")) }
    v.low = (v.low & ~0xFFFF_FFFF) | UInt64(UInt32(truncatingIfNeeded: v.low) &+ i)
    return [.i32(i), .v128(v)]
  }

  static func mixCost(_: HostCallContext, _: [Value]) throws(Trap) -> UInt64 { 2 }

  static func hostMix() -> HostFunction {
    HostFunction(type: mixType, name: "mix", cost: mixCost, body: mix)
  }

  static func start() throws -> (ValidatedModule, Store, Execution) {
    let module = try Module(bytes: wat2wasm(program, features: .all)).validate()
    let store = Store()
    let mix = store.add(hostMix())
    let instance = try store.instantiate(module, imports: ["host": ["mix": .function(mix)]])
    let run = try #require(instance.exportedFunction("run"))
    let execution = try store.invoke(run, arguments: [.i32(5), .i64(0x1234_5678_9abc_def0)])
    return (module, store, execution)
  }

  /// Each round adds 3 to every lane of `v` (from 10 20 30 40) and stores it at 16 × round;
  /// the last round sets `$g` to the first stored vector (13 23 33 43) with 4 added to lane 0.
  /// The result adds the second stored vector (16 26 36 46) to it.
  static let expected: [Value] = [
    .i64(0x1234_5678_9abc_def0), .v128(V128(lanes: [33, 49, 69, 89], bits: 32) ?? .zero),
  ]

  @Test func vectorsKeepTheirSlotsEverywhere() throws {
    let (_, _, execution) = try Self.start()
    let result = execution.run(ticks: .max)
    #expect(result == .completed(Self.expected))
  }

  @Test func slicedRunsMatchTheUnboundedRun() throws {
    let (_, _, reference) = try Self.start()
    #expect(reference.run(ticks: .max) == .completed(Self.expected))
    for slice in [1, 2, 3, 7, 50] as [UInt64] {
      let (run, withinBudget) = try runSliced({ try Self.start().2 }, slice: slice)
      #expect(withinBudget, "slice \(slice)")
      #expect(run.result == .completed(Self.expected), "slice \(slice)")
      #expect(run.ticks == reference.ticksConsumed, "slice \(slice)")
    }
  }

  @Test func snapshotsBetweenEverySliceResumeExactly() throws {
    let (_, _, reference) = try Self.start()
    _ = reference.run(ticks: .max)
    for slice in [1, 5] as [UInt64] {
      var (module, store, execution) = try Self.start()
      var result = ExecutionResult.paused
      var snapshots = 0
      while true {
        result = execution.run(ticks: slice)
        guard case .paused = result else { break }
        let restored = try Store.restore(
          try store.snapshot(of: [execution]),
          modules: { $0 == module.module.fingerprint ? module : nil },
          hostFunctions: { $0.name == "mix" && $0.type == Self.mixType ? Self.hostMix() : nil })
        store = restored.store
        execution = try #require(restored.executions.first)
        snapshots += 1
      }
      #expect(snapshots > 10)
      #expect(result == .completed(Self.expected), "slice \(slice)")
      #expect(execution.ticksConsumed == reference.ticksConsumed, "slice \(slice)")
    }
  }

  /// A paused frame shows a vector local and operand as one `v128` value each, and the
  /// one-slot values after them unshifted.
  @Test func pausedFramesShowVectorsAsOneValue() throws {
    let text = """
      (module
        (func (export "f") (param $v v128) (param $n i32) (result i32)
          (local.get $v) (local.get $n) (i32.const 5) (i32.add) (drop) (drop) (local.get $n)))
      """
    let module = try Module(bytes: wat2wasm(text, features: .all)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let f = try #require(instance.exportedFunction("f"))
    let vector = V128(low: 0x1111_2222_3333_4444, high: 0x5555_6666_7777_8888)
    let execution = try store.invoke(f, arguments: [.v128(vector), .i32(9)])
    // Three instructions: the vector, then the i32, then the constant are on the stack.
    #expect(execution.run(ticks: 3) == .paused)
    let frame = try execution.inspectFrame(0, module: module.module)
    #expect(frame.locals == [.v128(vector), .i32(9)])
    #expect(frame.operands == [.value(.v128(vector)), .value(.i32(9)), .value(.i32(5))])
    #expect(execution.run(ticks: .max) == .completed([.i32(9)]))
  }

  /// A function with vectors runs in the stack loops; calling it from one without them, and
  /// back, keeps the caller's slots.
  @Test func callsBetweenVectorAndScalarFunctions() throws {
    let text = """
      (module
        (func $scalar (param i32 i64) (result i64)
          (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1)))
        (func $vector (param $a i32) (param $v v128) (param $b i64) (result i64 v128)
          (call $scalar (local.get $a) (local.get $b)) (local.get $v))
        (func (export "f") (param i32) (result i64 i32)
          (call $vector (local.get 0) (v128.const i32x4 1 2 3 4) (i64.const 100))
          (i32x4.extract_lane 2)))
      """
    let module = try Module(bytes: wat2wasm(text, features: .all)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let f = try #require(instance.exportedFunction("f"))
    #expect(try store.call(f, [.i32(7)]) == [.i64(107), .i32(3)])
  }

  /// `select` of two vectors, typed and untyped, takes the right one and leaves the stack
  /// as deep as one vector (the i64 below it survives).
  @Test func selectPicksAWholeVector() throws {
    let text = """
      (module
        (func (export "f") (param i32) (result i64 i32 i32)
          (i64.const 99)
          (select (result v128)
            (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8) (local.get 0))
          (i32x4.extract_lane 1)
          (select (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8) (local.get 0))
          (i32x4.extract_lane 3)))
      """
    let module = try Module(bytes: wat2wasm(text, features: .all)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let f = try #require(instance.exportedFunction("f"))
    #expect(try store.call(f, [.i32(1)]) == [.i64(99), .i32(2), .i32(4)])
    #expect(try store.call(f, [.i32(0)]) == [.i64(99), .i32(6), .i32(8)])
  }

  /// A `v128` global keeps both halves through a snapshot (format version 4); the same bytes
  /// claiming version 3, which knew no `v128`, are refused as malformed.
  @Test func vectorGlobalsSurviveSnapshotsOfVersion4Only() throws {
    let text = """
      (module (global (export "g") (mut v128) (v128.const i64x2 0x1122334455667788 -1)))
      """
    let module = try Module(bytes: wat2wasm(text, features: .all)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let vector = V128(low: 0x0102_0304_0506_0708, high: 0x8000_0000_0000_0001)
    #expect(instance.exportedGlobal("g")?.set(.v128(vector)) == true)
    let bytes = try store.snapshot(of: [])
    let restored = try Store.restore(bytes, modules: { _ in module }, hostFunctions: { _ in nil })
    #expect(restored.instances.first?.exportedGlobal("g")?.value == .v128(vector))
    let magic = Store.snapshotMagic.count
    #expect(bytes[magic..<magic + 4] == [4, 0, 0, 0])
    var version3 = Array(bytes.dropLast(8))
    version3[magic] = 3
    #expect(throws: SnapshotError.self) {
      _ = try Store.restore(
        Fingerprint.sealing(version3), modules: { _ in module }, hostFunctions: { _ in nil })
    }
  }
}
