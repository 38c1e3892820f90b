import Foundation
import TestSupport
import Testing

/// The C plugin of docs/writing-plugins.md, built only from that page and
/// plugins/include/wasbox.h, loads, logs, keeps data in `kv`, and is debugged in the REPL with
/// the commands the page's Debugging section names: `break`, `where`, `step`, `frame`,
/// `resume`. Stopped and stepped, it ends as a plain call does.
@Suite struct DocumentedPluginDebuggingTests {
  /// The page's one C block.
  static func example() throws -> String {
    let blocks = try ReplTestSupport.codeBlocks("c", in: "docs/writing-plugins.md")
    try #require(blocks.count == 1)
    return blocks[0]
  }

  @Test(.enabled(if: CToolchain.clang != nil, "needs clang with the wasm32 target"))
  func theDocumentedPluginIsDebuggedWithBreakStepAndWhere() throws {
    try CToolchain.withPlugin(try Self.example(), named: "visits") { file in
      let load = "load \"\(file.path)\" as visits"
      let (plain, plainFailures) = ReplTestSupport.run([load, "visits.run \"Ada\"", "kv visits"])
      #expect(plainFailures == 0, "\(plain)")
      #expect(plain.contains("[info] visits: visit counted\nWelcome, Ada\n"), "\(plain)")
      #expect(plain.contains("\"visitor\" = \"Ada\""), "\(plain)")
      let result = try #require(
        plain.split(separator: "\n").first { $0.hasPrefix("i32 1  (") }, "\(plain)")

      let (debugged, failures) = ReplTestSupport.run([
        load, "break visits.run", "visits.run \"Ada\"", "where 1", "step 1 3", "where 1",
        "frame 1 0", "resume 1", "kv visits",
      ])
      #expect(failures == 0, "\(debugged)")
      let lines = debugged.split(separator: "\n").map(String.init)
      // The call stops before its first instruction, in `run`, with nothing charged yet.
      #expect(
        lines.contains {
          $0.hasPrefix("paused #1 visits.run after 0 ticks (at breakpoint 1 visits.run (entry")
        }, "\(debugged)")
      let positions = lines.filter { $0.hasPrefix("#0 visits.run+0x") }
      // The stop's where, `where`, the step's new position, `where` again, and `frame`.
      try #require(positions.count == 5, "\(debugged)")
      #expect(positions[0] == positions[1])
      #expect(positions[2] != positions[1], "three steps moved the call")
      #expect(positions[3] == positions[2] && positions[4] == positions[2])
      #expect(lines.contains("locals:"))
      // Resumed, it does what the plain call did, with the same result and ticks.
      #expect(debugged.contains("[info] visits: visit counted\nWelcome, Ada\n"), "\(debugged)")
      #expect(lines.filter { $0 == result }.count == 1, "\(debugged)")
      #expect(debugged.contains("\"visitor\" = \"Ada\""), "\(debugged)")
    }
  }
}
