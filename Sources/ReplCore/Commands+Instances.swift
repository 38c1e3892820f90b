import Foundation
import PluginHost
import WasmVM

/// Exported globals and tables.
extension ReplSession {
  static let instanceCommands: [Command] = [
    Command(
      name: "global", usage: "NAME [GLOBAL [VALUE]]",
      summary: "show a plugin's exported globals, or set a mutable one", arity: 1...3,
      takesPlugin: true,
      run: { session, words in try session.global(words) }),
    Command(
      name: "tables", usage: "NAME", summary: "show a plugin's exported tables and elements",
      arity: 1...1, takesPlugin: true,
      run: { session, words in try session.listTables(words[0]) }),
  ]

  private func global(_ words: [String]) throws {
    let plugin = try requirePlugin(words[0])
    let globals = plugin.instance.exports.compactMap { name, value -> (String, Global)? in
      if case .global(let global) = value { return (name, global) }
      return nil
    }.sorted { $0.0 < $1.0 }
    guard words.count > 1 else {
      if globals.isEmpty { print(GuestText.escape("\(plugin.name) exports no globals")) }
      for (name, global) in globals { print("  " + describe(global, named: name, in: plugin)) }
      return
    }
    guard let global = plugin.instance.exportedGlobal(words[1]) else {
      let names = globals.map(\.0).joined(separator: ", ")
      throw ReplError(
        "\(plugin.name) exports no global \"\(words[1])\"; its globals: "
          + (names.isEmpty ? "none" : names))
    }
    if words.count == 3 {
      guard global.type.isMutable else {
        throw ReplError(
          "\(plugin.name).\(words[1]) is immutable (not declared mut), so it cannot be set")
      }
      let value: Value
      do {
        value = try ValueParsing.parse(words[2], as: global.type.valueType)
      } catch {
        throw ReplError("value for \(plugin.name).\(words[1]): \(error.message)")
      }
      guard global.set(value) else {
        throw ReplError("\(plugin.name).\(words[1]) refused \(words[2])")
      }
    }
    print(describe(global, named: words[1], in: plugin))
  }

  /// `counter.total = i64 5 (mutable)`.
  private func describe(_ global: Global, named name: String, in plugin: Plugin) -> String {
    GuestText.escape("\(plugin.name).\(name) = ") + describe(global.value)
      + (global.type.isMutable ? " (mutable)" : "")
  }

  /// Elements `tables` lists per table before `… N more`.
  static let listedTableElements = 32

  private func listTables(_ name: String) throws {
    let plugin = try requirePlugin(name)
    let tables = plugin.instance.exports.compactMap { name, value -> (String, Table)? in
      if case .table(let table) = value { return (name, table) }
      return nil
    }.sorted { $0.0 < $1.0 }
    if tables.isEmpty { print(GuestText.escape("\(plugin.name) exports no tables")) }
    for (export, table) in tables {
      let maximum = table.type.limits.max.map { ", at most \($0)" } ?? ""
      let noun = table.size == 1 ? "element" : "elements"
      print(
        GuestText.escape(
          "\(plugin.name).\(export) \(table.type.elementType), \(table.size) \(noun)\(maximum)"))
      for index in 0..<min(table.size, Self.listedTableElements) {
        guard let element = table.element(at: index) else { continue }
        print("  [\(index)] " + describe(element))
      }
      if table.size > Self.listedTableElements {
        print("  … \(grouped(table.size - Self.listedTableElements)) more")
      }
    }
  }
}
