import Foundation
import PluginHost
import TestSupport
import Testing
import WasmVM

/// Keeps docs/plugin-abi.md and docs/writing-plugins.md honest: every WAT block in them loads,
/// runs, and returns what it says, and every C block builds with `plugins/c/build.sh` (against
/// plugins/include/wasbox.h) and does the same.
@Suite struct DocumentationTests {
  static let documents = ["docs/plugin-abi.md", "docs/writing-plugins.md"]

  struct Example {
    var name: String
    var text: String
    var expected: Int32?
    /// `;; links: A B`: the plugins it is granted links to.
    var links: Set<String> = []
    /// `;; input: TEXT`: the call's input; `;; output: TEXT`: the output it must write.
    var input: String?
    var output: String?
    /// `;; log: MESSAGE` (one line each): messages the call must log.
    var logs: [String] = []
    /// `;; kv: KEY = VALUE` (one line each): what the plugin's `kv` namespace must hold after
    /// the call; VALUE is text, or bytes written `0x…`.
    var keyValues: [(key: String, value: [UInt8])] = []
  }

  /// The code blocks of `language` (`wat`, `c`) in `document`, with the settings their comment
  /// lines (`;; plugin: NAME` in WAT, `// plugin: NAME` in C, and so on) give.
  static func examples(_ language: String = "wat", in document: String = "docs/plugin-abi.md")
    throws -> [Example]
  {
    let path = PackageRoot.url.appendingPathComponent(document)
    let text = try String(contentsOf: path, encoding: .utf8)
    let comment = language == "c" ? "// " : ";; "
    var examples: [Example] = []
    for (index, chunk) in text.components(separatedBy: "```\(language)\n").dropFirst()
      .enumerated()
    {
      let text = chunk.components(separatedBy: "\n```").first ?? ""
      var example = Example(name: "\(language)-example\(index + 1)", text: text)
      for line in text.split(separator: "\n") where line.hasPrefix(comment) {
        let setting = line.dropFirst(comment.count)
        func value(_ key: String) -> String? {
          setting.hasPrefix(key + ": ") ? String(setting.dropFirst(key.count + 2)) : nil
        }
        if let name = value("plugin") { example.name = name }
        if setting.hasPrefix("=> ") { example.expected = Int32(setting.dropFirst(3)) }
        if let links = value("links") {
          example.links = Set(links.split(separator: " ").map(String.init))
        }
        if let input = value("input") { example.input = input }
        if let output = value("output") { example.output = output }
        if let log = value("log") { example.logs.append(log) }
        if let entry = value("kv"), let equals = entry.range(of: " = ") {
          let key = String(entry[..<equals.lowerBound])
          example.keyValues.append((key, Self.bytes(entry[equals.upperBound...])))
        }
      }
      examples.append(example)
    }
    return examples
  }

  /// `0x0102` as its bytes, anything else as UTF-8 (as the REPL's `kv` command reads them).
  static func bytes(_ text: Substring) -> [UInt8] {
    guard text.hasPrefix("0x"), text.count % 2 == 0 else { return Array(text.utf8) }
    let digits = Array(text.dropFirst(2))
    let bytes = stride(from: 0, to: digits.count, by: 2).compactMap {
      UInt8(String(digits[$0...$0 + 1]), radix: 16)
    }
    return bytes.count * 2 == digits.count ? bytes : Array(text.utf8)
  }

  /// The example contract of "Capabilities the app defines": `app.setting`, over one setting.
  static let app = HostCapability(
    "app",
    functions: [
      .init("setting", cost: .perByte(arguments: 1, 3)) {
        (call: CapabilityCall, name: UInt32, nameLength: UInt32, out: UInt32, capacity: UInt32)
          throws -> Int32 in
        guard try call.memory.string(at: name, count: nameLength) == "name" else { return -1 }
        guard capacity >= 3 else { return -2 }
        try call.memory.write("Ada".utf8, at: out)
        return 3
      }
    ])

  @Test(arguments: documents) func everyExampleLoadsAndRuns(_ document: String) throws {
    let examples = try Self.examples(in: document)
    #expect(examples.count >= (document == "docs/plugin-abi.md" ? 9 : 1))
    let store = InMemoryKeyValueStore()
    let test = TestHost(keyValueStore: store, capabilities: [Self.app])
    for example in examples {
      try test.host.load(
        PluginSource(
          name: example.name, wat: example.text, capabilities: Capability.builtIn.union(["app"]),
          links: .plugins(example.links)))
      try Self.run(example, in: test, store: store)
    }
  }

  /// Every C block, built as `plugins/c/build.sh` builds the C plugins, loads and runs.
  @Test(
    .enabled(if: CToolchain.clang != nil, "needs clang with the wasm32 target"),
    arguments: documents)
  func everyCExampleBuildsAndRuns(_ document: String) throws {
    let examples = try Self.examples("c", in: document)
    #expect(!examples.isEmpty)
    let store = InMemoryKeyValueStore()
    let test = TestHost(keyValueStore: store)
    for example in examples {
      try CToolchain.withPlugin(example.text, named: example.name) { file in
        try test.host.load(PluginSource(file: file, name: example.name))
      }
      try Self.run(example, in: test, store: store)
    }
  }

  /// The C example of writing-plugins.md shows the whole kit: it includes wasbox.h, logs, keeps
  /// data in `kv` and reads it back into its output, and the test checks each of these.
  @Test func theWritingPluginsExampleUsesTheHeaderLogAndKV() throws {
    let examples = try Self.examples("c", in: "docs/writing-plugins.md")
    try #require(examples.count == 1)
    let example = examples[0]
    #expect(example.text.contains("#include <wasbox.h>"))
    #expect(example.text.contains("wasbox_kv_get"))
    #expect(!example.logs.isEmpty)
    #expect(!example.keyValues.isEmpty)
    #expect(example.output != nil && example.expected != nil)
  }

  /// Calls `example`'s `run` with its input and checks its output, result, log lines and `kv`
  /// data.
  static func run(_ example: Example, in test: TestHost, store: InMemoryKeyValueStore) throws {
    let call = try test.host.call(
      example.name, "run", input: example.input ?? "", budget: 1_000_000)
    guard case .completed(let result, _) = call.outcome else {
      Issue.record("\(example.name) did not complete: \(call.outcome)")
      return
    }
    if let output = example.output {
      #expect(call.text == output, "\(example.name)")
    }
    if let expected = example.expected {
      #expect(result == [.i32(UInt32(bitPattern: expected))], "\(example.name)")
    }
    let logged = test.logs.lines.filter { $0.plugin == example.name }.map(\.message)
    for message in example.logs {
      #expect(logged.contains(message), "\(example.name) logged \(logged)")
    }
    for (key, value) in example.keyValues {
      let stored = store.value(forKey: Array(key.utf8), in: example.name)
      #expect(stored == value, "\(example.name): kv \(key)")
    }
  }
}
