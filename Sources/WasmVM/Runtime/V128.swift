/// A 128-bit SIMD vector value (`v128`), as two little-endian 64-bit halves.
///
/// WebAssembly gives a `v128` no lane shape of its own: an instruction reads its 16 bytes as
/// `i8x16`, `i16x8`, `i32x4`, `i64x2`, `f32x4` or `f64x2`. `V128` keeps the raw bits, so
/// floating-point lanes (NaN payloads included) round-trip exactly, and offers each shape as a
/// view. Lane 0 is the lowest-addressed lane in memory (the low bits of ``low``). The
/// interpreter stores a `v128` as two consecutive slots, ``low`` first.
public struct V128: Hashable, Sendable, CustomStringConvertible {
  /// Bytes 0…7 (lanes 0… of every shape), little-endian.
  public var low: UInt64
  /// Bytes 8…15, little-endian.
  public var high: UInt64

  /// The vector whose bytes 0…7 are `low` and 8…15 are `high`.
  public init(low: UInt64, high: UInt64) {
    self.low = low
    self.high = high
  }

  /// The all-zero vector, a `v128` local's and global's default.
  public static let zero = V128(low: 0, high: 0)

  /// The vector of `bytes` in memory order (byte 0 first); `nil` unless there are exactly 16.
  public init?(bytes: some Collection<UInt8>) {
    guard bytes.count == 16 else { return nil }
    var low: UInt64 = 0
    var high: UInt64 = 0
    for (i, byte) in bytes.enumerated() {
      if i < 8 { low |= UInt64(byte) << (8 * i) } else { high |= UInt64(byte) << (8 * (i - 8)) }
    }
    self.init(low: low, high: high)
  }

  /// The 16 bytes in memory order.
  public var bytes: [UInt8] {
    (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? low : high) >> (8 * (i % 8))) }
  }

  /// The vector of lanes `lanes` of `bits` bits each (8, 16, 32 or 64), lane 0 first, each
  /// truncated to its width; `nil` unless the lanes fill 128 bits exactly.
  public init?(lanes: [UInt64], bits: Int) {
    guard [8, 16, 32, 64].contains(bits), lanes.count * bits == 128 else { return nil }
    self.init(packing: lanes, bits: bits)
  }

  /// Packs `lanes` of `bits` bits each, lane 0 first; the caller checks the shape.
  private init(packing lanes: [UInt64], bits: Int) {
    let mask: UInt64 = bits == 64 ? .max : (1 << bits) - 1
    var halves: (UInt64, UInt64) = (0, 0)
    for (i, lane) in lanes.enumerated() {
      let shift = (i * bits) % 64
      if i * bits < 64 {
        halves.0 |= (lane & mask) << shift
      } else {
        halves.1 |= (lane & mask) << shift
      }
    }
    self.init(low: halves.0, high: halves.1)
  }

  /// The lanes of `bits` bits each (8, 16, 32 or 64), lane 0 first, zero-extended; empty for
  /// any other width.
  public func lanes(bits: Int) -> [UInt64] {
    guard [8, 16, 32, 64].contains(bits) else { return [] }
    let mask: UInt64 = bits == 64 ? .max : (1 << bits) - 1
    return (0..<(128 / bits)).map { i in
      ((i * bits < 64 ? low : high) >> ((i * bits) % 64)) & mask
    }
  }

  /// The `i8x16` view.
  public var i8x16: SIMD16<UInt8> { bits(as: SIMD16<UInt8>.self) }

  /// The `i16x8` view.
  public var i16x8: SIMD8<UInt16> { bits(as: SIMD8<UInt16>.self) }

  /// The `i32x4` view (for `f32x4`, the lanes' bit patterns).
  public var i32x4: SIMD4<UInt32> {
    SIMD4(
      UInt32(truncatingIfNeeded: low), UInt32(truncatingIfNeeded: low >> 32),
      UInt32(truncatingIfNeeded: high), UInt32(truncatingIfNeeded: high >> 32))
  }

  /// The `i64x2` view (for `f64x2`, the lanes' bit patterns).
  public var i64x2: SIMD2<UInt64> { SIMD2(low, high) }

  /// The vector of the lanes of `vector`.
  public init(_ vector: SIMD16<UInt8>) {
    self.init(bitsOf: vector)
  }

  /// The vector of the lanes of `vector`.
  public init(_ vector: SIMD8<UInt16>) {
    self.init(bitsOf: vector)
  }

  /// The vector of the lanes of `vector`.
  public init(_ vector: SIMD4<UInt32>) {
    self.init(
      low: UInt64(vector[0]) | UInt64(vector[1]) << 32,
      high: UInt64(vector[2]) | UInt64(vector[3]) << 32)
  }

  /// The vector of the lanes of `vector`.
  public init(_ vector: SIMD2<UInt64>) {
    self.init(low: vector[0], high: vector[1])
  }

  /// `0x` and the 32 hex digits of the vector as one 128-bit little-endian number (byte 15
  /// first), the form `v128.const` accepts nowhere but which reads like any other integer.
  public var hex: String {
    "0x"
      + [high, low].map { half in
        let digits = String(half, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
      }.joined()
  }

  /// The `i32x4` lanes in hex, the reference interpreter's neutral form: `i32x4:0x… 0x… 0x… 0x…`.
  public var description: String {
    "i32x4:"
      + lanes(bits: 32).map { lane in
        let digits = String(lane, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
      }.joined(separator: " ")
  }
}
