import Benchmark
import Foundation
import WasmVM

/// One stage of the pipeline per benchmark, on the C cases that `wasbox-bench` also runs
/// (`Benchmarks/c/*.wasm`): decode, validate (with translation), instantiate, a whole call with
/// one unbounded slice (the hot loop), and the same call in 10,000-tick slices (pause/resume).
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal],
    maxDuration: .seconds(2),
    maxIterations: 1_000)

  for name in ["sha256", "nbody", "quicksort"] {
    Benchmark("decode \(name)") { benchmark in
      let bytes = try CaseFile.bytes(name)
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations { blackHole(try Module(bytes: bytes)) }
    }
    Benchmark("validate \(name)") { benchmark in
      let module = try Module(bytes: CaseFile.bytes(name))
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations { blackHole(try module.validate()) }
    }
    Benchmark("instantiate \(name)") { benchmark in
      let module = try Module(bytes: CaseFile.bytes(name)).validate()
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations { blackHole(try Store().instantiate(module)) }
    }
  }

  for (name, expected) in [("fannkuch", Value.i32(862_930)), ("sieve", Value.i32(78_498))] {
    Benchmark("hot loop \(name)") { benchmark in
      let call = try CaseFile.prepare(name)
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        try CaseFile.check(call.run(sliceTicks: UInt64.max), expected, name)
      }
    }
    Benchmark("pause/resume \(name) 10k") { benchmark in
      let call = try CaseFile.prepare(name)
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        try CaseFile.check(call.run(sliceTicks: 10_000), expected, name)
      }
    }
  }
}

/// Loads the committed C cases and runs their `run` export.
enum CaseFile {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// A case's `run` export in a fresh instance.
  struct Call {
    let store: Store
    let function: Function

    /// Calls `run` to completion in slices of `sliceTicks`; returns the results.
    func run(sliceTicks: UInt64) throws -> [Value] {
      let execution = try store.invoke(function, arguments: [])
      while true {
        switch execution.run(ticks: sliceTicks) {
        case .paused: continue
        case .completed(let values): return values
        case .trapped(let trap): throw trap
        }
      }
    }
  }

  /// `Benchmarks/c`, found from this file's path so the benchmark runs from any directory.
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("c")

  static func bytes(_ name: String) throws -> [UInt8] {
    let path = directory.appendingPathComponent("\(name).wasm").path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Failure(description: "cannot read \(path); run Benchmarks/c/build.sh")
    }
    return [UInt8](data)
  }

  static func prepare(_ name: String) throws -> Call {
    let store = Store()
    let instance = try store.instantiate(Module(bytes: bytes(name)).validate())
    guard let function = instance.exportedFunction("run") else {
      throw Failure(description: "\(name).wasm exports no 'run'")
    }
    return Call(store: store, function: function)
  }

  /// A wrong answer must never be reported as a time.
  static func check(_ results: [Value], _ expected: Value, _ name: String) throws {
    guard results == [expected] else {
      throw Failure(description: "\(name): expected \(expected), got \(results)")
    }
  }
}
