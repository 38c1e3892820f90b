import Testing
import WasmISA

@testable import WasmVM

/// The SIMD part of the instruction table (`Sources/WasmISA/SIMDInstructions.swift`): the
/// generated `SIMDOp` agrees with the table and decodes every sub-opcode, and the generated
/// dispatchers give the exact bits the spec asks of a representative of every group, every
/// relaxed instruction's documented choice included, on the interpreter's slots (a `v128` in
/// two, low half first). That the generated files are current is `InstructionTableTests`'s
/// `generatedSourceIsCurrent`, which covers every `GeneratedSource`.
@Suite struct SIMDSemanticsTests {
  // MARK: Running an op

  /// An operand as the stack holds it.
  enum Operand {
    case vector(V128)
    case scalar(UInt64)
  }

  /// Runs the compute op `op` on `operands` (deepest first) with immediate words `immediates`
  /// and returns the slots it leaves above where its operands began.
  func compute(_ op: SIMDOp, _ operands: [Operand], immediates: [UInt64] = [0, 0, 0])
    -> [UInt64]
  {
    let buffer = Slots.allocate(capacity: 16)
    defer { buffer.deallocate() }
    buffer.initialize(repeating: 0xDEAD_BEEF, count: 16)
    var sp = buffer
    for operand in operands {
      switch operand {
      case .vector(let v): sp = putVector(sp, v)
      case .scalar(let s): sp = putSlot(sp, s)
      }
    }
    let words = UnsafeMutablePointer<UInt64>.allocate(capacity: immediates.count + 3)
    defer { words.deallocate() }
    words.initialize(from: immediates + [0, 0, 0], count: immediates.count + 3)
    #expect(sp - buffer == op.entry.operandSlots, "\(op): operands fill its operandSlots")
    let end = simdCompute(op, buffer, words)
    return Array(UnsafeBufferPointer(start: buffer, count: end - buffer))
  }

  /// `op`'s `v128` result.
  func vector(_ op: SIMDOp, _ operands: [Operand], immediates: [UInt64] = [0, 0, 0]) -> V128 {
    let slots = compute(op, operands, immediates: immediates)
    #expect(slots.count == 2, "\(op) left \(slots.count) slots")
    return slots.count == 2 ? V128(low: slots[0], high: slots[1]) : .zero
  }

  /// `op`'s scalar result.
  func scalar(_ op: SIMDOp, _ operands: [Operand], immediates: [UInt64] = [0, 0, 0]) -> UInt64 {
    let slots = compute(op, operands, immediates: immediates)
    #expect(slots.count == 1, "\(op) left \(slots.count) slots")
    return slots.first ?? 0
  }

  /// The vector of `values`, lanes of `bits` bits, lane 0 first.
  func lanes(_ bits: Int, _ values: [UInt64]) -> Operand {
    .vector(v(bits, values))
  }

  func v(_ bits: Int, _ values: [UInt64]) -> V128 {
    V128(lanes: values, bits: bits) ?? .zero
  }

  func f32s(_ values: [Float]) -> Operand { lanes(32, values.map { UInt64($0.bitPattern) }) }
  func f64s(_ values: [Double]) -> Operand { lanes(64, values.map(\.bitPattern)) }
  func floats(_ v: V128) -> [Float] { v.lanes(bits: 32).map { Float(bitPattern: UInt32($0)) } }
  func doubles(_ v: V128) -> [Double] { v.lanes(bits: 64).map { Double(bitPattern: $0) } }

  /// Lane values of a signed lane type as their two's complement bits.
  func s(_ values: [Int64], _ bits: Int) -> [UInt64] {
    let mask: UInt64 = bits == 64 ? .max : (1 << bits) - 1
    return values.map { UInt64(bitPattern: $0) & mask }
  }

  // MARK: The table and the enum

