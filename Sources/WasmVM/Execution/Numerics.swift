// Numeric semantics that Swift's operators do not give directly: the spec's min/max, float to
// integer truncation with its two distinct traps, and saturating truncation. Integer and float
// arithmetic that Swift already does exactly (wrapping `&+`, IEEE `+`, `rounded`) is written
// inline in the interpreter.

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

/// The outcome of a trapping float-to-integer conversion: the value, or which trap it raises.
enum TruncResult<T> {
  case value(T)
  case trap(TrapKind)
}

/// Truncates toward zero when the result fits the open interval `(lower, upper)`.
///
/// Every f32 converts to f64 exactly, so both source types are checked in f64, where the
/// exclusive bounds of all four integer targets are representable (for i64 signed the lower
/// bound −2⁶³ is inclusive, because −2⁶³−1 rounds to it).
@inline(__always)
func truncSigned32(_ x: Double) -> TruncResult<UInt32> {
  if x.isNaN { return .trap(.invalidConversionToInteger) }
  guard x > -2147483649.0, x < 2147483648.0 else { return .trap(.integerOverflow) }
  return .value(UInt32(bitPattern: Int32(x.rounded(.towardZero))))
}

@inline(__always)
func truncUnsigned32(_ x: Double) -> TruncResult<UInt32> {
  if x.isNaN { return .trap(.invalidConversionToInteger) }
  guard x > -1.0, x < 4294967296.0 else { return .trap(.integerOverflow) }
  return .value(UInt32(x.rounded(.towardZero)))
}

@inline(__always)
func truncSigned64(_ x: Double) -> TruncResult<UInt64> {
  if x.isNaN { return .trap(.invalidConversionToInteger) }
  guard x >= -9223372036854775808.0, x < 9223372036854775808.0 else {
    return .trap(.integerOverflow)
  }
  return .value(UInt64(bitPattern: Int64(x.rounded(.towardZero))))
}

@inline(__always)
func truncUnsigned64(_ x: Double) -> TruncResult<UInt64> {
  if x.isNaN { return .trap(.invalidConversionToInteger) }
  guard x > -1.0, x < 18446744073709551616.0 else { return .trap(.integerOverflow) }
  return .value(UInt64(x.rounded(.towardZero)))
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

/// The rounding instructions (`ceil`, `floor`, `trunc`, `nearest`) on the top slot, out of line
/// because they call libm: a call inside the loop would force its `sp` out of a register
/// (hence also `sp` handed back, so that the loop's copy is not live across the call).
@inline(never)
func roundTop(_ op: Op, _ sp: Slots) -> Slots {
  let s = sp[-1]
  switch op {
  case .f32Ceil: sp[-1] = slot(f32(s).rounded(.up))
  case .f32Floor: sp[-1] = slot(f32(s).rounded(.down))
  case .f32Trunc: sp[-1] = slot(f32(s).rounded(.towardZero))
  case .f32Nearest: sp[-1] = slot(f32(s).rounded(.toNearestOrEven))
  case .f64Ceil: sp[-1] = slot(f64(s).rounded(.up))
  case .f64Floor: sp[-1] = slot(f64(s).rounded(.down))
  case .f64Trunc: sp[-1] = slot(f64(s).rounded(.towardZero))
  default: sp[-1] = slot(f64(s).rounded(.toNearestOrEven))
  }
  return sp
}

/// The trapping float-to-integer conversions on the top slot, out of line for the same reason
/// as ``roundTop(_:_:)``. Returns `sp`, or `nil` with the trap in `trap`, leaving the slot
/// alone, when the value does not fit.
@inline(never)
func truncateTop(_ op: Op, _ sp: Slots, trap: inout TrapKind) -> Slots? {
  let s = sp[-1]
  let outcome: TruncResult<UInt64>
  switch op {
  case .i32TruncF32S: outcome = widen(truncSigned32(Double(f32(s))))
  case .i32TruncF32U: outcome = widen(truncUnsigned32(Double(f32(s))))
  case .i32TruncF64S: outcome = widen(truncSigned32(f64(s)))
  case .i32TruncF64U: outcome = widen(truncUnsigned32(f64(s)))
  case .i64TruncF32S: outcome = truncSigned64(Double(f32(s)))
  case .i64TruncF32U: outcome = truncUnsigned64(Double(f32(s)))
  case .i64TruncF64S: outcome = truncSigned64(f64(s))
  default: outcome = truncUnsigned64(f64(s))
  }
  switch outcome {
  case .value(let v):
    sp[-1] = v
    return sp
  case .trap(let kind):
    trap = kind
    return nil
  }
}

@inline(__always)
private func widen(_ result: TruncResult<UInt32>) -> TruncResult<UInt64> {
  switch result {
  case .value(let v): .value(UInt64(v))
  case .trap(let kind): .trap(kind)
  }
}
