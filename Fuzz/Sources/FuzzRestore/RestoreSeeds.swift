import WasmVM

/// The seed corpus: real snapshots of ``RestoreFixture``'s store, taken at many pause points,
/// so that the fuzzer starts from every kind of saved state rather than from bytes it would
/// need millions of runs to find.
enum RestoreSeeds {
  /// Pause points, in ticks: from the first instructions to deep in each call, through the
  /// bulk fill, the grows and the host calls' costs.
  static let budgets: [UInt64] = [
    1, 2, 3, 4, 5, 7, 9, 12, 16, 21, 28, 37, 50, 66, 88, 117, 156, 208, 277, 369, 492, 656, 875,
    1_166, 1_555, 2_073, 2_764, 3_685, 4_913,
  ]

  static func make(limits: ResourceLimits) throws -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    // The store before any call.
    seeds.append(try RestoreFixture.build(limits: limits).store.snapshot())
    // Each entry alone, paused at each budget until one lets it finish.
    let entryCount = try RestoreFixture.build(limits: limits).entries.count
    for index in 0..<entryCount {
      for budget in budgets {
        let (store, entries) = try RestoreFixture.build(limits: limits)
        let entry = entries[index]
        let execution = try store.invoke(entry.function, arguments: entry.arguments)
        guard execution.run(ticks: budget) == .paused else { break }
        seeds.append(try store.snapshot(of: [execution]))
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
