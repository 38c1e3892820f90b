import WasmVM

/// The element types of `memory … as TYPE` and `write … as TYPE`: little-endian, as wasm
/// loads and stores them.
enum ScalarType: String, CaseIterable {
  case i8, u8, i16, u16, i32, u32, i64, u64, f32, f64

  static let names = allCases.map(\.rawValue).joined(separator: ", ")

  init(named name: String) throws(ReplError) {
    guard let type = ScalarType(rawValue: name.lowercased()) else {
      throw ReplError("\"\(name)\" is not a memory view type; use one of \(Self.names)")
    }
    self = type
  }

  var size: Int {
    switch self {
    case .i8, .u8: 1
    case .i16, .u16: 2
    case .i32, .u32, .f32: 4
    case .i64, .u64, .f64: 8
    }
  }

  /// The value stored little-endian in `bytes` (exactly ``size`` of them), as text.
  func format(_ bytes: ArraySlice<UInt8>) -> String {
    let bits = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    let width = UInt64(size * 8)
    let signBit: UInt64 = 1 << (width - 1)
    let signed = bits & signBit == 0 ? Int64(bits) : Int64(bitPattern: bits | ~(signBit &- 1))
    switch self {
    case .i8, .i16, .i32, .i64: return String(signed)
    case .u8, .u16, .u32, .u64: return String(bits)
    case .f32:
      return String(ValueFormatting.format(.f32(UInt32(truncatingIfNeeded: bits))).dropFirst(4))
    case .f64: return String(ValueFormatting.format(.f64(bits)).dropFirst(4))
    }
  }

  /// `word` as ``size`` little-endian bytes: an integer in the signed or unsigned range, or a
  /// float, written as calls take them.
  func encode(_ word: String) throws(ReplError) -> [UInt8] {
    let bits: UInt64
    switch self {
    case .f32:
      guard case .f32(let value) = try ValueParsing.parse(word, as: .f32) else { return [] }
      bits = UInt64(value)
    case .f64:
      guard case .f64(let value) = try ValueParsing.parse(word, as: .f64) else { return [] }
      bits = value
    default:
      guard let value = ValueParsing.integer(word, bitWidth: size * 8) else {
        throw ReplError(
          "\"\(word)\" is not a valid \(rawValue); write a whole number that fits \(size * 8) bits")
      }
      bits = value
    }
    return (0..<size).map { UInt8(truncatingIfNeeded: bits >> UInt64($0 * 8)) }
  }
}
