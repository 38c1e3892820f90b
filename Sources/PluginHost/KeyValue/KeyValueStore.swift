/// Storage behind the `kv` capability: byte values under byte-string keys, in namespaces (one
/// per plugin, named after it).
///
/// Implementations must be safe to share between threads and hosts. A write that returns
/// without throwing is *acknowledged*: the host reports success to the guest, so a persistent
/// store must have made it durable by then. Keys are compared as raw bytes and listed in
/// ascending byte order.
///
/// Two implementations ship with PluginHost: ``InMemoryKeyValueStore`` (the default) and
/// ``SQLiteKeyValueStore``.
public protocol KeyValueStore: AnyObject, Sendable {
  /// The value stored under `key`, or `nil`.
  func value(forKey key: [UInt8], in namespace: String) throws(KeyValueStoreError) -> [UInt8]?

  /// Stores `value` under `key`, replacing any previous value, unless the namespace would then
  /// exceed `quota` (checked atomically with the write).
  /// - Throws: ``KeyValueStoreError/quotaExceeded(namespace:usage:quota:)`` without writing.
  func setValue(
    _ value: [UInt8], forKey key: [UInt8], in namespace: String, quota: KeyValueQuota
  ) throws(KeyValueStoreError)

  /// Removes `key`; returns whether it was present.
  @discardableResult
  func removeValue(forKey key: [UInt8], in namespace: String) throws(KeyValueStoreError) -> Bool

  /// Every key of the namespace, in ascending byte order.
  func keys(in namespace: String) throws(KeyValueStoreError) -> [[UInt8]]

  /// What the namespace holds now.
  func usage(of namespace: String) throws(KeyValueStoreError) -> KeyValueUsage
}

/// Why a ``KeyValueStore`` operation failed.
public enum KeyValueStoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The write would take the namespace past its quota; nothing was written.
  case quotaExceeded(namespace: String, usage: KeyValueUsage, quota: KeyValueQuota)
  /// The underlying storage failed (disk full, I/O error, corrupt file …).
  case storage(String)

  public var description: String {
    switch self {
    case .quotaExceeded(let namespace, let usage, let quota):
      "kv quota exceeded for \"\(namespace)\": it holds \(usage.keys) keys and \(usage.bytes) "
        + "bytes; the quota is \(quota.maxKeys) keys and \(quota.maxBytes) bytes"
    case .storage(let message):
      "kv storage failure: \(message)"
    }
  }
}
