// The SIMD part of the instruction table: every fixed-width SIMD instruction (Wasm 3.0) and
// every relaxed-SIMD one, ordered by sub-opcode after the `0xFD` prefix, with its semantics
// written once. The helpers below only spell the table's recurring patterns; the lane helpers
// the expressions call are WasmVM's `Execution/SIMDLanes.swift`.

/// A lane shape of the table: its name, WasmVM's unsigned and signed `V128` views, the scalar
/// types of a lane and the number of lanes.
private struct Shape {
  let name: String
  let unsigned: String
  let signed: String
  let unsignedScalar: String
  let signedScalar: String
  let lanes: Int
}

private let i8 = Shape(
  name: "i8x16", unsigned: "i8x16", signed: "s8x16", unsignedScalar: "UInt8",
  signedScalar: "Int8", lanes: 16)
private let i16 = Shape(
  name: "i16x8", unsigned: "i16x8", signed: "s16x8", unsignedScalar: "UInt16",
  signedScalar: "Int16", lanes: 8)
private let i32 = Shape(
  name: "i32x4", unsigned: "i32x4", signed: "s32x4", unsignedScalar: "UInt32",
  signedScalar: "Int32", lanes: 4)
private let i64 = Shape(
  name: "i64x2", unsigned: "i64x2", signed: "s64x2", unsignedScalar: "UInt64",
  signedScalar: "Int64", lanes: 2)
private let f32 = Shape(
  name: "f32x4", unsigned: "i32x4", signed: "f32x4", unsignedScalar: "UInt32",
  signedScalar: "Float", lanes: 4)
private let f64 = Shape(
  name: "f64x2", unsigned: "i64x2", signed: "f64x2", unsignedScalar: "UInt64",
  signedScalar: "Double", lanes: 2)

/// `v128 → v128`.
private func unary(_ name: String, _ code: UInt32, _ semantics: String) -> SIMDInstruction {
  SIMDInstruction(name, code, [.v128], .v128, semantics)
}

/// `v128 v128 → v128`.
private func binary(
  _ name: String, _ code: UInt32, relaxed: String? = nil, _ semantics: String
) -> SIMDInstruction {
  SIMDInstruction(name, code, [.v128, .v128], .v128, relaxed: relaxed, semantics)
}

/// `v128 v128 v128 → v128`.
private func ternary(
  _ name: String, _ code: UInt32, relaxed: String? = nil, _ semantics: String
) -> SIMDInstruction {
  SIMDInstruction(name, code, [.v128, .v128, .v128], .v128, relaxed: relaxed, semantics)
}

/// `v128 → i32`.
private func test(_ name: String, _ code: UInt32, _ semantics: String) -> SIMDInstruction {
  SIMDInstruction(name, code, [.v128], .i32, semantics)
}

/// `v128 i32 → v128`, a shift by the scalar modulo the lane width.
private func shift(_ shape: Shape, _ op: String, _ code: UInt32) -> SIMDInstruction {
  let (view, scalar) =
    op == "shr_s" ? (shape.signed, shape.signedScalar) : (shape.unsigned, shape.unsignedScalar)
  let operator_ = op == "shl" ? "&<<" : "&>>"
  return SIMDInstruction(
    "\(shape.name).\(op)", code, [.v128, .i32], .v128,
    "V128(a.\(view) \(operator_) \(scalar)(truncatingIfNeeded: b))")
}

/// The ten integer comparisons of a shape from `code` (`eq ne lt_s lt_u gt_s gt_u le_s le_u
/// ge_s ge_u`).
private func integerComparisons(_ shape: Shape, _ code: UInt32) -> [SIMDInstruction] {
  let forms: [(String, String, Bool)] = [
    ("eq", ".==", false), ("ne", ".!=", false), ("lt_s", ".<", true), ("lt_u", ".<", false),
    ("gt_s", ".>", true), ("gt_u", ".>", false), ("le_s", ".<=", true), ("le_u", ".<=", false),
    ("ge_s", ".>=", true), ("ge_u", ".>=", false),
  ]
  return forms.enumerated().map { index, form in
    let view = form.2 ? shape.signed : shape.unsigned
    return binary(
      "\(shape.name).\(form.0)", code + UInt32(index), "V128(mask: a.\(view) \(form.1) b.\(view))")
  }
}

