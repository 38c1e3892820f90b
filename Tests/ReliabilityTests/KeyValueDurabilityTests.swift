import Foundation
import PluginHost
import Testing

/// `kill -9` of a process in the middle of a burst of `SQLiteKeyValueStore` writes loses no
/// acknowledged write and leaves a consistent store.
///
/// The writing child is this very test binary, started again with only
/// ``KeyValueDurabilityTests/writerChild()`` selected and the database path in
/// `WASBOX_KV_WRITER_DB`: it starts in milliseconds and needs no extra build product. After each
/// `setValue` returns, the child appends the key's number to an acknowledgement file with
/// `write(2)`; a line there is therefore a write the store acknowledged. The parent waits for
/// a few hundred, kills the child with SIGKILL, reopens the store and checks it.
@Suite struct KeyValueDurabilityTests {
  static let databaseVariable = "WASBOX_KV_WRITER_DB"
  static let namespace = "burst"

  static func key(_ index: Int) -> [UInt8] { Array(String(format: "k%08d", index).utf8) }

  /// A value that encodes its index, of a size varying with it.
  static func value(_ index: Int) -> [UInt8] {
    (0..<(16 + index % 200)).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0) }
  }

  static var childDatabase: String? { ProcessInfo.processInfo.environment[databaseVariable] }

  /// The child's side: writes until it is killed. Runs only when started by the parent test.
  @Test(.enabled(if: childDatabase != nil, "runs only as the child of the kill -9 test"))
  func writerChild() throws {
    let path = try #require(Self.childDatabase)
    let store = try SQLiteKeyValueStore(path: path)
    let acknowledgements = open(path + ".acks", O_WRONLY | O_CREAT | O_APPEND, 0o644)
    try #require(acknowledgements >= 0)
    let quota = KeyValueQuota(maxBytes: .max, maxKeys: .max)
    for index in 0..<1_000_000 {
      try store.setValue(Self.value(index), forKey: Self.key(index), in: Self.namespace,
        quota: quota)
      let line = Array("\(index)\n".utf8)
      let written = line.withUnsafeBytes { write(acknowledgements, $0.baseAddress, $0.count) }
      try #require(written == line.count)
    }
  }

  @Test(.enabled(if: childDatabase == nil, "the kill -9 test does not start itself again"))
  func killedWriterLosesNoAcknowledgedWrite() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-kill9-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("kv.sqlite").path
    let acknowledgementFile = database + ".acks"

    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = [
      "--testing-library", "swift-testing", "--filter", "KeyValueDurabilityTests/writerChild",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment[Self.databaseVariable] = database
    child.environment = environment
    child.standardOutput = FileHandle.nullDevice
    child.standardError = FileHandle.nullDevice
    try child.run()

    // Kill it mid-burst: once a few hundred writes are acknowledged, or after 60 s.
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline, child.isRunning {
      if Self.acknowledged(in: acknowledgementFile).count >= 300 { break }
      usleep(20_000)
    }
    let wasRunning = child.isRunning
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    #expect(wasRunning, "the writer exited before it was killed")
    #expect(child.terminationReason == .uncaughtSignal)

    let acknowledged = Self.acknowledged(in: acknowledgementFile)
    try #require(acknowledged.count >= 300, "the writer acknowledged too few writes")
    #expect(acknowledged == Array(0..<acknowledged.count))

    let store = try SQLiteKeyValueStore(path: database)
    for index in acknowledged {
      #expect(
        try store.value(forKey: Self.key(index), in: Self.namespace) == Self.value(index),
        "acknowledged write \(index) is missing or wrong")
    }
    // Consistent: the keys are exactly a prefix of the burst (the write in flight at the kill
    // may have committed without being acknowledged), every value whole, the usage exact.
    let keys = try store.keys(in: Self.namespace)
    #expect(keys.count == acknowledged.count || keys.count == acknowledged.count + 1)
    #expect(keys == (0..<keys.count).map(Self.key))
    var bytes = 0
    for (index, key) in keys.enumerated() {
      let value = try store.value(forKey: key, in: Self.namespace)
      #expect(value == Self.value(index))
      bytes += key.count + (value?.count ?? 0)
    }
    #expect(try store.usage(of: Self.namespace) == KeyValueUsage(bytes: bytes, keys: keys.count))
    // And it still takes writes.
    try store.setValue([1], forKey: Array("after".utf8), in: Self.namespace,
      quota: KeyValueQuota(maxBytes: .max, maxKeys: .max))
    #expect(try store.value(forKey: Array("after".utf8), in: Self.namespace) == [1])
  }

  /// The indices of the complete lines of the acknowledgement file.
  static func acknowledged(in path: String) -> [Int] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    var text = String(decoding: data, as: UTF8.self)
    if let lastNewline = text.lastIndex(of: "\n") {
      text = String(text[...lastNewline])
    } else {
      return []
    }
    return text.split(separator: "\n").compactMap { Int($0) }
  }
}
