import Foundation
import PluginHost
import WasmVM

/// load, unload, reload, plugins, exports, links.
extension ReplSession {
  static let pluginCommands: [Command] = [
    Command(
      name: "load", usage: "PATH... [as NAME]",
      summary: "load plugins from files, directories or globs", arity: 1...Int.max,
      run: { session, words in try session.load(words) }),
    Command(
      name: "unload", usage: "NAME [--dependents]", summary: "unload a plugin", arity: 1...2,
      takesPlugin: true,
      run: { session, words in try session.unload(words) }),
    Command(
      name: "reload", usage: "NAME [--dependents]",
      summary: "load a plugin's file again, keeping its kv data", arity: 1...2,
      takesPlugin: true,
      run: { session, words in try session.reload(words) }),
    Command(
      name: "plugins", usage: "", summary: "list loaded plugins", arity: 0...0,
      run: { session, _ in session.listPlugins() }),
    Command(
      name: "exports", usage: "NAME", summary: "list a plugin's exports with signatures",
      arity: 1...1, takesPlugin: true,
      run: { session, words in try session.listExports(words[0]) }),
    Command(
      name: "links", usage: "", summary: "show who imports whom", arity: 0...0,
      run: { session, _ in session.listLinks() }),
  ]

  private func load(_ words: [String]) throws {
    if words.count == 3, words[1] == "as" {
      try loadFiles([words[0]], name: words[2])
    } else if words.contains("as") {
      throw ReplError(
        "usage: load PATH... [as NAME], e.g. load plugins/*.wat or load plugins/greeter.wat as hello"
      )
    } else {
      try loadFiles(words, name: nil)
    }
  }

  /// Loads the plugins that `paths` name (files, directories of `.wat` and `.wasm` files, or
  /// glob patterns) as one batch: linked dependencies first, whatever the order, and
  /// all-or-nothing.
  func loadFiles(_ paths: [String], name: String?) throws {
    var files: [String] = []
    for path in paths { files += try expand(path) }
    var sources: [PluginSource] = []
    var typed: [String: String] = [:]
    for path in files {
      let url = resolve(path)
      let ext = url.pathExtension.lowercased()
      guard ext == "wat" || ext == "wasm" else {
        throw ReplError(
          "\(path) is neither .wat nor .wasm; give a WebAssembly text or binary file")
      }
      // The REPL's user loads each plugin on purpose, so it may import from any other (an
      // embedder grants none by default; see LinkGrant).
      let source = PluginSource(file: url, name: name, links: .anyPlugin)
      sources.append(source)
      typed[source.name] = path
    }
    let plugins = try locatingSyntaxErrors(at: typed) { try host.load(sources) }
    for plugin in plugins {
      let path = typed[plugin.name] ?? sourceLabel(plugin)
      sourcePaths[plugin.name] = path
      let functions = plugin.exportedFunctions.keys.sorted()
      let list = functions.isEmpty ? "no functions" : functions.joined(separator: ", ")
      print(
        style.notice(GuestText.escape("loaded \(plugin.name) from \(path)"))
          + GuestText.escape(" (exports \(list))"))
    }
    flushLogs()
  }

