import Foundation
import PluginHost
import Testing
import WasmVM

/// The README's embedding example, kept compiling and working. `embed` is the example's body
/// with its paths passed in.
@Suite struct EmbeddingExampleTests {
  func embed(folder: URL, database: String) throws -> String {
    // Plugin data persists in SQLite; logs go to swift-log with plugin=<name> metadata.
    let store = try SQLiteKeyValueStore(path: database)
    let host = PluginHost(configuration: .init(keyValueStore: store))

    // Load every plugin in the folder at once; PluginHost links them dependencies first.
    let files = try FileManager.default.contentsOfDirectory(
      at: folder, includingPropertiesForKeys: nil)
    try host.load(
      files.filter { ["wasm", "wat"].contains($0.pathExtension) }.map { PluginSource(file: $0) })

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
