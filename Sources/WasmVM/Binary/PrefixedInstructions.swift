/// The `0xFC`-prefixed instructions: saturating truncations, bulk memory and table operations.
extension ByteReader {
  mutating func readFCPrefixedInstruction(start: Int) throws(DecodeError) -> Instruction {
    let subOpcode = try readUInt32()
    if let op = NumericOp.fromFCPrefixed(subOpcode) { return .numeric(op) }
    switch subOpcode {
    case 8:
      let data = try readUInt32()
      return .memoryInit(data: data, memory: try readUInt32())
    case 9: return .dataDrop(try readUInt32())
    case 10:
      let destination = try readUInt32()
      return .memoryCopy(destination: destination, source: try readUInt32())
    case 11: return .memoryFill(try readUInt32())
    case 12:
      let element = try readUInt32()
      return .tableInit(element: element, table: try readUInt32())
    case 13: return .elemDrop(try readUInt32())
    case 14:
      let destination = try readUInt32()
      return .tableCopy(destination: destination, source: try readUInt32())
    case 15: return .tableGrow(try readUInt32())
    case 16: return .tableSize(try readUInt32())
    case 17: return .tableFill(try readUInt32())
    case 19...22:
      // i64.add128, i64.sub128, i64.mul_wide_s, i64.mul_wide_u
      throw DecodeError.unsupported(Proposal.wideArithmetic, offset: start)
    default:
      throw DecodeError("illegal opcode fc \(Self.hex(subOpcode))", offset: start)
    }
  }
}
