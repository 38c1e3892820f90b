import Foundation
import PluginHost
import ReplCore
import TestSupport

/// Where the tests find the package, the built binary and the transcripts.
///
/// Most tests run a ``ReplSession`` in-process (fast, and every command's output is checked
/// byte for byte); `BinaryTests` and the interactive test run the real `wasbox-repl`, which
/// `swift test` builds along with the tests.
enum ReplTestSupport {
  static let packageRoot = PackageRoot.url

  static let transcripts = packageRoot.appendingPathComponent("Tests/ReplTests/Transcripts")

  /// The fenced code blocks of `language` (`console`, `c`) in `document`, a path from the
  /// package root, without their fences.
  static func codeBlocks(_ language: String, in document: String) throws -> [String] {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent(document), encoding: .utf8)
    return text.components(separatedBy: "```\(language)\n").dropFirst()
      .compactMap { $0.components(separatedBy: "```").first }
  }

  /// The clock every transcript runs with, so clock.wat prints the same numbers each time.
  static let fixedClock: Int64 = 1_700_000_000_000

  /// The `wasbox-repl` built next to the test bundle, or in `.build/debug`.
  static var binary: URL? {
    var candidates: [URL] = []
    if let executable = Bundle.main.executableURL {
      let directory = executable.deletingLastPathComponent()
      candidates.append(directory.appendingPathComponent("wasbox-repl"))
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/wasbox-repl"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// The commands of a transcript: its lines after the prompt.
  static func commands(of transcript: String) -> [String] {
    transcript.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { $0.hasPrefix(ReplSession.prompt) }
      .map { String($0.dropFirst(ReplSession.prompt.count)) }
  }

  /// Runs `commands` in a fresh in-process session with echo on, as script mode would, and
  /// returns everything it printed.
  static func run(
    _ commands: [String], budget: UInt64 = 10_000_000,
    adjusting adjust: (inout ReplSession.Options) -> Void = { _ in }
  ) -> (String, Int) {
    let output = OutputCollector()
    var options = ReplSession.Options(budget: budget, echo: true, directory: packageRoot)
    options.settlesBackgroundCalls = true
    adjust(&options)
    let session = ReplSession(
      options: options,
      clock: VirtualClock(wallClockOrigin: fixedClock), output: output.append)
    for command in commands where !session.quitRequested { session.execute(command) }
    return (output.text, session.failures)
  }

  /// Runs the binary with `arguments`, feeding `input` on standard input, or reading it from
  /// `standardInput` when one is given.
  static func runBinary(
    _ arguments: [String], input: String = "", standardInput: FileHandle? = nil
  ) throws -> ProcessResult {
    guard let binary else { throw MissingBinary() }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = standardInput ?? stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    if standardInput == nil { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }
}

extension ReplTestSupport {
  /// A new empty directory under the temporary directory; the caller removes it.
  static func makeTemporaryDirectory(_ prefix: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  /// Runs interactive.py (with `options` such as `--banner`) on the binary through a
  /// pseudo-terminal, with a fresh history file; returns its exit status and what it printed.
  static func runInteractive(_ options: [String] = []) throws -> (status: Int32, text: String) {
    guard let binary else { throw MissingBinary() }
    let history = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-history-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: history) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script = packageRoot.appendingPathComponent("Tests/ReplTests/interactive.py").path
    process.arguments =
      ["python3", script] + options + [binary.path, packageRoot.path, history.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }
}

struct ProcessResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

struct MissingBinary: Error, CustomStringConvertible {
  var description: String { "wasbox-repl is not built; run swift build first" }
}

/// Gathers a session's output; sessions are used from one thread, as documented.
final class OutputCollector: @unchecked Sendable {
  private(set) var text = ""
  func append(_ chunk: String) { text += chunk }
}
