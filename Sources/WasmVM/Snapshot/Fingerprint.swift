/// A 64-bit digest of a byte string: what a snapshot stores to name the module an instance was
/// made from, and to check its own bytes.
///
/// It detects accidental change (a different module, a truncated or corrupted file), not
/// forgery: a snapshot is untrusted input whatever its digest says, and restoring checks every
/// value it reads. The digest is fixed by this definition (FNV-1a over 8-byte little-endian
/// words, then over the remaining bytes, then a final avalanche), so it is the same in every
/// process and on every platform, unlike `Hasher`, which is seeded per process.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
  /// The digest.
  public let value: UInt64

  public init(value: UInt64) { self.value = value }

  /// The digest of `bytes`.
  public init(of bytes: [UInt8]) {
    self = bytes.withUnsafeBytes { Fingerprint(of: $0) }
  }

  /// The digest of the bytes in `buffer`.
  public init(of buffer: UnsafeRawBufferPointer) {
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    let wholeWords = buffer.count / 8
    for i in 0..<wholeWords {
      let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
      hash = (hash ^ word) &* prime
    }
    var tail: UInt64 = 0
    for (shift, i) in (wholeWords * 8..<buffer.count).enumerated() {
      tail |= UInt64(buffer[i]) << UInt64(shift * 8)
    }
    hash = (hash ^ tail ^ (UInt64(buffer.count % 8) << 56)) &* prime
    hash ^= hash >> 33
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    self.value = hash
  }

  /// `bytes` followed by their digest as an 8-byte little-endian checksum, as snapshots end.
  public static func sealing(_ bytes: [UInt8]) -> [UInt8] {
    var sealed = bytes
    withUnsafeBytes(of: Fingerprint(of: bytes).value.littleEndian) { sealed.append(contentsOf: $0) }
    return sealed
  }

  /// Whether `bytes` end with the checksum ``sealing(_:)`` appends to what precedes it.
  public static func isSealed(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 8 else { return false }
    let end = bytes.count - 8
    var stored: UInt64 = 0
    for i in 0..<8 { stored |= UInt64(bytes[end + i]) << UInt64(i * 8) }
    return bytes.withUnsafeBytes { Fingerprint(of: UnsafeRawBufferPointer(rebasing: $0[..<end])) }
      .value == stored
  }

  /// Sixteen hexadecimal digits.
  public var description: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
