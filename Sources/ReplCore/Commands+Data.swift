import Foundation
import Logging
import PluginHost
import WasmVM

/// kv inspection, the log, and memory dumps.
extension ReplSession {
  static let dataCommands: [Command] = [
    Command(
      name: "kv", usage: "NAME [get|set|delete KEY [VALUE]]",
      summary: "inspect or edit a plugin's kv data", arity: 1...4, takesPlugin: true,
      run: { session, words in try session.keyValue(words) }),
    Command(
      name: "log", usage: "[N | level [LEVEL]]", summary: "show recent log lines or the level",
      arity: 0...2, run: { session, words in try session.log(words) }),
    Command(
      name: "memory", usage: "NAME [OFFSET [LENGTH]] [as TYPE]",
      summary: "hexdump a plugin's memory, or show it as numbers",
      arity: 1...5, takesPlugin: true, takesMemory: true,
      run: { session, words in try session.dumpMemory(words) }),
    Command(
      name: "write", usage: "NAME OFFSET VALUE... [as TYPE]",
      summary: "write bytes or numbers into a plugin's memory", arity: 3...Int.max,
      takesPlugin: true, takesMemory: true,
      run: { session, words in try session.writeMemory(words) }),
  ]

  private func keyValue(_ words: [String]) throws {
    let plugin = try requirePlugin(words[0])
    let store = host.keyValueStore
    let operation = words.count > 1 ? words[1] : "list"
    let expected = ["list": 2, "get": 3, "set": 4, "delete": 3]
    guard let count = expected[operation] else {
      throw ReplError("unknown kv operation \"\(operation)\"; use list, get, set or delete")
    }
    guard words.count == count || (operation == "list" && words.count == 1) else {
      throw ReplError("usage: kv NAME [list | get KEY | set KEY VALUE | delete KEY]")
    }
    let namespace = plugin.name
    let limits = host.keyValueLimits(for: plugin.source)
    let key = words.count > 2 ? try bytes(words[2], literal: isQuoted(2)) : []
    if words.count > 2 {
      try check(limits) { () throws(KeyValueStatus) in try limits.check(key: key) }
    }
    switch operation {
    case "get":
      guard let value = try store.value(forKey: key, in: namespace) else {
        throw ReplError("\(namespace) has no kv key \"\(words[2])\"; \"kv \(namespace)\" lists")
      }
      if value.count <= Self.inlineValueBytes {
        print(ValueFormatting.bytes(value))
      } else {
        print("\(grouped(value.count)) bytes:")
        for line in Hexdump.lines(value, startingAt: 0) { print(line) }
      }
    case "set":
      let value = try bytes(words[3], literal: isQuoted(3))
      try check(limits) { () throws(KeyValueStatus) in
        try limits.check(valueLength: value.count)
      }
      try store.setValue(value, forKey: key, in: namespace, quota: limits.quota)
      print(GuestText.escape("set \(namespace) \(keyArgument(key))"))
    case "delete":
      guard try store.removeValue(forKey: key, in: namespace) else {
        throw ReplError("\(namespace) has no kv key \"\(words[2])\"; \"kv \(namespace)\" lists")
      }
      print(GuestText.escape("deleted \(namespace) \(keyArgument(key))"))
    default:
      let keys = try store.keys(in: namespace)
      guard !keys.isEmpty else {
        print(GuestText.escape("\(namespace) has no kv data"))
        return
      }
      for key in keys {
        let value = try store.value(forKey: key, in: namespace) ?? []
        var shown = ValueFormatting.bytes(Array(value.prefix(Self.listedValueBytes)))
        if value.count > Self.listedValueBytes {
          let rest = grouped(value.count - Self.listedValueBytes)
          let get = "kv \(Tokenizer.quote(namespace)) get \(keyArgument(key))"
          shown += " … \(rest) more bytes (\"\(get)\" shows all)"
        }
        print(GuestText.escape("  \(ValueFormatting.bytes(key)) = \(shown)"))
      }
    }
  }