/// The six float comparisons of a shape from `code` (`eq ne lt gt le ge`).
private func floatComparisons(_ shape: Shape, _ code: UInt32) -> [SIMDInstruction] {
  let forms = [
    ("eq", ".=="), ("ne", ".!="), ("lt", ".<"), ("gt", ".>"), ("le", ".<="), ("ge", ".>="),
  ]
  return forms.enumerated().map { index, form in
    binary(
      "\(shape.name).\(form.0)", code + UInt32(index),
      "V128(mask: a.\(shape.signed) \(form.1) b.\(shape.signed))")
  }
}

/// `v128.load…`: `address → v128` reading `bytes` bytes.
private func load(
  _ name: String, _ code: UInt32, bytes: Int, _ semantics: String
) -> SIMDInstruction {
  SIMDInstruction(
    name, code, kind: .load, immediate: .memArg, [.i32], .v128, bytes: bytes, semantics)
}

/// `v128.load…_lane`: `address v128 → v128`, memory into one lane.
private func loadLane(_ shape: Shape, _ code: UInt32) -> SIMDInstruction {
  let bits = 128 / shape.lanes
  let read =
    bits == 8
    ? "pointer.load(as: UInt8.self)"
    : "\(shape.unsignedScalar)(littleEndian: pointer.loadUnaligned(as: \(shape.unsignedScalar).self))"
  return SIMDInstruction(
    "v128.load\(bits)_lane", code, kind: .load, immediate: .memArgLane, [.i32, .v128], .v128,
    bytes: bits / 8, laneCount: shape.lanes,
    "V128(replacingLane(vector.\(shape.unsigned), lane, \(read)))")
}

/// `v128.store…_lane`: `address v128 →`, one lane into memory.
private func storeLane(_ shape: Shape, _ code: UInt32) -> SIMDInstruction {
  let bits = 128 / shape.lanes
  let value = "vector.\(shape.unsigned)[lane & \(shape.lanes - 1)]"
  return SIMDInstruction(
    "v128.store\(bits)_lane", code, kind: .store, immediate: .memArgLane, [.i32, .v128], nil,
    bytes: bits / 8, laneCount: shape.lanes,
    "pointer.storeBytes(of: \(value)\(bits == 8 ? "" : ".littleEndian"), as: \(shape.unsignedScalar).self)"
  )
}

/// `shape.extract_lane[_s|_u]`: `v128 → scalar slot`.
private func extractLane(
  _ shape: Shape, _ suffix: String, _ code: UInt32, _ result: InstructionValueType,
  _ semantics: String
) -> SIMDInstruction {
  SIMDInstruction(
    "\(shape.name).extract_lane\(suffix)", code, immediate: .lane, [.v128], result,
    laneCount: shape.lanes, semantics)
}

/// `shape.replace_lane`: `v128 scalar → v128`.
private func replaceLane(
  _ shape: Shape, _ code: UInt32, _ scalar: InstructionValueType, _ value: String
) -> SIMDInstruction {
  SIMDInstruction(
    "\(shape.name).replace_lane", code, immediate: .lane, [.v128, scalar], .v128,
    laneCount: shape.lanes, "V128(replacingLane(a.\(shape.unsigned), lane, \(value)))")
}

/// `shape.splat`: `scalar → v128`.
private func splat(
  _ shape: Shape, _ code: UInt32, _ scalar: InstructionValueType, _ value: String
) -> SIMDInstruction {
  SIMDInstruction(
    "\(shape.name).splat", code, [scalar], .v128,
    "V128(SIMD\(shape.lanes)<\(shape.unsignedScalar)>(repeating: \(value)))")
}

/// The integer lane arithmetic of `shape` under `name` with a lanewise operator.
private func lanes(
  _ shape: Shape, _ op: String, _ code: UInt32, _ operator_: String, signed: Bool = false
)
  -> SIMDInstruction
{
  let view = signed ? shape.signed : shape.unsigned
  return binary("\(shape.name).\(op)", code, "V128(a.\(view) \(operator_) b.\(view))")
}

/// `shape.extend_{low,high}_from_{s,u}` from the narrower shape `from`.
private func extend(_ shape: Shape, from: Shape, _ code: UInt32) -> [SIMDInstruction] {
  let forms = [("low", "s"), ("high", "s"), ("low", "u"), ("high", "u")]
  return forms.enumerated().map { index, form in
    let wide = form.1 == "s" ? shape.signedScalar : shape.unsignedScalar
    let view = form.1 == "s" ? from.signed : from.unsigned
    return unary(
      "\(shape.name).extend_\(form.0)_\(from.name)_\(form.1)", code + UInt32(index),
      "V128(SIMD\(shape.lanes)<\(wide)>(truncatingIfNeeded: a.\(view).\(form.0)Half))")
  }
}

