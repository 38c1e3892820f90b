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
      name: "memory", usage: "NAME [OFFSET [LENGTH]]", summary: "hexdump a plugin's memory",
      arity: 1...3, takesPlugin: true,
      run: { session, words in try session.dumpMemory(words) }),
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
    let key = words.count > 2 ? try bytes(words[2]) : []
    if words.count > 2 {
      try check(limits) { () throws(KeyValueStatus) in try limits.check(key: key) }
    }
    switch operation {
    case "get":
      guard let value = try store.value(forKey: key, in: namespace) else {
        throw ReplError("\(namespace) has no kv key \"\(words[2])\"; \"kv \(namespace)\" lists")
      }
      print(ValueFormatting.bytes(value))
    case "set":
      let value = try bytes(words[3])
      try check(limits) { () throws(KeyValueStatus) in
        try limits.check(valueLength: value.count)
      }
      try store.setValue(value, forKey: key, in: namespace, quota: limits.quota)
      print(GuestText.escape("set \(namespace) \(words[2])"))
    case "delete":
      guard try store.removeValue(forKey: key, in: namespace) else {
        throw ReplError("\(namespace) has no kv key \"\(words[2])\"; \"kv \(namespace)\" lists")
      }
      print(GuestText.escape("deleted \(namespace) \(words[2])"))
    default:
      let keys = try store.keys(in: namespace)
      guard !keys.isEmpty else {
        print(GuestText.escape("\(namespace) has no kv data"))
        return
      }
      for key in keys {
        let value = try store.value(forKey: key, in: namespace) ?? []
        print("  \(ValueFormatting.bytes(key)) = \(ValueFormatting.bytes(value))")
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

  /// A kv key or value typed by the user: `0x` hex bytes, otherwise the text's UTF-8.
  private func bytes(_ word: String) throws(ReplError) -> [UInt8] {
    guard word.hasPrefix("0x") else { return Array(word.utf8) }
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

  private func dumpMemory(_ words: [String]) throws {
    let plugin = try requirePlugin(words[0])
    let memories = plugin.instance.exports.sorted { $0.key < $1.key }.compactMap { entry in
      if case .memory(let memory) = entry.value { return (entry.key, memory) }
      return nil
    }
    guard
      let (_, memory) = memories.first(where: { $0.0 == "memory" }) ?? memories.first
    else {
      throw ReplError("\(plugin.name) exports no memory, so there is nothing to show")
    }
    let offset = words.count > 1 ? try number(words[1], what: "offset") : 0
    let length = words.count > 2 ? try number(words[2], what: "length") : 64
    guard offset <= memory.byteCount else {
      throw ReplError(
        "offset \(offset) is past the end of \(plugin.name)'s memory (\(memory.byteCount) bytes)")
    }
    let count = min(length, memory.byteCount - offset, 1 << 20)
    guard count > 0, let bytes = memory.read(at: offset, count: count) else {
      print("(no bytes)")
      return
    }
    for line in Hexdump.lines(bytes, startingAt: offset) { print(line) }
  }

  private func number(_ word: String, what: String) throws(ReplError) -> Int {
    let value =
      word.lowercased().hasPrefix("0x")
      ? Int(word.dropFirst(2), radix: 16) : Int(word)
    guard let value, value >= 0 else {
      throw ReplError("\"\(word)\" is not a valid \(what); use a number like 256 or 0x100")
    }
    return value
  }
}
