import Foundation
import PluginHost
import TestSupport
import Testing
import WasmVM

/// The C example plugins (plugins/c/NAME.c) are committed built (plugins/NAME.wasm) so they load
/// without a C toolchain. Each is rebuilt with plugins/c/build.sh and the rebuilt module must
/// behave exactly like the committed one (results, output, log lines, kv data), and both as
/// expected: a source changed without rebuilding the .wasm fails here. Modules are compared by
/// behaviour, not bytes, since another clang encodes the same code differently.
@Suite(.enabled(if: CToolchain.clang != nil, "needs clang with the wasm32 target"))
struct CExamplePluginTests {
  /// One call of a session: an export, its arguments and input, and the clock's reading then.
  struct Step {
    var export: String
    var arguments: [Value] = []
    var input = ""
    var wall: Int64 = 1_700_000_000_000
  }

  static let sessions: [String: (steps: [Step], observed: [String])] = [
    "fib": (
      [Step(export: "fib", arguments: [.i32(50)]), Step(export: "hello")],
      ["fib: [i64 12586269025] output \"\"", "hello: [] output \"\" [info] fib plugin (C) ready"]
    ),
    "notes": (
      [
        Step(export: "count"), Step(export: "last"), Step(export: "age_ms"),
        Step(export: "add", input: "buy milk"),
        Step(export: "add", input: "call Ada", wall: 1_700_000_002_000),
        Step(export: "last"), Step(export: "count"),
        Step(export: "age_ms", wall: 1_700_000_003_500),
      ],
      [
        "count: [i32 0] output \"\"", "last: [i32 -1] output \"\"", "age_ms: [i64 -1] output \"\"",
        "add: [i32 1] output \"\" [info] note 1 saved (8 bytes)",
        "add: [i32 2] output \"\" [info] note 2 saved (8 bytes)",
        "last: [i32 8] output \"call Ada\"", "count: [i32 2] output \"\"",
        "age_ms: [i64 1500] output \"\"",
      ]
    ),
  ]

  /// What each step of `steps` did in a fresh host with `module` loaded as `name`.
  static func observe(_ module: URL, as name: String, _ steps: [Step]) throws -> [String] {
    let test = TestHost()
    try test.host.load(PluginSource(file: module, name: name))
    var observed: [String] = []
    for step in steps {
      test.clock.set(wall: step.wall, monotonic: 42)
      let logged = test.logs.lines.count
      let call = try test.host.call(
        name, step.export, step.arguments, input: step.input, budget: 1_000_000)
      guard case .completed(let values, _) = call.outcome else {
        observed.append("\(step.export): \(call.outcome)")
        continue
      }
      let results = values.map { value in
        switch value {
        case .i32(let bits): "i32 \(Int32(bitPattern: bits))"
        case .i64(let bits): "i64 \(Int64(bitPattern: bits))"
        default: "\(value)"
        }
      }
      let logs = test.logs.lines.dropFirst(logged).map { " [\($0.level)] \($0.message)" }
      observed.append(
        "\(step.export): [\(results.joined(separator: ", "))] output \"\(call.text ?? "")\""
          + logs.joined())
    }
    return observed
  }

  @Test(arguments: ["fib", "notes"])
  func theCommittedModuleIsBuiltFromItsSource(_ name: String) throws {
    let session = try #require(Self.sessions[name])
    let committed = PackageRoot.url.appendingPathComponent("plugins/\(name).wasm")
    let source = PackageRoot.url.appendingPathComponent("plugins/c/\(name).c")
    let expected = try Self.observe(committed, as: name, session.steps)
    #expect(expected == session.observed)
    let rebuilt = try CToolchain.withPlugin(
      try String(contentsOf: source, encoding: .utf8), named: name
    ) { try Self.observe($0, as: name, session.steps) }
    #expect(rebuilt == expected)
  }

  /// Every C source in plugins/c has its committed module and is checked above.
  @Test func everyCExampleIsChecked() throws {
    let folder = PackageRoot.url.appendingPathComponent("plugins/c")
    let sources = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".c") }.map { String($0.dropLast(2)) }
    #expect(Set(sources) == Set(Self.sessions.keys))
    for name in sources {
      let module = PackageRoot.url.appendingPathComponent("plugins/\(name).wasm")
      #expect(FileManager.default.fileExists(atPath: module.path), "\(name).wasm")
    }
  }
}
