/// Hand-assembled binary modules, for tests that need bytes the text parser would not produce
/// (or should not be needed for).
public enum Binary {
  public static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

  public static func module(_ sections: [UInt8]...) -> [UInt8] {
    header + sections.flatMap { $0 }
  }

  public static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
    [id] + uleb(UInt64(content.count)) + content
  }

  public static func uleb(_ value: UInt64) -> [UInt8] {
    var value = value
    var bytes: [UInt8] = []
    repeat {
      var byte = UInt8(value & 0x7F)
      value >>= 7
      if value != 0 { byte |= 0x80 }
      bytes.append(byte)
    } while value != 0
    return bytes
  }

  public static func name(_ text: String) -> [UInt8] {
    let utf8 = Array(text.utf8)
    return uleb(UInt64(utf8.count)) + utf8
  }

  /// A `name` custom section naming functions by index (its function names subsection), to
  /// append to a module: the text parser writes no names.
  public static func nameSection(functions: [UInt32: String]) -> [UInt8] {
    let entries = functions.sorted { $0.key < $1.key }.flatMap {
      uleb(UInt64($0.key)) + name($0.value)
    }
    let subsection = uleb(UInt64(functions.count)) + entries
    return section(0, name("name") + [0x01] + uleb(UInt64(subsection.count)) + subsection)
  }

  /// Type section with the single type `[] -> []`, function section with one function of
  /// that type, and a code section with one body made of `body` (locals vector included).
  public static func oneFunction(body: [UInt8], extra: [UInt8] = []) -> [UInt8] {
    module(
      section(1, [0x01, 0x60, 0x00, 0x00]),
      section(3, [0x01, 0x00]),
      extra,
      section(10, [0x01] + uleb(UInt64(body.count)) + body))
  }

  /// A module exporting one function `f` of type `operands -> [result]` (value type bytes)
  /// whose body pushes each parameter and runs `instruction` (its encoded bytes).
  public static func exporting(
    operands: [UInt8], result: UInt8, instruction: [UInt8]
  ) -> [UInt8] {
    let gets: [UInt8] = operands.indices.flatMap { [UInt8(0x20)] + uleb(UInt64($0)) }
    let body: [UInt8] = [0x00] + gets + instruction + [0x0B]
    return module(
      section(1, [0x01, 0x60] + uleb(UInt64(operands.count)) + operands + [0x01, result]),
      section(3, [0x01, 0x00]),
      section(7, [0x01] + name("f") + [0x00, 0x00]),
      section(10, [0x01] + uleb(UInt64(body.count)) + body))
  }
}
