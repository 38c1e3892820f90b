/// The element and data sections.
extension ModuleDecoder {
  /// Element segments in all eight encodings. Bit 0 of the flags: passive or declarative
  /// rather than active; bit 1: explicit table index (active) or declarative (otherwise);
  /// bit 2: items are constant expressions rather than function indices.
  mutating func decodeElementSection(end: Int) throws(DecodeError) {
    let count = try reader.readLength()
    module.elements.reserveCapacity(count)
    for _ in 0..<count {
      let flagsOffset = reader.position
      let flags = try reader.readUInt32()
      guard flags <= 7 else {
        throw DecodeError("malformed elements segment kind", offset: flagsOffset)
      }
      let mode: ElementSegment.Mode
      if flags & 0x01 == 0 {
        let table = flags & 0x02 != 0 ? try reader.readUInt32() : 0
        mode = .active(table: table, offset: try readConstExpression(sectionEnd: end))
      } else {
        mode = flags & 0x02 != 0 ? .declarative : .passive
      }
      // Flags 0 and 4 imply funcref; the others spell out the element kind or type.
      let usesExpressions = flags & 0x04 != 0
      var type = ValueType.funcref
      if flags & 0x03 != 0 {
        type = usesExpressions ? try reader.readReferenceType() : try readElementKind()
      }
      let items: [ConstExpression]
      if usesExpressions {
        let itemCount = try reader.readLength()
        var expressions: [ConstExpression] = []
        expressions.reserveCapacity(itemCount)
        for _ in 0..<itemCount {
          expressions.append(try readConstExpression(sectionEnd: end))
        }
        items = expressions
      } else {
        items = try reader.readIndices().map { ConstExpression([.refFunc($0)]) }
      }
      module.elements.append(ElementSegment(type: type, items: items, mode: mode))
    }
  }

  /// The element kind of the index-vector encodings; only `0x00` (funcref) exists.
  private mutating func readElementKind() throws(DecodeError) -> ValueType {
    let offset = reader.position
    guard try reader.readByte() == 0x00 else {
      throw DecodeError("malformed element kind", offset: offset)
    }
    return .funcref
  }

  /// Data segments: flags 0 (active, memory 0), 1 (passive), 2 (active, explicit memory).
  mutating func decodeDataSection(end: Int) throws(DecodeError) {
    let count = try reader.readLength()
    module.data.reserveCapacity(count)
    for _ in 0..<count {
      let flagsOffset = reader.position
      let mode: DataSegment.Mode
      switch try reader.readUInt32() {
      case 0: mode = .active(memory: 0, offset: try readConstExpression(sectionEnd: end))
      case 1: mode = .passive
      case 2:
        let memory = try reader.readUInt32()
        mode = .active(memory: memory, offset: try readConstExpression(sectionEnd: end))
      default: throw DecodeError("malformed data segment kind", offset: flagsOffset)
      }
      let length = try reader.readLength()
      let bytes = try reader.readBytes(length)
      module.data.append(DataSegment(bytes: bytes, mode: mode))
    }
  }
}
