import Dispatch
import Glibc
import LibFuzzerDriver
import PluginHost
import WasmVM

/// libFuzzer entry point: drives an ``AsyncPluginHost`` on a ``VirtualClock`` with the input
/// as a script of operations (start a call, pause one, resume one, save the whole host and go
/// on in a restored one, move or hold time, wait) over calls that sleep and call into another
/// plugin, then lets every call finish.
///
/// The contract it checks: every call ends exactly once, and completes with the values and
/// the tick total of the same call run uninterrupted on a synchronous host, whatever the
/// slicing, pauses, interleaving and snapshots in between. Anything else aborts, which
/// libFuzzer reports with the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAsync(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data, size >= 1 else { return 0 }
  var script = Script(Array(UnsafeBufferPointer(start: data, count: size)))
  AsyncRun(sliceTicks: UInt64(script.next() % 64) + 1).play(&script)
  return 0
}

/// The input, read one byte at a time (zeros once it runs out).
struct Script {
  private let bytes: [UInt8]
  private var position = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  var isOver: Bool { position >= bytes.count }
  mutating func next() -> UInt8 {
    defer { position += 1 }
    return position < bytes.count ? bytes[position] : 0
  }
}

/// The plugins: `worker.run(seed, rounds, ms)` mixes `seed` through `helper.mix` 40 times a
/// round and sleeps `ms` after each of `rounds` rounds; its result depends on its arguments
/// alone, so any interleaving must give the same.
enum Plugins {
  static let helper = """
    (module (func (export "mix") (param i32) (result i32)
      (i32.add (i32.mul (local.get 0) (i32.const 31)) (i32.const 7))))
    """
  static let worker = """
    (module
      (import "clock" "sleep" (func $sleep (param i64)))
      (import "helper" "mix" (func $mix (param i32) (result i32)))
      (func (export "run") (param $acc i32) (param $rounds i32) (param $ms i64) (result i32)
        (local $i i32) (local $j i32)
        (block $done (loop $round
          (br_if $done (i32.ge_u (local.get $i) (local.get $rounds)))
          (local.set $j (i32.const 0))
          (block $worked (loop $work
            (br_if $worked (i32.ge_u (local.get $j) (i32.const 40)))
            (local.set $acc (call $mix (i32.add (local.get $acc) (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $work)))
          (call $sleep (local.get $ms))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $round)))
        (local.get $acc)))
    """
  static let sources = [
    PluginSource(name: "helper", wat: helper),
    PluginSource(name: "worker", wat: worker, links: .plugins(["helper"])),
  ]

  static func configuration(_ clock: VirtualClock) -> PluginHost.Configuration {
    var configuration = PluginHost.Configuration(clock: clock, maxSleepMilliseconds: 1_000)
    configuration.restoredLinks = { _ in .anyPlugin }
    return configuration
  }

  /// A synchronous host with the plugins, where `worker.run(arguments)` runs uninterrupted
  /// as the reference (its results depend on the arguments alone).
  static func referenceHost() -> PluginHost {
    let host = PluginHost(configuration: configuration(VirtualClock()))
    do {
      try host.load(sources)
    } catch {
      fail("the reference host failed: \(error)")
    }
    return host
  }
}

/// One run of a script against a host, replaced by its restored copy at each save.
final class AsyncRun: @unchecked Sendable {
  let sliceTicks: UInt64
  var clock = VirtualClock()
  var host: AsyncPluginHost
  /// What each call must end with, from `reference`.
  var expected: [PausedCallID: CallOutcome] = [:]
  let reference = Plugins.referenceHost()
  /// Calls in flight in `host`, and calls paused in it.
  var running: Set<PausedCallID> = []
  var paused: Set<PausedCallID> = []
  /// How calls ended (or paused) in `host`, posted from the host's thread.
  var ended = Ended()
  /// How calls ended in the hosts before `host` (completed or trapped).
  var earlier: [PausedCallID: [CallOutcome]] = [:]

  init(sliceTicks: UInt64) {
    self.sliceTicks = sliceTicks
    host = AsyncPluginHost(configuration: Plugins.configuration(clock), sliceTicks: sliceTicks)
    do {
      try host.load(Plugins.sources)
    } catch {
      fail("the plugins do not load: \(error)")
    }
  }

  func play(_ script: inout Script) {
    var steps = 0
    while !script.isOver, steps < 64 {
      steps += 1
      switch script.next() % 7 {
      case 0, 1:
        start(seed: script.next(), rounds: script.next(), ms: script.next(), budget: script.next())
      case 2: if let id = pick(running, script.next()) { host.pause(id) }
      case 3:
        collectPauses()
        if let id = pick(paused, script.next()) { resume(id, budget: budget(script.next())) }
      case 4: saveAndRestore()
      case 5: host.holdsVirtualTime = script.next() & 1 == 0
      default: settle()
      }
    }
    finishEverything()
  }

  private func budget(_ byte: UInt8) -> UInt64 { byte >= 200 ? .max : UInt64(byte) * 37 + 1 }

  private func pick(_ ids: Set<PausedCallID>, _ byte: UInt8) -> PausedCallID? {
    let sorted = ids.sorted()
    return sorted.isEmpty ? nil : sorted[Int(byte) % sorted.count]
  }

