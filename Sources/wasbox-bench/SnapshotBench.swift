import Foundation
import WAT
import WasmVM

/// `--snapshot`: how long saving and restoring a paused call takes and how large its snapshot
/// is, on a call that has touched 1 MiB of memory and sits deep in recursion.
///
/// The call fills the first 16 of its memory's 32 pages with non-zero words, descends
/// ``depth`` calls and loops reading memory. Paused in the loop, it is saved with
/// `Store.snapshot(of:)` and restored with `Store.restore` `iterations` times each (after
/// `warmup` unmeasured rounds); the report gives the median and range of each, and checks
/// the snapshot's size against the bound of issue 18: touched pages + 1 KiB + 16 bytes per
/// stack slot. A restored copy and the original then run to the end (in slices of 2^24 ticks)
/// and must give the result computed here in Swift and the same tick total.
struct SnapshotBench {
  var warmup: Int
  var iterations: Int

  /// Calls between the entry and the loop.
  static let depth: UInt32 = 100
  static let touchedPages = 16
  /// Iterations of the loop, which reads one memory word each.
  static let loopIterations: UInt32 = 1_000_000
  /// Where the call is paused: after the fill (about 3.1 million ticks) and the descent,
  /// inside the loop (about 13 million ticks in all).
  static let pauseTicks: UInt64 = 5_000_000

  static let source = """
    (module
      (memory 32)
      ;; Word k of the first 16 pages (1 MiB) holds (k + 1) * 0x9E3779B1: never zero.
      (func $fill (local $a i32)
        (loop $next
          (i32.store (local.get $a)
            (i32.mul (i32.add (i32.shr_u (local.get $a) (i32.const 2)) (i32.const 1))
              (i32.const 0x9E3779B1)))
          (br_if $next
            (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 4)))
              (i32.const 0x100000)))))
      ;; Folds word i mod 2^18 into a rotating sum for each i below the count.
      (func $spin (result i32) (local $i i32) (local $acc i32)
        (loop $next
          (local.set $acc
            (i32.add (i32.rotl (local.get $acc) (i32.const 5))
              (i32.load (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0xFFFFC)))))
          (br_if $next
            (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
              (i32.const \(loopIterations)))))
        (local.get $acc))
      ;; One frame of one slot (its parameter) per level, then the loop.
      (func $descend (param $n i32) (result i32)
        (if (result i32) (local.get $n)
          (then (i32.add (call $descend (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))
          (else (call $spin))))
      (func (export "run") (param $depth i32) (result i32)
        (call $fill)
        (call $descend (local.get $depth))))
    """

  /// The stack slots of the paused call, at most: `run`'s parameter, one per `descend` frame,
  /// the loop's two locals and its operand stack (at most 3 deep).
  static let maximumSlots = 1 + (Int(depth) + 1) + 2 + 3

  /// The call's result, computed without either engine.
  static var expected: UInt32 {
    var acc: UInt32 = 0
    for i in 0..<loopIterations {
      let word = (i % (1 << 18) + 1) &* 0x9E37_79B1
      acc = (acc << 5 | acc >> 27) &+ word
    }
    return acc &+ depth
  }

  func run() throws {
    let module = try Module(bytes: wat2wasm(Self.source)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    guard let entry = instance.exportedFunction("run") else {
      throw BenchError.missingExport(engine: "wasbox", name: "run")
    }
    let execution = try store.invoke(entry, arguments: [.i32(Self.depth)])
    guard execution.run(ticks: Self.pauseTicks) == .paused else {
      throw BenchError.usage("the snapshot case finished before its pause point")
    }

    let clock = ContinuousClock()
    var bytes: [UInt8] = []
    var saveTimes: [Duration] = []
    var restoreTimes: [Duration] = []
    var restored: RestoredStore?
    for round in 0..<(warmup + iterations) {
      let start = clock.now
      bytes = try store.snapshot(of: [execution])
      let saved = clock.now
      let copy = try Store.restore(
        bytes, modules: { $0 == module.module.fingerprint ? module : nil },
        hostFunctions: { _ in nil })
      let finished = clock.now
      if round >= warmup {
        saveTimes.append(saved - start)
        restoreTimes.append(finished - saved)
      }
      restored = copy
    }

    let expected = ExecutionResult.completed([.i32(Self.expected)])
    guard let resumed = restored?.executions.first, Self.finish(resumed) == expected,
      Self.finish(execution) == expected
    else {
      throw BenchError.usage(
        "the snapshot case did not give \(Self.expected) both restored and uninterrupted")
    }
    guard resumed.ticksConsumed == execution.ticksConsumed else {
      throw BenchError.tickMismatch(
        case: "snapshot",
        detail: "restored \(resumed.ticksConsumed), uninterrupted \(execution.ticksConsumed)")
    }

    let touched = Self.touchedPages * Memory.pageSize
    let bound = touched + 1024 + 16 * Self.maximumSlots
    let verdict = bytes.count <= bound ? "PASS" : "FAIL"
    print(
      """
      snapshot case: a call paused \(Self.depth + 3) frames deep after \(Self.pauseTicks) ticks, \
      having written \(Self.touchedPages) of its memory's 32 pages (1 MiB touched)
      snapshot  \(Self.summary(saveTimes))
      restore   \(Self.summary(restoreTimes))
      size      \(bytes.count) bytes; bound 1 MiB + 1 KiB + 16 B × \(Self.maximumSlots) slots \
      = \(bound) bytes: \(verdict)
      resumed   the restored call and the original both returned i32 \(Self.expected) after \
      \(execution.ticksConsumed) ticks
      """)
    guard bytes.count <= bound else {
      throw BenchError.usage("the snapshot is \(bytes.count) bytes, over its bound of \(bound)")
    }
  }

  /// Runs `execution` to its end in slices of 2^24 ticks, as an embedder would.
  static func finish(_ execution: Execution) -> ExecutionResult {
    while true {
      let result = execution.run(ticks: 1 << 24)
      if result != .paused { return result }
    }
  }

  /// Median, minimum and maximum in milliseconds.
  static func summary(_ times: [Duration]) -> String {
    let sorted = times.sorted()
    let middle = sorted.count / 2
    let median =
      sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    let format = { (time: Duration) in String(format: "%.3f", time.milliseconds) }
    return "median \(format(median)) ms (min \(format(sorted[0])), max "
      + "\(format(sorted[sorted.count - 1]))) over \(sorted.count) iterations"
  }
}
