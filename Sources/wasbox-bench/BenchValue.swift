/// A WebAssembly number as both engines see it: integers as unsigned bit patterns and floats as
/// IEEE-754 bits, so results compare exactly (a NaN payload or a signed zero is a difference).
enum BenchValue: Hashable, Sendable, CustomStringConvertible {
  case i32(UInt32)
  case i64(UInt64)
  case f32(UInt32)
  case f64(UInt64)

  static func i32(signed value: Int32) -> BenchValue { .i32(UInt32(bitPattern: value)) }
  static func i64(signed value: Int64) -> BenchValue { .i64(UInt64(bitPattern: value)) }
  static func f64(double value: Double) -> BenchValue { .f64(value.bitPattern) }

  var description: String {
    switch self {
    case .i32(let v): "i32:\(Int32(bitPattern: v))"
    case .i64(let v): "i64:\(Int64(bitPattern: v))"
    case .f32(let v): "f32:\(Float(bitPattern: v))"
    case .f64(let v): "f64:\(Double(bitPattern: v))"
    }
  }
}

/// The numeric types an argument can be parsed as.
enum BenchValueType: String, Sendable {
  case i32, i64, f32, f64
}

extension BenchValue {
  /// Parses a command-line argument: `TYPE:VALUE` (`i32:-5`, `f64:0.5`) or a bare number typed
  /// by the parameter it is passed to. Integers accept both signed and unsigned spellings.
  init(parsing text: String, as parameter: BenchValueType) throws(BenchError) {
    var type = parameter
    var literal = Substring(text)
    if let colon = text.firstIndex(of: ":") {
      guard let explicit = BenchValueType(rawValue: String(text[..<colon])) else {
        throw .invalidArgument(text, "unknown type prefix; use i32:, i64:, f32: or f64:")
      }
      guard explicit == parameter else {
        throw .invalidArgument(text, "the parameter is \(parameter.rawValue)")
      }
      type = explicit
      literal = text[text.index(after: colon)...]
    }
    switch type {
    case .i32:
      if let v = Int32(literal) {
        self = .i32(signed: v)
      } else if let v = UInt32(literal) {
        self = .i32(v)
      } else {
        throw .invalidArgument(text, "not a 32-bit integer")
      }
    case .i64:
      if let v = Int64(literal) {
        self = .i64(signed: v)
      } else if let v = UInt64(literal) {
        self = .i64(v)
      } else {
        throw .invalidArgument(text, "not a 64-bit integer")
      }
    case .f32:
      guard let v = Float(literal) else { throw .invalidArgument(text, "not a number") }
      self = .f32(v.bitPattern)
    case .f64:
      guard let v = Double(literal) else { throw .invalidArgument(text, "not a number") }
      self = .f64(v.bitPattern)
    }
  }
}