/// `shape.extmul_{low,high}_from_{s,u}`.
private func extmul(_ shape: Shape, from: Shape, _ code: UInt32) -> [SIMDInstruction] {
  let forms = [("low", "s"), ("high", "s"), ("low", "u"), ("high", "u")]
  return forms.enumerated().map { index, form in
    let wide = "SIMD\(shape.lanes)<\(form.1 == "s" ? shape.signedScalar : shape.unsignedScalar)>"
    let view = form.1 == "s" ? from.signed : from.unsigned
    return binary(
      "\(shape.name).extmul_\(form.0)_\(from.name)_\(form.1)", code + UInt32(index),
      "V128(\(wide)(truncatingIfNeeded: a.\(view).\(form.0)Half) &* "
        + "\(wide)(truncatingIfNeeded: b.\(view).\(form.0)Half))")
  }
}

/// `shape.extadd_pairwise_from_{s,u}`.
private func extaddPairwise(_ shape: Shape, from: Shape, _ code: UInt32) -> [SIMDInstruction] {
  ["s", "u"].enumerated().map { index, sign in
    let wide = "SIMD\(shape.lanes)<\(sign == "s" ? shape.signedScalar : shape.unsignedScalar)>"
    let view = sign == "s" ? from.signed : from.unsigned
    return unary(
      "\(shape.name).extadd_pairwise_\(from.name)_\(sign)", code + UInt32(index),
      "V128(\(wide)(truncatingIfNeeded: a.\(view).evenHalf) &+ "
        + "\(wide)(truncatingIfNeeded: a.\(view).oddHalf))")
  }
}

/// The float lane operations of `shape` that share their form across shapes, by name.
private func float(_ shape: Shape, _ op: String, _ code: UInt32) -> SIMDInstruction {
  let v = shape.signed
  let name = "\(shape.name).\(op)"
  let signBit = shape.lanes == 4 ? "0x8000_0000" : "0x8000_0000_0000_0000"
  switch op {
  case "abs": return unary(name, code, "V128(a.\(shape.unsigned) & ~\(signBit))")
  case "neg": return unary(name, code, "V128(a.\(shape.unsigned) ^ \(signBit))")
  case "sqrt": return unary(name, code, "V128(a.\(v).squareRoot())")
  case "ceil": return unary(name, code, "V128(a.\(v).rounded(.up))")
  case "floor": return unary(name, code, "V128(a.\(v).rounded(.down))")
  case "trunc": return unary(name, code, "V128(a.\(v).rounded(.towardZero))")
  case "nearest": return unary(name, code, "V128(a.\(v).rounded(.toNearestOrEven))")
  case "add": return binary(name, code, "V128(a.\(v) + b.\(v))")
  case "sub": return binary(name, code, "V128(a.\(v) - b.\(v))")
  case "mul": return binary(name, code, "V128(a.\(v) * b.\(v))")
  case "div": return binary(name, code, "V128(a.\(v) / b.\(v))")
  case "min": return binary(name, code, "V128(lanewise(a.\(v), b.\(v), wasmMin))")
  case "max": return binary(name, code, "V128(lanewise(a.\(v), b.\(v), wasmMax))")
  case "pmin":
    return binary(name, code, "V128(a.\(v).replacing(with: b.\(v), where: b.\(v) .< a.\(v)))")
  default:
    return binary(name, code, "V128(a.\(v).replacing(with: b.\(v), where: a.\(v) .< b.\(v)))")
  }
}

/// The float operations of `shape` at the codes of `abs neg _ sqrt add sub mul div min max
/// pmin pmax`.
private func floatArithmetic(_ shape: Shape, _ code: UInt32) -> [SIMDInstruction] {
  let ops = ["abs", "neg", "", "sqrt", "add", "sub", "mul", "div", "min", "max", "pmin", "pmax"]
  return ops.enumerated().compactMap { index, op in
    op.isEmpty ? nil : float(shape, op, code + UInt32(index))
  }
}

