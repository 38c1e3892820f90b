import Foundation
import PluginHost
import TestSupport
import Testing
import WasmVM

/// Keeps docs/plugin-abi.md honest: every WAT block in it loads, runs, and returns what it says,
/// and every C block builds with `plugins/c/build.sh` and does the same.
@Suite struct DocumentationTests {
  struct Example {
    var name: String
    var text: String
    var expected: Int32?
    /// `;; links: A B`: the plugins it is granted links to.
    var links: Set<String> = []
    /// `;; input: TEXT`: the call's input; `;; output: TEXT`: the output it must write.
    var input: String?
    var output: String?
  }

  /// The document's code blocks of `language` (`wat`, `c`), with the settings their comment
  /// lines (`;; plugin: NAME` in WAT, `// plugin: NAME` in C, and so on) give.
  static func examples(_ language: String = "wat") throws -> [Example] {
    let path = PackageRoot.url.appendingPathComponent("docs/plugin-abi.md")
    let document = try String(contentsOf: path, encoding: .utf8)
    let comment = language == "c" ? "// " : ";; "
    var examples: [Example] = []
    for (index, chunk) in document.components(separatedBy: "```\(language)\n").dropFirst()
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
      }
      examples.append(example)
    }
    return examples
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

  @Test func everyExampleLoadsAndRuns() throws {
    let examples = try Self.examples()
    #expect(examples.count >= 9)
    let host = PluginHost(configuration: .init(capabilities: [Self.app]))
    for example in examples {
      try host.load(
        PluginSource(
          name: example.name, wat: example.text, capabilities: Capability.builtIn.union(["app"]),
          links: .plugins(example.links)))
      try Self.run(example, in: host)
    }
  }

  /// Every C block, built as `plugins/c/build.sh` builds the C plugins, loads and runs.
  @Test(.enabled(if: CToolchain.clang != nil, "needs clang with the wasm32 target"))
  func everyCExampleBuildsAndRuns() throws {
    let examples = try Self.examples("c")
    #expect(!examples.isEmpty)
    let host = PluginHost()
    for example in examples {
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("abi-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let source = folder.appendingPathComponent("\(example.name).c")
      let output = folder.appendingPathComponent("\(example.name).wasm")
      try example.text.write(to: source, atomically: true, encoding: .utf8)
      let build = Process()
      build.executableURL = PackageRoot.url.appendingPathComponent("plugins/c/build.sh")
      build.arguments = [output.path, source.path]
      build.environment = ProcessInfo.processInfo.environment.merging([
        "CLANG": CToolchain.clang ?? "clang"
      ]) { $1 }
      try build.run()
      build.waitUntilExit()
      try #require(build.terminationStatus == 0, "\(example.name) did not build")
      try host.load(PluginSource(file: output, name: example.name))
      try Self.run(example, in: host)
    }
  }

  /// Calls `example`'s `run` with its input and checks its output and result.
  static func run(_ example: Example, in host: PluginHost) throws {
    let call = try host.call(example.name, "run", input: example.input ?? "", budget: 1_000_000)
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
  }
}
