// The lane vocabulary of the SIMD part of the instruction table
// (`Sources/WasmISA/SIMDInstructions.swift`): `V128`'s signed and float views, and the lane
// operations Swift's SIMD types do not give directly. Lane loops work on the standard library's
// SIMD types so that the compiler can vectorize them; integer lanes wrap, shifts are modulo the
// lane width, and nothing here traps (lane indices are masked to the shape).

extension V128 {
  /// The vector's bits as a 16-byte SIMD vector: both are two little-endian 64-bit halves on
  /// every platform Swift supports, so this is a copy.
  @inline(__always)
  func bits<V: SIMD>(as _: V.Type) -> V {
    #if _endian(little)
      unsafeBitCast(self, to: V.self)
    #else
      V(fromLittleEndianHalves: low, high)
    #endif
  }

  /// The vector of the bits of a 16-byte SIMD vector.
  @inline(__always)
  init<V: SIMD>(bitsOf vector: V) {
    #if _endian(little)
      self = unsafeBitCast(vector, to: V128.self)
    #else
      self = vector.littleEndianHalves
    #endif
  }

  /// The `i8x16` view, lanes signed.
  var s8x16: SIMD16<Int8> { bits(as: SIMD16<Int8>.self) }
  /// The `i16x8` view, lanes signed.
  var s16x8: SIMD8<Int16> { bits(as: SIMD8<Int16>.self) }
  /// The `i32x4` view, lanes signed.
  var s32x4: SIMD4<Int32> { bits(as: SIMD4<Int32>.self) }
  /// The `i64x2` view, lanes signed.
  var s64x2: SIMD2<Int64> { bits(as: SIMD2<Int64>.self) }
  /// The `f32x4` view.
  var f32x4: SIMD4<Float> { bits(as: SIMD4<Float>.self) }
  /// The `f64x2` view.
  var f64x2: SIMD2<Double> { bits(as: SIMD2<Double>.self) }

  init(_ vector: SIMD16<Int8>) { self.init(bitsOf: vector) }
  init(_ vector: SIMD8<Int16>) { self.init(bitsOf: vector) }
  init(_ vector: SIMD4<Int32>) { self.init(bitsOf: vector) }
  init(_ vector: SIMD2<Int64>) { self.init(bitsOf: vector) }
  init(_ vector: SIMD4<Float>) { self.init(bitsOf: vector) }
  init(_ vector: SIMD2<Double>) { self.init(bitsOf: vector) }

  /// A comparison's result: all ones in every lane where `mask` holds, zeros elsewhere.
  @inline(__always)
  init<M: SIMD>(mask: SIMDMask<M>)
  where M.Scalar: FixedWidthInteger & SignedInteger, M.MaskStorage == M {
    self.init(bitsOf: M().replacing(with: -1, where: mask))
  }
}

#if !_endian(little)
  extension SIMD {
    /// The vector whose bytes, in memory order, are those of `low` then `high`.
    fileprivate init(fromLittleEndianHalves low: UInt64, _ high: UInt64) {
      var halves = (low.littleEndian, high.littleEndian)
      self = withUnsafeBytes(of: &halves) { $0.loadUnaligned(as: Self.self) }
    }

    fileprivate var littleEndianHalves: V128 {
      withUnsafeBytes(of: self) { bytes in
        V128(
          low: UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)),
          high: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
      }
    }
  }
#endif

// MARK: Memory

/// 16 bytes at `pointer`, little-endian, unaligned.
@inline(__always)
func loadVector(_ pointer: UnsafeRawPointer) -> V128 {
  V128(
    low: UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self)),
    high: UInt64(littleEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
}

/// 8 bytes at `pointer` in the low half, the high half zero.
@inline(__always)
func loadHalf(_ pointer: UnsafeRawPointer) -> V128 {
  V128(low: UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self)), high: 0)
}

/// Writes the 16 bytes of `vector` at `pointer`, little-endian, unaligned.
@inline(__always)
func storeVector(_ vector: V128, _ pointer: UnsafeMutableRawPointer) {
  pointer.storeBytes(of: vector.low.littleEndian, as: UInt64.self)
  pointer.storeBytes(of: vector.high.littleEndian, toByteOffset: 8, as: UInt64.self)
}

// MARK: Lanes

