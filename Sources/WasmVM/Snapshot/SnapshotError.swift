/// Why a snapshot could not be taken or restored. Restoring treats its bytes as untrusted: any
/// file that is not a snapshot this version wrote of compatible modules ends here, never in a
/// crash.
public struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Kind: Hashable, Sendable {
    /// The bytes are not a snapshot: wrong magic, truncated, or a value out of range.
    case malformed
    /// A snapshot of another format version.
    case unsupportedVersion
    /// The bytes do not match their checksum: the file was changed or damaged.
    case checksumMismatch
    /// A module, host function or entity the snapshot names is missing or different.
    case mismatch
    /// Restoring would exceed one of the store's limits (see ``ResourceLimits``).
    case limit
    /// The state cannot be saved: an execution that is neither paused nor suspended, or of
    /// another store.
    case notSavable
  }

  public let kind: Kind
  /// What went wrong, in words.
  public let message: String

  /// An error of `kind`; embedders that wrap WasmVM snapshots in their own format use it for
  /// their part.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { "snapshot: \(message)" }
}
