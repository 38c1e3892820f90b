import Foundation
import WastRunner

/// Runs one script in a child process of this same executable, so that an engine bug that
/// crashes (or hangs) costs that script only: the crash or timeout becomes a failure in its
/// report and the remaining scripts still run.
struct IsolatedRun {
  var file: String
  var sliceTicks: UInt64?
  var snapshotEvery: UInt64?
  var maxTicks: UInt64
  /// Wall-clock seconds before the child is killed.
  var timeout: Double

  func report() -> WastReport {
    guard let executable = Bundle.main.executableURL else {
      return failed("cannot locate the wasbox-wast executable to run the script in")
    }
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-wast-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let reportURL = directory.appendingPathComponent("report.json")
    let errorURL = directory.appendingPathComponent("stderr.txt")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      guard FileManager.default.createFile(atPath: errorURL.path, contents: nil) else {
        return failed("cannot create \(errorURL.path) for the child's output")
      }
      let errorHandle = try FileHandle(forWritingTo: errorURL)
      defer { try? errorHandle.close() }
      let process = Process()
      process.executableURL = executable
      process.arguments = childArguments(reportPath: reportURL.path)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = errorHandle
      let finished = DispatchSemaphore(value: 0)
      process.terminationHandler = { _ in finished.signal() }
      try process.run()
      if finished.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        finished.wait()
        return failed("timed out after \(Int(timeout)) s (--timeout)")
      }
      if process.terminationReason == .uncaughtSignal || process.terminationStatus != 0 {
        let how =
          process.terminationReason == .uncaughtSignal
          ? "crashed (signal \(process.terminationStatus))"
          : "exited with status \(process.terminationStatus)"
        return failed("runner process \(how)\(crashDetail(errorURL))")
      }
      return try JSONDecoder().decode(WastReport.self, from: Data(contentsOf: reportURL))
    } catch {
      return failed("could not run the script in a child process: \(error)")
    }
  }

  private func childArguments(reportPath: String) -> [String] {
    var arguments = [file, "--in-process", "--report-to", reportPath, "--max-ticks", "\(maxTicks)"]
    if let sliceTicks { arguments += ["--slice-ticks", "\(sliceTicks)"] }
    if let snapshotEvery { arguments += ["--snapshot-every", "\(snapshotEvery)"] }
    return arguments
  }

  /// The most telling line of the child's standard error ("Fatal error: …"), if any.
  private func crashDetail(_ url: URL) -> String {
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    let lines = text.split(separator: "\n")
    guard let line = lines.first(where: { $0.contains("error") }) ?? lines.first else { return "" }
    return ": " + line.trimmingCharacters(in: .whitespaces)
  }

  private func failed(_ reason: String) -> WastReport {
    var report = WastReport(file: file)
    report.failures = [WastNote(line: 0, reason: reason)]
    return report
  }
}
