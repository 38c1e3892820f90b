import Foundation
import Testing

/// Script mode runs each line as it arrives, so a program can drive the REPL over a pipe.
@Suite struct PipeTests {
  /// Text appended from the pipe's reader thread and read by the test.
  final class SharedText: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = ""
    var text: String { lock.withLock { collected } }
    func append(_ chunk: String) { lock.withLock { collected += chunk } }

    /// Waits until `condition` holds, for at most `seconds`.
    func wait(seconds: Double = 30, until condition: (String) -> Bool) -> Bool {
      let deadline = Date().addingTimeInterval(seconds)
      while Date() < deadline {
        if condition(text) { return true }
        Thread.sleep(forTimeInterval: 0.02)
      }
      return condition(text)
    }
  }

  @Test func eachLineRunsAsItArrivesAndQuitStopsReading() throws {
    guard let binary = ReplTestSupport.binary else { throw MissingBinary() }
    let process = Process()
    process.executableURL = binary
    process.currentDirectoryURL = ReplTestSupport.packageRoot
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    let output = SharedText()
    stdout.fileHandleForReading.readabilityHandler = { handle in
      output.append(String(decoding: handle.availableData, as: UTF8.self))
    }
    try process.run()
    defer {
      try? stdin.fileHandleForWriting.close()
      if process.isRunning { process.terminate() }
      stdout.fileHandleForReading.readabilityHandler = nil
    }
    let input = stdin.fileHandleForWriting
    input.write(Data("load plugins/mathlib.wat\n".utf8))
    #expect(output.wait { $0.contains("loaded mathlib") }, "no answer before EOF: \(output.text)")
    input.write(Data("mathlib.add 1 2\n".utf8))
    #expect(output.wait { $0.contains("i32 3") }, "got \(output.text)")
    // Standard input stays open: quit alone ends the process, and what follows is not run.
    input.write(Data("quit\nmathlib.add 40 2\n".utf8))
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    #expect(!process.isRunning, "quit did not end the process")
    if !process.isRunning { #expect(process.terminationStatus == 0) }
    #expect(!output.text.contains("i32 42"))
  }
}
