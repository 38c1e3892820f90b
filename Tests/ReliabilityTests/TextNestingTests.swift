import Foundation
import PluginHost
import Synchronization
import Testing

/// WebAssembly text nested past ``TextNesting``'s limit (200 levels) is refused with a clear
/// error before WasmKit's WAT parser, which recurses per level and overflowed the stack on
/// 7,000 nested blocks (issue 25, item 10), sees it.
@Suite struct TextNestingTests {
  /// A module whose function nests `depth` folded blocks: `depth + 2` levels of parentheses.
  static func nestedBlocks(_ depth: Int) -> String {
    "(module (func (export \"run\")"
      + String(repeating: " (block", count: depth) + String(repeating: ")", count: depth)
      + "))"
  }

  func textError(_ wat: String) -> TextSyntaxError? {
    do {
      try PluginHost().load(PluginSource(name: "deep", wat: wat))
    } catch {
      if case .invalidText(plugin: "deep", let syntax) = error { return syntax }
      Issue.record("expected invalidText, got \(error)")
    }
    return nil
  }

  @Test func sevenThousandNestedBlocksAreRefusedWithThePosition() {
    let syntax = textError(Self.nestedBlocks(7_000))
    // "(module (func (export \"run\")" is 28 characters; each " (block" adds 7, and the 199th
    // block opens level 201.
    #expect(
      syntax
        == TextSyntaxError(
          file: nil, line: 1, column: 28 + 198 * 7 + 2,
          message: "parentheses nest deeper than 200 levels, the most WebAssembly text may nest"))
  }

  /// On a thread of 1 MiB of stack, which the parser needs at the limit in a debug build.
  @Test func textAtTheLimitLoadsAndRunsInAMebibyteOfStack() {
    let outcome = Mutex<Result<Bool, PluginHostError>?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      let host = PluginHost()
      let result = Result { () throws(PluginHostError) -> Bool in
        try host.load(PluginSource(name: "deep", wat: Self.nestedBlocks(198)))
        if case .completed = try host.call("deep", "run", budget: 10_000) { return true }
        return false
      }
      outcome.withLock { $0 = result }
      done.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
    done.wait()
    #expect(outcome.withLock { try? $0?.get() } == true)
  }

  @Test func parenthesesInStringsAndCommentsDoNotCount() throws {
    let many = String(repeating: "(", count: 5_000)
    let wat = """
      (module
        ;; \(many)
        (memory 1)
        (; \(many) "unbalanced in a comment is fine ;)
        (data (i32.const 0) "\\"\(many)"))
      """
    try PluginHost().load(PluginSource(name: "strings", wat: wat))
  }

  @Test func blockCommentsNestTowardTheLimit() {
    let comment = String(repeating: "(;", count: 200) + String(repeating: ";)", count: 200)
    let syntax = textError("(module \(comment))")
    #expect(syntax?.line == 1)
    #expect(syntax?.column == 9 + 2 * 199)
  }

  @Test func theLineAndColumnCountLinesAndCharacters() {
    let syntax = textError("(module\n  ;; é\n  (func \"é\"" + Self.nestedBlocks(200).dropFirst(7))
    // Line 3 holds `  (func "é"` (11 characters, levels 2) and ` (func (export "run")` (21,
    // level 3), so block k opens level 3 + k: the 198th is past the limit.
    #expect(syntax?.line == 3)
    #expect(syntax?.column == 11 + 21 + 197 * 7 + 2)
  }
}
