/// One engine under test, behind the same two steps for every engine, so that the runner times
/// exactly the same work on each side.
protocol BenchEngine {
  /// The row label in the report (`wasbox`, `wasbox-sliced`, `wasmkit`).
  var label: String { get }
  /// Whether this row counts ticks (and so must agree with every other metered row).
  var isMetered: Bool { get }
  /// Decodes, validates, compiles and instantiates `bytes` in a fresh store and looks up the
  /// function `export`: everything an embedder pays before the first call.
  func load(_ bytes: [UInt8], export: String) throws -> any LoadedFunction
}

/// A function of a freshly instantiated module, ready to be called.
protocol LoadedFunction {
  /// The function's parameter types, used to parse command-line arguments.
  var parameters: [BenchValueType] { get }
  /// Runs the function to completion once.
  func call(_ arguments: [BenchValue]) throws -> CallOutcome
}

/// What one call returned.
struct CallOutcome {
  var results: [BenchValue]
  /// Ticks the call consumed, for metered engines.
  var ticks: UInt64?
}
