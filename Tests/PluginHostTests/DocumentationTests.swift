import Foundation
import PluginHost
import Testing
import WasmVM

/// Keeps docs/plugin-abi.md honest: every WAT block in it loads, runs, and returns what it says.
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

  static func examples() throws -> [Example] {
    let path = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("docs/plugin-abi.md")
    let document = try String(contentsOf: path, encoding: .utf8)
    var examples: [Example] = []
    for (index, chunk) in document.components(separatedBy: "```wat\n").dropFirst().enumerated() {
      let text = chunk.components(separatedBy: "\n```").first ?? ""
      var example = Example(name: "example\(index + 1)", text: text)
      for line in text.split(separator: "\n") {
        if line.hasPrefix(";; plugin: ") { example.name = String(line.dropFirst(11)) }
        if line.hasPrefix(";; => ") { example.expected = Int32(line.dropFirst(6)) }
        if line.hasPrefix(";; links: ") {
          example.links = Set(line.dropFirst(10).split(separator: " ").map(String.init))
        }
        if line.hasPrefix(";; input: ") { example.input = String(line.dropFirst(10)) }
        if line.hasPrefix(";; output: ") { example.output = String(line.dropFirst(11)) }
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
    #expect(examples.count >= 8)
    let host = PluginHost(configuration: .init(capabilities: [Self.app]))
    for example in examples {
      try host.load(
        PluginSource(
          name: example.name, wat: example.text, capabilities: Capability.builtIn.union(["app"]),
          links: .plugins(example.links)))
      let call = try host.call(
        example.name, "run", input: example.input ?? "", budget: 1_000_000)
      guard case .completed(let result, _) = call.outcome else {
        Issue.record("\(example.name) did not complete: \(call.outcome)")
        continue
      }
      if let output = example.output {
        #expect(call.text == output, "\(example.name)")
      }
      if let expected = example.expected {
        #expect(result == [.i32(UInt32(bitPattern: expected))], "\(example.name)")
      }
    }
  }
}
