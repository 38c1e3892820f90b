// Numeric helpers that Swift's operators do not give directly: the spec's min/max, float to
// integer truncation with its two distinct traps, and saturating truncation. The instruction
// table (`Sources/WasmISA/NumericInstructions.swift`) writes each instruction's semantics with
// them; arithmetic that Swift already does exactly (wrapping `&+`, IEEE `+`, `rounded`) is
// written there directly.

/// `fmin`/`fmax` as the spec defines them: any NaN operand gives a NaN (propagated through an
/// arithmetic operation so that it comes out quiet), and `-0` orders below `+0`.
@inline(__always)
func wasmMin<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
  if a.isNaN || b.isNaN { return a + b }
  if a == b { return a.sign == .minus ? a : b }
  return a < b ? a : b
}

@inline(__always)
func wasmMax<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
  if a.isNaN || b.isNaN { return a + b }
  if a == b { return a.sign == .plus ? a : b }
  return a > b ? a : b
}

/// Truncates toward zero when the result fits the open interval `(lower, upper)`.
///
/// Every f32 converts to f64 exactly, so both source types are checked in f64, where the
/// exclusive bounds of all four integer targets are representable (for i64 signed the lower
/// bound −2⁶³ is inclusive, because −2⁶³−1 rounds to it).
@inline(__always)
func truncSigned32(_ x: Double) throws(NumericTrap) -> UInt32 {
  if x.isNaN { throw .invalidConversionToInteger }
  guard x > -2147483649.0, x < 2147483648.0 else { throw .integerOverflow }
  return UInt32(bitPattern: Int32(x.rounded(.towardZero)))
}

@inline(__always)
func truncUnsigned32(_ x: Double) throws(NumericTrap) -> UInt32 {
  if x.isNaN { throw .invalidConversionToInteger }
  guard x > -1.0, x < 4294967296.0 else { throw .integerOverflow }
  return UInt32(x.rounded(.towardZero))
}

@inline(__always)
func truncSigned64(_ x: Double) throws(NumericTrap) -> UInt64 {
  if x.isNaN { throw .invalidConversionToInteger }
  guard x >= -9223372036854775808.0, x < 9223372036854775808.0 else {
    throw .integerOverflow
  }
  return UInt64(bitPattern: Int64(x.rounded(.towardZero)))
}

@inline(__always)
func truncUnsigned64(_ x: Double) throws(NumericTrap) -> UInt64 {
  if x.isNaN { throw .invalidConversionToInteger }
  guard x > -1.0, x < 18446744073709551616.0 else { throw .integerOverflow }
  return UInt64(x.rounded(.towardZero))
}

/// Saturating truncation (`trunc_sat`): NaN gives 0, out-of-range values clamp.
@inline(__always)
func truncSatSigned32(_ x: Double) -> UInt32 {
  if x.isNaN { return 0 }
  if x <= -2147483648.0 { return UInt32(bitPattern: Int32.min) }
  if x >= 2147483647.0 { return UInt32(bitPattern: Int32.max) }
  return UInt32(bitPattern: Int32(x.rounded(.towardZero)))
}

@inline(__always)
func truncSatUnsigned32(_ x: Double) -> UInt32 {
  if x.isNaN || x <= 0 { return 0 }
  if x >= 4294967295.0 { return UInt32.max }
  return UInt32(x.rounded(.towardZero))
}

@inline(__always)
func truncSatSigned64(_ x: Double) -> UInt64 {
  if x.isNaN { return 0 }
  if x <= -9223372036854775808.0 { return UInt64(bitPattern: Int64.min) }
  if x >= 9223372036854775808.0 { return UInt64(bitPattern: Int64.max) }
  return UInt64(bitPattern: Int64(x.rounded(.towardZero)))
}

@inline(__always)
func truncSatUnsigned64(_ x: Double) -> UInt64 {
  if x.isNaN || x <= 0 { return 0 }
  if x >= 18446744073709551616.0 { return UInt64.max }
  return UInt64(x.rounded(.towardZero))
}

/// What a numeric instruction's semantics throw: the trap, wrapped because ``TrapKind`` is
/// not an `Error`. Its static members let the instruction table write `throw .integerOverflow`.
struct NumericTrap: Error {
  var kind: TrapKind

  static var integerDivideByZero: NumericTrap { NumericTrap(kind: .integerDivideByZero) }
  static var integerOverflow: NumericTrap { NumericTrap(kind: .integerOverflow) }
  static var invalidConversionToInteger: NumericTrap {
    NumericTrap(kind: .invalidConversionToInteger)
  }
}
