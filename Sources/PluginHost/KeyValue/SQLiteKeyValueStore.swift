import Foundation
import GRDB

/// A ``KeyValueStore`` in an SQLite file, so plugin data survives restarts of the embedding app.
///
/// The database runs in WAL mode with `synchronous = FULL`: every write is one transaction whose
/// commit is synced to the write-ahead log before ``setValue(_:forKey:in:quota:)`` or
/// ``removeValue(forKey:in:)`` returns. Since the host acknowledges a guest's write only after
/// that, a crash (of the app or of the machine) loses nothing a guest was told succeeded.
/// The quota check and the write share the transaction, so concurrent writers sharing the file
/// cannot together exceed a quota.
public final class SQLiteKeyValueStore: KeyValueStore, Sendable {
  /// The database file, as given by the embedding app.
  public let path: String
  private let database: DatabaseQueue

  /// Opens (creating if needed) the store at `path`.
  /// - Throws: ``KeyValueStoreError/storage(_:)`` when the file cannot be opened or is not a
  ///   wasbox key-value database.
  public init(path: String) throws(KeyValueStoreError) {
    self.path = path
    var configuration = Configuration()
    configuration.journalMode = .wal
    configuration.label = "wasbox.kv"
    // Other hosts may share the file: wait for their write transactions instead of failing.
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    do {
      database = try DatabaseQueue(path: path, configuration: configuration)
      try database.write { db in
        try db.execute(
          sql: """
            CREATE TABLE IF NOT EXISTS kv (
              namespace TEXT NOT NULL,
              key BLOB NOT NULL,
              value BLOB NOT NULL,
              PRIMARY KEY (namespace, key)
            ) WITHOUT ROWID
            """)
      }
    } catch {
      throw .storage("cannot open \(path): \(error)")
    }
  }

  /// The journal mode SQLite reports for the open database (`"wal"`).
  public func journalMode() throws(KeyValueStoreError) -> String {
    try perform { try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } }
      ?? ""
  }

  public func value(forKey key: [UInt8], in namespace: String) throws(KeyValueStoreError)
    -> [UInt8]?
  {
    try perform {
      try database.read { db in
        try Data.fetchOne(
          db, sql: "SELECT value FROM kv WHERE namespace = ? AND key = ?",
          arguments: [namespace, Data(key)])
      }
    }.map { [UInt8]($0) }
  }

  public func setValue(
    _ value: [UInt8], forKey key: [UInt8], in namespace: String, quota: KeyValueQuota
  ) throws(KeyValueStoreError) {
    // An immediate transaction takes the write lock before reading the usage, so no other
    // connection can write between the quota check and the insert.
    let refusedAt: KeyValueUsage? = try perform {
      try database.writeWithoutTransaction { db -> KeyValueUsage? in
        var refused: KeyValueUsage?
        try db.inTransaction(.immediate) {
          let usage = try Self.usage(of: namespace, in: db)
          let old = try Int.fetchOne(
            db, sql: "SELECT length(value) FROM kv WHERE namespace = ? AND key = ?",
            arguments: [namespace, Data(key)])
          guard
            quota.admits(usage: usage, keyBytes: key.count, valueBytes: value.count, old: old)
          else {
            refused = usage
            return .rollback
          }
          try db.execute(
            sql: """
              INSERT INTO kv (namespace, key, value) VALUES (?, ?, ?)
              ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value
              """,
            arguments: [namespace, Data(key), Data(value)])
          return .commit
        }
        return refused
      }
    }
    if let usage = refusedAt {
      throw .quotaExceeded(namespace: namespace, usage: usage, quota: quota)
    }
  }

  @discardableResult
  public func removeValue(forKey key: [UInt8], in namespace: String) throws(KeyValueStoreError)
    -> Bool
  {
    try perform {
      try database.write { db in
        try db.execute(
          sql: "DELETE FROM kv WHERE namespace = ? AND key = ?",
          arguments: [namespace, Data(key)])
        return db.changesCount > 0
      }
    }
  }

  public func keys(in namespace: String) throws(KeyValueStoreError) -> [[UInt8]] {
    try perform {
      try database.read { db in
        try Data.fetchAll(
          db, sql: "SELECT key FROM kv WHERE namespace = ? ORDER BY key", arguments: [namespace])
      }
    }.map { [UInt8]($0) }
  }

  public func usage(of namespace: String) throws(KeyValueStoreError) -> KeyValueUsage {
    try perform { try database.read { db in try Self.usage(of: namespace, in: db) } }
  }

  private static func usage(of namespace: String, in db: Database) throws -> KeyValueUsage {
    let row = try Row.fetchOne(
      db,
      sql: """
        SELECT COALESCE(SUM(length(key) + length(value)), 0), COUNT(*)
        FROM kv WHERE namespace = ?
        """,
      arguments: [namespace])
    return KeyValueUsage(bytes: row?[0] ?? 0, keys: row?[1] ?? 0)
  }

  /// Runs a GRDB operation, turning its untyped errors into ``KeyValueStoreError/storage(_:)``.
  private func perform<T>(_ body: () throws -> T) throws(KeyValueStoreError) -> T {
    do {
      return try body()
    } catch {
      throw .storage("\(path): \(error)")
    }
  }
}
