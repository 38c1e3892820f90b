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
      }
      examples.append(example)
    }
    return examples
  }

  @Test func everyExampleLoadsAndRuns() throws {
    let examples = try Self.examples()
    #expect(examples.count >= 8)
    let host = PluginHost()
    for example in examples {
      try host.load(PluginSource(name: example.name, wat: example.text))
      let result = try host.run(example.name, "run")
      if let expected = example.expected {
        #expect(result == [.i32(UInt32(bitPattern: expected))], "\(example.name)")
      }
    }
  }
}
