import Foundation
import Testing

@testable import ReplCore

/// A command line costs work in proportion to its length: a first word of 60,000 dots took
/// 3.5 GB (every dot was a split, each copying the word), and a 1 MB line was killed by the
/// OOM killer. Lines are now capped at ``ReplSession/maxLineBytes`` and split linearly.
@Suite struct LongLineTests {
  @Test func aWordOfSixtyThousandDotsIsSplitInLinearTime() {
    let dots = String(repeating: "x.", count: 60_000)
    let clock = ContinuousClock()
    var outputs: [(String, Int)] = []
    let elapsed = clock.measure {
      outputs.append(ReplTestSupport.run([dots]))
      outputs.append(ReplTestSupport.run(["load plugins/greeter.wat", "greeter." + dots]))
    }
    // Milliseconds in a debug build; the quadratic split took tens of seconds, or ran out of
    // memory.
    #expect(elapsed < .seconds(10))
    let (unloaded, unloadedFailures) = outputs[0]
    #expect(unloadedFailures == 1)
    #expect(unloaded.contains("error: no plugin named \"x\"; no plugins are loaded"))
    // The split at the loaded plugin's name wins, so the error lists its functions.
    let (loaded, loadedFailures) = outputs[1]
    #expect(loadedFailures == 1)
    #expect(loaded.contains("error: greeter exports no function \"x.x.x.x."))
    #expect(loaded.contains("; its functions: greet"))
  }

  @Test func aLineOverTheLimitIsRefusedWithoutRunning() {
    let limit = ReplSession.maxLineBytes
    #expect(limit == 1 << 20)
    let long = "budget 5 " + String(repeating: "x", count: limit)
    let (output, failures) = ReplTestSupport.run([long, "budget"])
    #expect(failures == 1)
    #expect(
      output.contains(
        "error: the line holds more than the 1048576 bytes a command line may hold, so none of "
          + "it ran; split the work over several commands"))
    #expect(output.hasPrefix("wasbox> budget 5 xxx"))
    #expect(output.count < 1_000)
    // The budget was not set to 5.
    #expect(output.hasSuffix("wasbox> budget\nbudget: 10000000 ticks per call\n"))
    // A line of the limit exactly is parsed as usual.
    let (atLimit, _) = ReplTestSupport.run([String(repeating: "y", count: limit)])
    #expect(atLimit.contains("error: unknown command"))
  }

  @Test func theBinaryDropsAnOverlongLineAndGoesOn() throws {
    // 3 MiB without a newline, then a command: the script reader keeps only what the session
    // needs to refuse the line.
    let input = String(repeating: "z", count: 3 << 20) + "\nbudget 7\nbudget\n"
    let result = try ReplTestSupport.runBinary([], input: input)
    #expect(result.status == 1)
    #expect(result.stdout.contains("more than the 1048576 bytes a command line may hold"))
    #expect(result.stdout.hasSuffix("budget: 7 ticks per call\nbudget: 7 ticks per call\n"))
    #expect(!result.stdout.contains("unknown command"))
  }
}
