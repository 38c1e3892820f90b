/// One piece of source that the generator owns: a whole file, or the lines between two
/// markers in a hand-written file,
///
///     // BEGIN GENERATED: wasbox-isa NAME
///     …
///     // END GENERATED: wasbox-isa NAME
///
/// indented like the `BEGIN` marker.
public struct GeneratedSource: Sendable {
  /// The file, relative to the package root.
  public let path: String
  /// The region's name, or `nil` when the generator owns the whole file.
  public let region: String?
  let render: @Sendable () -> [String]

  /// Every piece the generator writes.
  public static let all: [GeneratedSource] = [
    GeneratedSource(
      path: "Sources/WasmVM/ISA/NumericOp.generated.swift", region: nil, render: renderNumericOp),
    GeneratedSource(
      path: "Sources/WasmVM/ISA/MemoryOp.generated.swift", region: nil, render: renderMemoryOp),
    GeneratedSource(
      path: "Sources/WasmVM/ISA/Semantics.generated.swift", region: nil, render: renderSemantics),
    GeneratedSource(
      path: "Sources/WasmVM/Code/Op.swift", region: "numeric cases", render: renderStackOpCases),
    GeneratedSource(
      path: "Sources/WasmVM/Code/RegOp.swift", region: "numeric cases",
      render: renderRegisterOpCases),
    GeneratedSource(
      path: "Sources/WasmVM/Execution/Execution+Loop.swift", region: "numeric handlers",
      render: renderStackHandlers),
    GeneratedSource(
      path: "Sources/WasmVM/Execution/Execution+RegisterLoop.swift", region: "numeric handlers",
      render: renderRegisterHandlers),
    GeneratedSource(
      path: "Sources/WasmVM/Code/Op.swift", region: "memory cases", render: renderStackMemoryCases),
    GeneratedSource(
      path: "Sources/WasmVM/Code/Op.swift", region: "fused memory cases",
      render: renderStackFusedMemoryCases),
    GeneratedSource(
      path: "Sources/WasmVM/Code/RegOp.swift", region: "memory cases",
      render: renderRegisterMemoryCases),
    GeneratedSource(
      path: "Sources/WasmVM/Execution/Execution+Loop.swift", region: "memory handlers",
      render: renderStackMemoryHandlers),
    GeneratedSource(
      path: "Sources/WasmVM/Execution/Execution+Loop.swift", region: "fused memory handlers",
      render: renderStackFusedMemoryHandlers),
    GeneratedSource(
      path: "Sources/WasmVM/Execution/Execution+RegisterLoop.swift", region: "memory handlers",
      render: renderRegisterMemoryHandlers),
    GeneratedSource(
      path: "Sources/WasmVM/ISA/SIMDOp.generated.swift", region: nil, render: renderSIMDOp),
    GeneratedSource(
      path: "Sources/WasmVM/ISA/SIMDSemantics.generated.swift", region: nil,
      render: renderSIMDSemantics),
  ]

  /// What the file should contain, given what it contains now.
  /// - Throws: ``GeneratedSourceError`` when a region's markers are missing or out of order.
  public func expectedContents(current: String) throws(GeneratedSourceError) -> String {
    guard let region else {
      return ([generatedHeader, ""] + render()).joined(separator: "\n") + "\n"
    }
    var lines = current.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let begin = "// BEGIN GENERATED: wasbox-isa \(region)"
    let end = "// END GENERATED: wasbox-isa \(region)"
    guard
      let first = lines.firstIndex(where: { $0.trimmingSpaces == begin }),
      let last = lines.firstIndex(where: { $0.trimmingSpaces == end }), first < last
    else { throw GeneratedSourceError(path: path, region: region) }
    let indent = String(lines[first].prefix(while: { $0 == " " }))
    let body = render().map { $0.isEmpty ? "" : indent + $0 }
    lines.replaceSubrange((first + 1)..<last, with: body)
    return lines.joined(separator: "\n")
  }
}

/// A hand-written file lacks the markers of a region the generator owns.
public struct GeneratedSourceError: Error, CustomStringConvertible {
  public let path: String
  public let region: String
  public var description: String {
    "\(path): missing or misordered markers of the generated region \"\(region)\""
  }
}

extension String {
  fileprivate var trimmingSpaces: Substring {
    let start = firstIndex(where: { $0 != " " }) ?? endIndex
    return self[start...]
  }
}
