import WasmVM

/// Turns the words a user typed into WebAssembly values of the types an export expects.
///
/// Integers: decimal or `0x` hex, optionally negative, anywhere in the signed or unsigned
/// range of the type (`-1` and `0xffffffff` are the same i32). Floats: anything Swift's
/// parser takes (`1.5`, `-2e10`, `0x1p-3`) plus `inf`, `-inf`, `nan` and `nan:0xPAYLOAD`.
/// References: `null`, or a number for an externref's host handle. Vectors (`v128`): a shape
/// and its lanes as `v128.const` writes them (`i32x4 1 2 3 4`, `i8x16 …`, `i16x8 …`,
/// `i64x2 …`, `f32x4 1.5 nan inf -0`, `f64x2 …`), as one word or as consecutive words (see
/// ``groupingVectors(_:for:)``), or `0x` and 32 hex digits, the vector as one 128-bit
/// little-endian number (byte 15 first, as ``V128/hex`` prints it).
enum ValueParsing {
  static func parse(_ text: String, as type: ValueType) throws(ReplError) -> Value {
    switch type {
    case .i32:
      guard let bits = integer(text, bitWidth: 32) else { throw invalid(text, type) }
      return .i32(UInt32(truncatingIfNeeded: bits))
    case .i64:
      guard let bits = integer(text, bitWidth: 64) else { throw invalid(text, type) }
      return .i64(bits)
    case .f32:
      guard let value = float32(text) else { throw invalid(text, type) }
      return .f32(value)
    case .f64:
      guard let value = float64(text) else { throw invalid(text, type) }
      return .f64(value)
    case .funcref:
      guard text == "null" else {
        throw ReplError("\"\(text)\" is not a funcref: only null can be typed; pass null")
      }
      return .funcref(nil)
    case .externref:
      if text == "null" { return .externref(nil) }
      guard let handle = UInt32(text) else { throw invalid(text, type) }
      return .externref(handle)
    case .v128:
      guard let vector = vector(text) else { throw invalid(text, type) }
      return .v128(vector)
    }
  }

  /// The lane shapes of a `v128` literal: name, lane width in bits, whether lanes are floats.
  static let vectorShapes: [(name: String, bits: Int, float: Bool)] = [
    ("i8x16", 8, false), ("i16x8", 16, false), ("i32x4", 32, false), ("i64x2", 64, false),
    ("f32x4", 32, true), ("f64x2", 64, true),
  ]

  /// `words` with each `v128` argument's shape and lanes joined into one word, so that
  /// `i32x4 1 2 3 4` counts as one argument of a parameter of type `v128`. Words for other
  /// parameters, and words past the parameters (such as a call's input), stay as they are.
  static func groupingVectors(_ words: [String], for parameters: [ValueType]) -> [String] {
    var grouped: [String] = []
    var index = 0
    for parameter in parameters {
      guard index < words.count else { break }
      if parameter == .v128,
        let shape = vectorShapes.first(where: { $0.name == words[index].lowercased() })
      {
        let end = min(words.count, index + 1 + 128 / shape.bits)
        grouped.append(words[index..<end].joined(separator: " "))
        index = end
      } else {
        grouped.append(words[index])
        index += 1
      }
    }
    return grouped + words[index...]
  }

  /// A `v128` literal: a shape and its lanes, or `0x` and 32 hex digits.
  static func vector(_ text: String) -> V128? {
    let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
    if words.count == 1, let word = words.first, word.lowercased().hasPrefix("0x") {
      let digits = word.dropFirst(2).replacingOccurrences(of: "_", with: "")
      guard digits.count == 32, let high = UInt64(digits.prefix(16), radix: 16),
        let low = UInt64(digits.suffix(16), radix: 16)
      else { return nil }
      return V128(low: low, high: high)
    }
    guard let first = words.first,
      let shape = vectorShapes.first(where: { $0.name == first.lowercased() }),
      words.count == 1 + 128 / shape.bits
    else { return nil }
    var lanes: [UInt64] = []
    for word in words.dropFirst() {
      let lane: UInt64?
      switch (shape.float, shape.bits) {
      case (true, 32): lane = float32(word).map(UInt64.init)
      case (true, _): lane = float64(word)
      default: lane = integer(word, bitWidth: shape.bits)
      }
      guard let lane else { return nil }
      lanes.append(lane)
    }
    return V128(lanes: lanes, bits: shape.bits)
  }

  private static func invalid(_ text: String, _ type: ValueType) -> ReplError {
    let examples: String
    switch type {
    case .i32, .i64: examples = "42, -7 or 0x2a"
    case .f32, .f64: examples = "1.5, -2e3, inf, nan or 0x1p-2"
    case .funcref: examples = "null"
    case .externref: examples = "null or a handle number such as 7"
    case .v128: examples = "i32x4 1 2 3 4, f32x4 1.5 0 -2 nan or 0x followed by 32 hex digits"
    }
    return ReplError("\"\(text)\" is not a valid \(type); write it like \(examples)")
  }

  /// The bit pattern of an integer literal that fits `bitWidth` bits signed or unsigned.
  static func integer(_ text: String, bitWidth: Int) -> UInt64? {
    var digits = Substring(text.replacingOccurrences(of: "_", with: ""))
    let negative = digits.hasPrefix("-")
    if negative || digits.hasPrefix("+") { digits = digits.dropFirst() }
    var radix = 10
    if digits.lowercased().hasPrefix("0x") {
      digits = digits.dropFirst(2)
      radix = 16
    }
    guard !digits.isEmpty, let magnitude = UInt64(digits, radix: radix) else { return nil }
    let unsignedMax: UInt64 = bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
    if negative {
      let signedMin = UInt64(1) << UInt64(bitWidth - 1)
      guard magnitude <= signedMin else { return nil }
      return (0 &- magnitude) & unsignedMax
    }
    guard magnitude <= unsignedMax else { return nil }
    return magnitude
  }

  private static func float32(_ text: String) -> UInt32? {
    if let payload = nanPayload(text) {
      guard payload > 0, payload < (1 << 23) else { return nil }
      let sign: UInt32 = text.hasPrefix("-") ? 0x8000_0000 : 0
      return sign | 0x7F80_0000 | UInt32(payload)
    }
    return special(text).map { Float($0).bitPattern } ?? Float(text)?.bitPattern
  }

  private static func float64(_ text: String) -> UInt64? {
    if let payload = nanPayload(text) {
      guard payload > 0, payload < (1 << 52) else { return nil }
      let sign: UInt64 = text.hasPrefix("-") ? 0x8000_0000_0000_0000 : 0
      return sign | 0x7FF0_0000_0000_0000 | payload
    }
    return special(text).map(\.bitPattern) ?? Double(text)?.bitPattern
  }

  private static func special(_ text: String) -> Double? {
    switch text.lowercased() {
    case "inf", "+inf", "infinity": .infinity
    case "-inf", "-infinity": -.infinity
    case "nan", "+nan": .nan
    case "-nan": -.nan
    default: nil
    }
  }

  /// The payload of `nan:0x…` (or `-nan:0x…`).
  private static func nanPayload(_ text: String) -> UInt64? {
    let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
    guard body.lowercased().hasPrefix("nan:0x") else { return nil }
    return UInt64(body.dropFirst(6), radix: 16)
  }
}