  private func start(seed: UInt8, rounds: UInt8, ms: UInt8, budget byte: UInt8) {
    let arguments: [Value] = [.i32(UInt32(seed)), .i32(UInt32(rounds % 5)), .i64(UInt64(ms % 40))]
    do {
      let id = try host.start("worker", "run", arguments, budget: budget(byte))
      expected[id] = try reference.call("worker", "run", arguments, budget: .max)
      run(id)
    } catch {
      fail("a call could not start: \(error)")
    }
  }

  private func resume(_ id: PausedCallID, budget: UInt64) {
    do {
      try host.start(resuming: id, budget: budget)
      paused.remove(id)
      run(id)
    } catch {
      fail("paused call \(id) could not be resumed: \(error)")
    }
  }

  private func run(_ id: PausedCallID) {
    running.insert(id)
    let ended = ended
    do {
      try host.run(id) { outcome in ended.post(id, outcome) }
    } catch {
      fail("call \(id) could not run: \(error)")
    }
  }

  /// Moves calls that paused since the last look from `running` to `paused`.
  private func collectPauses() {
    for id in ended.takePauses() {
      running.remove(id)
      paused.insert(id)
    }
    for id in ended.finishedIDs { running.remove(id) }
  }

  /// Waits until no call is ready to run (only sleepers, held time or nothing left).
  private func settle() {
    var spins = 0
    while !host.isIdle {
      spins += 1
      guard spins < 2_000_000 else { fail("the host never became idle") }
      usleep(10)
    }
    collectPauses()
  }

  /// Saves the host with its calls in flight, and goes on in a host restored from the bytes,
  /// resuming the calls that were running with the budget they had left. The old host is
  /// stopped; what its calls do after the snapshot does not count (the restored host's calls
  /// are those calls), but calls that ended before it (so are not in it) did end.
  private func saveAndRestore() {
    let bytes: [UInt8]
    do {
      bytes = try host.snapshot()
    } catch {
      fail("the host cannot be saved: \(error)")
    }
    let old = host
    old.holdsVirtualTime = true
    for id in running { old.pause(id) }
    let savedClock = clock.nanoseconds
    clock = VirtualClock()
    clock.advance(byNanoseconds: savedClock)
    let restored: PluginHost
    do {
      restored = try PluginHost(restoring: bytes, configuration: Plugins.configuration(clock))
    } catch {
      fail("a snapshot of the host does not restore: \(error)")
    }
    host = AsyncPluginHost(host: restored, sliceTicks: sliceTicks)
    let calls = host.withHost { $0.pausedCalls }
    let saved = Set(calls.map(\.id))
    for id in expected.keys where !saved.contains(id) {
      earlier[id, default: []] += ended.finals(of: id)
    }
    guard saved.isSubset(of: running.union(paused)) else {
      fail(
        "the restored host has calls \(saved.sorted()), not of \(running.union(paused).sorted())")
    }
    ended = Ended()
    running = []
    paused = []
    for call in calls {
      if let budget = call.runningBudget {
        resume(call.id, budget: budget)
      } else {
        paused.insert(call.id)
      }
    }
  }

  /// Lets time run and resumes every paused call without limit, until all have ended; then
  /// checks each ended exactly once, as the reference says.
  private func finishEverything() {
    host.holdsVirtualTime = false
    var rounds = 0
    while !(running.isEmpty && paused.isEmpty) {
      rounds += 1
      guard rounds < 10_000 else { fail("calls never finish: \(running), \(paused)") }
      settle()
      for id in paused.sorted() { resume(id, budget: .max) }
    }
    for (id, outcome) in expected {
      let outcomes = earlier[id, default: []] + ended.finals(of: id)
      guard outcomes.count == 1, let only = outcomes.first else {
        fail("call \(id) ended \(outcomes.count) times: \(outcomes)")
      }
      guard case .completed(let values, let ticks) = only,
        case .completed(values, ticks) = outcome
      else {
        fail("call \(id) ended with \(only), uninterrupted it gives \(outcome)")
      }
    }
  }
}

/// Outcomes posted by the host's thread: pauses until the run collects them, final ones kept.
final class Ended: @unchecked Sendable {
  private let lock = NSLockish()
  private var pauses: [PausedCallID] = []
  private var finals: [PausedCallID: [CallOutcome]] = [:]

  func post(_ id: PausedCallID, _ outcome: CallOutcome) {
    lock.locked {
      if case .paused = outcome {
        pauses.append(id)
      } else {
        finals[id, default: []].append(outcome)
      }
    }
  }

  func takePauses() -> [PausedCallID] {
    lock.locked {
      defer { pauses.removeAll() }
      return pauses
    }
  }

  var finishedIDs: [PausedCallID] { lock.locked { Array(finals.keys) } }

  func finals(of id: PausedCallID) -> [CallOutcome] { lock.locked { finals[id] ?? [] } }
}

/// A pthread mutex, as the fuzz target has no Foundation.
final class NSLockish: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }
  func locked<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return body()
  }
}

func fail(_ message: String) -> Never {
  print("FuzzAsync: \(message)")
  abort()
}

/// The entry point SwiftPM links as `main`: hands over to libFuzzer.
@_cdecl("FuzzAsync_main")
public func fuzzAsyncMain(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  runFuzzer(argc: argc, argv: argv) { data, size in fuzzAsync(data, size) }
}
