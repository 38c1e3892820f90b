import Foundation

/// A ``KeyValueStore`` held in process memory: fast, and gone when the process ends. The
/// default store of a ``PluginHost``.
public final class InMemoryKeyValueStore: KeyValueStore, @unchecked Sendable {
  /// Guards `namespaces`; every access takes it, which makes the class safe to share.
  private let lock = NSLock()
  private var namespaces: [String: [[UInt8]: [UInt8]]] = [:]

  /// An empty store.
  public init() {}

  public func value(forKey key: [UInt8], in namespace: String) -> [UInt8]? {
    lock.withLock { namespaces[namespace]?[key] }
  }

  public func setValue(
    _ value: [UInt8], forKey key: [UInt8], in namespace: String, quota: KeyValueQuota
  ) throws(KeyValueStoreError) {
    let admitted: KeyValueUsage? = lock.withLock {
      let entries = namespaces[namespace] ?? [:]
      let usage = Self.usage(of: entries)
      guard
        quota.admits(
          usage: usage, keyBytes: key.count, valueBytes: value.count, old: entries[key]?.count)
      else { return usage }
      namespaces[namespace, default: [:]][key] = value
      return nil
    }
    if let usage = admitted {
      throw .quotaExceeded(namespace: namespace, usage: usage, quota: quota)
    }
  }

  @discardableResult
  public func removeValue(forKey key: [UInt8], in namespace: String) -> Bool {
    lock.withLock { namespaces[namespace]?.removeValue(forKey: key) != nil }
  }

  public func keys(in namespace: String) -> [[UInt8]] {
    lock.withLock { (namespaces[namespace].map { Array($0.keys) } ?? []) }
      .sorted { $0.lexicographicallyPrecedes($1) }
  }

  public func usage(of namespace: String) -> KeyValueUsage {
    lock.withLock { Self.usage(of: namespaces[namespace] ?? [:]) }
  }

  private static func usage(of entries: [[UInt8]: [UInt8]]) -> KeyValueUsage {
    KeyValueUsage(
      bytes: entries.reduce(0) { $0 + $1.key.count + $1.value.count }, keys: entries.count)
  }
}
