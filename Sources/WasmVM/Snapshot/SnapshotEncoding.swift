/// The byte-level encoding of snapshots: unsigned LEB128 integers, length-prefixed strings,
/// fixed little-endian words, and the value and function types WebAssembly's binary format
/// uses. `docs/snapshot-format.md` describes the layout built from these.
struct SnapshotWriter {
  private(set) var bytes: [UInt8] = []

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

  mutating func unsigned(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  mutating func unsigned(_ value: Int) { unsigned(UInt64(clamping: value)) }

  mutating func word(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func string(_ value: String) {
    let utf8 = Array(value.utf8)
    unsigned(utf8.count)
    bytes.append(contentsOf: utf8)
  }

  mutating func raw(_ buffer: UnsafeRawBufferPointer) { bytes.append(contentsOf: buffer) }

  mutating func optional(_ value: UInt64?) {
    bool(value != nil)
    if let value { unsigned(value) }
  }

  mutating func valueType(_ type: ValueType) { byte(type.binaryCode) }

  mutating func addressType(_ type: AddressType) { byte(type == .i64 ? 1 : 0) }

  mutating func functionType(_ type: FuncType) {
    unsigned(type.parameters.count)
    for parameter in type.parameters { valueType(parameter) }
    unsigned(type.results.count)
    for result in type.results { valueType(result) }
  }
}

/// Reads what ``SnapshotWriter`` wrote, checking every length and value against what is left
/// and what the caller allows: a crafted count can neither read past the end nor make the
/// reader allocate more than the input could describe.
struct SnapshotReader {
  let bytes: [UInt8]
  private(set) var position: Int
  let end: Int
  /// The format version the snapshot was written in (see ``Store/snapshotVersion``).
  let version: UInt32

  init(bytes: [UInt8], from start: Int, to end: Int, version: UInt32) {
    self.bytes = bytes
    self.position = start
    self.end = end
    self.version = version
  }

  /// A memory's or table's address type: a byte (0 for i32, 1 for i64) from version 3 on;
  /// earlier versions knew only i32.
  mutating func addressType() throws(SnapshotError) -> AddressType {
    guard version >= 3 else { return .i32 }
    switch try byte() {
    case 0: return .i32
    case 1: return .i64
    default: throw malformed("unknown address type")
    }
  }

  var isAtEnd: Bool { position >= end }

  func malformed(_ what: String) -> SnapshotError {
    SnapshotError(.malformed, "\(what) (at byte \(position))")
  }

  mutating func byte() throws(SnapshotError) -> UInt8 {
    guard position < end else { throw malformed("unexpected end of snapshot") }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func bool() throws(SnapshotError) -> Bool {
    switch try byte() {
    case 0: return false
    case 1: return true
    default: throw malformed("invalid flag")
    }
  }

  mutating func unsigned() throws(SnapshotError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = try byte()
      guard shift < 64, shift < 63 || byte <= 1 else { throw malformed("integer too large") }
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return result }
      shift += 7
    }
  }

  /// An unsigned integer that must not exceed `limit`.
  mutating func int(max limit: Int, _ what: @autoclosure () -> String) throws(SnapshotError)
    -> Int
  {
    let value = try unsigned()
    guard limit >= 0, value <= UInt64(limit) else {
      throw malformed("\(what()) \(value) is out of range (at most \(limit))")
    }
    return Int(value)
  }

  /// A count of items each taking at least `minimumSize` bytes: never more than what is left.
  mutating func count(_ what: @autoclosure () -> String, minimumSize: Int = 1)
    throws(SnapshotError) -> Int
  {
    try int(max: (end - position) / Swift.max(1, minimumSize), what())
  }

  mutating func word() throws(SnapshotError) -> UInt64 {
    guard end - position >= 8 else { throw malformed("unexpected end of snapshot") }
    var value: UInt64 = 0
    for i in 0..<8 { value |= UInt64(bytes[position + i]) << UInt64(i * 8) }
    position += 8
    return value
  }

  mutating func string() throws(SnapshotError) -> String {
    let count = try count("string length")
    let slice = bytes[position..<position + count]
    position += count
    guard let text = String(validating: slice, as: UTF8.self) else {
      throw malformed("invalid UTF-8 in a name")
    }
    return text
  }

  /// The next `count` bytes, which must be there.
  mutating func raw(_ count: Int) throws(SnapshotError) -> ArraySlice<UInt8> {
    guard count >= 0, end - position >= count else {
      throw malformed("unexpected end of snapshot")
    }
    defer { position += count }
    return bytes[position..<position + count]
  }

  mutating func optional() throws(SnapshotError) -> UInt64? {
    try bool() ? try unsigned() : nil
  }

  mutating func valueType() throws(SnapshotError) -> ValueType {
    let code = try byte()
    // `v128` came with version 4; an earlier snapshot naming it is damaged.
    guard let type = ValueType(binaryCode: code), type != .v128 || version >= 4 else {
      throw malformed("unknown value type")
    }
    return type
  }

  mutating func functionType() throws(SnapshotError) -> FuncType {
    var parameters: [ValueType] = []
    for _ in 0..<(try count("parameter count")) { parameters.append(try valueType()) }
    var results: [ValueType] = []
    for _ in 0..<(try count("result count")) { results.append(try valueType()) }
    return FuncType(parameters: parameters, results: results)
  }
}

extension ValueType {
  /// The binary format's type code (0x7F for `i32`, …), which snapshots use too.
  public var binaryCode: UInt8 {
    switch self {
    case .i32: 0x7F
    case .i64: 0x7E
    case .f32: 0x7D
    case .f64: 0x7C
    case .funcref: 0x70
    case .externref: 0x6F
    case .v128: 0x7B
    }
  }

  /// The type with this binary format code, if any.
  public init?(binaryCode: UInt8) {
    switch binaryCode {
    case 0x7F: self = .i32
    case 0x7E: self = .i64
    case 0x7D: self = .f32
    case 0x7C: self = .f64
    case 0x70: self = .funcref
    case 0x6F: self = .externref
    case 0x7B: self = .v128
    default: return nil
    }
  }
}
