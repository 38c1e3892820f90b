import Foundation
import PluginHost

/// `wasbox-bench --sleepers N`: N calls into an ``AsyncPluginHost`` plugin that each sleep
/// `sleepMilliseconds` in `clock.sleep` (plus a little guest work on either side), started at
/// once. Parked calls hold no thread, so the wall time is about one sleep, not N.
struct SleepBenchmark {
  let calls: Int
  let sleepMilliseconds: Int64
  let rounds: Int

  static let plugin = """
    (module
      (import "clock" "sleep" (func $sleep (param i64)))
      (func $spin (param $n i32) (result i32)
        (loop $next
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $next (i32.gt_s (local.get $n) (i32.const 0))))
        (local.get $n))
      (func (export "nap") (param $ms i64) (result i32)
        (drop (call $spin (i32.const 1000)))
        (call $sleep (local.get $ms))
        (call $spin (i32.const 1000))))
    """

  /// Runs the rounds and returns a report line per round and a summary.
  func run() async throws -> String {
    let host = AsyncPluginHost()
    try host.load([PluginSource(name: "sleeper", wat: Self.plugin)])
    var lines: [String] = []
    var best = Duration.seconds(1_000_000)
    for round in 1...rounds {
      let start = ContinuousClock.now
      let completed = try await withThrowingTaskGroup(of: Bool.self) { group in
        for _ in 0..<calls {
          group.addTask {
            let outcome = try await host.call(
              "sleeper", "nap", [.i64(UInt64(sleepMilliseconds))], budget: 1_000_000)
            if case .completed = outcome { return true }
            return false
          }
        }
        var count = 0
        for try await done in group where done { count += 1 }
        return count
      }
      let elapsed = ContinuousClock.now - start
      guard completed == calls else {
        throw BenchError.usage("only \(completed) of \(calls) sleeping calls completed")
      }
      best = min(best, elapsed)
      lines.append("round \(round): \(Self.milliseconds(elapsed)) ms wall")
    }
    let sequential = Int64(calls) * sleepMilliseconds
    lines.append(
      "\(calls) calls sleeping \(sleepMilliseconds) ms each: best \(Self.milliseconds(best)) ms "
        + "wall (one after another: \(sequential) ms)")
    return lines.joined(separator: "\n")
  }

  private static func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
  }
}
