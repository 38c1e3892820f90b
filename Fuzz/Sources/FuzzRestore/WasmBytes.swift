/// Just enough of the WebAssembly binary format to write the fixture's modules: the Fuzz
/// package has no text parser, and a fixture built here from named parts is easier to check
/// against its text form (in `RestoreFixture.swift`) than an opaque byte string.
enum WasmBytes {
  static func unsigned(_ value: UInt64) -> [UInt8] {
    var bytes: [UInt8] = []
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
    return bytes
  }

  static func signed(_ value: Int64) -> [UInt8] {
    var bytes: [UInt8] = []
    var rest = value
    while true {
      let byte = UInt8(truncatingIfNeeded: rest) & 0x7F
      rest >>= 7
      if (rest == 0 && byte & 0x40 == 0) || (rest == -1 && byte & 0x40 != 0) {
        bytes.append(byte)
        return bytes
      }
      bytes.append(byte | 0x80)
    }
  }

  /// `i32.const value`.
  static func i32(_ value: Int32) -> [UInt8] { [0x41] + signed(Int64(value)) }

  static func name(_ text: String) -> [UInt8] {
    unsigned(UInt64(text.utf8.count)) + Array(text.utf8)
  }

  /// A vector: its length, then its items.
  static func vector(_ items: [[UInt8]]) -> [UInt8] {
    unsigned(UInt64(items.count)) + items.flatMap { $0 }
  }

  /// A section whose contents are a vector of `items`.
  static func section(_ id: UInt8, _ items: [[UInt8]]) -> [UInt8] {
    raw(id, vector(items))
  }

  /// A section with the given contents.
  static func raw(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] {
    [id] + unsigned(UInt64(contents.count)) + contents
  }

  static func module(_ sections: [[UInt8]]) -> [UInt8] {
    [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00] + sections.flatMap { $0 }
  }

  /// A `(param…) (result…)` function type; types are binary type codes (0x7F i32, …).
  static func functionType(_ parameters: [UInt8], _ results: [UInt8]) -> [UInt8] {
    [0x60] + unsigned(UInt64(parameters.count)) + parameters + unsigned(UInt64(results.count))
      + results
  }

  /// Limits: `min` alone or `min max`.
  static func limits(_ min: UInt64, _ max: UInt64?) -> [UInt8] {
    if let max { [0x01] + unsigned(min) + unsigned(max) } else { [0x00] + unsigned(min) }
  }

  /// An import of `module.name` with its descriptor (kind byte and type).
  static func importEntry(_ module: String, _ field: String, _ descriptor: [UInt8]) -> [UInt8] {
    name(module) + name(field) + descriptor
  }

  /// An export of `field` with kind (0 function, 1 table, 2 memory, 3 global) and index.
  static func exportEntry(_ field: String, _ kind: UInt8, _ index: UInt32) -> [UInt8] {
    name(field) + [kind] + unsigned(UInt64(index))
  }

  /// A function body: its locals (count, type) and its instructions, one array per line so
  /// that each can carry its text form as a comment; `end` is appended.
  static func body(locals: [(UInt32, UInt8)] = [], _ instructions: [[UInt8]]) -> [UInt8] {
    let declared = vector(locals.map { unsigned(UInt64($0.0)) + [$0.1] })
    let contents = declared + instructions.flatMap { $0 } + [0x0B]
    return unsigned(UInt64(contents.count)) + contents
  }
}
