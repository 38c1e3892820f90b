import Foundation
import Testing

@testable import ReplCore

/// Command-line options and script-mode behaviour added for issue 17: `--budget` values,
/// `--stop-on-error`, `--time`, `source`, and the end of input dropping paused calls.
@Suite struct ScriptOptionTests {
  @Test func budgetOptionMessagesAreAccurate() throws {
    let negative = try ReplTestSupport.runBinary(["--budget", "-1"])
    #expect(negative.status != 0)
    #expect(negative.stderr.contains("--budget must be a whole number of ticks of at least 1"))
    #expect(negative.stderr.contains("got \"-1\""))
    #expect(!negative.stderr.contains("Missing value"))
    let attached = try ReplTestSupport.runBinary(
      ["--budget=5", "plugins/sum.wat"], input: "budget\nsum.upto 100\n")
    #expect(attached.stdout.contains("budget: 5 ticks per call"))
    #expect(attached.stdout.contains("paused #1 sum.upto after 5 ticks"))
  }

  /// `--max-sleep` caps `clock.sleep` (issue 26); a bad duration is refused up front.
  @Test func maxSleepCapsClockSleep() throws {
    #expect(SleepDuration.milliseconds("500ms") == 500)
    #expect(SleepDuration.milliseconds("60s") == 60_000)
    #expect(SleepDuration.milliseconds("2m") == 120_000)
    #expect(SleepDuration.milliseconds("1h") == 3_600_000)
    #expect(SleepDuration.milliseconds("250") == 250)
    #expect(SleepDuration.milliseconds("soon") == nil)
    #expect(SleepDuration.milliseconds("99999999999999999999s") == nil)
    let capped = try ReplTestSupport.runBinary(
      ["--max-sleep", "50ms", "plugins/ticker.wat"], input: "ticker.run 1 100\nticker.run 1 20\n")
    #expect(
      capped.stdout.contains("100 ms (read as unsigned) is longer than this host allows (50 ms"),
      "\(capped.stdout)")
    #expect(capped.stdout.contains("i32 1"))
    let bad = try ReplTestSupport.runBinary(["--max-sleep", "soon"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("--max-sleep must be a duration like 500ms"))
  }