  /// Runs a ``KeyValueLimits`` check, turning its status into a message for the user.
  private func check(
    _ limits: KeyValueLimits, _ validate: () throws(KeyValueStatus) -> Void
  ) throws(ReplError) {
    do {
      try validate()
    } catch .keyTooLarge {
      throw ReplError("the key is too long; kv keys are at most \(limits.maxKeyBytes) bytes")
    } catch .valueTooLarge {
      throw ReplError("the value is too long; kv values are at most \(limits.maxValueBytes) bytes")
    } catch {
      throw ReplError("a kv key cannot be empty or contain a 0 byte")
    }
  }

  /// Values up to this many bytes print on one line; `kv NAME get` hexdumps longer ones.
  static let inlineValueBytes = 256
  /// The bytes of each value the kv listing shows before `… N more bytes`.
  static let listedValueBytes = 32

  /// Whether argument `index` of the command was written (partly) in quotes.
  func isQuoted(_ index: Int) -> Bool {
    argumentWords.indices.contains(index) && argumentWords[index].quoted
  }

  /// A key as `kv NAME get` takes it back: text (in quotes when it looks like hex), or `0x` hex.
  private func keyArgument(_ key: [UInt8]) -> String {
    guard let text = String(validating: key, as: UTF8.self), GuestText.isPlain(text) else {
      return ValueFormatting.bytes(key)
    }
    return Tokenizer.quote(text, force: text.hasPrefix("0x"))
  }

  /// `65536` as `65,536`.
  func grouped(_ count: Int) -> String {
    count.formatted(.number.locale(Locale(identifier: "en_US")))
  }

  /// A kv key or value typed by the user: `0x` hex bytes, otherwise the text's UTF-8. A word
  /// typed in quotes (`literal`) is always text, so `"0x41"` is the four-byte text key.
  func bytes(_ word: String, literal: Bool = false) throws(ReplError) -> [UInt8] {
    guard word.hasPrefix("0x"), !literal else { return Array(word.utf8) }
    let digits = Array(word.dropFirst(2))
    guard digits.count % 2 == 0 else {
      throw ReplError("\"\(word)\" has an odd number of hex digits; write whole bytes like 0x2a00")
    }
    var result: [UInt8] = []
    for index in stride(from: 0, to: digits.count, by: 2) {
      guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else {
        throw ReplError("\"\(word)\" is not hex; write bytes like 0x2a00")
      }
      result.append(byte)
    }
    return result
  }

  private func log(_ words: [String]) throws {
    if words.first == "level" {
      if words.count == 2 {
        guard let level = Logger.Level(rawValue: words[1]) else {
          let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
          throw ReplError("\"\(words[1])\" is not a log level; use one of \(names)")
        }
        logs.level = level
      }
      print("log level: \(logs.level)")
      return
    }
    guard words.count <= 1 else { throw ReplError("usage: log [N | level [LEVEL]]") }
    var count = 20
    if let word = words.first {
      guard let number = Int(word), number > 0 else {
        throw ReplError("\"\(word)\" is not a line count; use e.g. \"log 10\" or \"log level\"")
      }
      count = number
    }
    _ = logs.takeUnseen()
    let lines = logs.recent(count)
    if lines.isEmpty { print("no log lines at level \(logs.level) or above") }
    for line in lines { print(line.formatted) }
  }

  /// The memory `memory NAME` and `write NAME` use: the export called `memory`, else the
  /// first exported memory by name.
  func memory(of plugin: Plugin) -> Memory? {
    plugin.instance.exportedMemory("memory")
      ?? plugin.instance.exports.sorted { $0.key < $1.key }.lazy.compactMap { entry in
        if case .memory(let memory) = entry.value { return memory }
        return nil
      }.first
  }

  private func requireMemory(_ name: String) throws(ReplError) -> (Plugin, Memory) {
    let plugin = try requirePlugin(name)
    guard let memory = memory(of: plugin) else {
      throw ReplError("\(plugin.name) exports no memory, so there is nothing to show")
    }
    return (plugin, memory)
  }

  /// Splits a trailing `as TYPE` off `words`.
  private func viewType(_ words: inout [String]) throws(ReplError) -> ScalarType? {
    guard let index = words.firstIndex(of: "as") else { return nil }
    guard index == words.count - 2 else {
      throw ReplError("\"as TYPE\" goes last, e.g. \"as i32\"; TYPE is one of \(ScalarType.names)")
    }
    let type = try ScalarType(named: words[index + 1])
    words.removeLast(2)
    return type
  }

