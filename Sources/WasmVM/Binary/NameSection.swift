/// The contents of a `name` custom section that wasbox uses: the module name and function
/// names (for backtraces and the REPL).
///
/// The name section is advisory: if it is malformed the whole of it is ignored and the module
/// still loads, as the specification's appendix prescribes.
struct NameSection {
  var moduleName: String?
  var functionNames: [UInt32: String] = [:]

  /// Parses `payload`, or returns `nil` when it is malformed.
  init?(payload: [UInt8]) {
    var reader = ByteReader(bytes: payload)
    do {
      try parse(&reader)
    } catch {
      return nil
    }
  }

  private mutating func parse(_ reader: inout ByteReader) throws(DecodeError) {
    var lastID: Int = -1
    while !reader.isAtEnd {
      let idOffset = reader.position
      let id = try reader.readByte()
      // Subsections are in increasing order of id, each at most once.
      guard Int(id) > lastID else { throw DecodeError("malformed name section", offset: idOffset) }
      lastID = Int(id)
      let size = try reader.readLength()
      let end = reader.position + size
      let savedLimit = reader.limit
      guard end <= savedLimit else { throw reader.endOfInput() }
      reader.limit = end
      switch id {
      case 0:
        moduleName = try reader.readName()
      case 1:
        let count = try reader.readLength()
        for _ in 0..<count {
          let index = try reader.readUInt32()
          functionNames[index] = try reader.readName()
        }
      default:
        reader.position = end
      }
      guard reader.position == end else {
        throw DecodeError("malformed name section", offset: reader.position)
      }
      reader.limit = savedLimit
    }
  }
}
