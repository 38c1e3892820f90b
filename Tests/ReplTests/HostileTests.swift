import Foundation
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
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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
}