  /// Most bytes one `memory` command shows.
  static let maxDumpBytes = 1 << 20

  private func dumpMemory(_ arguments: [String]) throws {
    var words = arguments
    let type = try viewType(&words)
    guard words.count <= 3 else {
      throw ReplError("usage: memory NAME [OFFSET [LENGTH]] [as TYPE]")
    }
    let (plugin, memory) = try requireMemory(words[0])
    let size = type?.size ?? 1
    let offset = words.count > 1 ? try number(words[1], what: "offset") : 0
    let length = words.count > 2 ? try number(words[2], what: "length") : 64 / size
    guard offset <= memory.byteCount else {
      throw ReplError(
        "offset \(offset) is past the end of \(plugin.name)'s memory (\(memory.byteCount) bytes)")
    }
    let (wanted, overflow) = length.multipliedReportingOverflow(by: size)
    let asked = overflow ? Int.max : wanted
    let available = memory.byteCount - offset
    let count = min(asked, available, Self.maxDumpBytes) / size * size
    guard count > 0, let bytes = memory.read(at: offset, count: count) else {
      print(
        asked > 0 ? "(no bytes: \(plugin.name)'s memory ends at \(memory.byteCount))" : "(no bytes)"
      )
      return
    }
    if let type {
      for start in stride(from: 0, to: bytes.count, by: 16) {
        let row = bytes[start..<min(start + 16, bytes.count)]
        let values = stride(from: row.startIndex, to: row.endIndex, by: size).map {
          type.format(row[$0..<$0 + size])
        }
        print(Hexdump.hexOffset(offset + start) + "  " + values.joined(separator: " "))
      }
    } else {
      for line in Hexdump.lines(bytes, startingAt: offset) { print(line) }
    }
    let unit = type.map { "\($0) value" } ?? "byte"
    if asked > available {
      print(
        style.notice(
          "(clipped at the end of \(plugin.name)'s memory, \(grouped(memory.byteCount)) bytes: "
            + "\(grouped(count / size)) of \(grouped(length)) \(unit)s shown)"))
    } else if count < asked {
      print(
        style.notice(
          "(showing the first \(grouped(count / size)) of \(grouped(length)) \(unit)s; "
            + "give a later OFFSET for the rest)"))
    }
  }

  /// `write NAME OFFSET VALUE... [as TYPE]`: bytes (`0x` hex or text) or numbers of TYPE.
  private func writeMemory(_ arguments: [String]) throws {
    var words = arguments
    let type = try viewType(&words)
    guard words.count >= 3 else {
      throw ReplError("usage: write NAME OFFSET VALUE... [as TYPE]")
    }
    let (plugin, memory) = try requireMemory(words[0])
    let offset = try number(words[1], what: "offset")
    var data: [UInt8] = []
    for (index, word) in words.dropFirst(2).enumerated() {
      if let type {
        data += try type.encode(word)
      } else {
        data += try bytes(word, literal: isQuoted(index + 2))
      }
    }
    let (end, overflow) = offset.addingReportingOverflow(data.count)
    guard !overflow, end <= memory.byteCount, memory.write(data, at: offset) else {
      throw ReplError(
        "\(data.count) bytes at \(offset) would end past \(plugin.name)'s memory "
          + "(\(memory.byteCount) bytes); nothing was written")
    }
    print(
      GuestText.escape(
        "wrote \(data.count) byte\(data.count == 1 ? "" : "s") to \(plugin.name)'s memory at "
          + "0x\(String(offset, radix: 16))"))
  }

  /// `word` as a byte offset or count, decimal or `0x` hex, ≥ 0 (`memory`, `watch`).
  func number(_ word: String, what: String) throws(ReplError) -> Int {
    let value =
      word.lowercased().hasPrefix("0x")
      ? Int(word.dropFirst(2), radix: 16) : Int(word)
    guard let value, value >= 0 else {
      throw ReplError("\"\(word)\" is not a valid \(what); use a number like 256 or 0x100")
    }
    return value
  }
}
