// TEMPORARY stand-in for the generated SIMD table (replaced at merge of f/simdtable).

struct SIMDOpEntry: Sendable {
  enum Kind: Sendable { case compute, load, store }
  enum Immediate: Sendable {
    case none, memArg, memArgLane, lane, shuffle, v128
    var words: Int {
      switch self {
      case .none: 0
      case .memArg: 2
      case .memArgLane: 3
      case .lane: 1
      case .shuffle, .v128: 2
      }
    }
  }
  let name: String
  let code: UInt32
  let kind: Kind
  let immediate: Immediate
  let operands: [ValueType]
  let result: ValueType?
  let bytes: Int
  let laneCount: Int
  let ticks: Int
}

enum SIMDOp: UInt16, CaseIterable, Hashable, Sendable {
  case v128Load, v128Store, v128Const, i32x4Splat, i32x4ExtractLane, i32x4ReplaceLane, i32x4Add
  static let entries: [SIMDOpEntry] = [
    .init(name: "v128.load", code: 0x00, kind: .load, immediate: .memArg, operands: [.i32], result: .v128, bytes: 16, laneCount: 0, ticks: 1),
    .init(name: "v128.store", code: 0x0B, kind: .store, immediate: .memArg, operands: [.i32, .v128], result: nil, bytes: 16, laneCount: 0, ticks: 1),
    .init(name: "v128.const", code: 0x0C, kind: .compute, immediate: .v128, operands: [], result: .v128, bytes: 0, laneCount: 0, ticks: 1),
    .init(name: "i32x4.splat", code: 0x11, kind: .compute, immediate: .none, operands: [.i32], result: .v128, bytes: 0, laneCount: 0, ticks: 1),
    .init(name: "i32x4.extract_lane", code: 0x1B, kind: .compute, immediate: .lane, operands: [.v128], result: .i32, bytes: 0, laneCount: 4, ticks: 1),
    .init(name: "i32x4.replace_lane", code: 0x1C, kind: .compute, immediate: .lane, operands: [.v128, .i32], result: .v128, bytes: 0, laneCount: 4, ticks: 1),
    .init(name: "i32x4.add", code: 0xAE, kind: .compute, immediate: .none, operands: [.v128, .v128], result: .v128, bytes: 0, laneCount: 0, ticks: 1),
  ]
}

extension SIMDOp: CustomStringConvertible {
  var entry: SIMDOpEntry { Self.entries[Int(rawValue)] }
  var description: String { entry.name }
  static func decode(_ subOpcode: UInt32) -> SIMDOp? {
    allCases.first { $0.entry.code == subOpcode }
  }
}

func simdCompute(_ op: SIMDOp, _ sp: Slots, _ immediates: UnsafePointer<UInt64>) -> Slots {
  switch op {
  case .v128Const:
    sp[0] = immediates[0]
    sp[1] = immediates[1]
    return sp + 2
  case .i32x4Splat:
    let x = sp[-1] & 0xFFFF_FFFF
    sp[-1] = x | x << 32
    sp[0] = x | x << 32
    return sp + 1
  case .i32x4ExtractLane:
    let lane = Int(immediates[0])
    let half = sp[-2 + lane / 2]
    sp[-2] = (half >> (32 * UInt64(lane % 2))) & 0xFFFF_FFFF
    return sp - 1
  case .i32x4ReplaceLane:
    let lane = Int(immediates[0])
    let x = sp[-1] & 0xFFFF_FFFF
    let shift = 32 * UInt64(lane % 2)
    sp[-3 + lane / 2] = (sp[-3 + lane / 2] & ~(0xFFFF_FFFF << shift)) | x << shift
    return sp - 1
  case .i32x4Add:
    for h in 0..<2 {
      let a = sp[-4 + h]
      let b = sp[-2 + h]
      let lo = UInt32(truncatingIfNeeded: a) &+ UInt32(truncatingIfNeeded: b)
      let hi = UInt32(truncatingIfNeeded: a >> 32) &+ UInt32(truncatingIfNeeded: b >> 32)
      sp[-4 + h] = UInt64(lo) | UInt64(hi) << 32
    }
    return sp - 2
  default: return sp
  }
}

func simdLoad(_ op: SIMDOp, _ pointer: UnsafeRawPointer, _ vector: V128, _ lane: Int) -> V128 {
  V128(
    low: pointer.loadUnaligned(as: UInt64.self).littleEndian,
    high: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian)
}

func simdStore(_ op: SIMDOp, _ pointer: UnsafeMutableRawPointer, _ vector: V128, _ lane: Int) {
  pointer.storeBytes(of: vector.low.littleEndian, as: UInt64.self)
  pointer.storeBytes(of: vector.high.littleEndian, toByteOffset: 8, as: UInt64.self)
}
