import Foundation

/// Turns measurements into the printed table, the CSV file and the geometric-mean lines.
struct Report {
  /// The engine every wasbox row is compared with.
  static let peer = "wasmkit"

  var measurements: [CaseMeasurement] = []
  /// The group of each case measured; a case missing here counts as `.scalar`.
  var groups: [String: BenchCase.Group] = [:]

  /// wasbox's mean execution time divided by the peer's on the same case, when both ran.
  func ratio(of row: CaseMeasurement) -> Double? {
    guard row.engine != Self.peer,
      let peer = measurements.first(where: {
        $0.caseName == row.caseName && $0.engine == Self.peer
      }),
      peer.executeMean > .zero
    else { return nil }
    return row.executeMean / peer.executeMean
  }

  /// The geometric mean of the ratios of the rows of `engine` (of the cases of `group` only,
  /// if given), or `nil` with no ratio.
  func geometricMean(engine: String, group: BenchCase.Group? = nil) -> Double? {
    let ratios = measurements.filter { row in
      row.engine == engine && (group == nil || (groups[row.caseName] ?? .scalar) == group)
    }.compactMap(ratio(of:))
    guard !ratios.isEmpty else { return nil }
    return exp(ratios.map(log).reduce(0, +) / Double(ratios.count))
  }

  static let header = [
    "case", "engine", "iters", "instantiate ms", "total ms", "mean ms", "ticks", "ratio",
  ]

  func cells(_ row: CaseMeasurement) -> [String] {
    [
      row.caseName, row.engine, "\(row.iterations)", Self.format(row.instantiate.milliseconds),
      Self.format(row.executeTotal.milliseconds), Self.format(row.executeMean.milliseconds),
      row.ticks.map { "\($0)" } ?? "-", ratio(of: row).map { String(format: "%.3f", $0) } ?? "-",
    ]
  }

  /// The table, then one geomean line per metered wasbox row kind; the unsliced wasbox line is
  /// always last (scripts read it). When the cases measured span more than one group, each
  /// group's geomean of the unsliced wasbox rows comes first, as
  /// `geomean execute ratio wasbox/wasmkit (simd cases): R` and `(other cases)`.
  func text(engines: [String]) -> String {
    let rows = [Self.header] + measurements.map(cells)
    let widths = Self.header.indices.map { column in
      rows.map { $0[column].count }.max() ?? 0
    }
    var lines = rows.map { row in
      row.enumerated().map { column, cell in
        column < 2
          ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[column] - cell.count) + cell
      }.joined(separator: "  ")
    }
    let measured = Set(measurements.map { groups[$0.caseName] ?? .scalar })
    if measured.count > 1 {
      for group in [BenchCase.Group.simd, .scalar] {
        lines.append(
          "geomean execute ratio wasbox/\(Self.peer) (\(group.rawValue) cases): "
            + geomeanText("wasbox", group: group))
      }
    }
    for engine in engines where engine != Self.peer && engine != "wasbox" {
      lines.append("geomean execute ratio \(engine)/\(Self.peer): \(geomeanText(engine))")
    }
    lines.append("geomean execute ratio wasbox/\(Self.peer): \(geomeanText("wasbox"))")
    return lines.joined(separator: "\n")
  }

  private func geomeanText(_ engine: String, group: BenchCase.Group? = nil) -> String {
    geometricMean(engine: engine, group: group).map { String(format: "%.3f", $0) }
      ?? "n/a (needs --engine both)"
  }

  /// Comma-separated values with one header line; milliseconds with full precision.
  func csv() -> String {
    var lines = ["case,engine,iterations,instantiate_ms,total_ms,mean_ms,ticks,ratio"]
    for row in measurements {
      let fields = [
        row.caseName, row.engine, "\(row.iterations)", "\(row.instantiate.milliseconds)",
        "\(row.executeTotal.milliseconds)", "\(row.executeMean.milliseconds)",
        row.ticks.map { "\($0)" } ?? "", ratio(of: row).map { "\($0)" } ?? "",
      ]
      lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func format(_ milliseconds: Double) -> String {
    String(format: "%.3f", milliseconds)
  }
}
