import Foundation
import Testing

@testable import ReplCore

/// `quit` and `exit`: one command, explained by `help exit` too, with an optional exit code,
/// saying how many paused calls it drops.
@Suite struct QuitTests {
  @Test func helpExitExplainsQuit() {
    let (output, failures) = ReplTestSupport.run(["help exit"])
    #expect(failures == 0, "\(output)")
    #expect(output.contains("quit [CODE]"))
    #expect(output.contains("exit is the same command"))
  }

  @Test func quittingSaysHowManyPausedCallsAreDropped() {
    let (output, failures) = ReplTestSupport.run(
      ["load plugins/sum.wat", "sum.upto 100000000", "sum.upto 100000000", "exit"],
      budget: 1000)
    #expect(failures == 0, "\(output)")
    #expect(
      output.contains(
        "dropping 2 paused calls (#1, #2); \"save FILE\" first keeps them for \"restore FILE\""))
    let (none, _) = ReplTestSupport.run(["quit"])
    #expect(!none.contains("dropping"))
  }

  @Test func aBadExitCodeIsAnErrorAndTheSessionGoesOn() {
    let (output, failures) = ReplTestSupport.run(["quit 256", "exit x", "budget"])
    #expect(failures == 2)
    #expect(output.contains("error: the exit code must be a number from 0 to 255, not \"256\""))
    #expect(output.contains("10000000") || output.contains("10,000,000"))
  }

  @Test func theExitCodeBecomesTheStatus() throws {
    let three = try ReplTestSupport.runBinary([], input: "quit 3\nhelp\n")
    #expect(three.status == 3)
    #expect(!three.stdout.contains("Commands:"))
    let zero = try ReplTestSupport.runBinary([], input: "frobnicate\nexit 0\n")
    #expect(zero.status == 0)
    let failed = try ReplTestSupport.runBinary([], input: "frobnicate\nexit\n")
    #expect(failed.status == 1)
  }
}
