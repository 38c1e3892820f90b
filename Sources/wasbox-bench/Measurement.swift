/// The timings of one case on one engine.
struct CaseMeasurement {
  var caseName: String
  var engine: String
  var iterations: Int
  /// Mean time of `load` (decode, validate/compile, instantiate) over the measured iterations
  /// (their sum while the runner is still measuring).
  var instantiate: Duration
  /// Sum of the measured calls.
  var executeTotal: Duration
  /// Ticks of one call, for metered engines (identical in every iteration).
  var ticks: UInt64?
  /// What the calls returned (identical in every iteration).
  var results: [BenchValue]

  var executeMean: Duration { executeTotal / max(iterations, 1) }
}

/// Runs a case on every engine: `warmup` unmeasured rounds, then `iterations` measured ones.
/// A round runs each engine once, starting with a different engine each round, so that the
/// engines share the machine's slow and fast moments instead of one row catching a noisy
/// stretch alone: the ratios compare runs made side by side.
/// Every run instantiates afresh, so each call starts from the module's initial state, and
/// every answer is checked, so that a wrong answer can never look fast.
struct Runner {
  var warmup: Int
  var iterations: Int

  /// One row per engine, in the order of `engines`. Without an `expected` answer (an external
  /// module) the first answer becomes the one every later run must give.
  func measure(
    _ benchCase: BenchCase, bytes: [UInt8], arguments: [BenchValue],
    on engines: [any BenchEngine], expected: [BenchValue]?
  ) throws -> [CaseMeasurement] {
    let clock = ContinuousClock()
    var rows = engines.map { engine in
      CaseMeasurement(
        caseName: benchCase.name, engine: engine.label, iterations: iterations,
        instantiate: .zero, executeTotal: .zero, ticks: nil, results: [])
    }
    var expected = expected
    for round in 0..<(warmup + iterations) {
      for step in engines.indices {
        let index = (round + step) % engines.count
        let engine = engines[index]
        let start = clock.now
        let function = try engine.load(bytes, export: benchCase.export)
        let loaded = clock.now
        let outcome = try function.call(arguments)
        let finished = clock.now
        if let expected, outcome.results != expected {
          throw BenchError.wrongResult(
            case: benchCase.name, engine: engine.label, expected: expected, got: outcome.results)
        }
        expected = outcome.results
        if round > 0, outcome.ticks != rows[index].ticks {
          throw BenchError.tickMismatch(
            case: benchCase.name,
            detail: "\(engine.label) counted \(String(describing: rows[index].ticks)) then "
              + "\(String(describing: outcome.ticks)) for the same call")
        }
        rows[index].ticks = outcome.ticks
        rows[index].results = outcome.results
        if round >= warmup {
          rows[index].instantiate += loaded - start
          rows[index].executeTotal += finished - loaded
        }
      }
    }
    for index in rows.indices {
      rows[index].instantiate = rows[index].instantiate / max(iterations, 1)
    }
    return rows
  }
}

extension Duration {
  /// The duration in milliseconds, for printing.
  var milliseconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
  }
}