/// A lane conversion: each lane of `from` (view) through `scalar` into a vector of type `to`,
/// missing lanes zero.
private func convert(_ name: String, _ code: UInt32, _ from: String, _ to: String, _ scalar: String)
  -> SIMDInstruction
{
  unary(name, code, "V128(convertLanes(a.\(from), to: \(to).self) { \(scalar)($0) })")
}

private let relaxedSwizzle = "i8x16.swizzle: an index of 16 or more selects 0."
private func relaxedTrunc(_ counterpart: String) -> String {
  "\(counterpart): NaN gives 0 and out-of-range lanes saturate."
}
private let relaxedMadd =
  "fused: a·b + c with a single rounding (`addingProduct`, IEEE fusedMultiplyAdd), on every platform."
private let relaxedNmadd =
  "fused: −(a·b) + c with a single rounding (`addingProduct` of the negated a), on every platform."
private let relaxedLaneselect =
  "v128.bitselect: every bit of the mask c selects, whether or not its lane is all ones or zeros."
private func relaxedMinMax(_ counterpart: String) -> String {
  "\(counterpart): a NaN lane gives a NaN, and −0 orders below +0."
}
private let relaxedQ15 = "i16x8.q15mulr_sat_s: −32768 · −32768 saturates to 32767."
private let relaxedDot =
  "b's bytes are signed, like a's; the sum of the two products saturates to i16 "
  + "(−128·−128 + −128·−128 gives 32767)."
private let relaxedDotAdd =
  "b's bytes are signed; each pair of products saturates to i16 as in "
  + "i16x8.relaxed_dot_i8x16_i7x16_s, then adjacent pairs are added to c's lanes, wrapping."

