import Foundation
import TestSupport
import Testing

@testable import ReplCore

/// Guest-controlled text (log messages, names, kv data, trap messages, file names) reaches the
/// terminal only through `GuestText`, escaped.
@Suite struct HostileTests {
  @Test func escapesControlCharacters() {
    #expect(GuestText.escape("plain café → ok") == "plain café → ok")
    #expect(GuestText.escape("\u{1B}]0;title\u{07}") == "\\e]0;title\\x07")
    #expect(GuestText.escape("a\rb\nc\td\0") == "a\\rb\\nc\\td\\0")
    #expect(GuestText.escape("\u{7F}\u{9B}\u{2028}") == "\\x7f\\u{9b}\\u{2028}")
    let once = GuestText.escape("\u{1B}[2J\\e")
    #expect(GuestText.escape(once) == once)
    #expect(ValueFormatting.bytes(Array("\u{9B}31m".utf8)) == "0xc29b33316d")
  }

  /// A plugin that logs escapes, exports a name with one, stores them in kv and traps, loaded
  /// also from a file whose name holds an escape, through the real binary in script mode.
  @Test func hostilePluginShowsOnlyEscapedText() throws {
    let fixtures = "Tests/ReplTests/Transcripts/fixtures/"
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-hostile")
    defer { try? FileManager.default.removeItem(at: directory) }
    let evil = directory.appendingPathComponent("evil\u{1B}[2J\r.wat")
    try FileManager.default.copyItem(
      at: ReplTestSupport.packageRoot.appendingPathComponent(fixtures + "hostile.wat"), to: evil)
    let commands = [
      "load \(fixtures)hostile.wat", "hostile.run", "log", "kv hostile", "exports hostile",
      "hostile.trap", "plugins", "links", "load \(fixtures)hostile-import.wat",
    ]
    let result = try ReplTestSupport.runBinary(
      [evil.path, "--echo"], input: commands.joined(separator: "\n") + "\n")
    #expect(result.status == 1)
    let output = result.stdout
    for raw: Unicode.Scalar in ["\u{1B}", "\u{07}", "\r", "\u{9B}", "\u{7F}"] {
      #expect(!output.unicodeScalars.contains(raw), "raw \(raw.escaped(asASCII: true))")
    }
    let lines = output.split(separator: "\n").map(String.init)
    #expect(!lines.contains { $0.hasPrefix("fake") })
    for expected in [
      "[info] hostile: \\e]0;title\\x07", "[info] hostile: \\e[2J", "[info] hostile: \\r",
      "[info] hostile: \\nfake: wasbox> line", "[info] hostile: \\u{9b}31m\\x7f",
      "  hostile.\\e[2Jclear () -> ()",
      "  0x1b5b324a = 0x1b5d303b7469746c6507",
    ] {
      #expect(lines.filter { $0 == expected }.count >= 1, "missing line \(expected)")
    }
    #expect(output.hasPrefix("wasbox> load \(directory.path)/evil\\e[2J\\r.wat\n"))
    #expect(output.contains("loaded evil\\e[2J\\r from \(directory.path)/evil\\e[2J\\r.wat"))
    #expect(output.contains("\\e]0;pwned\\x07.f\\rx"))
    #expect(output.contains("error: trap: unreachable"))
  }

  /// Items 1, 2 and 5 of issue 17 in one session of the real binary: a plugin writes terminal
  /// escapes, another asks for 4 GiB of memory past --max-memory, and the input holds bytes
  /// no command expects (invalid UTF-8, NUL, ESC, a directory to source, absurd numbers). The
  /// REPL escapes, refuses with the flag to raise, reports each error, goes on to the last
  /// line, and exits 1 without crashing.
  @Test func escapesMemoryQuotaAndBadInputInOneSession() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-hostile-session")
    defer { try? FileManager.default.removeItem(at: directory) }
    let huge = directory.appendingPathComponent("huge.wat")
    try #"(module (memory (export "memory") 65536))"#.write(
      to: huge, atomically: true, encoding: .utf8)
    var input = Data(
      """
      load Tests/ReplTests/Transcripts/fixtures/hostile.wat
      hostile.run
      load \(huge.path)

      """.utf8)
    input.append(contentsOf: [0xFF, 0xFE, 0x00, 0x1B, 0x5B, 0x32, 0x4A, 0x0A])
    input.append(
      Data(
        """
        source plugins
        memory hostile 0 99999999999999999999999
        memory hostile 0x7fffffffffffffff 1 as f64
        write hostile 0 1 as i32 extra
        "unterminated
        hostile.trap
        kv hostile

        """.utf8))
    let script = directory.appendingPathComponent("input")
    try input.write(to: script)
    let handle = try FileHandle(forReadingFrom: script)
    defer { try? handle.close() }
    let result = try ReplTestSupport.runBinary(["--max-memory", "64MiB"], standardInput: handle)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    let output = result.stdout
    for raw: Unicode.Scalar in ["\u{1B}", "\u{07}", "\r", "\u{9B}", "\u{0}"] {
      #expect(!output.unicodeScalars.contains(raw), "raw \(raw.escaped(asASCII: true))")
    }
    #expect(output.contains("[info] hostile: \\e[2J"))
    #expect(output.contains("raise --max-memory"))
    #expect(output.contains("error: unknown command \"\u{FFFD}\u{FFFD}\\0\\e[2J\""))
    #expect(output.contains("error: cannot read plugins: it is a directory"))
    #expect(output.contains("error: trap: unreachable"))
    #expect(output.hasSuffix("  0x1b5b324a = 0x1b5d303b7469746c6507\n"))
  }
}

/// A snapshot's manifest names the breakpoint a saved call stopped at; a crafted one can put
/// terminal escapes in those names, and the REPL shows them escaped like any guest text.
@Suite struct CraftedStopTests {
  @Test func aCraftedBreakpointNameReachesTheTerminalEscaped() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-crafted-stop")
    defer { try? FileManager.default.removeItem(at: directory) }
    let saved = directory.appendingPathComponent("saved.snap")
    let first = try ReplTestSupport.runBinary(
      ["plugins/sum.wat"], input: "break sum.upto\nsum.upto 10\nsave \(saved.path)\n")
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    let bytes = [UInt8](try Data(contentsOf: saved))
    let crafted = try CraftedSnapshot.editing(bytes) { manifest in
      CraftedSnapshot.editCalls(&manifest) { calls in
        var stop = calls[0]["stop"] as? [String: Any] ?? [:]
        var breakpoint = stop["breakpoint"] as? [String: Any] ?? [:]
        breakpoint["plugin"] = "\u{1B}]0;pwned\u{07}"
        breakpoint["function"] = "up\rto\u{9B}2J"
        stop["breakpoint"] = breakpoint
        calls[0]["stop"] = stop
      }
    }
    let file = directory.appendingPathComponent("crafted.snap")
    try Data(crafted).write(to: file)
    let result = try ReplTestSupport.runBinary(
      ["--restore", file.path, "--echo"], input: "paused\nwhere 1\nstep 1\nresume 1\n")
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    for raw: Unicode.Scalar in ["\u{1B}", "\u{07}", "\r", "\u{9B}"] {
      #expect(!result.stdout.unicodeScalars.contains(raw), "raw \(raw.escaped(asASCII: true))")
    }
    #expect(result.stdout.contains("\\e]0;pwned\\x07.up\\rto\\u{9b}2J"), "\(result.stdout)")
    #expect(result.stdout.contains("i64 55  ("), "\(result.stdout)")
  }
}
