/// A program to benchmark: where its module comes from, which export to call with which
/// arguments, and the answer it must give.
struct BenchCase {
  enum Source {
    /// WebAssembly text, assembled before timing starts.
    case wat(String)
    /// A `.wasm` file name, resolved against the cases directory (`--cases-dir`).
    case caseFile(String)
    /// A `.wasm` file given on the command line.
    case path(String)
  }

  var name: String
  var summary: String
  var source: Source
  var export: String = "run"
  var arguments: [BenchValue] = []
  /// The results every engine must return; `nil` (external modules) means the engines must
  /// agree with the first one measured.
  var expected: [BenchValue]?
  /// Which geomean line of the report the case counts in, besides the overall one.
  var group: Group = .scalar

  /// The report's case groups: the SIMD cases get a geomean of their own (issue 27 compares
  /// them with WasmKit apart from the rest).
  enum Group: String {
    case scalar = "other"
    case simd
  }
}

/// Every case the tool knows without `--module`, in report order: what `--case` can name and
/// `--list` shows.
enum CaseRegistry {
  static var all: [BenchCase] { WatCases.all + CCases.all + SIMDCases.all }

  /// The cases named on the command line, in the order given, or all of them.
  static func select(_ names: [String]) throws(BenchError) -> [BenchCase] {
    if names.isEmpty { return all }
    var selected: [BenchCase] = []
    for name in names {
      guard let found = all.first(where: { $0.name == name }) else {
        throw .unknownCase(name)
      }
      selected.append(found)
    }
    return selected
  }
}
