import Foundation
import Testing

@testable import ReplCore

/// `--max-memory`, `--max-table`, `--max-total-table`, `--max-tables`, `--max-module`,
/// `--max-depth` and `--start-budget`: the REPL's defaults, and errors that name the flag to
/// raise.
@Suite struct LimitTests {
  @Test func memorySizesReadAsPages() {
    #expect(MemorySize.pages("16384") == 16384)
    #expect(MemorySize.pages("1GiB") == 16384)
    #expect(MemorySize.pages("256MiB") == 4096)
    #expect(MemorySize.pages("4GiB") == 65536)
    #expect(MemorySize.pages("100KiB") == 1)
    #expect(MemorySize.pages("-1") == nil)
    #expect(MemorySize.pages("1TB") == nil)
    #expect(MemorySize.pages("") == nil)
    #expect(MemorySize.bytes("4MiB") == 4 << 20)
    #expect(MemorySize.bytes("4194304") == 4 << 20)
    #expect(MemorySize.bytes("100KiB") == 102_400)
    #expect(MemorySize.bytes("-1") == nil)
    #expect(MemorySize.bytes("-1KiB") == nil)
    #expect(MemorySize.bytes("4MB") == nil)
  }

  @Test func theTableCountAndModuleSizeLimitsNameTheirFlags() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-tables-\(UUID().uuidString).wat")
    try "(module (table 1 funcref) (table 1 funcref))"
      .write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let (tables, tableFailures) = ReplTestSupport.run(
      ["load \(file.path)"], adjusting: { $0.maxTables = 1 })
    #expect(tableFailures == 1)
    #expect(tables.contains("raise --max-tables"))
    let (module, moduleFailures) = ReplTestSupport.run(
      ["load plugins/fib.wasm"], adjusting: { $0.maxModuleBytes = 10 })
    #expect(moduleFailures == 1)
    #expect(module.contains("holds more than the 10 bytes a module may hold"))
    #expect(module.contains("raise --max-module"))
    let (text, textFailures) = ReplTestSupport.run(
      ["load plugins/greeter.wat"], adjusting: { $0.maxModuleBytes = 10 })
    #expect(textFailures == 1)
    #expect(text.contains("more than the 40 bytes of text a .wat plugin may hold"))
    #expect(text.contains("raise --max-module"))
    let (total, totalFailures) = ReplTestSupport.run(
      ["load \(file.path)"], adjusting: { $0.maxTotalTableElements = 1 })
    #expect(totalFailures == 1)
    #expect(total.contains("raise --max-total-table"))
  }

  @Test func theMemoryOfAllPluginsTogetherIsCappedAndTheErrorNamesTheFlag() {
    let (output, failures) = ReplTestSupport.run(
      ["load plugins/fib.wasm", "load plugins/greeter.wat"],
      adjusting: { $0.maxMemoryPages = 2 })
    #expect(failures == 1)
    #expect(output.contains("loaded fib"))
    #expect(output.contains("page budget of 2 pages"))
    #expect(output.contains("raise --max-memory"))
    #expect(!output.contains("Configuration."))
  }

  @Test func aStartFunctionPastTheStartBudgetNamesTheFlag() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-spin-\(UUID().uuidString).wat")
    try "(module (func $spin (loop $again (br $again))) (start $spin))"
      .write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let (output, failures) = ReplTestSupport.run(
      ["load \(file.path)"], adjusting: { $0.startBudget = 1000 })
    #expect(failures == 1)
    #expect(output.contains("within 1000 ticks; raise --start-budget"))
  }

  @Test func deepRecursionNamesTheDepthFlag() {
    let (output, failures) = ReplTestSupport.run(
      ["load Tests/ReplTests/Transcripts/fixtures/recursion.wat", "recursion.run"],
      adjusting: { $0.maxCallDepth = 50 })
    #expect(failures == 1)
    #expect(
      output.contains("call stack exhausted after 198 ticks; --max-depth allows 50 nested calls"))
  }

  @Test func theTableAndCallDepthLimitsReachTheHost() {
    var options = ReplSession.Options()
    options.maxTableElements = 7
    options.maxCallDepth = 99
    options.maxMemoryPages = 100_000
    let session = ReplSession(options: options, output: { _ in })
    #expect(session.host.configuration.maxTableElements == 7)
    #expect(session.host.configuration.maxCallDepth == 99)
    #expect(session.host.configuration.maxMemoryPages == 65536)
    #expect(session.host.configuration.maxTotalMemoryPages == 100_000)
    options.maxTotalTableElements = 500
    options.maxTables = 3
    options.maxModuleBytes = 4096
    let limited = ReplSession(options: options, output: { _ in }).host.configuration
    #expect(limited.maxTotalTableElements == 500)
    #expect(limited.resourceLimits.maxTables == 3)
    #expect(limited.resourceLimits.maxModuleBytes == 4096)
    let defaults = ReplSession(output: { _ in }).host.configuration
    #expect(defaults.maxTotalMemoryPages == 16384)
    #expect(defaults.maxMemoryPages == 16384)
    #expect(defaults.maxTotalTableElements == 10_000_000)
    #expect(defaults.resourceLimits.maxTables == 100)
    #expect(defaults.resourceLimits.maxModuleBytes == 4 << 20)
  }

  @Test func helpShowsTheLimitFlagsAndTheirDefaults() throws {
    let result = try ReplTestSupport.runBinary(["--help"])
    for flag in [
      "--max-memory", "--max-table", "--max-total-table", "--max-tables", "--max-module",
      "--max-depth", "--start-budget",
    ] {
      #expect(result.stdout.contains(flag), "\(flag) missing from --help")
    }
    #expect(result.stdout.contains("(default: 1GiB)"))
    #expect(result.stdout.contains("(default: 10000000)"))
    #expect(result.stdout.contains("(default: 4MiB)"))
  }
}