/// Every SIMD instruction, ordered by sub-opcode after `0xFD`: the fixed-width set
/// (`0x00`…`0xFF`, with the spec's gaps) and relaxed SIMD (`0x100`…`0x113`).
public let simdInstructions: [SIMDInstruction] = {
  var table: [SIMDInstruction] = [
    load("v128.load", 0x00, bytes: 16, "loadVector(pointer)"),
    load(
      "v128.load8x8_s", 0x01, bytes: 8,
      "V128(SIMD8<Int16>(truncatingIfNeeded: loadHalf(pointer).s8x16.lowHalf))"),
    load(
      "v128.load8x8_u", 0x02, bytes: 8,
      "V128(SIMD8<UInt16>(truncatingIfNeeded: loadHalf(pointer).i8x16.lowHalf))"),
    load(
      "v128.load16x4_s", 0x03, bytes: 8,
      "V128(SIMD4<Int32>(truncatingIfNeeded: loadHalf(pointer).s16x8.lowHalf))"),
    load(
      "v128.load16x4_u", 0x04, bytes: 8,
      "V128(SIMD4<UInt32>(truncatingIfNeeded: loadHalf(pointer).i16x8.lowHalf))"),
    load(
      "v128.load32x2_s", 0x05, bytes: 8,
      "V128(SIMD2<Int64>(truncatingIfNeeded: loadHalf(pointer).s32x4.lowHalf))"),
    load(
      "v128.load32x2_u", 0x06, bytes: 8,
      "V128(SIMD2<UInt64>(truncatingIfNeeded: loadHalf(pointer).i32x4.lowHalf))"),
    load(
      "v128.load8_splat", 0x07, bytes: 1,
      "V128(SIMD16<UInt8>(repeating: pointer.load(as: UInt8.self)))"),
    load(
      "v128.load16_splat", 0x08, bytes: 2,
      "V128(SIMD8<UInt16>(repeating: UInt16(littleEndian: pointer.loadUnaligned(as: UInt16.self))))"
    ),
    load(
      "v128.load32_splat", 0x09, bytes: 4,
      "V128(SIMD4<UInt32>(repeating: UInt32(littleEndian: pointer.loadUnaligned(as: UInt32.self))))"
    ),
    load(
      "v128.load64_splat", 0x0A, bytes: 8, "V128(SIMD2<UInt64>(repeating: loadHalf(pointer).low))"),
    SIMDInstruction(
      "v128.store", 0x0B, kind: .store, immediate: .memArg, [.i32, .v128], nil, bytes: 16,
      "storeVector(vector, pointer)"),
    SIMDInstruction("v128.const", 0x0C, immediate: .v128, [], .v128, "imm"),
    SIMDInstruction(
      "i8x16.shuffle", 0x0D, immediate: .shuffle, [.v128, .v128], .v128, "shuffle(a, b, imm)"),
    binary("i8x16.swizzle", 0x0E, "swizzle(a, b)"),
    splat(i8, 0x0F, .i32, "UInt8(truncatingIfNeeded: a)"),
    splat(i16, 0x10, .i32, "UInt16(truncatingIfNeeded: a)"),
    splat(i32, 0x11, .i32, "u32(a)"),
    splat(i64, 0x12, .i64, "a"),
    splat(f32, 0x13, .f32, "u32(a)"),
    splat(f64, 0x14, .f64, "a"),
    extractLane(i8, "_s", 0x15, .i32, "slot(Int32(a.s8x16[lane & 15]))"),
    extractLane(i8, "_u", 0x16, .i32, "UInt64(a.i8x16[lane & 15])"),
    replaceLane(i8, 0x17, .i32, "UInt8(truncatingIfNeeded: b)"),
    extractLane(i16, "_s", 0x18, .i32, "slot(Int32(a.s16x8[lane & 7]))"),
    extractLane(i16, "_u", 0x19, .i32, "UInt64(a.i16x8[lane & 7])"),
    replaceLane(i16, 0x1A, .i32, "UInt16(truncatingIfNeeded: b)"),
    extractLane(i32, "", 0x1B, .i32, "UInt64(a.i32x4[lane & 3])"),
    replaceLane(i32, 0x1C, .i32, "u32(b)"),
    extractLane(i64, "", 0x1D, .i64, "a.i64x2[lane & 1]"),
    replaceLane(i64, 0x1E, .i64, "b"),
    extractLane(f32, "", 0x1F, .f32, "UInt64(a.i32x4[lane & 3])"),
    replaceLane(f32, 0x20, .f32, "u32(b)"),
    extractLane(f64, "", 0x21, .f64, "a.i64x2[lane & 1]"),
    replaceLane(f64, 0x22, .f64, "b"),
  ]
  table += integerComparisons(i8, 0x23)
  table += integerComparisons(i16, 0x2D)
  table += integerComparisons(i32, 0x37)
  table += floatComparisons(f32, 0x41)
  table += floatComparisons(f64, 0x47)
  table += [
    unary("v128.not", 0x4D, "V128(low: ~a.low, high: ~a.high)"),
    binary("v128.and", 0x4E, "V128(low: a.low & b.low, high: a.high & b.high)"),
    binary("v128.andnot", 0x4F, "V128(low: a.low & ~b.low, high: a.high & ~b.high)"),
    binary("v128.or", 0x50, "V128(low: a.low | b.low, high: a.high | b.high)"),
    binary("v128.xor", 0x51, "V128(low: a.low ^ b.low, high: a.high ^ b.high)"),
    ternary("v128.bitselect", 0x52, "bitselect(a, b, c)"),
    test("v128.any_true", 0x53, "slot(a.low | a.high != 0)"),
    loadLane(i8, 0x54), loadLane(i16, 0x55), loadLane(i32, 0x56), loadLane(i64, 0x57),
    storeLane(i8, 0x58), storeLane(i16, 0x59), storeLane(i32, 0x5A), storeLane(i64, 0x5B),
    load(
      "v128.load32_zero", 0x5C, bytes: 4,
      "V128(low: UInt64(UInt32(littleEndian: pointer.loadUnaligned(as: UInt32.self))), high: 0)"),
    load("v128.load64_zero", 0x5D, bytes: 8, "loadHalf(pointer)"),
    convert("f32x4.demote_f64x2_zero", 0x5E, "f64x2", "SIMD4<Float>", "Float"),
    convert("f64x2.promote_low_f32x4", 0x5F, "f32x4", "SIMD2<Double>", "Double"),
    unary("i8x16.abs", 0x60, "V128(wrappingAbs(a.s8x16))"),
    unary("i8x16.neg", 0x61, "V128(negated(a.i8x16))"),
    unary("i8x16.popcnt", 0x62, "popcount(a)"),
    test("i8x16.all_true", 0x63, "slot(all(a.i8x16 .!= 0))"),
    test("i8x16.bitmask", 0x64, "bitmask(a.s8x16)"),
    binary("i8x16.narrow_i16x8_s", 0x65, "V128(narrow(a.s16x8, b.s16x8, to: Int8.self))"),
    binary("i8x16.narrow_i16x8_u", 0x66, "V128(narrow(a.s16x8, b.s16x8, to: UInt8.self))"),
    float(f32, "ceil", 0x67), float(f32, "floor", 0x68), float(f32, "trunc", 0x69),
    float(f32, "nearest", 0x6A),
    shift(i8, "shl", 0x6B), shift(i8, "shr_s", 0x6C), shift(i8, "shr_u", 0x6D),
    lanes(i8, "add", 0x6E, "&+"),
    binary("i8x16.add_sat_s", 0x6F, "V128(lanewise(a.s8x16, b.s8x16, saturatingAdd))"),
    binary("i8x16.add_sat_u", 0x70, "V128(lanewise(a.i8x16, b.i8x16, saturatingAdd))"),
    lanes(i8, "sub", 0x71, "&-"),
    binary("i8x16.sub_sat_s", 0x72, "V128(lanewise(a.s8x16, b.s8x16, saturatingSubtract))"),
    binary("i8x16.sub_sat_u", 0x73, "V128(lanewise(a.i8x16, b.i8x16, saturatingSubtract))"),
    float(f64, "ceil", 0x74), float(f64, "floor", 0x75),
    binary("i8x16.min_s", 0x76, "V128(pointwiseMin(a.s8x16, b.s8x16))"),
    binary("i8x16.min_u", 0x77, "V128(pointwiseMin(a.i8x16, b.i8x16))"),
    binary("i8x16.max_s", 0x78, "V128(pointwiseMax(a.s8x16, b.s8x16))"),
    binary("i8x16.max_u", 0x79, "V128(pointwiseMax(a.i8x16, b.i8x16))"),
    float(f64, "trunc", 0x7A),
    binary("i8x16.avgr_u", 0x7B, "V128(roundingAverage(a.i8x16, b.i8x16))"),
  ]
  table += extaddPairwise(i16, from: i8, 0x7C)
  table += extaddPairwise(i32, from: i16, 0x7E)
  table += [
    unary("i16x8.abs", 0x80, "V128(wrappingAbs(a.s16x8))"),
    unary("i16x8.neg", 0x81, "V128(negated(a.i16x8))"),
    binary("i16x8.q15mulr_sat_s", 0x82, "V128(q15MultiplyRoundSaturate(a.s16x8, b.s16x8))"),
    test("i16x8.all_true", 0x83, "slot(all(a.i16x8 .!= 0))"),
    test("i16x8.bitmask", 0x84, "bitmask(a.s16x8)"),
    binary("i16x8.narrow_i32x4_s", 0x85, "V128(narrow(a.s32x4, b.s32x4, to: Int16.self))"),
    binary("i16x8.narrow_i32x4_u", 0x86, "V128(narrow(a.s32x4, b.s32x4, to: UInt16.self))"),
  ]
  table += extend(i16, from: i8, 0x87)
  table += [
    shift(i16, "shl", 0x8B), shift(i16, "shr_s", 0x8C), shift(i16, "shr_u", 0x8D),
    lanes(i16, "add", 0x8E, "&+"),
    binary("i16x8.add_sat_s", 0x8F, "V128(lanewise(a.s16x8, b.s16x8, saturatingAdd))"),
    binary("i16x8.add_sat_u", 0x90, "V128(lanewise(a.i16x8, b.i16x8, saturatingAdd))"),
    lanes(i16, "sub", 0x91, "&-"),
    binary("i16x8.sub_sat_s", 0x92, "V128(lanewise(a.s16x8, b.s16x8, saturatingSubtract))"),
    binary("i16x8.sub_sat_u", 0x93, "V128(lanewise(a.i16x8, b.i16x8, saturatingSubtract))"),
    float(f64, "nearest", 0x94),
    lanes(i16, "mul", 0x95, "&*"),
    binary("i16x8.min_s", 0x96, "V128(pointwiseMin(a.s16x8, b.s16x8))"),
    binary("i16x8.min_u", 0x97, "V128(pointwiseMin(a.i16x8, b.i16x8))"),
    binary("i16x8.max_s", 0x98, "V128(pointwiseMax(a.s16x8, b.s16x8))"),
    binary("i16x8.max_u", 0x99, "V128(pointwiseMax(a.i16x8, b.i16x8))"),
    binary("i16x8.avgr_u", 0x9B, "V128(roundingAverage(a.i16x8, b.i16x8))"),
  ]
  table += extmul(i16, from: i8, 0x9C)
  table += [
    unary("i32x4.abs", 0xA0, "V128(wrappingAbs(a.s32x4))"),
    unary("i32x4.neg", 0xA1, "V128(negated(a.i32x4))"),
    test("i32x4.all_true", 0xA3, "slot(all(a.i32x4 .!= 0))"),
    test("i32x4.bitmask", 0xA4, "bitmask(a.s32x4)"),
  ]
  table += extend(i32, from: i16, 0xA7)
  table += [
    shift(i32, "shl", 0xAB), shift(i32, "shr_s", 0xAC), shift(i32, "shr_u", 0xAD),
    lanes(i32, "add", 0xAE, "&+"), lanes(i32, "sub", 0xB1, "&-"), lanes(i32, "mul", 0xB5, "&*"),
    binary("i32x4.min_s", 0xB6, "V128(pointwiseMin(a.s32x4, b.s32x4))"),
    binary("i32x4.min_u", 0xB7, "V128(pointwiseMin(a.i32x4, b.i32x4))"),
    binary("i32x4.max_s", 0xB8, "V128(pointwiseMax(a.s32x4, b.s32x4))"),
    binary("i32x4.max_u", 0xB9, "V128(pointwiseMax(a.i32x4, b.i32x4))"),
    binary("i32x4.dot_i16x8_s", 0xBA, "V128(dot(a.s16x8, b.s16x8))"),
  ]
  table += extmul(i32, from: i16, 0xBC)
  table += [
    unary("i64x2.abs", 0xC0, "V128(wrappingAbs(a.s64x2))"),
    unary("i64x2.neg", 0xC1, "V128(negated(a.i64x2))"),
    test("i64x2.all_true", 0xC3, "slot(all(a.i64x2 .!= 0))"),
    test("i64x2.bitmask", 0xC4, "bitmask(a.s64x2)"),
  ]
  table += extend(i64, from: i32, 0xC7)
  table += [
    shift(i64, "shl", 0xCB), shift(i64, "shr_s", 0xCC), shift(i64, "shr_u", 0xCD),
    lanes(i64, "add", 0xCE, "&+"), lanes(i64, "sub", 0xD1, "&-"), lanes(i64, "mul", 0xD5, "&*"),
    binary("i64x2.eq", 0xD6, "V128(mask: a.i64x2 .== b.i64x2)"),
    binary("i64x2.ne", 0xD7, "V128(mask: a.i64x2 .!= b.i64x2)"),
    binary("i64x2.lt_s", 0xD8, "V128(mask: a.s64x2 .< b.s64x2)"),
    binary("i64x2.gt_s", 0xD9, "V128(mask: a.s64x2 .> b.s64x2)"),
    binary("i64x2.le_s", 0xDA, "V128(mask: a.s64x2 .<= b.s64x2)"),
    binary("i64x2.ge_s", 0xDB, "V128(mask: a.s64x2 .>= b.s64x2)"),
  ]
  table += extmul(i64, from: i32, 0xDC)
  table += floatArithmetic(f32, 0xE0)
  table += floatArithmetic(f64, 0xEC)
  table += [
    convert("i32x4.trunc_sat_f32x4_s", 0xF8, "f32x4", "SIMD4<UInt32>", "truncSatSigned32Lane"),
    convert("i32x4.trunc_sat_f32x4_u", 0xF9, "f32x4", "SIMD4<UInt32>", "truncSatUnsigned32Lane"),
    convert("f32x4.convert_i32x4_s", 0xFA, "s32x4", "SIMD4<Float>", "Float"),
    convert("f32x4.convert_i32x4_u", 0xFB, "i32x4", "SIMD4<Float>", "Float"),
    convert("i32x4.trunc_sat_f64x2_s_zero", 0xFC, "f64x2", "SIMD4<UInt32>", "truncSatSigned32"),
    convert("i32x4.trunc_sat_f64x2_u_zero", 0xFD, "f64x2", "SIMD4<UInt32>", "truncSatUnsigned32"),
    convert("f64x2.convert_low_i32x4_s", 0xFE, "s32x4", "SIMD2<Double>", "Double"),
    convert("f64x2.convert_low_i32x4_u", 0xFF, "i32x4", "SIMD2<Double>", "Double"),
  ]
  // Relaxed SIMD: each takes the deterministic result its `relaxed:` string names.
  table += [
    binary("i8x16.relaxed_swizzle", 0x100, relaxed: relaxedSwizzle, "swizzle(a, b)"),
    SIMDInstruction(
      "i32x4.relaxed_trunc_f32x4_s", 0x101, [.v128], .v128,
      relaxed: relaxedTrunc("i32x4.trunc_sat_f32x4_s"),
      "V128(convertLanes(a.f32x4, to: SIMD4<UInt32>.self) { truncSatSigned32Lane($0) })"),
    SIMDInstruction(
      "i32x4.relaxed_trunc_f32x4_u", 0x102, [.v128], .v128,
      relaxed: relaxedTrunc("i32x4.trunc_sat_f32x4_u"),
      "V128(convertLanes(a.f32x4, to: SIMD4<UInt32>.self) { truncSatUnsigned32Lane($0) })"),
    SIMDInstruction(
      "i32x4.relaxed_trunc_f64x2_s_zero", 0x103, [.v128], .v128,
      relaxed: relaxedTrunc("i32x4.trunc_sat_f64x2_s_zero"),
      "V128(convertLanes(a.f64x2, to: SIMD4<UInt32>.self) { truncSatSigned32($0) })"),
    SIMDInstruction(
      "i32x4.relaxed_trunc_f64x2_u_zero", 0x104, [.v128], .v128,
      relaxed: relaxedTrunc("i32x4.trunc_sat_f64x2_u_zero"),
      "V128(convertLanes(a.f64x2, to: SIMD4<UInt32>.self) { truncSatUnsigned32($0) })"),
    ternary(
      "f32x4.relaxed_madd", 0x105, relaxed: relaxedMadd,
      "V128(c.f32x4.addingProduct(a.f32x4, b.f32x4))"),
    ternary(
      "f32x4.relaxed_nmadd", 0x106, relaxed: relaxedNmadd,
      "V128(c.f32x4.addingProduct(-a.f32x4, b.f32x4))"),
    ternary(
      "f64x2.relaxed_madd", 0x107, relaxed: relaxedMadd,
      "V128(c.f64x2.addingProduct(a.f64x2, b.f64x2))"),
    ternary(
      "f64x2.relaxed_nmadd", 0x108, relaxed: relaxedNmadd,
      "V128(c.f64x2.addingProduct(-a.f64x2, b.f64x2))"),
    ternary("i8x16.relaxed_laneselect", 0x109, relaxed: relaxedLaneselect, "bitselect(a, b, c)"),
    ternary("i16x8.relaxed_laneselect", 0x10A, relaxed: relaxedLaneselect, "bitselect(a, b, c)"),
    ternary("i32x4.relaxed_laneselect", 0x10B, relaxed: relaxedLaneselect, "bitselect(a, b, c)"),
    ternary("i64x2.relaxed_laneselect", 0x10C, relaxed: relaxedLaneselect, "bitselect(a, b, c)"),
    binary(
      "f32x4.relaxed_min", 0x10D, relaxed: relaxedMinMax("f32x4.min"),
      "V128(lanewise(a.f32x4, b.f32x4, wasmMin))"),
    binary(
      "f32x4.relaxed_max", 0x10E, relaxed: relaxedMinMax("f32x4.max"),
      "V128(lanewise(a.f32x4, b.f32x4, wasmMax))"),
    binary(
      "f64x2.relaxed_min", 0x10F, relaxed: relaxedMinMax("f64x2.min"),
      "V128(lanewise(a.f64x2, b.f64x2, wasmMin))"),
    binary(
      "f64x2.relaxed_max", 0x110, relaxed: relaxedMinMax("f64x2.max"),
      "V128(lanewise(a.f64x2, b.f64x2, wasmMax))"),
    binary(
      "i16x8.relaxed_q15mulr_s", 0x111, relaxed: relaxedQ15,
      "V128(q15MultiplyRoundSaturate(a.s16x8, b.s16x8))"),
    binary(
      "i16x8.relaxed_dot_i8x16_i7x16_s", 0x112, relaxed: relaxedDot,
      "V128(relaxedDot(a.s8x16, b.s8x16))"),
    ternary(
      "i32x4.relaxed_dot_i8x16_i7x16_add_s", 0x113, relaxed: relaxedDotAdd,
      "V128(relaxedDotAdd(a.s8x16, b.s8x16, c.s32x4))"),
  ]
  return table
}()