/// `vector` with lane `lane` (modulo the lane count) replaced by `value`.
@inline(__always)
func replacingLane<V: SIMD>(_ vector: V, _ lane: Int, _ value: V.Scalar) -> V {
  var result = vector
  result[lane & (V.scalarCount - 1)] = value
  return result
}

/// `f` of each lane.
@inline(__always)
func lanewise<V: SIMD>(_ a: V, _ f: (V.Scalar) -> V.Scalar) -> V {
  var result = V()
  for i in result.indices { result[i] = f(a[i]) }
  return result
}

/// `f` of each pair of lanes.
@inline(__always)
func lanewise<V: SIMD>(_ a: V, _ b: V, _ f: (V.Scalar, V.Scalar) -> V.Scalar) -> V {
  var result = V()
  for i in result.indices { result[i] = f(a[i], b[i]) }
  return result
}

/// `f` of each lane of `vector` into the lane of the same index of a `W`: a narrower `W`
/// takes the low lanes, a wider one has its extra lanes zero (the `_zero` conversions).
@inline(__always)
func convertLanes<V: SIMD, W: SIMD>(
  _ vector: V, to _: W.Type, _ f: (V.Scalar) -> W.Scalar
) -> W {
  var result = W()
  for i in 0..<min(V.scalarCount, W.scalarCount) { result[i] = f(vector[i]) }
  return result
}

/// Lanewise `0 - v`, wrapping.
@inline(__always)
func negated<V: SIMD>(_ v: V) -> V where V.Scalar: FixedWidthInteger {
  V() &- v
}

/// Lanewise absolute value, wrapping (the minimum stays itself).
@inline(__always)
func wrappingAbs<V: SIMD>(_ v: V) -> V where V.Scalar: FixedWidthInteger & SignedInteger {
  v.replacing(with: V() &- v, where: v .< 0)
}

/// `a + b` clamped to the lane type.
@inline(__always)
func saturatingAdd<T: FixedWidthInteger>(_ a: T, _ b: T) -> T {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? (b < 0 ? .min : .max) : sum
}

/// `a - b` clamped to the lane type.
@inline(__always)
func saturatingSubtract<T: FixedWidthInteger>(_ a: T, _ b: T) -> T {
  let (difference, overflow) = a.subtractingReportingOverflow(b)
  return overflow ? (b < 0 ? .max : .min) : difference
}

/// `avgr_u`: `(a + b + 1) / 2` without overflow.
@inline(__always)
func roundingAverage<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger {
  (a | b) &- ((a ^ b) &>> 1)
}

/// Each byte's count of one bits (`i8x16.popcnt`), on the halves.
@inline(__always)
func popcount(_ v: V128) -> V128 {
  @inline(__always) func bytes(_ x: UInt64) -> UInt64 {
    let pairs = x &- ((x >> 1) & 0x5555_5555_5555_5555)
    let nibbles = (pairs & 0x3333_3333_3333_3333) &+ ((pairs >> 2) & 0x3333_3333_3333_3333)
    return (nibbles &+ (nibbles >> 4)) & 0x0F0F_0F0F_0F0F_0F0F
  }
  return V128(low: bytes(v.low), high: bytes(v.high))
}

/// The lanes' sign bits, lane 0 in bit 0, as an i32 slot.
@inline(__always)
func bitmask<V: SIMD>(_ v: V) -> UInt64 where V.Scalar: FixedWidthInteger & SignedInteger {
  var result: UInt64 = 0
  for i in v.indices where v[i] < 0 { result |= 1 << UInt64(i) }
  return result
}

/// `a`'s lanes then `b`'s, each clamped to `N` (the `narrow` instructions).
@inline(__always)
func narrow(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>, to _: Int8.Type) -> SIMD16<Int8> {
  SIMD16(lowHalf: SIMD8(clamping: a), highHalf: SIMD8(clamping: b))
}

@inline(__always)
func narrow(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>, to _: UInt8.Type) -> SIMD16<UInt8> {
  SIMD16(lowHalf: SIMD8(clamping: a), highHalf: SIMD8(clamping: b))
}

@inline(__always)
func narrow(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>, to _: Int16.Type) -> SIMD8<Int16> {
  SIMD8(lowHalf: SIMD4(clamping: a), highHalf: SIMD4(clamping: b))
}

@inline(__always)
func narrow(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>, to _: UInt16.Type) -> SIMD8<UInt16> {
  SIMD8(lowHalf: SIMD4(clamping: a), highHalf: SIMD4(clamping: b))
}

