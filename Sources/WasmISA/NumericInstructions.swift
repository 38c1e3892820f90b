/// The instruction table: every immediate-free numeric instruction, in the order of its raw
/// value in WasmVM (`NumericOp`, and the first cases of the stack code's `Op` and the
/// register code's `RegOp`, which share those raw values). This is the one place where such
/// an instruction is defined; `swift run wasbox-isa` writes everything derived from it, and
/// `InstructionTableTests` fails when the committed output is stale.
///
/// To add one, append an entry (at the end of its group keeps existing raw values stable, but
/// any position works), run `swift run wasbox-isa`, and commit the table with what it wrote.
public let numericInstructions: [NumericInstruction] = [
  // MARK: Comparisons
  .init("i32.eqz", 0x45, [.i32], .i32, "slot(u32(a) == 0)"),
  .init("i32.eq", 0x46, [.i32, .i32], .i32, "slot(u32(a) == u32(b))"),
  .init("i32.ne", 0x47, [.i32, .i32], .i32, "slot(u32(a) != u32(b))"),
  .init("i32.lt_s", 0x48, [.i32, .i32], .i32, "slot(s32(a) < s32(b))"),
  .init("i32.lt_u", 0x49, [.i32, .i32], .i32, "slot(u32(a) < u32(b))"),
  .init("i32.gt_s", 0x4A, [.i32, .i32], .i32, "slot(s32(a) > s32(b))"),
  .init("i32.gt_u", 0x4B, [.i32, .i32], .i32, "slot(u32(a) > u32(b))"),
  .init("i32.le_s", 0x4C, [.i32, .i32], .i32, "slot(s32(a) <= s32(b))"),
  .init("i32.le_u", 0x4D, [.i32, .i32], .i32, "slot(u32(a) <= u32(b))"),
  .init("i32.ge_s", 0x4E, [.i32, .i32], .i32, "slot(s32(a) >= s32(b))"),
  .init("i32.ge_u", 0x4F, [.i32, .i32], .i32, "slot(u32(a) >= u32(b))"),
  .init("i64.eqz", 0x50, [.i64], .i32, "slot(a == 0)"),
  .init("i64.eq", 0x51, [.i64, .i64], .i32, "slot(a == b)"),
  .init("i64.ne", 0x52, [.i64, .i64], .i32, "slot(a != b)"),
  .init("i64.lt_s", 0x53, [.i64, .i64], .i32, "slot(s64(a) < s64(b))"),
  .init("i64.lt_u", 0x54, [.i64, .i64], .i32, "slot(a < b)"),
  .init("i64.gt_s", 0x55, [.i64, .i64], .i32, "slot(s64(a) > s64(b))"),
  .init("i64.gt_u", 0x56, [.i64, .i64], .i32, "slot(a > b)"),
  .init("i64.le_s", 0x57, [.i64, .i64], .i32, "slot(s64(a) <= s64(b))"),
  .init("i64.le_u", 0x58, [.i64, .i64], .i32, "slot(a <= b)"),
  .init("i64.ge_s", 0x59, [.i64, .i64], .i32, "slot(s64(a) >= s64(b))"),
  .init("i64.ge_u", 0x5A, [.i64, .i64], .i32, "slot(a >= b)"),
  .init("f32.eq", 0x5B, [.f32, .f32], .i32, "slot(f32(a) == f32(b))"),
  .init("f32.ne", 0x5C, [.f32, .f32], .i32, "slot(f32(a) != f32(b))"),
  .init("f32.lt", 0x5D, [.f32, .f32], .i32, "slot(f32(a) < f32(b))"),
  .init("f32.gt", 0x5E, [.f32, .f32], .i32, "slot(f32(a) > f32(b))"),
  .init("f32.le", 0x5F, [.f32, .f32], .i32, "slot(f32(a) <= f32(b))"),
  .init("f32.ge", 0x60, [.f32, .f32], .i32, "slot(f32(a) >= f32(b))"),
  .init("f64.eq", 0x61, [.f64, .f64], .i32, "slot(f64(a) == f64(b))"),
  .init("f64.ne", 0x62, [.f64, .f64], .i32, "slot(f64(a) != f64(b))"),
  .init("f64.lt", 0x63, [.f64, .f64], .i32, "slot(f64(a) < f64(b))"),
  .init("f64.gt", 0x64, [.f64, .f64], .i32, "slot(f64(a) > f64(b))"),
  .init("f64.le", 0x65, [.f64, .f64], .i32, "slot(f64(a) <= f64(b))"),
  .init("f64.ge", 0x66, [.f64, .f64], .i32, "slot(f64(a) >= f64(b))"),

  // MARK: Integer arithmetic
  .init("i32.clz", 0x67, [.i32], .i32, "UInt64(u32(a).leadingZeroBitCount)"),
  .init("i32.ctz", 0x68, [.i32], .i32, "UInt64(u32(a).trailingZeroBitCount)"),
  .init("i32.popcnt", 0x69, [.i32], .i32, "UInt64(u32(a).nonzeroBitCount)"),
  .init("i32.add", 0x6A, [.i32, .i32], .i32, "slot(u32(a) &+ u32(b))"),
  .init("i32.sub", 0x6B, [.i32, .i32], .i32, "slot(u32(a) &- u32(b))"),
  .init("i32.mul", 0x6C, [.i32, .i32], .i32, "slot(u32(a) &* u32(b))"),
  .init(
    "i32.div_s", 0x6D, [.i32, .i32], .i32, .trapping,
    """
    let (x, y) = (s32(a), s32(b))
    guard y != 0 else { throw .integerDivideByZero }
    guard x != .min || y != -1 else { throw .integerOverflow }
    return slot(x / y)
    """),
  .init(
    "i32.div_u", 0x6E, [.i32, .i32], .i32, .trapping,
    """
    guard u32(b) != 0 else { throw .integerDivideByZero }
    return slot(u32(a) / u32(b))
    """),
  .init(
    "i32.rem_s", 0x6F, [.i32, .i32], .i32, .trapping,
    """
    let (x, y) = (s32(a), s32(b))
    guard y != 0 else { throw .integerDivideByZero }
    return y == -1 ? 0 : slot(x % y)
    """),
  .init(
    "i32.rem_u", 0x70, [.i32, .i32], .i32, .trapping,
    """
    guard u32(b) != 0 else { throw .integerDivideByZero }
    return slot(u32(a) % u32(b))
    """),
  .init("i32.and", 0x71, [.i32, .i32], .i32, "slot(u32(a) & u32(b))"),
  .init("i32.or", 0x72, [.i32, .i32], .i32, "slot(u32(a) | u32(b))"),
  .init("i32.xor", 0x73, [.i32, .i32], .i32, "slot(u32(a) ^ u32(b))"),
  .init("i32.shl", 0x74, [.i32, .i32], .i32, "slot(u32(a) &<< u32(b))"),
  .init("i32.shr_s", 0x75, [.i32, .i32], .i32, "slot(s32(a) &>> s32(b))"),
  .init("i32.shr_u", 0x76, [.i32, .i32], .i32, "slot(u32(a) &>> u32(b))"),
  .init("i32.rotl", 0x77, [.i32, .i32], .i32, "slot(rotateLeft(u32(a), u32(b)))"),
  .init("i32.rotr", 0x78, [.i32, .i32], .i32, "slot(rotateLeft(u32(a), 32 &- (u32(b) & 31)))"),
  .init("i64.clz", 0x79, [.i64], .i64, "UInt64(a.leadingZeroBitCount)"),
  .init("i64.ctz", 0x7A, [.i64], .i64, "UInt64(a.trailingZeroBitCount)"),
  .init("i64.popcnt", 0x7B, [.i64], .i64, "UInt64(a.nonzeroBitCount)"),
  .init("i64.add", 0x7C, [.i64, .i64], .i64, "a &+ b"),
  .init("i64.sub", 0x7D, [.i64, .i64], .i64, "a &- b"),
  .init("i64.mul", 0x7E, [.i64, .i64], .i64, "a &* b"),
  .init(
    "i64.div_s", 0x7F, [.i64, .i64], .i64, .trapping,
    """
    let (x, y) = (s64(a), s64(b))
    guard y != 0 else { throw .integerDivideByZero }
    guard x != .min || y != -1 else { throw .integerOverflow }
    return slot(x / y)
    """),
  .init(
    "i64.div_u", 0x80, [.i64, .i64], .i64, .trapping,
    """
    guard b != 0 else { throw .integerDivideByZero }
    return a / b
    """),
  .init(
    "i64.rem_s", 0x81, [.i64, .i64], .i64, .trapping,
    """
    let (x, y) = (s64(a), s64(b))
    guard y != 0 else { throw .integerDivideByZero }
    return y == -1 ? 0 : slot(x % y)
    """),
  .init(
    "i64.rem_u", 0x82, [.i64, .i64], .i64, .trapping,
    """
    guard b != 0 else { throw .integerDivideByZero }
    return a % b
    """),
  .init("i64.and", 0x83, [.i64, .i64], .i64, "a & b"),
  .init("i64.or", 0x84, [.i64, .i64], .i64, "a | b"),
  .init("i64.xor", 0x85, [.i64, .i64], .i64, "a ^ b"),
  .init("i64.shl", 0x86, [.i64, .i64], .i64, "a &<< b"),
  .init("i64.shr_s", 0x87, [.i64, .i64], .i64, "slot(s64(a) &>> s64(b))"),
  .init("i64.shr_u", 0x88, [.i64, .i64], .i64, "a &>> b"),
  .init("i64.rotl", 0x89, [.i64, .i64], .i64, "rotateLeft(a, b)"),
  .init("i64.rotr", 0x8A, [.i64, .i64], .i64, "rotateLeft(a, 64 &- (b & 63))"),

  // MARK: Float arithmetic
  .init("f32.abs", 0x8B, [.f32], .f32, "a & 0x7FFF_FFFF"),
  .init("f32.neg", 0x8C, [.f32], .f32, "(a ^ 0x8000_0000) & 0xFFFF_FFFF"),
  .init("f32.ceil", 0x8D, [.f32], .f32, .outOfLine, "slot(f32(a).rounded(.up))"),
  .init("f32.floor", 0x8E, [.f32], .f32, .outOfLine, "slot(f32(a).rounded(.down))"),
  .init("f32.trunc", 0x8F, [.f32], .f32, .outOfLine, "slot(f32(a).rounded(.towardZero))"),
  .init("f32.nearest", 0x90, [.f32], .f32, .outOfLine, "slot(f32(a).rounded(.toNearestOrEven))"),
  .init("f32.sqrt", 0x91, [.f32], .f32, "slot(f32(a).squareRoot())"),
  .init("f32.add", 0x92, [.f32, .f32], .f32, "slot(f32(a) + f32(b))"),
  .init("f32.sub", 0x93, [.f32, .f32], .f32, "slot(f32(a) - f32(b))"),
  .init("f32.mul", 0x94, [.f32, .f32], .f32, "slot(f32(a) * f32(b))"),
  .init("f32.div", 0x95, [.f32, .f32], .f32, "slot(f32(a) / f32(b))"),
  .init("f32.min", 0x96, [.f32, .f32], .f32, "slot(wasmMin(f32(a), f32(b)))"),
  .init("f32.max", 0x97, [.f32, .f32], .f32, "slot(wasmMax(f32(a), f32(b)))"),
  .init("f32.copysign", 0x98, [.f32, .f32], .f32, "(a & 0x7FFF_FFFF) | (b & 0x8000_0000)"),
  .init("f64.abs", 0x99, [.f64], .f64, "a & 0x7FFF_FFFF_FFFF_FFFF"),
  .init("f64.neg", 0x9A, [.f64], .f64, "a ^ 0x8000_0000_0000_0000"),
  .init("f64.ceil", 0x9B, [.f64], .f64, .outOfLine, "slot(f64(a).rounded(.up))"),
  .init("f64.floor", 0x9C, [.f64], .f64, .outOfLine, "slot(f64(a).rounded(.down))"),
  .init("f64.trunc", 0x9D, [.f64], .f64, .outOfLine, "slot(f64(a).rounded(.towardZero))"),
  .init("f64.nearest", 0x9E, [.f64], .f64, .outOfLine, "slot(f64(a).rounded(.toNearestOrEven))"),
  .init("f64.sqrt", 0x9F, [.f64], .f64, "slot(f64(a).squareRoot())"),
  .init("f64.add", 0xA0, [.f64, .f64], .f64, "slot(f64(a) + f64(b))"),
  .init("f64.sub", 0xA1, [.f64, .f64], .f64, "slot(f64(a) - f64(b))"),
  .init("f64.mul", 0xA2, [.f64, .f64], .f64, "slot(f64(a) * f64(b))"),
  .init("f64.div", 0xA3, [.f64, .f64], .f64, "slot(f64(a) / f64(b))"),
  .init("f64.min", 0xA4, [.f64, .f64], .f64, "slot(wasmMin(f64(a), f64(b)))"),
  .init("f64.max", 0xA5, [.f64, .f64], .f64, "slot(wasmMax(f64(a), f64(b)))"),
  .init(
    "f64.copysign", 0xA6, [.f64, .f64], .f64,
    "(a & 0x7FFF_FFFF_FFFF_FFFF) | (b & 0x8000_0000_0000_0000)"),

  // MARK: Conversions
  .init("i32.wrap_i64", 0xA7, [.i64], .i32, "a & 0xFFFF_FFFF"),
  .init(
    "i32.trunc_f32_s", 0xA8, [.f32], .i32, .trappingOutOfLine,
    "slot(try truncSigned32(Double(f32(a))))"),
  .init(
    "i32.trunc_f32_u", 0xA9, [.f32], .i32, .trappingOutOfLine,
    "slot(try truncUnsigned32(Double(f32(a))))"),
  .init(
    "i32.trunc_f64_s", 0xAA, [.f64], .i32, .trappingOutOfLine, "slot(try truncSigned32(f64(a)))"),
  .init(
    "i32.trunc_f64_u", 0xAB, [.f64], .i32, .trappingOutOfLine, "slot(try truncUnsigned32(f64(a)))"),
  .init("i64.extend_i32_s", 0xAC, [.i32], .i64, "slot(Int64(s32(a)))"),
  .init("i64.extend_i32_u", 0xAD, [.i32], .i64, "a & 0xFFFF_FFFF"),
  .init(
    "i64.trunc_f32_s", 0xAE, [.f32], .i64, .trappingOutOfLine, "try truncSigned64(Double(f32(a)))"),
  .init(
    "i64.trunc_f32_u", 0xAF, [.f32], .i64, .trappingOutOfLine, "try truncUnsigned64(Double(f32(a)))"
  ),
  .init("i64.trunc_f64_s", 0xB0, [.f64], .i64, .trappingOutOfLine, "try truncSigned64(f64(a))"),
  .init("i64.trunc_f64_u", 0xB1, [.f64], .i64, .trappingOutOfLine, "try truncUnsigned64(f64(a))"),
  .init("f32.convert_i32_s", 0xB2, [.i32], .f32, "slot(Float(s32(a)))"),
  .init("f32.convert_i32_u", 0xB3, [.i32], .f32, "slot(Float(u32(a)))"),
  .init("f32.convert_i64_s", 0xB4, [.i64], .f32, "slot(Float(s64(a)))"),
  .init("f32.convert_i64_u", 0xB5, [.i64], .f32, "slot(Float(a))"),
  .init("f32.demote_f64", 0xB6, [.f64], .f32, "slot(Float(f64(a)))"),
  .init("f64.convert_i32_s", 0xB7, [.i32], .f64, "slot(Double(s32(a)))"),
  .init("f64.convert_i32_u", 0xB8, [.i32], .f64, "slot(Double(u32(a)))"),
  .init("f64.convert_i64_s", 0xB9, [.i64], .f64, "slot(Double(s64(a)))"),
  .init("f64.convert_i64_u", 0xBA, [.i64], .f64, "slot(Double(a))"),
  .init("f64.promote_f32", 0xBB, [.f32], .f64, "slot(Double(f32(a)))"),
  .init("i32.reinterpret_f32", 0xBC, [.f32], .i32, "a & 0xFFFF_FFFF"),
  .init("i64.reinterpret_f64", 0xBD, [.f64], .i64, "a"),
  .init("f32.reinterpret_i32", 0xBE, [.i32], .f32, "a & 0xFFFF_FFFF"),
  .init("f64.reinterpret_i64", 0xBF, [.i64], .f64, "a"),

  // MARK: Sign extension
  .init("i32.extend8_s", 0xC0, [.i32], .i32, "slot(Int32(Int8(truncatingIfNeeded: a)))"),
  .init("i32.extend16_s", 0xC1, [.i32], .i32, "slot(Int32(Int16(truncatingIfNeeded: a)))"),
  .init("i64.extend8_s", 0xC2, [.i64], .i64, "slot(Int64(Int8(truncatingIfNeeded: a)))"),
  .init("i64.extend16_s", 0xC3, [.i64], .i64, "slot(Int64(Int16(truncatingIfNeeded: a)))"),
  .init("i64.extend32_s", 0xC4, [.i64], .i64, "slot(Int64(Int32(truncatingIfNeeded: a)))"),

  // MARK: Saturating truncation (0xFC prefix)
  .init(
    "i32.trunc_sat_f32_s", 0x00, prefix: 0xFC, [.f32], .i32,
    "slot(truncSatSigned32(Double(f32(a))))"),
  .init(
    "i32.trunc_sat_f32_u", 0x01, prefix: 0xFC, [.f32], .i32,
    "slot(truncSatUnsigned32(Double(f32(a))))"),
  .init("i32.trunc_sat_f64_s", 0x02, prefix: 0xFC, [.f64], .i32, "slot(truncSatSigned32(f64(a)))"),
  .init(
    "i32.trunc_sat_f64_u", 0x03, prefix: 0xFC, [.f64], .i32, "slot(truncSatUnsigned32(f64(a)))"),
  .init(
    "i64.trunc_sat_f32_s", 0x04, prefix: 0xFC, [.f32], .i64, "truncSatSigned64(Double(f32(a)))"),
  .init(
    "i64.trunc_sat_f32_u", 0x05, prefix: 0xFC, [.f32], .i64, "truncSatUnsigned64(Double(f32(a)))"),
  .init("i64.trunc_sat_f64_s", 0x06, prefix: 0xFC, [.f64], .i64, "truncSatSigned64(f64(a))"),
  .init("i64.trunc_sat_f64_u", 0x07, prefix: 0xFC, [.f64], .i64, "truncSatUnsigned64(f64(a))"),
]
