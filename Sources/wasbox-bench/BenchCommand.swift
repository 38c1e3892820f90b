import ArgumentParser
import Foundation
import WAT

/// `wasbox-bench`: runs the same WebAssembly programs on wasbox and on WasmKit in one process
/// and reports the execution-time ratio, checking every answer.
@main
struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "wasbox-bench",
    abstract: "Benchmark wasbox against WasmKit on built-in cases or any .wasm export.",
    discussion: """
      wasbox runs with tick metering on, as two rows: one huge budget ("wasbox") and slices \
      resumed until done ("wasbox-sliced"); their tick counts must agree. The last line is \
      `geomean execute ratio wasbox/wasmkit: R` (below 1 means wasbox is faster). \
      --snapshot measures wasbox's snapshots instead: save and restore of a paused call that \
      has touched 1 MiB of memory, their median times over --iters, and the snapshot's size \
      against its bound.
      """)

  enum EngineChoice: String, ExpressibleByArgument, CaseIterable {
    case wasbox, wasmkit, both
  }

  @Option(help: "Which engines to run.")
  var engine: EngineChoice = .both

  @Option(help: "Unmeasured rounds per case (a round runs every engine once).")
  var warmup = 1

  @Option(help: "Measured rounds per case (a round runs every engine once, in rotating order).")
  var iters = 5

  @Option(name: .customLong("case"), help: "Run only this built-in case (repeatable).")
  var cases: [String] = []

  @Flag(help: "List the built-in cases and exit.")
  var list = false

  @Flag(
    help: """
      Measure snapshot(of:) and restore of a paused call with 1 MiB of touched memory (wasbox \
      only) instead of running cases.
      """)
  var snapshot = false

  @Option(help: "Also write the results as CSV to this path.")
  var csv: String?

  @Option(help: "Tick budget of each slice of the wasbox-sliced row.")
  var sliceTicks: UInt64 = 10_000

  @Option(help: "Directory holding the built C cases (default: Benchmarks/c of this package).")
  var casesDir: String = BenchCommand.defaultCasesDirectory

  @Option(help: "Benchmark an export of this .wasm file instead of the built-in cases.")
  var module: String?

  @Option(help: "The export to call with --module.")
  var invoke: String?

  @Option(
    help:
      "Instead of the cases: this many concurrent AsyncPluginHost calls that each sleep --sleep-ms."
  )
  var sleepers: Int?

  @Option(help: "How long each --sleepers call sleeps, in milliseconds.")
  var sleepMs: Int64 = 100

  @Argument(help: "Arguments for --invoke: numbers typed by the signature, or i32:/i64:/f32:/f64:.")
  var arguments: [String] = []

  func validate() throws {
    guard iters >= 1 else { throw ValidationError("--iters must be at least 1") }
    guard warmup >= 0 else { throw ValidationError("--warmup cannot be negative") }
    guard sliceTicks >= 1 else { throw ValidationError("--slice-ticks must be at least 1") }
    guard (sleepers ?? 1) >= 1, sleepMs >= 0 else {
      throw ValidationError("--sleepers must be at least 1 and --sleep-ms not negative")
    }
    if (module == nil) != (invoke == nil) {
      throw ValidationError("--module and --invoke go together")
    }
    if module != nil, !cases.isEmpty {
      throw ValidationError("--case selects built-in cases; it cannot be used with --module")
    }
    if module == nil, !arguments.isEmpty {
      throw ValidationError("positional arguments are only for --module/--invoke")
    }
    if snapshot, module != nil || !cases.isEmpty || list {
      throw ValidationError(
        "--snapshot runs its own case; it cannot be used with --module, --case or --list")
    }
  }

  func run() async throws {
    if let sleepers {
      let rounds = iters
      print(
        try await SleepBenchmark(calls: sleepers, sleepMilliseconds: sleepMs, rounds: rounds).run())
      return
    }
    if list {
      for benchCase in CaseRegistry.all {
        print(benchCase.name.padding(toLength: 16, withPad: " ", startingAt: 0), benchCase.summary)
      }
      return
    }
    if snapshot {
      try SnapshotBench(warmup: warmup, iterations: iters).run()
      return
    }
    var engines: [any BenchEngine] = []
    if engine != .wasmkit {
      engines.append(WasboxEngine(sliceTicks: nil))
      engines.append(WasboxEngine(sliceTicks: sliceTicks))
    }
    if engine != .wasbox { engines.append(WasmKitEngine()) }

    let selected: [BenchCase]
    if let module, let invoke {
      selected = [
        BenchCase(
          name: URL(fileURLWithPath: module).lastPathComponent + ":" + invoke,
          summary: "external module", source: .path(module), export: invoke)
      ]
    } else {
      selected = try CaseRegistry.select(cases)
    }

    let runner = Runner(warmup: warmup, iterations: iters)
    var report = Report()
    for benchCase in selected {
      report.groups[benchCase.name] = benchCase.group
      let bytes = try loadBytes(benchCase.source)
      var arguments = benchCase.arguments
      if case .path = benchCase.source {
        let probe = try engines[0].load(bytes, export: benchCase.export)
        arguments = try parseArguments(for: probe.parameters)
      }
      let rows = try runner.measure(
        benchCase, bytes: bytes, arguments: arguments, on: engines,
        expected: benchCase.expected)
      var meteredTicks: (engine: String, ticks: UInt64)?
      for (engine, row) in zip(engines, rows) {
        if engine.isMetered, let ticks = row.ticks {
          if let previous = meteredTicks, previous.ticks != ticks {
            throw BenchError.tickMismatch(
              case: benchCase.name,
              detail: "\(previous.engine) counted \(previous.ticks), \(engine.label) \(ticks)")
          }
          meteredTicks = (engine.label, ticks)
        }
        report.measurements.append(row)
        FileHandle.standardError.write(Data(progressLine(row).utf8))
      }
    }
    print(report.text(engines: engines.map(\.label)))
    if let csv {
      do {
        try report.csv().write(toFile: csv, atomically: true, encoding: .utf8)
      } catch {
        throw BenchError.unreadable(path: csv, reason: "cannot write: \(error)")
      }
    }
  }

  private func progressLine(_ row: CaseMeasurement) -> String {
    let mean = String(format: "%.3f", row.executeMean.milliseconds)
    return "\(row.caseName) \(row.engine): \(mean) ms mean, results \(row.results)\n"
  }

  private func parseArguments(for parameters: [BenchValueType]) throws -> [BenchValue] {
    guard parameters.count == arguments.count else {
      throw BenchError.usage(
        "\(invoke ?? "the export") takes \(parameters.count) arguments, got \(arguments.count)")
    }
    return try zip(arguments, parameters).map { text, type in
      try BenchValue(parsing: text, as: type)
    }
  }

  private func loadBytes(_ source: BenchCase.Source) throws -> [UInt8] {
    switch source {
    case .wat(let text):
      return try wat2wasm(text)
    case .caseFile(let name):
      return try readFile(URL(fileURLWithPath: casesDir).appendingPathComponent(name).path)
    case .path(let path):
      return try readFile(path)
    }
  }

  private func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw BenchError.unreadable(path: path, reason: "no such file or not readable")
    }
    return [UInt8](data)
  }

  /// `Benchmarks/c` of the package this file was compiled from, so that `swift run` works
  /// from any directory on the build machine.
  static var defaultCasesDirectory: String {
    URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Benchmarks").appendingPathComponent("c").path
  }
}
