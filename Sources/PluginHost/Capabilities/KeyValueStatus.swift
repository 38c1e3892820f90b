/// Return codes of the `kv` imports. Non-negative results are lengths; failures are these
/// negative codes, so a guest tests `result < 0` first.
public enum KeyValueStatus: Int32, Error, CaseIterable, Sendable {
  /// The operation succeeded (`set`, `delete`).
  case ok = 0
  /// No value is stored under the key (`get`, `size`, `delete`).
  case notFound = -1
  /// The guest's buffer is smaller than the value or key list; nothing was written. Ask
  /// `kv.size` / `kv.list_size` for the length needed.
  case bufferTooSmall = -2
  /// The key is longer than ``KeyValueLimits/maxKeyBytes``.
  case keyTooLarge = -3
  /// The value is longer than ``KeyValueLimits/maxValueBytes``.
  case valueTooLarge = -4
  /// Storing the value would take the plugin past its quota of bytes or keys; nothing was
  /// written.
  case quotaExceeded = -5
  /// The key is empty or contains a 0 byte (keys are listed 0-terminated).
  case invalidKey = -6
  /// The store failed (for example the disk is full); the host logged the details. Nothing
  /// was acknowledged.
  case storageFailure = -7
}
