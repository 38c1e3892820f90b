import Foundation

/// Tab completion, independent of readline so that it can be tested.
extension ReplSession {
  /// The candidates for the word `word` that starts at character `start` of `line`: commands,
  /// plugin names and `plugin.export` names as the first word; plugin names after commands
  /// that take one; file paths after `load`.
  public func completions(line: String, start: Int, word: String) -> [String] {
    let before = String(line.prefix(start))
    let previous = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    // Names with control characters cannot be typed, and readline would print them raw.
    let plugins = host.plugins.map(\.name).filter(GuestText.isPlain)
    guard let command = previous.first else {
      let calls = host.plugins.flatMap { plugin in
        plugin.exportedFunctions.keys.map { "\(plugin.name).\($0)" }
      }.filter(GuestText.isPlain)
      return (Self.commandNames + calls).filter { $0.hasPrefix(word) }.sorted()
        + (word.contains(".") ? [] : plugins.filter { $0.hasPrefix(word) }.map { $0 + "." })
    }
    if command == "load", previous.last != "as" { return pathCompletions(word) }
    if command == "help", previous.count == 1 {
      return Self.commandNames.filter { $0.hasPrefix(word) }.sorted()
    }
    if Self.pluginCommandNames.contains(command), previous.count == 1 {
      return plugins.filter { $0.hasPrefix(word) }.sorted()
    }
    if command == "kv", previous.count == 2 {
      return ["list", "get", "set", "delete"].filter { $0.hasPrefix(word) }
    }
    return []
  }

  /// Files and directories starting with `word`; directories end in `/` so completion can go
  /// on into them.
  func pathCompletions(_ word: String) -> [String] {
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
        return directory + entry + (isDirectory.boolValue ? "/" : "")
      }
  }
}
