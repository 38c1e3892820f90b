import Foundation
import Logging

/// Tab completion, independent of readline so that it can be tested.
extension ReplSession {
  /// The candidates for the word `word` that starts at character `start` of `line`.
  ///
  /// The first word completes to commands, plugin names and `plugin.export` names; then each
  /// command's arguments: file paths (`load`, `source`), plugin names (those with a memory for
  /// `memory` and `write`), kv operations, paused call ids (`where`, `frame`; with `all` for
  /// `resume`, `cancel`; `step`, `next`, `finish`, `back`, `history`), breakpoint numbers (`delete`), `plugin.export` names (`disasm`, `break`), log levels, exported globals, view
  /// types after `as`, and the options `--dependents` and `--budget`. When the word follows an opening quote (readline passes it without the quote),
  /// candidates are returned as they go inside the quotes; otherwise a path holding a space
  /// comes back with an opening quote, and a finished one (not a directory) with its closing
  /// quote too.
  public func completions(line: String, start: Int, word: String) -> [String] {
    let before = String(line.prefix(start))
    let quoted = before.filter { $0 == "\"" }.count % 2 == 1
    let head = quoted ? String(before.dropLast()) : before
    let previous =
      (try? Tokenizer.split(head))
      ?? head.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    // Names with control characters cannot be typed, and readline would print them raw.
    let plugins = host.plugins.map(\.name).filter(GuestText.isPlain)
    let matching = { (candidates: [String]) in candidates.filter { $0.hasPrefix(word) } }
    let calls = {
      self.host.plugins.flatMap { plugin in
        plugin.exportedFunctions.keys.map { "\(plugin.name).\($0)" }
      }.filter(GuestText.isPlain)
    }
    guard let command = previous.first else {
      return matching(Self.commandNames + calls()).sorted()
        + (word.contains(".") ? [] : plugins.filter { $0.hasPrefix(word) }.map { $0 + "." })
    }
    let position = previous.count
    if previous.last == "as", ["memory", "write"].contains(command) {
      return matching(ScalarType.allCases.map(\.rawValue))
    }
    switch (command, position) {
    case ("load", _) where previous.last != "as", ("source", 1):
      return pathCompletions(word, quoted: quoted)
    case ("help", 1):
      return matching(Self.commandNames).sorted()
    case ("kv", 2):
      return matching(["list", "get", "set", "delete"])
    case ("resume", 1), ("cancel", 1):
      return matching(host.pausedCalls.map { String($0.id.rawValue) } + ["all"])
    case ("where", 1), ("frame", 1), ("step", 1), ("next", 1), ("finish", 1), ("back", 1),
      ("history", 1):
      return matching(host.pausedCalls.map { String($0.id.rawValue) })
    case ("delete", 1):
      return matching(
        host.breakpoints.map { String($0.number) } + host.watchpoints.map { String($0.number) })
    case ("watch", 1):
      return matching(plugins).sorted()
    case ("disasm", 1), ("break", 1), ("profile", 1):
      return matching(calls()).sorted()
    case ("log", 1):
      return matching(["level"])
    case ("trace", 1):
      return matching(["on", "off"])
    case ("trace", 2) where previous[1] == "on":
      return matching(plugins).sorted()
    case ("log", 2) where previous[1] == "level":
      return matching(Logger.Level.allCases.map(\.rawValue))
    case ("unload", 2), ("reload", 2):
      return matching(["--dependents"])
    case ("global", 2):
      let exports = host.plugin(named: previous[1])?.instance.exports ?? [:]
      return matching(
        exports.compactMap { name, value in
          if case .global = value, GuestText.isPlain(name) { return name }
          return nil
        }
      ).sorted()
    case (_, 1) where Self.pluginCommandNames.contains(command):
      let withMemory = Self.memoryCommandNames.contains(command)
      return matching(
        plugins.filter { name in
          !withMemory || host.plugin(named: name).flatMap(memory(of:)) != nil
        }
      ).sorted()
    default:
      let isCall = !Self.commandNames.contains(command) && command.contains(".")
      return isCall && word.hasPrefix("-") ? matching(["--budget"]) : []
    }
  }

  /// Files and directories starting with `word`; directories end in `/` so completion can go
  /// on into them. Quoted as ``completions(line:start:word:)`` says.
  func pathCompletions(_ word: String, quoted: Bool = false) -> [String] {
    let slash = word.lastIndex(of: "/")
    let directory = slash.map { String(word[...$0]) } ?? ""
    let prefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
    let listed = resolve(directory.isEmpty ? "." : directory).path
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: listed) else {
      return []
    }
    return entries.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }
      .sorted()
      .map { entry in
        var isDirectory: ObjCBool = false
        let full = (listed as NSString).appendingPathComponent(entry)
        _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
        let path = directory + entry
        let needsQuotes = path.contains(where: { " \t\"\\".contains($0) })
        guard quoted || needsQuotes else { return path + (isDirectory.boolValue ? "/" : "") }
        let escaped = path.replacingOccurrences(of: "\\", with: "\\\\")
          .replacingOccurrences(of: "\"", with: "\\\"")
        let body = escaped + (isDirectory.boolValue ? "/" : "\"")
        return quoted ? body : "\"" + body
      }
  }
}
