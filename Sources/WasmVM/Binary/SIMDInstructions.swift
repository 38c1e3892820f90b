/// The `0xFD`-prefixed instructions: SIMD and relaxed SIMD, decoded through the instruction
/// table's SIMD entries (``SIMDOp``), whose immediate shape says what follows the sub-opcode.
extension ByteReader {
  mutating func readSIMDInstruction(start: Int) throws(DecodeError) -> Instruction {
    let code = try readUInt32()
    guard let op = SIMDOp.decode(code) else {
      throw DecodeError("illegal opcode fd \(Self.hex(code))", offset: start)
    }
    switch op.entry.immediate {
    case .none: return .simd(op, .none)
    case .memArg: return .simd(op, .memArg(try readMemArg()))
    case .memArgLane:
      let memArg = try readMemArg()
      return .simd(op, .memArgLane(memArg, lane: try readByte()))
    case .lane: return .simd(op, .lane(try readByte()))
    case .shuffle, .v128:
      let low = try readUInt64LE()
      return .simd(op, .bits(V128(low: low, high: try readUInt64LE())))
    }
  }
}
