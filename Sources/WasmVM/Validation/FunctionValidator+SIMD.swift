/// SIMD instructions, typed from their table entries (``SIMDOp``). Stack code: `simd`, the
/// op's raw value, then its immediates (``SIMDOpEntry/Immediate/words``): a memory access's
/// offset and memory index (as for a scalar load or store), then a lane index; or a lane
/// index; or the 16 bytes of a shuffle's lanes or a constant as two words, low half first.
extension FunctionValidator {
  mutating func simd(_ op: SIMDOp, _ immediate: SIMDImmediate) throws(ValidationError) {
    let entry = op.entry
    var address: AddressType?
    switch immediate {
    case .memArg(let memarg), .memArgLane(let memarg, _):
      address = try checkMemArg(memarg, byteCount: entry.bytes)
    case .none, .lane, .bits: break
    }
    switch immediate {
    case .memArgLane(_, let lane), .lane(let lane):
      guard Int(lane) < entry.laneCount else {
        throw ValidationError("invalid lane index: \(lane) in \(entry.name)")
      }
    case .bits(let lanes) where entry.immediate == .shuffle:
      guard lanes.bytes.allSatisfy({ $0 < 32 }) else {
        throw ValidationError("invalid lane index in i8x16.shuffle")
      }
    case .none, .memArg, .bits: break
    }
    var i = entry.operands.count
    while i > 0 {
      i -= 1
      // A memory access's first operand is its address, of the memory's address type.
      let type = i == 0 && address != nil ? address?.valueType ?? .i32 : entry.operands[i]
      try operands.pop(type)
    }
    if let result = entry.result { operands.push(result) }
    emitter.instruction(.simd)
    emitter.immediate(CodeWord(op.rawValue))
    switch immediate {
    case .none: break
    case .memArg(let memarg):
      emitOffsetAndMemory(memarg, address ?? .i32)
    case .memArgLane(let memarg, let lane):
      emitOffsetAndMemory(memarg, address ?? .i32)
      emitter.immediate(CodeWord(lane))
    case .lane(let lane): emitter.immediate(CodeWord(lane))
    case .bits(let bits):
      emitter.immediate(bits.low)
      emitter.immediate(bits.high)
    }
  }
}
