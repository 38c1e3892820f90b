import Foundation
import Testing

@testable import ReplCore

/// `load A B C`, `load DIR`, `load GLOB` and plugins on the command line load as one batch:
/// dependencies first whatever the order, and nothing if anything fails.
@Suite struct BatchLoadTests {
  @Test func filesLoadDependenciesFirstWhateverTheOrder() {
    let (output, failures) = ReplTestSupport.run([
      "load plugins/calculator.wat plugins/mathlib.wat", "calculator.sum_of_squares 3 4",
    ])
    #expect(failures == 0, "\(output)")
    let mathlib = output.range(of: "loaded mathlib from plugins/mathlib.wat")
    let calculator = output.range(of: "loaded calculator from plugins/calculator.wat")
    #expect(mathlib != nil && calculator != nil)
    if let mathlib, let calculator { #expect(mathlib.lowerBound < calculator.lowerBound) }
    #expect(output.contains("i32 25"))
  }

  @Test func aGlobOrADirectoryLoadsEveryPluginInIt() {
    let (globbed, globFailures) = ReplTestSupport.run(["load plugins/*.wat", "plugins"])
    #expect(globFailures == 0, "\(globbed)")
    #expect(globbed.contains("loaded calculator from plugins/calculator.wat"))
    #expect(globbed.contains("loaded memsum from plugins/memsum.wat"))
    #expect(!globbed.contains("fib"))
    let (listed, listFailures) = ReplTestSupport.run(["load plugins/", "fib.fib 10"])
    #expect(listFailures == 0, "\(listed)")
    #expect(listed.contains("loaded fib from plugins/fib.wasm"))
    #expect(listed.contains("loaded notes from plugins/notes.wasm"))
    #expect(listed.contains("loaded calculator from plugins/calculator.wat"))
    let (none, noneFailures) = ReplTestSupport.run(["load plugins/*.nothing"])
    #expect(noneFailures == 1)
    #expect(none.contains("error: no file matches plugins/*.nothing"))
  }

  @Test func aBatchWithAFailureLoadsNothing() {
    let syntax = "Tests/ReplTests/Transcripts/fixtures/syntax.wat"
    let (output, failures) = ReplTestSupport.run([
      "load plugins/mathlib.wat plugins/calculator.wat \(syntax)", "plugins",
    ])
    #expect(failures == 1)
    #expect(output.contains("error: \(syntax):4:14: unknown instruction i32.addd"))
    #expect(output.contains("no plugins loaded"))
  }

  @Test func commandLinePluginsLoadAsOneBatch() throws {
    let result = try ReplTestSupport.runBinary(
      ["plugins/calculator.wat", "plugins/mathlib.wat"],
      input: "calculator.sum_of_squares 3 4\n")
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("loaded mathlib"))
    #expect(result.stdout.contains("i32 25"))
  }
}

extension BatchLoadTests {
  @Test func everyPathOfALoadCompletes() {
    let session = ReplSession(
      options: ReplSession.Options(directory: ReplTestSupport.packageRoot), output: { _ in })
    let line = "load plugins/mathlib.wat plugins/calc"
    let start = line.count - "plugins/calc".count
    #expect(
      session.completions(line: line, start: start, word: "plugins/calc")
        == ["plugins/calculator.wat"])
    #expect(session.completions(line: "load x.wat as ", start: 14, word: "").isEmpty)
  }
}
