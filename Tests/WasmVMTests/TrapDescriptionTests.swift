import Testing
import WAT
import WasmVM

/// `Trap.description` and `backtraceLines`: repeated frames fold, long backtraces are cut.
@Suite struct TrapDescriptionTests {
  static func frame(_ name: String, _ index: UInt32 = 0) -> BacktraceFrame {
    BacktraceFrame(functionIndex: index, name: name)
  }

  @Test func shortBacktracesAreListedFrameByFrame() {
    let trap = Trap(.unreachable, backtrace: [Self.frame("a"), Self.frame("b", 1)])
    #expect(trap.description == "unreachable\n  at a\n  at b")
    #expect(Trap(.integerOverflow).description == "integer overflow")
  }

  @Test func consecutiveRepeatsFoldIntoOneLine() {
    let frames =
      [Self.frame("boom", 2)] + Array(repeating: Self.frame("rec", 1), count: 19_998)
      + [Self.frame("run")]
    let trap = Trap(.callStackExhausted, backtrace: frames)
    #expect(trap.description == "call stack exhausted\n  at boom\n  at rec ×19,998\n  at run")
  }

  @Test func longBacktracesKeepTheFirstAndLastTenEntries() {
    let frames = (0..<20_000).map { Self.frame($0 % 2 == 0 ? "ping" : "pong", UInt32($0 % 2)) }
    let lines = Trap(.callStackExhausted, backtrace: frames).backtraceLines()
    #expect(lines.count == 21)
    #expect(lines[0] == "at ping")
    #expect(lines[9] == "at pong")
    #expect(lines[10] == "… 19,980 more frames")
    #expect(lines[20] == "at pong")
    let folded = frames.prefix(30) + Array(repeating: Self.frame("rec", 5), count: 1_000)
    let mixed = Trap(.callStackExhausted, backtrace: Array(folded)).backtraceLines(limit: 3)
    #expect(
      mixed == [
        "at ping", "at pong", "at ping", "… 25 more frames", "at ping", "at pong", "at rec ×1,000",
      ])
  }
}

/// A frame without a `name` section entry is named by the function's export (issue 17, item 17).
@Suite struct BacktraceNameTests {
  @Test func exportedFunctionsWithoutANameSectionShowTheirExportName() throws {
    // wat2wasm writes no name section by default, so only exports can name the frames.
    let bytes = try wat2wasm(
      """
      (module
        (func $inner (unreachable))
        (func (export "outer") (export "alias") (call $inner)))
      """)
    let module = try Module(bytes: bytes).validate()
    let store = Store()
    let instance = try store.instantiate(module, imports: [:])
    let function = try #require(instance.exportedFunction("outer"))
    guard case .trapped(let trap) = try store.invoke(function, arguments: []).run(ticks: 100)
    else {
      Issue.record("expected a trap")
      return
    }
    #expect(trap.backtrace.map(\.description) == ["func[0]", "outer"])
  }
}
