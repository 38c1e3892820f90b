import FuzzSupport
import Glibc
import LibFuzzerDriver
import WasmVM

/// libFuzzer entry point: restores a snapshot against the fixed store of ``RestoreFixture``
/// and, when restoring succeeds, checks what was restored.
///
/// The first byte of an input controls the run, the rest is the snapshot. When the control
/// byte is even, the snapshot's trailing checksum is recomputed first, so that a mutated body
/// is not simply rejected as damaged and the fuzzer explores the structure behind the
/// checksum; odd control bytes keep the checksum as it is. Bit 1 restores with tight limits
/// (a few pages, elements, frames and stack slots), bit 2 with a shared page budget.
///
/// Restoring may fail with a ``SnapshotError``; anything else (a crash, a sanitizer report, a
/// hang) is a bug. A restored store must also be consistent: saving it again succeeds, the
/// copy restores, and each execution then runs (up to 20,000 ticks, in even slices in the
/// restored store and odd ones in the copy) to the same outcome and tick count, leaving both
/// stores in the same state. Any difference aborts, which libFuzzer reports with the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRestore(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data, size >= 1 else { return 0 }
  let control = data[0]
  var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  if control & 1 == 0 { bytes = resigned(bytes) }
  let limits = control & 2 == 0 ? RestoreTarget.limits : RestoreTarget.tightLimits
  let budget = { control & 4 == 0 ? nil : MemoryPageBudget(totalPages: 6) }
  guard let restored = try? RestoreFixture.restore(bytes, limits: limits, pageBudget: budget())
  else { return 0 }

  let saved: [UInt8]
  do {
    saved = try restored.store.snapshot(of: restored.executions)
  } catch {
    fail("a restored store cannot be saved again: \(error)")
  }
  let copy: RestoredStore
  do {
    copy = try RestoreFixture.restore(saved, limits: limits, pageBudget: budget())
  } catch {
    fail("a snapshot of a restored store does not restore: \(error)")
  }
  guard copy.executions.count == restored.executions.count else {
    fail("the copy has \(copy.executions.count) executions, not \(restored.executions.count)")
  }

  var stillPaused: [(Execution, Execution)] = []
  for (index, (a, b)) in zip(restored.executions, copy.executions).enumerated() {
    guard index < RestoreTarget.runCount else {
      stillPaused.append((a, b))
      continue
    }
    let coarse = run(a, budgets: Array(repeating: RestoreTarget.slice, count: 4))
    let fine = run(b, budgets: oddSlices(total: RestoreTarget.slice * 4))
    guard coarse == fine, a.ticksConsumed == b.ticksConsumed else {
      fail(
        "execution \(index): \(coarse) after \(a.ticksConsumed) ticks in even slices, "
          + "\(fine) after \(b.ticksConsumed) ticks in odd slices")
    }
    if coarse == .paused { stillPaused.append((a, b)) }
  }
  do {
    let first = try restored.store.snapshot(of: stillPaused.map(\.0))
    let second = try copy.store.snapshot(of: stillPaused.map(\.1))
    guard first == second else { fail("the two stores ended in different states") }
  } catch {
    fail("a paused execution cannot be saved: \(error)")
  }
  return 0
}

enum RestoreTarget {
  /// The limits of the store the seeds were taken from.
  static let limits = ResourceLimits(
    maxMemoryPages: 256, maxTableElements: 1_000, maxCallDepth: 500, maxValueStackSlots: 1 << 14)
  /// Limits the seeds' stores barely fit, or do not.
  static let tightLimits = ResourceLimits(
    maxMemoryPages: 2, maxTableElements: 8, maxCallDepth: 6, maxValueStackSlots: 40)
  /// Ticks per slice of the restored store's runs (four of them).
  static let slice: UInt64 = 5_000
  /// Executions run per input; the rest are only compared as saved.
  static let runCount = 8
}

/// `bytes` with its trailing checksum recomputed over the rest.
func resigned(_ bytes: [UInt8]) -> [UInt8] {
  guard bytes.count >= 8 else { return bytes }
  var body = Array(bytes.dropLast(8))
  let checksum = Fingerprint(of: body).value
  withUnsafeBytes(of: checksum.littleEndian) { body.append(contentsOf: $0) }
  return body
}

/// Runs one slice per budget until the execution finishes; its last result.
func run(_ execution: Execution, budgets: [UInt64]) -> ExecutionResult {
  var result = ExecutionResult.paused
  for budget in budgets {
    result = execution.run(ticks: budget)
    guard case .paused = result else { break }
  }
  return result
}

func fail(_ message: String) -> Never {
  print("FuzzRestore: \(message)")
  abort()
}

/// Writes the seed corpus, one file per snapshot, each checked by the target first.
func writeSeeds(to directory: String) -> Int32 {
  let seeds: [[UInt8]]
  do {
    seeds = try RestoreSeeds.make(limits: RestoreTarget.limits)
  } catch {
    print("FuzzRestore: the seed store does not build: \(error)")
    return 1
  }
  for (index, seed) in seeds.enumerated() {
    do {
      _ = try RestoreFixture.restore(seed, limits: RestoreTarget.limits)
    } catch {
      print("FuzzRestore: seed \(index) does not restore: \(error)")
      return 1
    }
  }
  return writeSeedInputs(seeds.map { [0] + $0 }, to: directory, name: "FuzzRestore") {
    fuzzRestore($0, $1)
  }
}

/// The entry point SwiftPM links as `main`: `--write-seeds DIR` writes the seed corpus,
/// anything else hands over to libFuzzer.
@_cdecl("FuzzRestore_main")
public func fuzzRestoreMain(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  fuzzerMain(argc: argc, argv: argv, writeSeeds: writeSeeds(to:)) { data, size in
    fuzzRestore(data, size)
  }
}
