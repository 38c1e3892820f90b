import Foundation
import WasmVM

/// How values and types are written back to the user: the type first, then the value in the
/// same syntax `ValueParsing` accepts, so a result can be pasted as an argument.
enum ValueFormatting {
  static func format(_ value: Value) -> String {
    switch value {
    case .i32(let bits):
      let signed = Int32(bitPattern: bits)
      return signed < 0 ? "i32 \(signed) (0x\(hex(UInt64(bits))))" : "i32 \(signed)"
    case .i64(let bits):
      let signed = Int64(bitPattern: bits)
      return signed < 0 ? "i64 \(signed) (0x\(hex(bits)))" : "i64 \(signed)"
    case .f32(let bits):
      return "f32 "
        + float(
          Float(bitPattern: bits), nanBits: bits & 0x7F_FFFF,
          canonical: 0x40_0000, negative: bits >> 31 == 1)
    case .f64(let bits):
      return "f64 "
        + float(
          Double(bitPattern: bits), nanBits: bits & 0xF_FFFF_FFFF_FFFF,
          canonical: 0x8_0000_0000_0000, negative: bits >> 63 == 1)
    case .funcref(let address):
      return "funcref " + (address.map { "#\($0)" } ?? "null")
    case .externref(let handle):
      return "externref " + (handle.map(String.init) ?? "null")
    case .v128(let vector):
      return "v128 " + lanes(vector) + " (\(vector.hex))"
    }
  }

  /// A vector's `i32x4` lanes, signed, in the form `ValueParsing` reads back: `i32x4 1 -2 3 4`.
  static func lanes(_ vector: V128) -> String {
    "i32x4 "
      + vector.lanes(bits: 32).map { "\(Int32(bitPattern: UInt32(truncatingIfNeeded: $0)))" }
      .joined(separator: " ")
  }

  private static func float<F: BinaryFloatingPoint, Bits: BinaryInteger>(
    _ value: F, nanBits: Bits, canonical: Bits, negative: Bool
  ) -> String {
    if value.isNaN {
      let sign = negative ? "-" : ""
      return nanBits == canonical ? "\(sign)nan" : "\(sign)nan:0x\(String(nanBits, radix: 16))"
    }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return "\(value)"
  }

  private static func hex(_ value: UInt64) -> String { String(value, radix: 16) }

  static func signature(_ type: FuncType) -> String {
    let parameters = type.parameters.map(\.description).joined(separator: ", ")
    let results = type.results.map(\.description).joined(separator: ", ")
    return "(\(parameters)) -> (\(results))"
  }

  /// Bytes as text when they are UTF-8 without control characters (``GuestText``), otherwise
  /// as hex.
  static func bytes(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self), GuestText.isPlain(text) {
      return "\"\(text)\""
    }
    return "0x" + bytes.map { String(format: "%02x", $0) }.joined()
  }
}
