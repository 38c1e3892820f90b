import Foundation
import PluginHost
import TestSupport
import Testing
import WasmVM

/// The README's embedding examples, kept compiling and working. `embed` is the first
/// example's body with its paths passed in; `runTickers` is the second, verbatim.
@Suite struct EmbeddingExampleTests {
  func runTickers(folder: URL) async throws -> [CallOutcome] {
    let host = AsyncPluginHost()
    let ticker = folder.appendingPathComponent("ticker.wat")
    try host.load([
      PluginSource(file: ticker, name: "tick"), PluginSource(file: ticker, name: "tock"),
    ])

    // Both calls sleep between log lines, so their lines interleave; neither holds a thread.
    async let tick = host.call("tick", "run", [.i32(3), .i64(100)], budget: 1_000_000)
    async let tock = host.call("tock", "run", [.i32(2), .i64(150)], budget: 1_000_000)
    let outcomes = try await [tick, tock]

    // A call whose task is cancelled comes back paused; resuming it finishes the same work.
    let task = Task { try await host.call("tick", "run", [.i32(1), .i64(50)], budget: 1_000_000) }
    task.cancel()
    guard case .paused(let paused) = try await task.value else { return outcomes }
    return outcomes + [try await host.resume(paused.id, budget: 1_000_000)]
  }

  @Test func asyncExampleRuns() async throws {
    let folder = PackageRoot.url.appendingPathComponent("plugins")
    let start = ContinuousClock.now
    let outcomes = try await runTickers(folder: folder)
    // The two calls slept at the same time: 300 ms, not 300 + 300.
    #expect(ContinuousClock.now - start >= .milliseconds(300))
    let values = outcomes.compactMap { outcome -> [Value]? in
      if case .completed(let values, _) = outcome { return values }
      return nil
    }
    #expect(values.prefix(2) == [[.i32(3)], [.i32(2)]])
    #expect(values.count == outcomes.count)
  }

  @Test func readmeShowsTheAsyncExample() throws {
    let readme = try String(
      contentsOf: PackageRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
    let block = try #require(
      readme.components(separatedBy: "```swift\n").dropFirst(2).first?
        .components(separatedBy: "```").first)
    let here = try String(contentsOfFile: #filePath, encoding: .utf8)
    let code = here.split(separator: "\n", omittingEmptySubsequences: false)
      .drop(while: { !$0.contains("func runTickers") })
      .prefix(while: { !$0.contains("@Test func asyncExampleRuns") })
      .dropLast(1)
      .map { $0.dropFirst(2) }
      .joined(separator: "\n")
    #expect(block == code + "\n")
  }

  /// The README's app with an API of its own is the text-filter program that the test command
  /// builds and runs (Tests/Embedders), from its doc comment on.
  @Test func readmeShowsTheTextFilterApp() throws {
    let readme = try String(
      contentsOf: PackageRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
    let section = try #require(
      readme.components(separatedBy: "### An API of the app's own").dropFirst().first)
    let block = try #require(
      section.components(separatedBy: "```swift\n").dropFirst().first?
        .components(separatedBy: "```").first)
    let source = try String(
      contentsOf: PackageRoot.url.appendingPathComponent(
        "Tests/Embedders/Sources/text-filter/TextFilter.swift"), encoding: .utf8)
    let function = try #require(source.range(of: "/// Runs `document` through each filter"))
    #expect(block == String(source[function.lowerBound...]))
  }

  func embed(folder: URL, database: String) throws -> String {
    // Plugin data persists in SQLite; logs go to swift-log with plugin=<name> metadata.
    let store = try SQLiteKeyValueStore(path: database)
    let host = PluginHost(configuration: .init(keyValueStore: store))

    // Load every plugin in the folder at once, each allowed to import from the others;
    // PluginHost links them dependencies first.
    let files = try FileManager.default.contentsOfDirectory(
      at: folder, includingPropertiesForKeys: nil)
    try host.load(
      files.filter { ["wasm", "wat"].contains($0.pathExtension) }
        .map { PluginSource(file: $0, links: .anyPlugin) })

    // Run untrusted code in slices of 1000 ticks; the app keeps control between slices.
    var outcome = try host.call("greeter", "greet", [.i32(20)], budget: 1000)
    while case .paused(let call) = outcome {
      outcome = try host.resume(call.id, budget: 1000)
    }
    switch outcome {
    case .completed(let values, let ticks): return "\(values) in \(ticks) ticks"
    case .trapped(let trap, _): return "plugin trapped: \(trap)"
    case .paused: return "unreachable"
    }
  }

  @Test func readmeExampleRuns() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-example-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try """
    (module
      (import "mathlib" "fib" (func $fib (param i32) (result i32)))
      (import "log" "write" (func $log (param i32 i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "greeting")
      (func (export "greet") (param i32) (result i32)
        (call $log (i32.const 2) (i32.const 0) (i32.const 8))
        (call $fib (local.get 0))))
    """.write(to: folder.appendingPathComponent("greeter.wat"), atomically: true, encoding: .utf8)
    try """
    (module
      (func $fib (export "fib") (param $n i32) (result i32)
        (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
          (then (local.get $n))
          (else (i32.add
            (call $fib (i32.sub (local.get $n) (i32.const 1)))
            (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
    """.write(to: folder.appendingPathComponent("mathlib.wat"), atomically: true, encoding: .utf8)
    let result = try embed(
      folder: folder, database: folder.appendingPathComponent("plugins.sqlite").path)
    #expect(result.hasPrefix("[i32:6765] in "))
  }
}