/// `i32x4.dot_i16x8_s`: the sums of the products of adjacent lane pairs, wrapping.
@inline(__always)
func dot(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
  let even = SIMD4<Int32>(truncatingIfNeeded: a.evenHalf) &* SIMD4(truncatingIfNeeded: b.evenHalf)
  let odd = SIMD4<Int32>(truncatingIfNeeded: a.oddHalf) &* SIMD4(truncatingIfNeeded: b.oddHalf)
  return even &+ odd
}

/// `i16x8.q15mulr_sat_s`: `(a·b + 2¹⁴) >> 15`, saturated.
@inline(__always)
func q15MultiplyRoundSaturate(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD8<Int16> {
  let product = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8(truncatingIfNeeded: b)
  return SIMD8(clamping: (product &+ 0x4000) &>> 15)
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s` as wasbox decides it: both operands signed, the sum of
/// each adjacent pair of products saturated to i16.
@inline(__always)
func relaxedDot(_ a: SIMD16<Int8>, _ b: SIMD16<Int8>) -> SIMD8<Int16> {
  let even = SIMD8<Int16>(truncatingIfNeeded: a.evenHalf) &* SIMD8(truncatingIfNeeded: b.evenHalf)
  let odd = SIMD8<Int16>(truncatingIfNeeded: a.oddHalf) &* SIMD8(truncatingIfNeeded: b.oddHalf)
  return lanewise(even, odd, saturatingAdd)
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s`: ``relaxedDot(_:_:)``, adjacent i16 lanes added
/// pairwise into i32, plus `c`, wrapping.
@inline(__always)
func relaxedDotAdd(_ a: SIMD16<Int8>, _ b: SIMD16<Int8>, _ c: SIMD4<Int32>) -> SIMD4<Int32> {
  let pairs = relaxedDot(a, b)
  return SIMD4<Int32>(truncatingIfNeeded: pairs.evenHalf)
    &+ SIMD4(truncatingIfNeeded: pairs.oddHalf) &+ c
}

/// `i8x16.shuffle`: byte `i` of the result is byte `imm[i]` of `a` and `b` side by side (an
/// index is taken modulo 32; validation rejects larger ones).
@inline(__always)
func shuffle(_ a: V128, _ b: V128, _ imm: V128) -> V128 {
  let left = a.i8x16
  let right = b.i8x16
  let indices = imm.i8x16
  var result = SIMD16<UInt8>()
  for i in result.indices {
    let index = Int(indices[i] & 31)
    result[i] = index < 16 ? left[index] : right[index - 16]
  }
  return V128(result)
}

/// `i8x16.swizzle`: byte `i` of the result is byte `b[i]` of `a`, or 0 when `b[i] ≥ 16`.
@inline(__always)
func swizzle(_ a: V128, _ b: V128) -> V128 {
  let bytes = a.i8x16
  let indices = b.i8x16
  var result = SIMD16<UInt8>()
  for i in result.indices where indices[i] < 16 { result[i] = bytes[Int(indices[i])] }
  return V128(result)
}

/// `v128.bitselect`: the bits of `a` where `mask` has ones, of `b` where it has zeros.
@inline(__always)
func bitselect(_ a: V128, _ b: V128, _ mask: V128) -> V128 {
  V128(
    low: (a.low & mask.low) | (b.low & ~mask.low),
    high: (a.high & mask.high) | (b.high & ~mask.high)
  )
}

/// `trunc_sat` of an f32 lane (every f32 is exactly a `Double`).
@inline(__always)
func truncSatSigned32Lane(_ x: Float) -> UInt32 { truncSatSigned32(Double(x)) }

@inline(__always)
func truncSatUnsigned32Lane(_ x: Float) -> UInt32 { truncSatUnsigned32(Double(x)) }

// MARK: Pushing results

/// Writes `vector` in the two slots at `base`, low half first, and returns the slot after.
@inline(__always)
func putVector(_ base: Slots, _ vector: V128) -> Slots {
  base[0] = vector.low
  base[1] = vector.high
  return base + 2
}

/// Writes the scalar `slot` at `base` and returns the slot after.
@inline(__always)
func putSlot(_ base: Slots, _ slot: UInt64) -> Slots {
  base[0] = slot
  return base + 1
}
