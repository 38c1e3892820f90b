import WasmVM

/// The seed corpus: real snapshots of ``RestoreFixture``'s store, taken at many pause points,
/// so that the fuzzer starts from every kind of saved state rather than from bytes it would
/// need millions of runs to find.
enum RestoreSeeds {
  /// Pause points, in ticks: every tick at first, then every fifth, then ever sparser, so that
  /// the seeds include calls paused inside bulk operations, grows and host calls' costs.
  static let budgets: [UInt64] =
    Array(1...60) + Array(stride(from: 63, through: 300, by: 3))
    + [400, 550, 750, 1_000, 1_400, 2_000, 3_000]

  static func make(limits: ResourceLimits) throws -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    // The store before any call.
    seeds.append(try RestoreFixture.build(limits: limits).store.snapshot())
    // Each entry alone, paused at each budget below its length and in its last ticks (a final
    // host call's cost, a tail call, the returns).
    let entryCount = try RestoreFixture.build(limits: limits).entries.count
    for index in 0..<entryCount {
      let (store, entries) = try RestoreFixture.build(limits: limits)
      let complete = try store.invoke(entries[index].function, arguments: entries[index].arguments)
      _ = complete.run(ticks: 1 << 30)
      let total = complete.ticksConsumed
      let last = (1..<min(total, 9)).map { total - $0 }
      for budget in Set(budgets.filter { $0 < total } + last).sorted() {
        let (store, entries) = try RestoreFixture.build(limits: limits)
        let entry = entries[index]
        let execution = try store.invoke(entry.function, arguments: entry.arguments)
        if execution.run(ticks: budget) == .paused {
          seeds.append(try store.snapshot(of: [execution]))
        }
      }
    }
    // Every entry paused at once, in a store that has already run `run` to the end (grown
    // memory, changed globals) and `shuffle` (grown table, dropped segments).
    for budget: UInt64 in [3, 60, 700, 2_500] {
      let (store, entries) = try RestoreFixture.build(limits: limits)
      for entry in entries.prefix(2) { _ = try store.call(entry.function, entry.arguments) }
      var paused: [Execution] = []
      for entry in entries {
        let execution = try store.invoke(entry.function, arguments: entry.arguments)
        if execution.run(ticks: budget) == .paused { paused.append(execution) }
      }
      seeds.append(try store.snapshot(of: paused))
    }
    return seeds
  }
}
