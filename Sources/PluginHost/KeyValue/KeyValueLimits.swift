/// Size limits of the `kv` capability, applied per plugin.
///
/// Sizes are checked by the host before a value reaches the store, and the quota is checked by
/// the store inside the same transaction as the write, so two hosts sharing one SQLite file
/// cannot together overshoot a plugin's quota.
public struct KeyValueLimits: Hashable, Sendable {
  /// Longest key, in bytes.
  public var maxKeyBytes: Int
  /// Longest value, in bytes.
  public var maxValueBytes: Int
  /// The most bytes (keys plus values) one plugin's namespace may hold.
  public var maxBytesPerPlugin: Int
  /// The most keys one plugin's namespace may hold.
  public var maxKeysPerPlugin: Int

  /// Limits; the defaults suit small configuration and state records.
  public init(
    maxKeyBytes: Int = 256,
    maxValueBytes: Int = 64 * 1024,
    maxBytesPerPlugin: Int = 1024 * 1024,
    maxKeysPerPlugin: Int = 1024
  ) {
    self.maxKeyBytes = maxKeyBytes
    self.maxValueBytes = maxValueBytes
    self.maxBytesPerPlugin = maxBytesPerPlugin
    self.maxKeysPerPlugin = maxKeysPerPlugin
  }

  /// Checks a key's length before its bytes are read: ``KeyValueStatus/keyTooLarge`` when it is
  /// over ``maxKeyBytes``. ``check(key:)`` does this too.
  public func check(keyLength: Int) throws(KeyValueStatus) {
    guard keyLength <= maxKeyBytes else { throw .keyTooLarge }
  }

  /// Checks a key as the `kv` imports do: ``KeyValueStatus/keyTooLarge`` when it is over
  /// ``maxKeyBytes``, ``KeyValueStatus/invalidKey`` when it is empty or contains a 0 byte.
  /// Every writer (plugins and apps such as the REPL) goes through this one check.
  public func check(key: [UInt8]) throws(KeyValueStatus) {
    try check(keyLength: key.count)
    guard !key.isEmpty, !key.contains(0) else { throw .invalidKey }
  }

  /// Checks a value's length: ``KeyValueStatus/valueTooLarge`` when it is over
  /// ``maxValueBytes``.
  public func check(valueLength: Int) throws(KeyValueStatus) {
    guard valueLength <= maxValueBytes else { throw .valueTooLarge }
  }

  /// Each limit no higher than `other`'s: what a snapshot's saved limits become under the
  /// restoring host's, which they may tighten but never loosen.
  func clamped(to other: KeyValueLimits) -> KeyValueLimits {
    KeyValueLimits(
      maxKeyBytes: min(maxKeyBytes, other.maxKeyBytes),
      maxValueBytes: min(maxValueBytes, other.maxValueBytes),
      maxBytesPerPlugin: min(maxBytesPerPlugin, other.maxBytesPerPlugin),
      maxKeysPerPlugin: min(maxKeysPerPlugin, other.maxKeysPerPlugin))
  }

  /// The part of the limits a ``KeyValueStore`` enforces itself.
  public var quota: KeyValueQuota {
    KeyValueQuota(maxBytes: maxBytesPerPlugin, maxKeys: maxKeysPerPlugin)
  }
}

/// A namespace's quota: what a write may bring its totals up to.
public struct KeyValueQuota: Hashable, Sendable {
  /// The most bytes (keys plus values) the namespace may hold.
  public var maxBytes: Int
  /// The most keys the namespace may hold.
  public var maxKeys: Int

  /// A quota of `maxBytes` bytes and `maxKeys` keys.
  public init(maxBytes: Int, maxKeys: Int) {
    self.maxBytes = maxBytes
    self.maxKeys = maxKeys
  }

  /// Whether a namespace that holds `usage` may replace `old` (the key's current value size,
  /// if any) by an entry of `keyBytes + valueBytes`.
  func admits(usage: KeyValueUsage, keyBytes: Int, valueBytes: Int, old: Int?) -> Bool {
    let keys = old == nil ? usage.keys + 1 : usage.keys
    let released = old.map { keyBytes + $0 } ?? 0
    let (added, overflow) = (keyBytes + valueBytes).addingReportingOverflow(usage.bytes - released)
    return !overflow && added <= maxBytes && keys <= maxKeys
  }
}

/// How much a namespace holds.
public struct KeyValueUsage: Hashable, Sendable {
  /// Bytes of all keys plus all values.
  public var bytes: Int
  /// Number of keys.
  public var keys: Int

  /// A usage of `bytes` bytes in `keys` keys.
  public init(bytes: Int, keys: Int) {
    self.bytes = bytes
    self.keys = keys
  }
}
