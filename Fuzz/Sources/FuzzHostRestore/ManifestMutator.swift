import Foundation
import WasmVM

/// A host snapshot taken apart: the manifest as JSON values, and the chunks after it (each
/// module's bytes, then the VM store snapshot), so that a mutation can change any field of the
/// manifest as structure and the VM bytes as bytes, and seal the result again as an attacker
/// can (the checksum is a public digest). The layout is `docs/snapshot-format.md`'s: magic and
/// version (12 bytes), length-prefixed manifest and chunks, an 8-byte checksum.
struct HostSnapshotParts {
  var header: [UInt8]
  var manifest: [String: Any]
  var chunks: [[UInt8]]

  init?(_ bytes: [UInt8]) {
    guard bytes.count >= 28 else { return nil }
    header = Array(bytes[0..<12])
    var position = 12
    let end = bytes.count - 8
    var pieces: [[UInt8]] = []
    while position < end {
      guard end - position >= 8 else { return nil }
      var length = 0
      for i in 0..<8 { length |= Int(bytes[position + i]) << (8 * i) }
      position += 8
      guard length >= 0, length <= end - position else { return nil }
      pieces.append(Array(bytes[position..<position + length]))
      position += length
    }
    guard let first = pieces.first,
      let object = try? JSONSerialization.jsonObject(with: Data(first)) as? [String: Any]
    else { return nil }
    manifest = object
    chunks = Array(pieces.dropFirst())
  }

  /// The snapshot again, sealed; `nil` when the manifest holds no JSON.
  func sealed() -> [UInt8]? {
    guard JSONSerialization.isValidJSONObject(manifest),
      let json = try? JSONSerialization.data(withJSONObject: manifest)
    else { return nil }
    var bytes = header
    for piece in [[UInt8](json)] + chunks {
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: piece.count >> (8 * i))) }
      bytes += piece
    }
    return Fingerprint.sealing(bytes)
  }
}

/// The fuzzer's bytes, read as the choices of a mutation program; zeros once they run out.
struct Choices {
  let bytes: [UInt8]
  var position = 0

  var isExhausted: Bool { position >= bytes.count }

  mutating func byte() -> UInt8 {
    guard position < bytes.count else { return 0 }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func below(_ count: Int) -> Int {
    guard count > 0 else { return 0 }
    return (Int(byte()) << 8 | Int(byte())) % count
  }

  mutating func pick<T>(_ items: [T]) -> T? {
    items.isEmpty ? nil : items[below(items.count)]
  }
}

/// Structural mutations of a host manifest and its VM bytes, one per opcode byte.
enum ManifestMutator {
  /// Numbers that sit on the edges restore checks: ids, counts, indices and limits.
  static var numbers: [Any] {
    [
      0, 1, 2, 3, 5, -1, -2, 255, 256, 1023, 1024, 65_535, 65_536, 1 << 20, Int(Int32.max),
      1 << 32, 1 << 53, Int64.max - 1, Int64.max, Int64.min, UInt64(1) << 63,
      UInt64.max - 1, UInt64.max, 1.5, 1e300, -0.0,
    ]
  }

  static let names: [String] = [
    "", "kv", "log", "clock", "io", "app", "vault", "spy", "lib", "user", "echo", "tool",
    "counter", "_0", "a.b", "lib ", "LIB", "memory", "\u{0}", "é", "name\nwith\nlines",
    String(repeating: "n", count: 300),
  ]

  static let exports: [String] = [
    "next", "current", "reset", "spin", "peek", "add", "square", "fill", "echo", "sum",
    "memory", "table", "hits", "", "missing",
  ]

  static let capabilities: [String] = ["log", "clock", "kv", "io", "app", "bogus", ""]

  static let paths: [String] = [
    "", "/", "/etc/passwd", "/dev/zero", "/dev/null", "/proc/self/mem", "/tmp",
    "plugins/counter.wat", "../plugins/counter.wat", "/nonexistent/x.wat", "relative.wat",
  ]

  static let hexes: [String] = [
    "", "00", "6b", "636f756e74", "0", "zz", "ABCD", "01020304050607080900",
    String(repeating: "ab", count: 300), String(repeating: "7", count: 9),
  ]

