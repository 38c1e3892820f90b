import Foundation
import PluginHost

/// `save FILE` and `restore FILE`: the whole session (plugins, their state, paused calls, `kv`
/// data held in memory) to a file and back, in this REPL or a later one.
extension ReplSession {
  static let snapshotCommands: [Command] = [
    Command(
      name: "save", usage: "FILE",
      summary: "save plugins, their state and paused and background calls",
      arity: 1...1, holdsHost: false, run: { session, words in try session.save(words[0]) }),
    Command(
      name: "restore", usage: "FILE",
      summary: "replace this session with a saved one",
      arity: 1...1, holdsHost: false, run: { session, words in try session.restore(words[0]) }),
  ]

  /// Saves between two slices: background calls are saved where they are (a sleeping one
  /// with the time it has left) and go on here; restoring the file starts them again in the
  /// background.
  func save(_ path: String) throws {
    printBackgroundOutput()
    let bytes: [UInt8]
    do {
      bytes = try asyncHost.snapshot()
    } catch {
      throw ReplError("cannot save: \(error)")
    }
    let url = resolve(path)
    do {
      try Data(bytes).write(to: url, options: .atomic)
    } catch {
      throw ReplError("cannot write \(path): \(error.localizedDescription)")
    }
    let (plugins, calls) = try holdingHost { (host.plugins.count, host.pausedCalls.count) }
    let running = background.count
    let pausedText = "\(calls) paused call\(calls == 1 ? "" : "s")"
    print(
      "saved \(plugins) plugin\(plugins == 1 ? "" : "s")"
        + (running == 0
          ? " and \(pausedText)"
          : ", \(pausedText) and \(running) background call\(running == 1 ? "" : "s")")
        + " to \(GuestText.escape(path)) (\(bytes.count) bytes)")
  }

  func restore(_ path: String) throws {
    let bytes = [UInt8](try readFile(path))
    printBackgroundOutput()
    guard background.isEmpty else {
      throw ReplError(
        "\(background.count) background call\(background.count == 1 ? " is" : "s are") still "
          + "running; \"wait\" for them before restoring")
    }
    var configuration = host.configuration
    // As when loading, the REPL's user chose the snapshot, so its plugins keep their links.
    configuration.restoredLinks = { _ in .anyPlugin }
    do {
      // The session chooses its kv store (`--kv`), never the snapshot: data in SQLite stays in
      // the file the session opened, and a snapshot naming another file is refused. Data held
      // in memory is restored into a fresh store, which replaces this session's with the rest
      // of it.
      if let database = try PluginHost.keyValueDatabase(inSnapshot: bytes) {
        guard (configuration.keyValueStore as? SQLiteKeyValueStore)?.path == database else {
          throw ReplError(
            "cannot restore \(path): its kv data is in the SQLite database \(database); "
              + "start wasbox-repl with --kv on that file to restore it")
        }
      } else if !(configuration.keyValueStore is SQLiteKeyValueStore) {
        configuration.keyValueStore = InMemoryKeyValueStore()
      }
      let restored = try PluginHost(restoring: bytes, configuration: configuration)
      let dropped = try holdingHost { host.pausedCalls.count }
      asyncHost = AsyncPluginHost(host: restored, sliceTicks: sliceTicks)
      host = asyncHost.withHost { HostReference($0) }.host
      holdVirtualTime()
      sourcePaths = [:]
      for plugin in host.plugins {
        if case .file(let file) = plugin.source.code { sourcePaths[plugin.name] = file.path }
      }
      pauseOrder = host.pausedCalls.map(\.id)
      if dropped > 0 {
        print("dropped this session's \(dropped) paused call\(dropped == 1 ? "" : "s")")
      }
    } catch let error as ReplError {
      throw error
    } catch let error as PluginHostError {
      throw ReplError("cannot restore \(path): \(error)")
    } catch {
      throw ReplError("cannot restore \(path): \(error)")
    }
    let plugins = host.plugins.count
    let running = host.pausedCalls.filter { $0.runningBudget != nil }
    pauseOrder.removeAll { id in running.contains { $0.id == id } }
    let calls = host.pausedCalls.filter { $0.runningBudget == nil }
    let ids = calls.isEmpty ? "" : " (\(calls.map(\.id.description).joined(separator: ", ")))"
    print(
      "restored \(plugins) plugin\(plugins == 1 ? "" : "s") and \(calls.count) paused "
        + "call\(calls.count == 1 ? "" : "s")\(ids) from \(GuestText.escape(path))")
    // Calls that were running in the background when saved go on in the background.
    for call in running {
      try asyncHost.start(resuming: call.id, budget: call.runningBudget ?? budget)
      try runInBackground(call.id, target: call.target, resumed: true)
    }
  }

  /// `--restore FILE`: restores a saved session before anything else runs.
  public func restoreAtStartup(_ path: String) {
    execute("restore " + Tokenizer.quote(path))
  }
}