  /// The plugin files `path` names, as the user would type them: itself, the `.wat` and
  /// `.wasm` files of a directory, or the matches of a glob pattern, sorted.
  private func expand(_ path: String) throws(ReplError) -> [String] {
    if path.contains(where: { "*?[".contains($0) }) {
      let matches = Glob.matches(path, in: directory)
      guard !matches.isEmpty else { throw ReplError("no file matches \(path)") }
      return matches
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolve(path).path, isDirectory: &isDirectory)
    else {
      throw ReplError("no file at \(path); check the path (Tab completes file names)")
    }
    guard isDirectory.boolValue else { return [path] }
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: resolve(path).path)) ?? []
    let plugins = names.filter { ["wat", "wasm"].contains(($0 as NSString).pathExtension) }
    guard !plugins.isEmpty else { throw ReplError("no .wat or .wasm file in \(path)") }
    let prefix = path.hasSuffix("/") ? path : path + "/"
    return plugins.sorted().map { prefix + $0 }
  }

  /// Runs `body`, reporting a text syntax error as `FILE:LINE:COLUMN: MESSAGE` with the path
  /// of the plugin as the user typed it (`paths` by plugin name).
  private func locatingSyntaxErrors(
    at paths: [String: String], _ body: () throws -> [Plugin]
  ) throws -> [Plugin] {
    do {
      return try body()
    } catch let error as PluginHostError {
      guard case .invalidText(let plugin, let syntax) = error, let path = paths[plugin] else {
        throw error
      }
      let located = TextSyntaxError(
        file: path, line: syntax.line, column: syntax.column, message: syntax.message)
      throw ReplError(located.description)
    }
  }

  private func dependentsFlag(_ words: [String]) throws(ReplError) -> Bool {
    guard words.count == 2 else { return false }
    guard words[1] == "--dependents" else {
      throw ReplError("unknown option \"\(words[1])\"; the only option is --dependents")
    }
    return true
  }

  private func unload(_ words: [String]) throws {
    _ = try requirePlugin(words[0])
    let report = try withDependentsHint("unload", words[0]) {
      try host.unload(words[0], includingDependents: try dependentsFlag(words))
    }
    for name in report.plugins { sourcePaths[name] = nil }
    print(GuestText.escape("unloaded \(report.plugins.joined(separator: ", "))"))
    reportCancelled(report.cancelledCalls)
  }

  private func reload(_ words: [String]) throws {
    let plugin = try requirePlugin(words[0])
    // The same words as `load` when the file is gone, rather than Foundation's.
    if case .file(let url) = plugin.source.code, !FileManager.default.fileExists(atPath: url.path) {
      let path = sourcePaths[plugin.name] ?? url.path
      throw ReplError("no file at \(path); check the path (Tab completes file names)")
    }
    let report = try withDependentsHint("reload", words[0]) {
      try host.reload(words[0], reloadingDependents: try dependentsFlag(words))
    }
    print(GuestText.escape("reloaded \(report.plugins.joined(separator: ", "))"))
    reportCancelled(report.cancelledCalls)
    flushLogs()
  }

  /// Rewords PluginHost's refusal to strand dependents with the REPL's own option.
  private func withDependentsHint(
    _ operation: String, _ name: String, _ body: () throws -> PluginChangeReport
  ) throws -> PluginChangeReport {
    do {
      return try body()
    } catch PluginHostError.hasDependents(_, let dependents, _) {
      let names = dependents.joined(separator: ", ")
      throw ReplError(
        "cannot \(operation) \(name): \(names) import\(dependents.count == 1 ? "s" : "") from "
          + "it; \"\(operation) \(name) --dependents\" \(operation)s them too")
    }
  }

  private func reportCancelled(_ calls: [PausedCall]) {
    for call in calls { print(GuestText.escape("cancelled paused call \(call.id) \(call.target)")) }
  }

  func requirePlugin(_ name: String) throws(ReplError) -> Plugin {
    guard let plugin = host.plugin(named: name) else {
      let loaded = host.plugins.map(\.name)
      let hint =
        loaded.isEmpty
        ? "no plugins are loaded; load one with \"load PATH\""
        : "loaded: \(loaded.joined(separator: ", "))"
      throw ReplError("no plugin named \"\(name)\"; \(hint)")
    }
    return plugin
  }

  private func listPlugins() {
    let plugins = host.plugins
    guard !plugins.isEmpty else {
      print("no plugins loaded; load one with \"load PATH\" (try plugins/greeter.wat)")
      return
    }
    let paused = host.pausedCalls
    for plugin in plugins {
      let source = sourcePaths[plugin.name] ?? sourceLabel(plugin)
      print(style.bold(GuestText.escape(plugin.name)) + "  " + GuestText.escape(source))
      let exports = exportSummary(plugin)
      print(
        GuestText.escape(
          "  exports: " + (exports.isEmpty ? "none" : exports.joined(separator: ", "))))
      let described = plugin.imports.map { "\($0.module).\($0.name) → \(linkTarget($0))" }
      print(
        GuestText.escape(
          "  imports: " + (described.isEmpty ? "none" : described.joined(separator: ", "))))
      let calls = paused.filter { $0.plugin == plugin.name }.map(\.description)
      print(
        GuestText.escape(
          "  paused calls: " + (calls.isEmpty ? "none" : calls.joined(separator: "; "))))
    }
  }

  private func sourceLabel(_ plugin: Plugin) -> String {
    switch plugin.source.code {
    case .file(let url): url.path
    case .wasm: "(binary module)"
    case .wat: "(text module)"
    }
  }

  private func linkTarget(_ entry: PluginImport) -> String {
    switch entry.provider {
    case .capability(let capability): "host \(capability) capability"
    case .plugin(let name): "plugin \(name)"
    }
  }

  private func exportSummary(_ plugin: Plugin) -> [String] {
    let functions = plugin.exportedFunctions
    return plugin.instance.exports.keys.sorted().map { name in
      if let type = functions[name] { return name + ValueFormatting.signature(type) }
      return "\(name) (\(kind(of: plugin.instance.exports[name])))"
    }
  }

  private func kind(of value: ExternalValue?) -> String {
    switch value {
    case .function: "func"
    case .memory(let memory):
      memory.pageCount == 1 ? "memory, 1 page" : "memory, \(memory.pageCount) pages"
    case .table: "table"
    case .global: "global"
    case nil: "unknown"
    }
  }

  private func listExports(_ name: String) throws {
    let plugin = try requirePlugin(name)
    let functions = plugin.exportedFunctions
    let names = plugin.instance.exports.keys.sorted()
    guard !names.isEmpty else {
      print(GuestText.escape("\(name) exports nothing"))
      return
    }
    for export in names {
      if let type = functions[export] {
        print(GuestText.escape("  \(name).\(export) \(ValueFormatting.signature(type))"))
      } else {
        print(GuestText.escape("  \(name).\(export) \(kind(of: plugin.instance.exports[export]))"))
      }
    }
  }

  private func listLinks() {
    var any = false
    for plugin in host.plugins {
      let imports = plugin.imports
      var modules: [String] = []
      for entry in imports where !modules.contains(entry.module) { modules.append(entry.module) }
      for module in modules {
        let linked = imports.filter { $0.module == module }
        let fields = linked.map(\.name)
        let fromHost = linked.contains {
          if case .capability = $0.provider { return true }
          return false
        }
        let target = fromHost ? "\(module) (host)" : module
        print(GuestText.escape("\(plugin.name) → \(target): \(fields.joined(separator: ", "))"))
        any = true
      }
    }
    if !any { print("no imports: no loaded plugin imports anything") }
    let plugins = host.plugins
    guard !plugins.isEmpty else { return }
    if plugins.allSatisfy({ $0.source.links == .anyPlugin }) {
      print("granted: each plugin may import from any other (the REPL grants links when loading)")
    } else {
      for plugin in plugins {
        print(GuestText.escape("granted: \(plugin.name) may import from \(plugin.source.links)"))
      }
    }
  }
}
