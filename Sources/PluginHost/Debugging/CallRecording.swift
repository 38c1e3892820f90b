import WasmVM

/// The history of one paused call the debugger stopped: WasmVM's ``ExecutionHistory`` of its
/// execution (checkpoints of the machine and the guest state), and the log of every capability
/// call it made while recorded, so that running forward again after going back is exact.
///
/// Each entry is keyed by the instruction count at the call (``ExecutionHistory/instructions``)
/// and holds the results and the guest-memory writes the capability made (through
/// ``GuestMemory``). While the execution runs behind the log's frontier, a capability call is
/// answered from the log (its writes applied again, its results returned) instead of calling
/// the capability: log lines and `kv` writes are not repeated, the clock reads what it read.
/// Past the frontier, capabilities are called again, and logged.
final class CallRecording {
  struct Write {
    let memory: Memory
    let offset: Int
    let bytes: [UInt8]
  }
  struct Entry {
    let instruction: Int
    let function: String
    /// What the call cost beyond its tick, when its cost depends on host state (`kv`).
    var cost: UInt64?
    var results: [Value] = []
    var writes: [Write] = []
  }

  let history: ExecutionHistory
  private(set) var entries: [Entry] = []
  /// The next entry to answer from (``entries``' count at the frontier).
  private var cursor = 0
  /// The entry the capability running now logs its writes in.
  private var logging: Int?
  /// The cost measured for the call in progress, before its body runs.
  private var measuredCost: (instruction: Int, function: String, ticks: UInt64)?

  init(_ history: ExecutionHistory) { self.history = history }

  /// The bytes the log keeps (results and written bytes).
  var byteCount: Int {
    entries.reduce(0) { total, entry in
      total + entry.results.count * 16 + entry.writes.reduce(0) { $0 + $1.bytes.count + 16 }
    }
  }

  /// Runs the execution for a debugger, recording (see ``ExecutionHistory/run(ticks:breakpoints:step:)``);
  /// drops the log entries from before the history's earliest point.
  /// `slices` runs its slices, as for an unrecorded call (a traced call's tracer).
  func run(
    ticks: UInt64, breakpoints: Set<Breakpoint>, step: Step?, watchpoints: [Watchpoint] = [],
    slices: ((UInt64) -> ExecutionResult)?
  ) -> DebugRunResult {
    let result = history.run(
      ticks: ticks, breakpoints: breakpoints, step: step, watchpoints: watchpoints,
      slices: slices)
    let earliest = history.earliest
    if let first = entries.first, first.instruction < earliest {
      let dropped = entries.prefix { $0.instruction < earliest }.count
      entries.removeFirst(dropped)
      cursor = max(0, cursor - dropped)
    }
    return result
  }

  /// Before running forward again from `instruction`: the next answer is the first logged
  /// there or after.
  func replay(from instruction: Int) {
    cursor = entries.firstIndex { $0.instruction >= instruction } ?? entries.count
  }

  /// Answers a call of capability function `function`: from the log when the execution is
  /// behind its frontier, else with `body`, logging what it returns and writes.
  func answer(_ function: String, _ body: () throws(Trap) -> [Value]) throws(Trap) -> [Value] {
    let now = history.instructions
    if let entry = logged(function) {
      cursor += 1
      for write in entry.writes {
        _ = write.memory.write(contentsOf: write.bytes, at: write.offset)
      }
      return entry.results
    }
    var cost: UInt64?
    if let measured = measuredCost, measured.instruction == now, measured.function == function {
      cost = measured.ticks
    }
    measuredCost = nil
    entries.append(Entry(instruction: now, function: function, cost: cost))
    let index = entries.count - 1
    logging = index
    defer {
      logging = nil
      cursor = entries.count
    }
    let results = try body()
    entries[index].results = results
    return results
  }

  /// The cost of a call of `function` that depends on host state: the logged one behind the
  /// frontier, else what `measure` says (logged with the call's answer).
  func cost(_ function: String, _ measure: () throws(Trap) -> UInt64) throws(Trap) -> UInt64 {
    if let cost = logged(function)?.cost { return cost }
    let ticks = try measure()
    measuredCost = (history.instructions, function, ticks)
    return ticks
  }

  /// The entry logged for a call of `function` now, when the execution runs behind the
  /// frontier; a call that is not the one logged drops what was logged from there on (it is
  /// not this run's future any more).
  private func logged(_ function: String) -> Entry? {
    guard cursor < entries.count else { return nil }
    let entry = entries[cursor]
    if entry.instruction == history.instructions, entry.function == function { return entry }
    entries.removeSubrange(cursor...)
    return nil
  }

  /// Logs that the capability running now wrote `bytes` at `offset` of `memory`.
  func wrote<Bytes: Collection<UInt8>>(_ bytes: Bytes, at offset: Int, in memory: Memory) {
    guard let logging else { return }
    entries[logging].writes.append(Write(memory: memory, offset: offset, bytes: Array(bytes)))
  }
}
