import Foundation
import ReplCore
import Testing

/// Tests of the real `wasbox-repl` binary: script mode, options and a pseudo-terminal session
/// (PluginHostTests' CExamplePluginTests rebuilds the C plugins).
@Suite struct BinaryTests {
  @Test func scriptModeFromStdinHasNoPromptsAndSucceeds() throws {
    let result = try ReplTestSupport.runBinary(
      ["plugins/mathlib.wat"], input: "mathlib.add 2 3\nlinks\n")
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        loaded mathlib from plugins/mathlib.wat (exports add, square)
        i32 5  (4 ticks)
        no imports: no loaded plugin imports anything
        granted: each plugin may import from any other (the REPL grants links when loading)

        """)
    #expect(!result.stdout.contains("\u{1B}["))
  }

  @Test func scriptModeExitsNonZeroWhenACommandFailed() throws {
    let result = try ReplTestSupport.runBinary([], input: "frobnicate\nhelp quit\n")
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix("error: unknown command \"frobnicate\""))
    #expect(result.stdout.contains("leave the REPL"))
  }

  @Test func scriptFileWithEcho() throws {
    let script = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-script-\(UUID().uuidString).txt")
    try "load plugins/greeter.wat\ngreeter.hello\nquit\ngreeter.hello\n"
      .write(to: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: script) }
    let result = try ReplTestSupport.runBinary(["--script", script.path, "--echo"])
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        wasbox> load plugins/greeter.wat
        loaded greeter from plugins/greeter.wat (exports greet, hello)
        wasbox> greeter.hello
        [info] greeter: Hello from a wasbox plugin!
        i32 27  (33 ticks)
        wasbox> quit

        """)
  }

  @Test func missingScriptAndBadOptionsAreOneLineErrors() throws {
    let missing = try ReplTestSupport.runBinary(["--script", "/nonexistent/script"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("cannot read --script /nonexistent/script"))
    let level = try ReplTestSupport.runBinary(["--log-level", "loud"])
    #expect(level.status != 0)
    #expect(level.stderr.contains("--log-level must be one of"))
  }

  /// A directory, an unreadable file or a missing one as the script, or a directory on
  /// standard input, is a one-line error and exit status 1, never a crash.
  @Test func unreadableScriptsFailCleanly() throws {
    let directory = try ReplTestSupport.runBinary(["--script", "plugins"])
    #expect(directory.status == 1)
    #expect(
      directory.stderr == "error: cannot read --script plugins: Is a directory\n")
    let folder = try #require(
      FileHandle(
        forReadingAtPath: ReplTestSupport.packageRoot.appendingPathComponent("plugins").path))
    defer { try? folder.close() }
    let redirected = try ReplTestSupport.runBinary([], standardInput: folder)
    #expect(redirected.status == 1)
    #expect(redirected.stderr == "error: cannot read standard input: Is a directory\n")
    let missing = try ReplTestSupport.runBinary(["--script", "/nonexistent/script"])
    #expect(missing.status == 1)
    #expect(
      missing.stderr
        == "error: cannot read --script /nonexistent/script: No such file or directory\n")
    // A file that opens but fails to read (EIO), then one without permission (root reads it).
    let failing = try ReplTestSupport.runBinary(["--script", "/proc/self/mem"])
    #expect(failing.status == 1)
    #expect(failing.stderr == "error: cannot read --script /proc/self/mem: Input/output error\n")
    guard getuid() != 0 else { return }
    let locked = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-locked-\(UUID().uuidString).txt")
    try "help\n".write(to: locked, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: locked) }
    try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
    let unreadable = try ReplTestSupport.runBinary(["--script", locked.path])
    #expect(unreadable.status == 1)
    #expect(unreadable.stderr.contains("cannot read --script \(locked.path): Permission denied"))
  }

  /// A plugin on the command line that does not parse is reported FILE:LINE:COLUMN: MESSAGE.
  @Test func textSyntaxErrorsOfStartupPluginsNameFileLineAndColumn() throws {
    let path = "Tests/ReplTests/Transcripts/fixtures/syntax.wat"
    let result = try ReplTestSupport.runBinary([path])
    #expect(result.status == 1)
    #expect(result.stdout == "error: \(path):4:14: unknown instruction i32.addd\n")
  }

  @Test func budgetAndLogLevelOptions() throws {
    let result = try ReplTestSupport.runBinary(
      ["--budget", "1000", "--log-level", "error", "plugins/sum.wat", "plugins/greeter.wat"],
      input: "budget\nsum.upto 1000\ngreeter.hello\nlog level\n")
    #expect(result.stdout.contains("budget: 1000 ticks per call"))
    #expect(result.stdout.contains("paused #1 sum.upto after 1000 ticks"))
    #expect(!result.stdout.contains("Hello from"))
    #expect(result.stdout.contains("log level: error"))
  }

  @Test func helpListsEveryLogLevelAndCriticalIsAccepted() throws {
    let help = try ReplTestSupport.runBinary(["--help"])
    let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(flat.contains("trace, debug, info, notice, warning, error, critical"))
    let result = try ReplTestSupport.runBinary(
      ["--log-level", "critical", "plugins/greeter.wat"], input: "greeter.hello\nlog level\n")
    #expect(result.status == 0)
    #expect(result.stdout.contains("log level: critical"))
    #expect(!result.stdout.contains("Hello from"))
  }

  @Test func versionAndHelp() throws {
    let version = try ReplTestSupport.runBinary(["--version"])
    #expect(version.stdout == "wasbox-repl 0.1.0\n")
    let help = try ReplTestSupport.runBinary(["--help"])
    for option in ["--budget", "--kv", "--log-level", "--script", "--no-color", "--history-file"] {
      #expect(help.stdout.contains(option))
    }
  }

  @Test func keyValueDataPersistsWithKVFile() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-kv-\(UUID().uuidString).sqlite")
    defer {
      for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: file.path + suffix)
      }
    }
    let first = try ReplTestSupport.runBinary(
      ["--kv", file.path, "plugins/counter.wat"], input: "counter.next\ncounter.next\n")
    #expect(first.stdout.contains("i64 2"))
    let second = try ReplTestSupport.runBinary(
      ["--kv", file.path, "plugins/counter.wat"], input: "counter.next\n")
    #expect(second.stdout.contains("i64 3"))
  }

  /// Prompt, Tab completion (a path with spaces too), history, Ctrl-C, and Ctrl-D saying how
  /// many paused calls it drops, through a pseudo-terminal (interactive.py).
  @Test func interactiveSessionThroughAPseudoTerminal() throws {
    let (status, text) = try ReplTestSupport.runInteractive()
    #expect(status == 0, "\(text)")
    #expect(text.hasSuffix("ok\n"))
  }
}
