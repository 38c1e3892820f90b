/// Why a benchmark run stopped. Every message names the case and engine so that a failing
/// line in a long run can be traced without rerunning.
enum BenchError: Error, CustomStringConvertible {
  case unknownCase(String)
  case unreadable(path: String, reason: String)
  case load(engine: String, reason: String)
  case missingExport(engine: String, name: String)
  case unsupportedSignature(engine: String, reason: String)
  case trapped(engine: String, reason: String)
  case wrongResult(case: String, engine: String, expected: [BenchValue], got: [BenchValue])
  case tickMismatch(case: String, detail: String)
  case invalidArgument(String, String)
  case usage(String)

  var description: String {
    switch self {
    case .unknownCase(let name):
      "unknown case '\(name)'; `wasbox-bench --list` shows the built-in cases"
    case .unreadable(let path, let reason):
      "cannot read \(path): \(reason) (use --cases-dir to point at Benchmarks/c)"
    case .load(let engine, let reason):
      "\(engine): cannot load the module: \(reason)"
    case .missingExport(let engine, let name):
      "\(engine): the module exports no function named '\(name)'"
    case .unsupportedSignature(let engine, let reason):
      "\(engine): \(reason)"
    case .trapped(let engine, let reason):
      "\(engine): trapped: \(reason)"
    case .wrongResult(let name, let engine, let expected, let got):
      "\(name) on \(engine): expected \(expected), got \(got): refusing to report a time "
        + "for a wrong answer"
    case .tickMismatch(let name, let detail):
      "\(name): tick counts disagree: \(detail)"
    case .invalidArgument(let text, let reason):
      "invalid argument '\(text)': \(reason)"
    case .usage(let message):
      message
    }
  }
}
