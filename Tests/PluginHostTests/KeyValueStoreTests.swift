import Foundation
import PluginHost
import Testing

/// Behaviour every ``KeyValueStore`` must have, run against both implementations.
@Suite struct KeyValueStoreTests {
  static func temporaryPath() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-kv-\(UUID().uuidString).sqlite").path
  }

  static func stores() throws -> [any KeyValueStore] {
    [InMemoryKeyValueStore(), try SQLiteKeyValueStore(path: temporaryPath())]
  }

  let quota = KeyValueQuota(maxBytes: 100, maxKeys: 10)

  @Test func storesListsAndRemoves() throws {
    for store in try Self.stores() {
      try store.setValue(bytes("v2"), forKey: bytes("b"), in: "p", quota: quota)
      try store.setValue(bytes("v1"), forKey: bytes("a"), in: "p", quota: quota)
      try store.setValue([0xFF, 0], forKey: [0xC3, 0xA9], in: "p", quota: quota)
      try store.setValue(bytes("other"), forKey: bytes("a"), in: "q", quota: quota)
      #expect(try store.value(forKey: bytes("a"), in: "p") == bytes("v1"))
      #expect(try store.value(forKey: [0xC3, 0xA9], in: "p") == [0xFF, 0])
      #expect(try store.value(forKey: bytes("zz"), in: "p") == nil)
      #expect(try store.keys(in: "p") == [bytes("a"), bytes("b"), [0xC3, 0xA9]])
      #expect(try store.usage(of: "p") == KeyValueUsage(bytes: 10, keys: 3))
      #expect(try store.removeValue(forKey: bytes("a"), in: "p"))
      #expect(try !store.removeValue(forKey: bytes("a"), in: "p"))
      #expect(try store.keys(in: "q") == [bytes("a")])
    }
  }

  @Test func quotaIsCheckedWithTheWrite() throws {
    for store in try Self.stores() {
      let small = KeyValueQuota(maxBytes: 10, maxKeys: 2)
      try store.setValue(bytes("12345"), forKey: bytes("a"), in: "p", quota: small)
      #expect(throws: KeyValueStoreError.self) {
        try store.setValue(bytes("12345"), forKey: bytes("b"), in: "p", quota: small)
      }
      try store.setValue(bytes("123"), forKey: bytes("b"), in: "p", quota: small)
      #expect(throws: KeyValueStoreError.self) {
        try store.setValue([], forKey: bytes("c"), in: "p", quota: small)
      }
      #expect(try store.usage(of: "p") == KeyValueUsage(bytes: 10, keys: 2))
    }
  }

  @Test func sqliteUsesWriteAheadLogging() throws {
    let store = try SQLiteKeyValueStore(path: Self.temporaryPath())
    #expect(try store.journalMode() == "wal")
  }

  @Test func sqlitePersistsAcrossReopening() throws {
    let path = Self.temporaryPath()
    do {
      let store = try SQLiteKeyValueStore(path: path)
      try store.setValue(bytes("kept"), forKey: bytes("k"), in: "p", quota: quota)
    }
    let reopened = try SQLiteKeyValueStore(path: path)
    #expect(try reopened.value(forKey: bytes("k"), in: "p") == bytes("kept"))
  }

  /// A second connection opened while the first is still open (as after a crash that never
  /// closed the database) sees every acknowledged write.
  @Test func sqliteAcknowledgedWritesAreVisibleWithoutClosing() throws {
    let path = Self.temporaryPath()
    let writer = try SQLiteKeyValueStore(path: path)
    let roomy = KeyValueQuota(maxBytes: 1000, maxKeys: 100)
    for index in 0..<20 {
      try writer.setValue([UInt8(index)], forKey: bytes("k\(index)"), in: "p", quota: roomy)
    }
    let survivor = try SQLiteKeyValueStore(path: path)
    #expect(try survivor.keys(in: "p").count == 20)
    #expect(try survivor.value(forKey: bytes("k19"), in: "p") == [19])
    #expect(FileManager.default.fileExists(atPath: path + "-wal"))
  }

  /// Two stores on one file (two hosts) writing at once wait for each other, and together
  /// fill the quota exactly.
  @Test func sqliteQuotaHoldsAcrossConnections() async throws {
    let path = Self.temporaryPath()
    let stores = [try SQLiteKeyValueStore(path: path), try SQLiteKeyValueStore(path: path)]
    let quota = KeyValueQuota(maxBytes: 10_000, maxKeys: 50)
    let outcomes = await withTaskGroup(of: [String].self) { group in
      for (index, store) in stores.enumerated() {
        group.addTask {
          (0..<40).map { key in
            do {
              try store.setValue(
                [1], forKey: bytes("s\(index)-\(key)"), in: "shared", quota: quota)
              return "ok"
            } catch KeyValueStoreError.quotaExceeded {
              return "quota"
            } catch {
              return "\(error)"
            }
          }
        }
      }
      return await group.reduce(into: []) { $0 += $1 }
    }
    #expect(outcomes.filter { $0 == "ok" }.count == 50)
    #expect(outcomes.filter { $0 == "quota" }.count == 30)
    #expect(try stores[0].usage(of: "shared").keys == 50)
  }

  @Test func sqliteReportsUnopenableFiles() {
    #expect(throws: KeyValueStoreError.self) {
      try SQLiteKeyValueStore(path: "/nonexistent-dir-\(UUID().uuidString)/kv.sqlite")
    }
  }

  @Test func pluginDataSurvivesANewHostOnTheSameFile() throws {
    let path = Self.temporaryPath()
    do {
      let host = PluginHost(
        configuration: .init(keyValueStore: try SQLiteKeyValueStore(path: path)))
      let kv = try KeyValuePlugin(host)
      #expect(try kv.set(bytes("greeting"), bytes("hello")) == KeyValueStatus.ok.rawValue)
    }
    let host = PluginHost(configuration: .init(keyValueStore: try SQLiteKeyValueStore(path: path)))
    let kv = try KeyValuePlugin(host)
    #expect(try kv.get(bytes("greeting")) == (5, bytes("hello")))
    #expect(try kv.list() == (9, bytes("greeting\0")))
  }
}
