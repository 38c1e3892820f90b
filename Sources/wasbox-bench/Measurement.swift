/// The timings of one case on one engine.
struct CaseMeasurement {
  var caseName: String
  var engine: String
  var iterations: Int
  /// Mean time of `load` (decode, validate/compile, instantiate) over the measured iterations.
  var instantiate: Duration
  /// Sum of the measured calls.
  var executeTotal: Duration
  /// Ticks of one call, for metered engines (identical in every iteration).
  var ticks: UInt64?
  /// What the calls returned (identical in every iteration).
  var results: [BenchValue]

  var executeMean: Duration { executeTotal / max(iterations, 1) }
}

/// Runs a case on an engine: `warmup` unmeasured iterations, then `iterations` measured ones.
/// Every iteration instantiates afresh, so each call starts from the module's initial state,
/// and every iteration's answer is checked, so that a wrong answer can never look fast.
struct Runner {
  var warmup: Int
  var iterations: Int

  func measure(
    _ benchCase: BenchCase, bytes: [UInt8], arguments: [BenchValue],
    on engine: any BenchEngine, expected: [BenchValue]?
  ) throws -> CaseMeasurement {
    let clock = ContinuousClock()
    var instantiate = Duration.zero
    var execute = Duration.zero
    var ticks: UInt64?
    var results: [BenchValue] = []
    for iteration in 0..<(warmup + iterations) {
      let start = clock.now
      let function = try engine.load(bytes, export: benchCase.export)
      let loaded = clock.now
      let outcome = try function.call(arguments)
      let finished = clock.now
      if let expected, outcome.results != expected {
        throw BenchError.wrongResult(
          case: benchCase.name, engine: engine.label, expected: expected, got: outcome.results)
      }
      if iteration > 0, outcome.ticks != ticks {
        throw BenchError.tickMismatch(
          case: benchCase.name,
          detail: "\(engine.label) counted \(String(describing: ticks)) then "
            + "\(String(describing: outcome.ticks)) for the same call")
      }
      ticks = outcome.ticks
      results = outcome.results
      if iteration >= warmup {
        instantiate += loaded - start
        execute += finished - loaded
      }
    }
    return CaseMeasurement(
      caseName: benchCase.name, engine: engine.label, iterations: iterations,
      instantiate: instantiate / max(iterations, 1), executeTotal: execute, ticks: ticks,
      results: results)
  }
}

extension Duration {
  /// The duration in milliseconds, for printing.
  var milliseconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
  }
}