  /// A JSON value of any shape, for fields given the wrong type.
  static func anyValue(_ choices: inout Choices) -> Any {
    switch choices.byte() % 6 {
    case 0: choices.pick(numbers) ?? 0
    case 1: choices.pick(names) ?? ""
    case 2: NSNull()
    case 3: [choices.pick(numbers) ?? 0]
    case 4: ["x": choices.pick(names) ?? ""] as [String: Any]
    default: choices.byte() & 1 == 0
    }
  }

  /// Applies one mutation chosen by the next byte; `others` are the base snapshots, for
  /// splicing.
  static func mutate(
    _ parts: inout HostSnapshotParts, _ choices: inout Choices, others: [[UInt8]]
  ) {
    var plugins = parts.manifest["plugins"] as? [[String: Any]] ?? []
    var calls = parts.manifest["pausedCalls"] as? [[String: Any]] ?? []
    let pluginNames = plugins.compactMap { $0["name"] as? String }
    func plugin(_ edit: (inout [String: Any]) -> Void) {
      guard !plugins.isEmpty else { return }
      let index = choices.below(plugins.count)
      edit(&plugins[index])
    }
    func call(_ edit: (inout [String: Any]) -> Void) {
      guard !calls.isEmpty else { return }
      let index = choices.below(calls.count)
      edit(&calls[index])
    }
    func someName() -> String {
      choices.byte() & 1 == 0 ? (choices.pick(pluginNames) ?? "") : (choices.pick(names) ?? "")
    }
    let operation = choices.byte() % 28
    switch operation {
    case 0: plugin { $0["name"] = someName() }
    case 1:  // Swap two plugins' instances, or give one an edge number.
      guard !plugins.isEmpty else { break }
      let a = choices.below(plugins.count)
      let b = choices.below(plugins.count)
      if choices.byte() & 1 == 0 {
        let instance = plugins[a]["instance"]
        plugins[a]["instance"] = plugins[b]["instance"]
        plugins[b]["instance"] = instance
      } else {
        plugins[a]["instance"] = choices.pick(numbers)
      }
    case 2:
      plugin { record in
        var granted: [String] = []
        for name in capabilities where choices.byte() & 1 == 1 { granted.append(name) }
        record["capabilities"] = granted
      }
    case 3:
      plugin { record in
        var links: [String] = []
        for _ in 0..<(choices.byte() % 4) { links.append(someName()) }
        record["links"] = links
      }
    case 4:
      plugin { record in
        switch choices.byte() % 3 {
        case 0: record["linksAnyPlugin"] = true
        case 1: record["linksAnyPlugin"] = false
        default: record["linksAnyPlugin"] = nil
        }
      }
    case 5:
      plugin { record in
        var limits: [Any] = []
        for _ in 0..<(choices.byte() % 6) { limits.append(choices.pick(numbers) ?? 0) }
        record["keyValueLimits"] = choices.byte() & 3 == 0 ? nil : limits
      }
    case 6: plugin { $0["file"] = choices.pick(paths) }
    case 7:  // Another plugin's whole record, or a copy of one.
      guard !plugins.isEmpty else { break }
      let record = plugins[choices.below(plugins.count)]
      if choices.byte() & 1 == 0 {
        plugins.append(record)
      } else {
        plugins[choices.below(plugins.count)] = record
      }
    case 8:
      guard !plugins.isEmpty else { break }
      plugins.remove(at: choices.below(plugins.count))
    case 9: plugin { $0[choices.pick(Array($0.keys)) ?? "name"] = anyValue(&choices) }
    case 10: call { $0["id"] = choices.pick(numbers) }
    case 11: call { $0["plugin"] = someName() }
    case 12: call { $0["export"] = choices.pick(exports) }
    case 13:
      call { record in
        var arguments: [[Any]] = []
        for _ in 0..<(choices.byte() % 4) {
          let code: Any =
            choices.byte() & 1 == 0
            ? [0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F, 0x40, 0][Int(choices.byte() % 8)]
            : (choices.pick(numbers) ?? 0)
          arguments.append([code, choices.pick(numbers) ?? 0])
        }
        record["arguments"] = arguments
      }
    case 14: call { $0[choices.byte() & 1 == 0 ? "input" : "output"] = choices.pick(hexes) }
    case 15: call { $0["pausedAt"] = choices.pick(numbers) }
    case 16:
      guard !calls.isEmpty else { break }
      let record = calls[choices.below(calls.count)]
      if choices.byte() & 1 == 0 { calls.append(record) } else { calls.remove(at: 0) }
    case 17: call { $0[choices.pick(Array($0.keys)) ?? "id"] = anyValue(&choices) }
    case 18: parts.manifest["lastCallID"] = choices.pick(numbers)
    case 19:  // kv entries: a namespace (a plugin's or not) with keys and values.
      var namespaces: [String: [String: String]] = [:]
      if case let entries as [String: Any] = parts.manifest["keyValue"],
        case let saved as [String: Any] = entries["entries"],
        case let first as [String: [String: String]] = saved["_0"]
      {
        namespaces = first
      }
      var entries = namespaces[someName()] ?? [:]
      for _ in 0..<(choices.byte() % 4) {
        entries[choices.pick(hexes) ?? ""] = choices.pick(hexes) ?? ""
      }
      namespaces[someName()] = entries
      parts.manifest["keyValue"] = ["entries": ["_0": namespaces]]
    case 20: parts.manifest["keyValue"] = ["sqlite": ["path": choices.pick(paths) ?? ""]]
    case 21:  // The module list: dropped, repeated, reordered or garbage.
      var modules = parts.manifest["modules"] as? [Any] ?? []
      switch choices.byte() % 4 {
      case 0: if !modules.isEmpty { modules.remove(at: choices.below(modules.count)) }
      case 1: if let first = modules.first { modules.append(first) }
      case 2: modules.reverse()
      default: modules.append(choices.pick(hexes) ?? "")
      }
      parts.manifest["modules"] = modules
    case 22:
      let keys = ["plugins", "modules", "pausedCalls", "lastCallID", "keyValue"]
      parts.manifest[choices.pick(keys) ?? "plugins"] =
        choices.byte() & 1 == 0 ? nil : anyValue(&choices)
    case 23, 24:  // A byte of the VM snapshot (the last chunk), set, sealed again or not.
      guard var vm = parts.chunks.last, !vm.isEmpty else { break }
      let offset = choices.below(vm.count)
      vm[offset] =
        choices.byte() & 1 == 0 ? vm[offset] ^ (1 << (choices.byte() % 8)) : choices.byte()
      parts.chunks[parts.chunks.count - 1] =
        choices.byte() & 7 == 0 ? vm : Fingerprint.sealing(Array(vm.dropLast(8)))
    case 25:  // A run of VM bytes removed or repeated, sealed again.
      guard var vm = parts.chunks.last, vm.count > 20 else { break }
      let body = vm.count - 8
      let start = 12 + choices.below(body - 12)
      let length = min(body - start, Int(choices.byte()) + 1)
      if choices.byte() & 1 == 0 {
        vm.removeSubrange(start..<start + length)
      } else {
        vm.insert(contentsOf: vm[start..<start + length], at: start)
      }
      parts.chunks[parts.chunks.count - 1] = Fingerprint.sealing(Array(vm.dropLast(8)))
    case 26:  // Splice in another base snapshot's VM part or manifest section.
      guard let other = choices.pick(others).flatMap(HostSnapshotParts.init) else { break }
      if choices.byte() & 1 == 0, let vm = other.chunks.last, !parts.chunks.isEmpty {
        parts.chunks[parts.chunks.count - 1] = vm
      } else {
        let key = choices.pick(["plugins", "pausedCalls", "keyValue", "lastCallID"]) ?? "plugins"
        parts.manifest[key] = other.manifest[key]
      }
    default:  // A module's bytes changed, with the manifest's fingerprint updated to match.
      guard parts.chunks.count > 1 else { break }
      let index = choices.below(parts.chunks.count - 1)
      var module = parts.chunks[index]
      guard !module.isEmpty else { break }
      module[choices.below(module.count)] = choices.byte()
      parts.chunks[index] = module
      var modules = parts.manifest["modules"] as? [Any] ?? []
      if modules.indices.contains(index) {
        modules[index] = Fingerprint(of: module).description
        parts.manifest["modules"] = modules
      }
    }
    if operation <= 9 { parts.manifest["plugins"] = plugins }
    if (10...17).contains(operation) { parts.manifest["pausedCalls"] = calls }
  }
}