  /// Issue 26: a script's output is a function of the script. With background and foreground
  /// calls sleeping side by side, 20 runs of the binary print the same bytes: virtual time
  /// (script mode's default) moves only while the call at the prompt or `wait` waits, and
  /// only as far as its own sleeps take it.
  @Test func aScriptWithSleepingCallsPrintsTheSameInEveryRun() throws {
    let script = """
      load plugins/ticker.wat as tock
      bg ticker.run 3 400
      tock.run 2 300
      jobs
      wait

      """
    let expected = """
      started #1 ticker.run in the background; "wait 1" waits for it, "jobs" lists running calls
      [info] tock: tick 1
      [info] ticker: tick 1
      [info] tock: tick 2
      i32 2  (62 ticks)
      #1 ticker.run(i32:3, i64:400) after 34 ticks, waiting in clock.sleep(i64:400)
      [info] ticker: tick 2
      [info] ticker: tick 3
      #1 ticker.run: i32 3  (90 ticks)

      """
    for _ in 0..<20 {
      let run = try ReplTestSupport.runBinary(["plugins/ticker.wat"], input: script)
      #expect(run.status == 0)
      #expect(run.stdout.hasSuffix(expected), "\(run.stdout)")
    }
    let real = try ReplTestSupport.runBinary(
      ["--clock", "real", "plugins/ticker.wat"], input: "ticker.run 1 5\n")
    #expect(real.stdout.contains("i32 1  (34 ticks)"))
    let bad = try ReplTestSupport.runBinary(["--clock", "fast"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("--clock"))
  }

  /// Issue 26's acceptance: a background call saved while it sleeps goes on in the background
  /// after a restore in a new process, and `wait` prints its result with the ticks of an
  /// uninterrupted run; here it goes on undisturbed. With either clock.
  @Test(arguments: ["virtual", "real"])
  func aSleepingBackgroundCallSavesAndGoesOnInANewProcess(clock: String) throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("bg-\(UUID().uuidString).wasbox")
    defer { try? FileManager.default.removeItem(at: file) }
    let saved = try ReplTestSupport.runBinary(
      ["--clock", clock],
      input: "load plugins/ticker.wat as tick\nbg tick.run 3 40\nsave \(file.path)\nwait\n")
    #expect(saved.stdout.contains("0 paused calls and 1 background call to"), "\(saved.stdout)")
    #expect(saved.stdout.hasSuffix("#1 tick.run: i32 3  (90 ticks)\n"), "\(saved.stdout)")
    let restored = try ReplTestSupport.runBinary(
      ["--clock", clock], input: "restore \(file.path)\nwait\n")
    #expect(
      restored.stdout.contains("resumed #1 tick.run in the background"), "\(restored.stdout)")
    #expect(restored.stdout.hasSuffix("#1 tick.run: i32 3  (90 ticks)\n"), "\(restored.stdout)")
  }

  @Test func stopOnErrorStopsTheScriptAtTheFirstFailure() throws {
    let input = "load plugins/mathlib.wat\nfrobnicate\nmathlib.add 1 2\n"
    let stopped = try ReplTestSupport.runBinary(["--stop-on-error"], input: input)
    #expect(stopped.status == 1)
    #expect(stopped.stdout.contains("unknown command \"frobnicate\""))
    #expect(!stopped.stdout.contains("i32 3"))
    let goesOn = try ReplTestSupport.runBinary([], input: input)
    #expect(goesOn.status == 1)
    #expect(goesOn.stdout.contains("i32 3"))
  }

  @Test func theEndOfInputSaysWhichPausedCallsItDrops() throws {
    let result = try ReplTestSupport.runBinary(
      ["--budget", "10", "plugins/sum.wat"], input: "sum.upto 100\nsum.upto 100\n")
    #expect(result.status == 0)
    #expect(
      result.stdout.hasSuffix(
        "dropping 2 paused calls (#1, #2); \"save FILE\" first keeps them for \"restore FILE\"\n"))
    let quit = try ReplTestSupport.runBinary(
      ["--budget", "10", "plugins/sum.wat"], input: "sum.upto 100\nquit\n")
    #expect(quit.stdout.components(separatedBy: "dropping").count == 2)
  }

  /// Wall time is off unless asked for, so transcripts stay reproducible; `--time` and
  /// `time on` show it after the ticks.
  @Test func wallTimeIsShownOnlyWhenAskedFor() throws {
    let plain = try ReplTestSupport.runBinary(["plugins/mathlib.wat"], input: "mathlib.add 1 2\n")
    #expect(plain.stdout.contains("i32 3  (4 ticks)\n"))
    let timed = try ReplTestSupport.runBinary(
      ["--time", "plugins/mathlib.wat"], input: "mathlib.add 1 2\n")
    #expect(timed.stdout.contains("i32 3  (4 ticks, "))
    let output = OutputCollector()
    let session = ReplSession(
      options: ReplSession.Options(directory: ReplTestSupport.packageRoot),
      output: output.append)
    var clock: UInt64 = 0
    session.now = {
      clock += 1_500_000
      return clock
    }
    for line in ["load plugins/mathlib.wat", "time", "time on", "mathlib.add 1 2", "time off"] {
      session.execute(line)
    }
    #expect(
      output.text.hasSuffix(
        "wall time: not shown\nwall time: shown after each call's ticks\n"
          + "i32 3  (4 ticks, 1.5 ms)\nwall time: not shown\n"))
    #expect(ReplSession.duration(nanoseconds: 850_000) == "850 µs")
    #expect(ReplSession.duration(nanoseconds: 2_414_000_000) == "2.41 s")
  }

  @Test func sourceRunsAFileAndStopsOnErrorWhenAsked() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-source")
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = directory.appendingPathComponent("setup.txt")
    try "load plugins/mathlib.wat\r\nmathlib.add 2 2\nnope\nmathlib.add 3 3\n"
      .write(to: script, atomically: true, encoding: .utf8)
    let looping = directory.appendingPathComponent("loop.txt")
    try "source \(looping.path)\n".write(to: looping, atomically: true, encoding: .utf8)
    let (output, failures) = ReplTestSupport.run([
      "source \(script.path)", "source \(directory.path)", "source /nonexistent/x",
      "source \(looping.path)",
    ])
    #expect(output.contains("wasbox> mathlib.add 2 2\ni32 4"))
    #expect(output.contains("wasbox> mathlib.add 3 3\ni32 6"))
    #expect(output.contains("error: cannot read \(directory.path): it is a directory"))
    #expect(output.contains("error: no file at /nonexistent/x"))
    #expect(output.contains("error: source is nested 16 deep"))
    #expect(failures == 4)
    let (stopped, _) = ReplTestSupport.run(
      ["source \(script.path)"], adjusting: { $0.stopsOnError = true })
    #expect(stopped.contains("i32 4"))
    #expect(!stopped.contains("i32 6"))
  }

  /// `reload` of a deleted file says what `load` says; an import from an unknown module says
  /// it is neither a plugin nor a capability (issue 17, item 18).
  @Test func reloadOfADeletedFileAndAnUnknownImportModule() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-reload")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("gone.wat")
    try "(module)".write(to: file, atomically: true, encoding: .utf8)
    let output = OutputCollector()
    let session = ReplSession(
      options: ReplSession.Options(directory: ReplTestSupport.packageRoot),
      output: output.append)
    session.execute("load \(file.path)")
    try FileManager.default.removeItem(at: file)
    session.execute("reload gone")
    session.execute("load \(file.path)")
    session.execute("load Tests/ReplTests/Transcripts/fixtures/fs-import.wat")
    let lines = output.text.split(separator: "\n")
    #expect(
      lines.filter { $0.hasPrefix("error: no file at \(file.path); check the path") }.count == 2)
    let expected =
      "error: plugin \"fs-import\" imports \"fs.open\", but \"fs\" is neither a loaded "
      + "plugin nor a host capability (log, clock, kv, io): load a plugin named \"fs\" first or in "
      + "the same batch"
    #expect(lines.last.map(String.init) == expected)
  }

  /// Each command added for issue 17 is in `help` and explained by `help COMMAND`.
  @Test func everyNewCommandIsInHelp() {
    let commands = ["write", "global", "tables", "source", "time", "resume", "cancel", "memory"]
    let (listing, _) = ReplTestSupport.run(["help"])
    for command in commands {
      #expect(listing.contains("\n  \(command) "), "help lists no \(command)")
      let (details, failures) = ReplTestSupport.run(["help \(command)"])
      #expect(failures == 0)
      #expect(details.split(separator: "\n").count >= 4, "help \(command) explains nothing")
    }
    let (call, _) = ReplTestSupport.run(["load plugins/mathlib.wat", "help mathlib.add"])
    #expect(call.contains("mathlib.add I32 I32 [--budget N]\n  mathlib.add (i32, i32) -> (i32)\n"))
  }
}
