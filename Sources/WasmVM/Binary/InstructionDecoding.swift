/// The single-byte opcode table.
extension ByteReader {
  /// Decodes one instruction with its immediates.
  mutating func readInstruction() throws(DecodeError) -> Instruction {
    let start = position
    let opcode = try readByte()
    if let op = NumericOp.fromSingleByte(opcode) { return .numeric(op) }
    if let op = MemoryOp.fromSingleByte(opcode) { return .memoryAccess(op, try readMemArg()) }
    switch opcode {
    case 0x00: return .unreachable
    case 0x01: return .nop
    case 0x02: return .block(try readBlockType())
    case 0x03: return .loop(try readBlockType())
    case 0x04: return .if(try readBlockType())
    case 0x05: return .else
    case 0x0B: return .end
    case 0x0C: return .br(try readUInt32())
    case 0x0D: return .brIf(try readUInt32())
    case 0x0E:
      let targets = try readIndices()
      return .brTable(targets: targets, default: try readUInt32())
    case 0x0F: return .return
    case 0x10: return .call(try readUInt32())
    case 0x11:
      let typeIndex = try readUInt32()
      return .callIndirect(typeIndex: typeIndex, table: try readUInt32())
    case 0x12: return .returnCall(try readUInt32())
    case 0x13:
      let typeIndex = try readUInt32()
      return .returnCallIndirect(typeIndex: typeIndex, table: try readUInt32())
    case 0x1A: return .drop
    case 0x1B: return .select
    case 0x1C: return .selectTyped(try readValueTypes())
    case 0x20: return .localGet(try readUInt32())
    case 0x21: return .localSet(try readUInt32())
    case 0x22: return .localTee(try readUInt32())
    case 0x23: return .globalGet(try readUInt32())
    case 0x24: return .globalSet(try readUInt32())
    case 0x25: return .tableGet(try readUInt32())
    case 0x26: return .tableSet(try readUInt32())
    case 0x3F: return .memorySize(try readUInt32())
    case 0x40: return .memoryGrow(try readUInt32())
    case 0x41: return .i32Const(UInt32(bitPattern: try readInt32()))
    case 0x42: return .i64Const(UInt64(bitPattern: try readInt64()))
    case 0x43: return .f32Const(try readUInt32LE())
    case 0x44: return .f64Const(try readUInt64LE())
    case 0xD0: return .refNull(try readHeapType())
    case 0xD1: return .refIsNull
    case 0xD2: return .refFunc(try readUInt32())
    case 0xFC: return try readFCPrefixedInstruction(start: start)
    case 0xFD: return try readSIMDInstruction(start: start)
    default:
      if let proposal = Self.proposal(ofOpcode: opcode) {
        throw DecodeError.unsupported(proposal, offset: start)
      }
    }
    throw DecodeError("illegal opcode \(Self.hex(opcode))", offset: start)
  }

  /// The proposal that assigns a single-byte opcode (or prefix) wasbox does not implement.
  private static func proposal(ofOpcode opcode: UInt8) -> String? {
    switch opcode {
    // try, catch, throw, rethrow, throw_ref, delegate, catch_all, try_table
    case 0x06...0x0A, 0x18, 0x19, 0x1F: Proposal.exceptionHandling
    // call_ref, return_call_ref, ref.as_non_null, br_on_null, br_on_non_null
    case 0x14, 0x15, 0xD4...0xD6: Proposal.functionReferences
    // ref.eq and the 0xFB prefix
    case 0xD3, 0xFB: Proposal.gc
    case 0xFE: Proposal.threads
    default: nil
    }
  }

  static func hex(_ value: some BinaryInteger) -> String {
    let digits = String(value, radix: 16)
    return digits.count < 2 ? "0" + digits : digits
  }
}