  @Test func tableAndEnumAgree() {
    #expect(simdInstructions.count == 256)
    #expect(SIMDOp.allCases.count == simdInstructions.count)
    #expect(simdInstructions.filter(\.isRelaxed).count == 20)
    for (instruction, op) in zip(simdInstructions, SIMDOp.allCases) {
      let entry = op.entry
      #expect(op.description == instruction.name)
      #expect(entry.code == instruction.code)
      #expect(entry.bytes == instruction.bytes && entry.laneCount == instruction.laneCount)
      #expect(entry.ticks == 1)
      #expect(entry.operands.map(\.description) == instruction.operands.map(\.rawValue))
      #expect(entry.result?.description == instruction.result?.rawValue)
      #expect(instruction.isRelaxed == (instruction.code >= 0x100), "\(instruction.name)")
      switch instruction.kind {
      case .compute: #expect(entry.kind == .compute && entry.bytes == 0)
      case .load: #expect(entry.kind == .load && entry.result == .v128 && entry.bytes > 0)
      case .store: #expect(entry.kind == .store && entry.result == nil && entry.bytes > 0)
      }
      let laneImmediate = entry.immediate == .lane || entry.immediate == .memArgLane
      #expect(laneImmediate == (entry.laneCount > 0), "\(instruction.name)")
    }
    #expect(
      GeneratedSource.all.map(\.path).filter { $0.contains("SIMD") } == [
        "Sources/WasmVM/ISA/SIMDOp.generated.swift",
        "Sources/WasmVM/ISA/SIMDSemantics.generated.swift",
      ])
  }

  @Test func subOpcodesRoundTripThroughDecode() {
    let codes = SIMDOp.allCases.map(\.entry.code)
    #expect(Set(codes).count == codes.count, "sub-opcodes are unique")
    #expect(codes == codes.sorted(), "ordered by sub-opcode")
    for op in SIMDOp.allCases {
      #expect(SIMDOp(rawValue: op.rawValue) == op)
      #expect(SIMDOp.decode(op.entry.code) == op)
    }
    // The spec's gaps decode to nothing, and so does everything past relaxed SIMD.
    for gap: UInt32 in [0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB, 0xC2, 0xC5]
      + [0xC6, 0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE, 0x114, 0x200, .max]
    {
      #expect(SIMDOp.decode(gap) == nil, "\(gap)")
    }
    #expect((0..<0x114).filter { SIMDOp.decode($0) != nil }.count == 256)
    // A few encodings the spec numbers out of order.
    #expect(SIMDOp.decode(0x62) == .i8x16Popcnt)
    #expect(SIMDOp.decode(0x5E) == .f32x4DemoteF64x2Zero)
    #expect(SIMDOp.decode(0xD6) == .i64x2Eq)
    #expect(SIMDOp.decode(0x94) == .f64x2Nearest)
    #expect(SIMDOp.decode(0x113) == .i32x4RelaxedDotI8x16I7x16AddS)
  }

  @Test func immediateWords() {
    #expect(SIMDOp.v128Load.entry.immediate.words == 2)
    #expect(SIMDOp.v128Load8Lane.entry.immediate.words == 3)
    #expect(SIMDOp.i8x16ExtractLaneS.entry.immediate.words == 1)
    #expect(SIMDOp.i8x16Shuffle.entry.immediate.words == 2)
    #expect(SIMDOp.v128Const.entry.immediate.words == 2)
    #expect(SIMDOp.i32x4Add.entry.immediate.words == 0)
  }

  /// Every compute op pops its operands and pushes its result on any input, lane immediates at
  /// their largest; every load and store runs at its largest lane.
  @Test func everyOpRunsAndMovesTheStackByItsTypes() {
    let pattern = V128(low: 0x8070_6050_4030_2010, high: 0xFF7F_0180_7FFF_C0F0)
    for op in SIMDOp.allCases {
      let entry = op.entry
      let lane = UInt64(max(entry.laneCount - 1, 0))
      switch entry.kind {
      case .compute:
        let operands = entry.operands.map { type -> Operand in
          type == .v128 ? .vector(pattern) : .scalar(0x7FC0_0001)
        }
        let slots = compute(op, operands, immediates: [lane == 0 ? 0x1F00_0F10 : lane, 0x0102])
        #expect(slots.count == (entry.result == .v128 ? 2 : 1), "\(entry.name)")
      case .load:
        let loaded = load(op, pattern.bytes, vector: pattern, lane: Int(lane))
        #expect(entry.bytes <= 16, "\(entry.name) \(loaded)")
      case .store:
        let bytes = store(op, pattern, lane: Int(lane))
        #expect(bytes.filter { $0 != 0xEE }.count <= entry.bytes, "\(entry.name)")
      }
    }
  }

  // MARK: Integer arithmetic

  @Test func integerArithmeticWraps() {
    #expect(
      vector(
        .i32x4Add,
        [lanes(32, [1, 0xFFFF_FFFF, 7, 0x8000_0000]), lanes(32, [2, 1, 0, 0x8000_0000])])
        == v(32, [3, 0, 7, 0]))
    #expect(
      vector(
        .i16x8Mul,
        [lanes(16, [300, 2, 0xFFFF, 0, 0, 0, 0, 0]), lanes(16, [300, 3, 2, 0, 0, 0, 0, 0])])
        == v(16, [90000 & 0xFFFF, 6, 0xFFFE, 0, 0, 0, 0, 0]))
    #expect(
      vector(.i8x16Neg, [lanes(8, [1, 0x80] + Array(repeating: 0, count: 14))])
        == v(8, [0xFF, 0x80] + Array(repeating: 0, count: 14)))
    #expect(
      vector(.i64x2Abs, [lanes(64, [UInt64(bitPattern: -5), 1 << 63])]) == v(64, [5, 1 << 63]))
    #expect(vector(.i64x2Mul, [lanes(64, [1 << 62, 3]), lanes(64, [4, 5])]) == v(64, [0, 15]))
    #expect(
      vector(
        .i8x16MinS,
        [
          lanes(8, [0x80, 5] + Array(repeating: 0, count: 14)),
          lanes(8, [1, 0xFF] + Array(repeating: 0, count: 14)),
        ])
        == v(8, [0x80, 0xFF] + Array(repeating: 0, count: 14)))
    #expect(
      vector(
        .i8x16MaxU,
        [
          lanes(8, [0x80, 5] + Array(repeating: 0, count: 14)),
          lanes(8, [1, 0xFF] + Array(repeating: 0, count: 14)),
        ])
        == v(8, [0x80, 0xFF] + Array(repeating: 0, count: 14)))
    #expect(
      vector(
        .i16x8AvgrU,
        [lanes(16, [0xFFFF, 1, 2, 0, 0, 0, 0, 0]), lanes(16, [0xFFFF, 2, 2, 0, 0, 0, 0, 0])])
        == v(16, [0xFFFF, 2, 2, 0, 0, 0, 0, 0]))
    #expect(
      vector(.i8x16Popcnt, [.vector(V128(low: 0xFF07_0100, high: 0x80))])
        == V128(low: 0x0803_0100, high: 0x01))
  }

  @Test func saturatingArithmetic() {
    let zeros = [UInt64](repeating: 0, count: 12)
    #expect(
      vector(
        .i8x16AddSatS,
        [lanes(8, s([100, -100, 5, -1], 8) + zeros), lanes(8, s([100, -100, -6, 1], 8) + zeros)])
        == v(8, s([127, -128, -1, 0], 8) + zeros))
    #expect(
      vector(.i8x16AddSatU, [lanes(8, [200, 1, 0, 0] + zeros), lanes(8, [100, 2, 0, 0] + zeros)])
        == v(8, [255, 3, 0, 0] + zeros))
    #expect(
      vector(.i8x16SubSatU, [lanes(8, [1, 9, 0, 0] + zeros), lanes(8, [2, 3, 0, 0] + zeros)])
        == v(8, [0, 6, 0, 0] + zeros))
    #expect(
      vector(
        .i16x8SubSatS,
        [
          lanes(16, s([-30000, 30000, 0, 0, 0, 0, 0, 0], 16)),
          lanes(16, s([10000, -10000, 0, 0, 0, 0, 0, 0], 16)),
        ])
        == v(16, s([-32768, 32767, 0, 0, 0, 0, 0, 0], 16)))
  }

  @Test func shiftsAreModuloTheLaneWidth() {
    #expect(
      vector(.i32x4Shl, [lanes(32, [1, 2, 0x8000_0000, 3]), .scalar(33)]) == v(32, [2, 4, 0, 6]))
    let bytes = [UInt64](repeating: 0x80, count: 16)
    #expect(
      vector(.i8x16ShrS, [lanes(8, bytes), .scalar(9)]) == v(8, Array(repeating: 0xC0, count: 16)))
    #expect(
      vector(.i8x16ShrU, [lanes(8, bytes), .scalar(15)]) == v(8, Array(repeating: 1, count: 16)))
    #expect(
      vector(.i64x2ShrS, [lanes(64, [1 << 63, 16]), .scalar(64 + 4)])
        == v(64, [0xF800_0000_0000_0000, 1]))
    #expect(
      vector(.i16x8ShrU, [lanes(16, Array(repeating: 0x8000, count: 8)), .scalar(16)])
        == v(16, Array(repeating: 0x8000, count: 8)))
  }

  @Test func comparisonsGiveAllOnesLanes() {
    let a = lanes(32, [1, 0xFFFF_FFFF, 5, 7])
    let b = lanes(32, [2, 1, 5, 6])
    #expect(vector(.i32x4LtS, [a, b]) == v(32, [0xFFFF_FFFF, 0xFFFF_FFFF, 0, 0]))
    #expect(vector(.i32x4LtU, [a, b]) == v(32, [0xFFFF_FFFF, 0, 0, 0]))
    #expect(vector(.i32x4GeU, [a, b]) == v(32, [0, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF]))
    #expect(
      vector(.i8x16Eq, [lanes(8, Array(0..<16)), lanes(8, Array(repeating: 3, count: 16))])
        == V128(low: 0xFF00_0000, high: 0))
    #expect(
      vector(.i64x2GtS, [lanes(64, [1, 1 << 63]), lanes(64, [1 << 63, 0])]) == v(64, [.max, 0]))
    #expect(vector(.i64x2Ne, [lanes(64, [1, 2]), lanes(64, [1, 3])]) == v(64, [0, .max]))
    // NaN is unordered: unequal to everything, itself included.
    let nan = Float.nan
    #expect(
      vector(.f32x4Eq, [f32s([nan, 1, -0.0, 2]), f32s([nan, 1, 0, 3])])
        == v(32, [0, 0xFFFF_FFFF, 0xFFFF_FFFF, 0]))
    #expect(
      vector(.f32x4Ne, [f32s([nan, 1, -0.0, 2]), f32s([nan, 1, 0, 3])])
        == v(32, [0xFFFF_FFFF, 0, 0, 0xFFFF_FFFF]))
    #expect(vector(.f64x2Le, [f64s([.nan, 1]), f64s([1, 1])]) == v(64, [0, .max]))
  }

  @Test func bitmaskAndTruthTests() {
    #expect(
      scalar(
        .i8x16Bitmask, [lanes(8, [0x80, 0x7F, 0xFF] + Array(repeating: 0, count: 12) + [0x80])])
        == 0x8005)
    #expect(scalar(.i32x4Bitmask, [lanes(32, [0x8000_0000, 0, 0, 0xFFFF_FFFF])]) == 0b1001)
    #expect(scalar(.i64x2Bitmask, [lanes(64, [0, 1 << 63])]) == 0b10)
    #expect(scalar(.i32x4AllTrue, [lanes(32, [1, 2, 3, 4])]) == 1)
    #expect(scalar(.i32x4AllTrue, [lanes(32, [1, 2, 0, 4])]) == 0)
    #expect(scalar(.i16x8AllTrue, [lanes(16, [1, 1, 1, 1, 1, 1, 1, 0x100])]) == 1)
    #expect(scalar(.v128AnyTrue, [.vector(V128(low: 0, high: 1 << 40))]) == 1)
    #expect(scalar(.v128AnyTrue, [.vector(.zero)]) == 0)
  }

  @Test func bitwise() {
    let a = V128(low: 0xFF00_FF00, high: 0x1234)
    let b = V128(low: 0x0F0F_0F0F, high: 0xFFFF)
    #expect(vector(.v128Andnot, [.vector(a), .vector(b)]) == V128(low: 0xF000_F000, high: 0))
    #expect(vector(.v128Not, [.vector(a)]) == V128(low: ~0xFF00_FF00, high: ~0x1234))
    let mask = V128(low: 0xFFFF_0000, high: 0xFF)
    #expect(
      vector(.v128Bitselect, [.vector(a), .vector(b), .vector(mask)])
        == V128(low: 0xFF00_0F0F, high: 0xFF34))
  }

  // MARK: Narrow, extend, extmul, dot

  @Test func narrowExtendMultiplyDot() {
    let wide = lanes(16, s([300, -300, 127, -128, 255, 0, -1, 1], 16))
    #expect(
      vector(.i8x16NarrowI16x8S, [wide, wide]).lanes(bits: 8)
        == Array(repeating: s([127, -128, 127, -128, 127, 0, -1, 1], 8), count: 2).flatMap { $0 })
    #expect(
      vector(.i8x16NarrowI16x8U, [wide, wide]).lanes(bits: 8)
        == Array(repeating: [255, 0, 127, 0, 255, 0, 0, 1], count: 2).flatMap { $0 })
    #expect(
      vector(
        .i16x8NarrowI32x4U, [lanes(32, s([70000, -1, 65535, 5], 32)), lanes(32, [0, 0, 0, 0])])
        == v(16, [0xFFFF, 0, 0xFFFF, 5, 0, 0, 0, 0]))
    let bytes = lanes(8, s([-1, 2, -3, 4, 5, 6, 7, 8, -128, 127, -2, 1, 0, 0, 0, -7], 8))
    #expect(
      vector(.i16x8ExtendHighI8x16S, [bytes]) == v(16, s([-128, 127, -2, 1, 0, 0, 0, -7], 16)))
    #expect(vector(.i16x8ExtendLowI8x16U, [bytes]) == v(16, [255, 2, 253, 4, 5, 6, 7, 8]))
    #expect(
      vector(.i64x2ExtendLowI32x4S, [lanes(32, [0xFFFF_FFFE, 3, 0, 0])]) == v(64, s([-2, 3], 64)))
    #expect(
      vector(
        .i32x4ExtmulLowI16x8U,
        [lanes(16, [0xFFFF, 2, 3, 4, 9, 9, 9, 9]), lanes(16, [0xFFFF, 3, 4, 5, 9, 9, 9, 9])])
        == v(32, [0xFFFE_0001, 6, 12, 20]))
    #expect(
      vector(
        .i64x2ExtmulHighI32x4S,
        [lanes(32, [0, 0, 0xFFFF_FFFF, 0x8000_0000]), lanes(32, [0, 0, 5, 0x8000_0000])])
        == v(64, s([-5, 1 << 62], 64)))
    #expect(
      vector(.i16x8ExtaddPairwiseI8x16S, [bytes]) == v(16, s([1, 1, 11, 15, -1, -1, 0, -7], 16)))
    #expect(
      vector(.i32x4ExtaddPairwiseI16x8U, [lanes(16, [0xFFFF, 0xFFFF, 1, 2, 0, 0, 3, 0])])
        == v(32, [0x1FFFE, 3, 0, 3]))
    #expect(
      vector(
        .i32x4DotI16x8S,
        [
          lanes(16, s([-32768, -32768, 1, 2, 3, 4, -5, 6], 16)),
          lanes(16, s([-32768, -32768, 7, 8, 1, 1, 2, 2], 16)),
        ])
        == v(32, [0x8000_0000, 23, 7, 2]))
    #expect(
      vector(
        .i16x8Q15mulrSatS,
        [
          lanes(16, s([-32768, 16384, -16384, 1, 0, 0, 0, 0], 16)),
          lanes(16, s([-32768, 16384, 16384, 16384, 0, 0, 0, 0], 16)),
        ])
        == v(16, s([32767, 8192, -8192, 1, 0, 0, 0, 0], 16)))
  }

  // MARK: Shuffles, splats and lanes

  @Test func shuffleAndSwizzle() {
    let a = lanes(8, Array(0..<16))
    let b = lanes(8, Array(16..<32))
    // Lane bytes 31, 0, 17, 2, 3 …: packed little-endian into two words.
    let indices: [UInt64] = [31, 0, 17, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16]
    let imm = v(8, indices)
    #expect(
      vector(.i8x16Shuffle, [a, b], immediates: [imm.low, imm.high]) == v(8, indices.map { $0 + 0 })
    )
    let selectors = lanes(8, [15, 0, 16, 0xFF, 1] + Array(repeating: 0x80, count: 11))
    let source = lanes(8, (0..<16).map { 0xA0 + $0 })
    #expect(
      vector(.i8x16Swizzle, [source, selectors])
        == v(8, [0xAF, 0xA0, 0, 0, 0xA1] + Array(repeating: 0, count: 11)))
  }

  @Test func splatExtractReplace() {
    #expect(vector(.i8x16Splat, [.scalar(0x1_23)]) == v(8, Array(repeating: 0x23, count: 16)))
    #expect(
      vector(.i64x2Splat, [.scalar(0x0102_0304_0506_0708)])
        == v(64, [0x0102_0304_0506_0708, 0x0102_0304_0506_0708]))
    #expect(
      vector(.f32x4Splat, [.scalar(UInt64(Float(-1.5).bitPattern))])
        == v(32, Array(repeating: UInt64(Float(-1.5).bitPattern), count: 4)))
    let bytes = lanes(8, Array(repeating: 0, count: 15) + [0x80])
    // extract_lane_s sign-extends to i32, and the i32 is zero-extended in its slot.
    #expect(scalar(.i8x16ExtractLaneS, [bytes], immediates: [15]) == 0xFFFF_FF80)
    #expect(scalar(.i8x16ExtractLaneU, [bytes], immediates: [15]) == 0x80)
    #expect(
      scalar(.i16x8ExtractLaneS, [lanes(16, [0, 0, 0x7FFF, 0xFFFE, 0, 0, 0, 0])], immediates: [3])
        == 0xFFFF_FFFE)
    #expect(
      scalar(.i16x8ExtractLaneS, [lanes(16, [0, 0, 0x7FFF, 0xFFFE, 0, 0, 0, 0])], immediates: [2])
        == 0x7FFF)
    #expect(scalar(.i64x2ExtractLane, [lanes(64, [1, 2])], immediates: [1]) == 2)
    #expect(
      scalar(.f64x2ExtractLane, [f64s([1.5, -0.0])], immediates: [1]) == (-0.0 as Double).bitPattern
    )
    #expect(
      vector(.i16x8ReplaceLane, [lanes(16, Array(0..<8)), .scalar(0x1_ABCD)], immediates: [7])
        == v(16, Array(0..<7) + [0xABCD]))
    #expect(
      vector(
        .f32x4ReplaceLane, [f32s([1, 2, 3, 4]), .scalar(UInt64(Float(9).bitPattern))],
        immediates: [0]) == v(32, [Float(9), 2, 3, 4].map { UInt64($0.bitPattern) }))
    #expect(vector(.v128Const, [], immediates: [0x11, 0x22]) == V128(low: 0x11, high: 0x22))
  }

  // MARK: Floats

  @Test func floatArithmetic() {
    let sum = floats(
      vector(.f32x4Add, [f32s([1, .nan, .infinity, -0.0]), f32s([2, 1, -.infinity, -0.0])]))
    #expect(sum[0] == 3 && sum[1].isNaN && sum[2].isNaN)
    #expect(sum[3].bitPattern == (-0.0 as Float).bitPattern)
    #expect(
      doubles(vector(.f64x2Div, [f64s([1, 0]), f64s([0, 0])])).map(\.isNaN) == [false, true])
    #expect(doubles(vector(.f64x2Sqrt, [f64s([4, -1])]))[0] == 2)
    // neg and abs touch only the sign bit, NaN payloads included.
    let payload: UInt64 = 0x7FF4_0000_0000_0001
    #expect(vector(.f64x2Neg, [lanes(64, [payload, 0])]) == v(64, [payload | 1 << 63, 1 << 63]))
    #expect(vector(.f64x2Abs, [lanes(64, [payload | 1 << 63, 1 << 63])]) == v(64, [payload, 0]))
    #expect(
      vector(.f32x4Neg, [f32s([-0.0, 0, 1, -2])])
        == v(32, [0, 0x8000_0000, 0xBF80_0000, 0x4000_0000]))
  }

  @Test func minMaxPminPmax() {
    let a = f32s([-0.0, 0, .nan, 1])
    let b = f32s([0, -0.0, 1, .nan])
    let min = floats(vector(.f32x4Min, [a, b]))
    #expect(min[0].bitPattern == 0x8000_0000 && min[1].bitPattern == 0x8000_0000)
    #expect(min[2].isNaN && min[3].isNaN)
    let max = doubles(vector(.f64x2Max, [f64s([-0.0, .nan]), f64s([0, 2])]))
    #expect(max[0].bitPattern == 0 && max[1].isNaN)
    // pmin is `b < a ? b : a`, pmax `a < b ? b : a`: NaN and zero signs follow the operand.
    let pmin = floats(vector(.f32x4Pmin, [a, b]))
    #expect(pmin.map(\.bitPattern)[0...1] == [0x8000_0000, 0])
    #expect(pmin[2].isNaN && pmin[3] == 1)
    let pmax = doubles(vector(.f64x2Pmax, [f64s([.nan, -0.0]), f64s([1, 0])]))
    #expect(pmax[0].isNaN && pmax[1].bitPattern == (-0.0 as Double).bitPattern)
  }

  @Test func rounding() {
    #expect(
      floats(vector(.f32x4Nearest, [f32s([2.5, 3.5, -0.5, -1.5])])).map(\.bitPattern)
        == [Float(2), 4, -0.0, -2].map(\.bitPattern))
    #expect(
      doubles(vector(.f64x2Ceil, [f64s([-0.5, 1.1])])).map(\.bitPattern)
        == [-0.0, 2.0].map(\.bitPattern))
    #expect(doubles(vector(.f64x2Floor, [f64s([-0.5, 1.9])])) == [-1, 1])
    #expect(
      floats(vector(.f32x4Trunc, [f32s([-1.9, 1.9, .infinity, 0])])) == [-1, 1, .infinity, 0])
    #expect(doubles(vector(.f64x2Nearest, [f64s([.nan, 0.5])])).map(\.isNaN) == [true, false])
  }

  @Test func truncSatConvertDemotePromote() {
    #expect(
      vector(.i32x4TruncSatF32x4S, [f32s([.nan, 3e9, -3e9, -1.9])])
        == v(32, [0, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]))
    #expect(
      vector(.i32x4TruncSatF32x4U, [f32s([.nan, 5e9, -1, 4.9])]) == v(32, [0, 0xFFFF_FFFF, 0, 4]))
    #expect(
      vector(.i32x4TruncSatF64x2SZero, [f64s([-2_147_483_649, 2147483647.9])])
        == v(32, [0x8000_0000, 0x7FFF_FFFF, 0, 0]))
    #expect(
      vector(.i32x4TruncSatF64x2UZero, [f64s([.nan, 4294967295.5])])
        == v(32, [0, 0xFFFF_FFFF, 0, 0]))
    #expect(
      floats(vector(.f32x4ConvertI32x4S, [lanes(32, [0xFFFF_FFFF, 16_777_217, 0x8000_0000, 0])]))
        == [-1, 16_777_216, -2_147_483_648, 0])
    #expect(
      floats(vector(.f32x4ConvertI32x4U, [lanes(32, [0xFFFF_FFFF, 1, 0x8000_0000, 0])])) == [
        4_294_967_296, 1, 2_147_483_648, 0,
      ])
    #expect(
      doubles(vector(.f64x2ConvertLowI32x4S, [lanes(32, [0xFFFF_FFFF, 2, 9, 9])])) == [-1, 2])
    #expect(
      doubles(vector(.f64x2ConvertLowI32x4U, [lanes(32, [0xFFFF_FFFF, 2, 9, 9])])) == [
        4_294_967_295, 2,
      ])
    let demoted = vector(.f32x4DemoteF64x2Zero, [f64s([1e300, 0.1])])
    #expect(floats(demoted)[0] == .infinity && floats(demoted)[1] == Float(0.1))
    #expect(demoted.high == 0)
    let promoted = doubles(vector(.f64x2PromoteLowF32x4, [f32s([0.1, .nan, 7, 7])]))
    #expect(promoted[0] == Double(Float(0.1)) && promoted[1].isNaN)
  }

  // MARK: Relaxed SIMD: each instruction's documented choice

  @Test func relaxedChoices() {
    // relaxed_swizzle is swizzle: an out-of-range index selects 0.
    let selectors = lanes(8, [15, 16, 0x80, 1] + Array(repeating: 0, count: 12))
    let source = lanes(8, (0..<16).map { 0xA0 + $0 })
    #expect(
      vector(.i8x16RelaxedSwizzle, [source, selectors])
        == vector(.i8x16Swizzle, [source, selectors]))
    #expect(
      vector(.i8x16RelaxedSwizzle, [source, selectors]).lanes(bits: 8)[0...3] == [0xAF, 0, 0, 0xA1])
    // relaxed_trunc is trunc_sat.
    let f = f32s([.nan, 3e9, -3e9, -1.9])
    #expect(
      vector(.i32x4RelaxedTruncF32x4S, [f]) == v(32, [0, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]))
    #expect(vector(.i32x4RelaxedTruncF32x4U, [f]) == v(32, [0, 3_000_000_000, 0, 0]))
    #expect(
      vector(.i32x4RelaxedTruncF64x2SZero, [f64s([.nan, -1e10])]) == v(32, [0, 0x8000_0000, 0, 0]))
    #expect(
      vector(.i32x4RelaxedTruncF64x2UZero, [f64s([-1, 1e10])]) == v(32, [0, 0xFFFF_FFFF, 0, 0]))
    // madd and nmadd are fused: one rounding. (1 + 2⁻²³)² − 1 keeps the 2⁻⁴⁶ an unfused
    // multiply would round away.
    let x = Float(1).nextUp
    let madd = floats(
      vector(
        .f32x4RelaxedMadd, [f32s([x, 2, 0, 1]), f32s([x, 3, 0, 1]), f32s([-1, 1, -0.0, .nan])]))
    #expect(madd[0] == x.ulp * 2 + x.ulp * x.ulp && madd[1] == 7)
    #expect(madd[2].bitPattern == 0 && madd[3].isNaN)
    let nmadd = floats(
      vector(.f32x4RelaxedNmadd, [f32s([x, 2, 0, 0]), f32s([x, 3, 0, 0]), f32s([1, 1, 0, 0])]))
    #expect(nmadd[0] == -(x.ulp * 2 + x.ulp * x.ulp) && nmadd[1] == -5)
    let y = Double(1).nextUp
    let madd64 = doubles(vector(.f64x2RelaxedMadd, [f64s([y, 2]), f64s([y, 3]), f64s([-1, 1])]))
    #expect(madd64 == [y.ulp * 2 + y.ulp * y.ulp, 7])
    let nmadd64 = doubles(
      vector(.f64x2RelaxedNmadd, [f64s([y, 2]), f64s([y, 3]), f64s([1, 1])]))
    #expect(nmadd64 == [-(y.ulp * 2 + y.ulp * y.ulp), -5])
    // laneselect is bitselect, bit by bit, whatever the mask's lanes hold.
    let a = V128(low: 0xFFFF_FFFF_FFFF_FFFF, high: 0x1234_5678_9ABC_DEF0)
    let b = V128(low: 0, high: 0x0FED_CBA9_8765_4321)
    let mask = V128(low: 0x0000_00FF_00F0_0001, high: 0xFFFF_0000_FFFF_0000)
    for op: SIMDOp in [
      .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect,
      .i64x2RelaxedLaneselect,
    ] {
      #expect(
        vector(op, [.vector(a), .vector(b), .vector(mask)])
          == V128(low: 0x0000_00FF_00F0_0001, high: 0x1234_CBA9_9ABC_4321), "\(op)")
    }
    // relaxed_min/max are min/max: NaN propagates, −0 < +0.
    let p = f32s([-0.0, 0, .nan, 1])
    let q = f32s([0, -0.0, 1, .nan])
    #expect(vector(.f32x4RelaxedMin, [p, q]).lanes(bits: 32)[0...1] == [0x8000_0000, 0x8000_0000])
    #expect(
      floats(vector(.f32x4RelaxedMax, [p, q])).map { $0.isNaN ? 0xFFFF_FFFF : $0.bitPattern } == [
        0, 0, 0xFFFF_FFFF, 0xFFFF_FFFF,
      ])
    #expect(
      doubles(vector(.f64x2RelaxedMin, [f64s([.nan, 0]), f64s([1, -0.0])])).map {
        $0.isNaN ? 1 : $0.bitPattern
      } == [1, (-0.0 as Double).bitPattern])
    #expect(
      doubles(vector(.f64x2RelaxedMax, [f64s([2, -0.0]), f64s([.nan, 0])])).map {
        $0.isNaN ? 1 : $0.bitPattern
      } == [1, 0])
    // relaxed_q15mulr is q15mulr_sat: −32768² saturates.
    #expect(
      vector(
        .i16x8RelaxedQ15mulrS,
        [
          lanes(16, s([-32768, 16384, 0, 0, 0, 0, 0, 0], 16)),
          lanes(16, s([-32768, 16384, 0, 0, 0, 0, 0, 0], 16)),
        ])
        == v(16, s([32767, 8192, 0, 0, 0, 0, 0, 0], 16)))
    // The i7x16 dots take b's bytes as signed and saturate each pair's sum to i16.
    let left = lanes(8, s([-128, -128, 127, 127, 1, 2, 3, 4, -1, 1, 0, 0, 0, 0, 0, 0], 8))
    let right = lanes(8, s([-128, -128, 127, 127, 5, 6, -7, 8, 100, 100, 0, 0, 0, 0, 0, 0], 8))
    #expect(
      vector(.i16x8RelaxedDotI8x16I7x16S, [left, right])
        == v(16, s([32767, 32258, 17, 11, 0, 0, 0, 0], 16)))
    #expect(
      vector(
        .i32x4RelaxedDotI8x16I7x16AddS, [left, right, lanes(32, s([1, -28, 0x7FFF_FFFF, 0], 32))])
        == v(32, s([32767 + 32258 + 1, 0, 0x7FFF_FFFF, 0], 32)))
  }

  // MARK: Loads and stores

  /// Runs a load of `op` from `bytes`.
  func load(_ op: SIMDOp, _ bytes: [UInt8], vector: V128 = .zero, lane: Int = 0) -> V128 {
    bytes.withUnsafeBytes { memory in
      memory.baseAddress.map { simdLoad(op, $0, vector, lane) } ?? .zero
    }
  }

  /// The 16 bytes a store of `op` leaves in memory that held `0xEE`s.
  func store(_ op: SIMDOp, _ vector: V128, lane: Int = 0) -> [UInt8] {
    var bytes = [UInt8](repeating: 0xEE, count: 17)
    bytes.withUnsafeMutableBytes { memory in
      // One byte in, so that every access is unaligned.
      memory.baseAddress.map { simdStore(op, $0 + 1, vector, lane) }
    }
    return Array(bytes.dropFirst())
  }

  @Test func loads() {
    let memory: [UInt8] = [0x80, 0x01, 0xFF, 0x7F, 0x02, 0x03, 0x04, 0x05] + Array(0x10..<0x18)
    #expect(load(.v128Load, memory) == V128(bytes: memory))
    #expect(load(.v128Load8x8S, memory) == v(16, [0xFF80, 1, 0xFFFF, 0x7F, 2, 3, 4, 5]))
    #expect(load(.v128Load8x8U, memory) == v(16, [0x80, 1, 0xFF, 0x7F, 2, 3, 4, 5]))
    #expect(load(.v128Load16x4S, memory) == v(32, [0x0180, 0x7FFF, 0x0302, 0x0504]))
    #expect(
      load(.v128Load32x2S, Array(memory[0..<8].reversed()))
        == v(64, [0x0203_0405, 0xFFFF_FFFF_8001_FF7F]))
    #expect(load(.v128Load32Zero, memory) == V128(low: 0x7FFF_0180, high: 0))
    #expect(load(.v128Load64Zero, memory) == V128(low: 0x0504_0302_7FFF_0180, high: 0))
    #expect(load(.v128Load8Splat, memory) == v(8, Array(repeating: 0x80, count: 16)))
    #expect(load(.v128Load32Splat, memory) == v(32, Array(repeating: 0x7FFF_0180, count: 4)))
    #expect(
      load(.v128Load64Splat, memory) == v(64, [0x0504_0302_7FFF_0180, 0x0504_0302_7FFF_0180]))
    let into = v(16, Array(0..<8))
    #expect(
      load(.v128Load16Lane, memory, vector: into, lane: 5) == v(16, [0, 1, 2, 3, 4, 0x0180, 6, 7]))
    #expect(load(.v128Load64Lane, memory, vector: into, lane: 1).low == into.low)
    #expect(load(.v128Load8Lane, memory, vector: .zero, lane: 15) == V128(low: 0, high: 0x80 << 56))
  }

  @Test func stores() {
    let vector = V128(bytes: Array(0..<16)) ?? .zero
    #expect(store(.v128Store, vector) == Array(0..<16))
    #expect(store(.v128Store8Lane, vector, lane: 9) == [9] + Array(repeating: 0xEE, count: 15))
    #expect(
      store(.v128Store16Lane, vector, lane: 7) == [14, 15] + Array(repeating: 0xEE, count: 14))
    #expect(
      store(.v128Store32Lane, vector, lane: 1) == [4, 5, 6, 7] + Array(repeating: 0xEE, count: 12))
    #expect(
      store(.v128Store64Lane, vector, lane: 1) == Array(8..<16) + Array(repeating: 0xEE, count: 8))
  }
}
