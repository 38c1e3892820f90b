import Foundation
import PluginHost
import Testing
import WasmVM

/// The README's snapshot example, kept compiling and working, and kept in the README.
@Suite struct SnapshotExampleTests {
  func save(_ host: PluginHost, to file: URL) throws {
    try Data(try host.snapshot()).write(to: file, options: .atomic)
  }

  func finishSavedCalls(from file: URL) throws -> [CallOutcome] {
    let host = try PluginHost(restoring: [UInt8](try Data(contentsOf: file)))
    return try host.pausedCalls.map { try host.resume($0.id, budget: 10_000_000) }
  }

  @Test func readmeExampleRuns() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-snapshot-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    let host = PluginHost()
    try host.load(PluginSource(name: "worker", wat: HostSnapshotTests.worker))
    _ = try host.call("worker", "work", [.i32(1000)], budget: 3000)
    try save(host, to: file)
    let outcomes = try finishSavedCalls(from: file)
    guard case .completed(let values, _)? = outcomes.first, outcomes.count == 1 else {
      throw TestFailure("the saved call did not finish: \(outcomes)")
    }
    #expect(values == [.i32(66)])
  }

  @Test func theReadmeShowsThisCode() throws {
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../README.md"), encoding: .utf8)
    let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
    let start = try #require(source.range(of: "  func save("))
    let end = try #require(source.range(of: "  @Test func readmeExampleRuns"))
    for line in source[start.lowerBound..<end.lowerBound].split(separator: "\n") {
      let code = line.trimmingCharacters(in: .whitespaces)
      #expect(readme.contains(code), "README lacks: \(code)")
    }
  }
}
