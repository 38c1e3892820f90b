/// Loads, stores and the memory instructions (`memory.size/grow/init/copy/fill`,
/// `data.drop`). Addresses, sizes and grow deltas have the memory's address type (i64 for a
/// 64-bit memory); a data segment's offset and length within it are always i32.
extension FunctionValidator {
  mutating func validateMemoryInstruction(_ instruction: Instruction) throws(ValidationError) {
    switch instruction {
    case .memoryAccess(let op, let memarg):
      // Typed from the table entry; the address has the memory's address type.
      let entry = op.entry
      let address = try checkMemArg(memarg, byteCount: entry.bytes)
      switch entry.kind {
      case .load:
        try operands.pop(address.valueType)
        operands.push(entry.value)
      case .store:
        try operands.pop(entry.value)
        try operands.pop(address.valueType)
      }
      emitMemoryAccess(op.stackOp, memarg, address)
    case .memorySize(let memory):
      let address = try context.memory(memory).addressType.valueType
      operands.push(address)
      emit(.memorySize, memory)
    case .memoryGrow(let memory):
      let address = try context.memory(memory).addressType.valueType
      try operands.pop(address)
      operands.push(address)
      emit(.memoryGrow, memory)
    case .memoryInit(let data, let memory):
      let address = try context.memory(memory).addressType.valueType
      try context.checkData(data)
      try popI32(2)
      try operands.pop(address)
      emit(.memoryInit, data, memory)
    case .dataDrop(let data):
      try context.checkData(data)
      emit(.dataDrop, data)
    case .memoryCopy(let destination, let source):
      let destinationType = try context.memory(destination).addressType
      let sourceType = try context.memory(source).addressType
      try operands.pop(destinationType.narrower(sourceType).valueType)
      try operands.pop(sourceType.valueType)
      try operands.pop(destinationType.valueType)
      emit(.memoryCopy, destination, source)
    case .memoryFill(let memory):
      let address = try context.memory(memory).addressType.valueType
      try operands.pop(address)
      try operands.pop(.i32)
      try operands.pop(address)
      emit(.memoryFill, memory)
    default:
      throw ValidationError("not a memory instruction")
    }
  }

  mutating func popI32(_ count: Int) throws(ValidationError) {
    for _ in 0..<count { try operands.pop(.i32) }
  }

  /// Checks the alignment and offset of a load or store and returns its memory's address type.
  /// A 32-bit memory's offsets are `u32`; a 64-bit memory's may be any `u64`.
  func checkMemArg(_ memarg: MemArg, byteCount: Int) throws(ValidationError)
    -> AddressType
  {
    let address = try context.memory(memarg.memory).addressType
    guard memarg.align <= UInt32(byteCount.trailingZeroBitCount) else {
      throw ValidationError(
        "alignment must not be larger than natural: 2^\(memarg.align) > \(byteCount)")
    }
    guard memarg.offset <= address.maxValue else {
      throw ValidationError("offset out of range: \(memarg.offset) exceeds 32-bit memory")
    }
    return address
  }

  /// The stack code of a load or store: `[offset, memory]`. A 64-bit memory's offset is
  /// clamped to ``Memory/maxOffset64``: every offset above it is beyond any memory, so it
  /// traps all the same, and the loops' bounds checks can add it to an address no larger than
  /// the memory without wrapping.
  private mutating func emitMemoryAccess(_ op: Op, _ memarg: MemArg, _ address: AddressType) {
    emitter.instruction(op)
    emitOffsetAndMemory(memarg, address)
  }

  /// The `[offset, memory]` immediates of a scalar or SIMD memory access.
  mutating func emitOffsetAndMemory(_ memarg: MemArg, _ address: AddressType) {
    emitter.immediate(address == .i64 ? min(memarg.offset, Memory.maxOffset64) : memarg.offset)
    emitter.immediate(memarg.memory)
  }
}
