import CReadline
import Foundation
import ReplCore

/// The session readline completes against; readline's callbacks are C functions and cannot
/// capture it.
nonisolated(unsafe) private var completionSession: ReplSession?
nonisolated(unsafe) private var pendingMatches: [String] = []

/// GNU readline around a session: line editing, history persisted to a file, tab completion,
/// and Ctrl-C clearing the line.
struct LineEditor {
  let historyPath: String?

  init(session: ReplSession, historyPath: String?) {
    self.historyPath = historyPath
    completionSession = session
    wasbox_rl_configure(
      { text, start, _ in
        wasbox_rl_completion_over()
        wasbox_rl_suppress_quote()
        guard let text, let session = completionSession else { return nil }
        let line = wasbox_rl_line_buffer().map { String(cString: $0) } ?? ""
        let matches = session.completions(
          line: line, start: Int(start), word: String(cString: text))
        pendingMatches = matches.reversed()
        if matches.count == 1, matches[0].hasSuffix("/") || matches[0].hasSuffix(".") {
          wasbox_rl_no_append()
        }
        return rl_completion_matches(text) { _, _ in
          guard let next = pendingMatches.popLast() else { return nil }
          return strdup(next)
        }
      },
      {
        if Interrupt.take() {
          rl_replace_line("", 0)
          rl_crlf()
          rl_on_new_line()
          rl_redisplay()
        }
        return 0
      })
    using_history()
    if let historyPath {
      if FileManager.default.fileExists(atPath: historyPath) {
        read_history(historyPath)
      } else {
        write_history(historyPath)
      }
    }
  }

  /// The next line, or `nil` at end of input (Ctrl-D).
  func readLine(prompt: String) -> String? {
    guard let raw = readline(prompt) else { return nil }
    defer { free(raw) }
    let line = String(cString: raw)
    if !line.trimmingCharacters(in: .whitespaces).isEmpty {
      add_history(line)
      if let historyPath { append_history(1, historyPath) }
    }
    return line
  }
}
