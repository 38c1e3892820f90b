/// Loads, stores and the memory instructions (`memory.size/grow/init/copy/fill`,
/// `data.drop`). Memories are 32-bit: addresses and sizes are i32.
extension FunctionValidator {
  mutating func validateMemoryInstruction(_ instruction: Instruction) throws(ValidationError) {
    switch instruction {
    case .memoryAccess(let op, let memarg):
      // Typed from the table entry. The address is an i32 while memories are 32-bit; memory64
      // makes it the memory's address type here, and the offset check below follows it.
      let entry = op.entry
      try checkMemArg(memarg, byteCount: entry.bytes)
      switch entry.kind {
      case .load:
        try operands.pop(.i32)
        operands.push(entry.value)
      case .store:
        try operands.pop(entry.value)
        try operands.pop(.i32)
      }
      emitMemoryAccess(op.stackOp, memarg)
    case .memorySize(let memory):
      _ = try context.memory(memory)
      operands.push(.i32)
      emit(.memorySize, memory)
    case .memoryGrow(let memory):
      _ = try context.memory(memory)
      try operands.pop(.i32)
      operands.push(.i32)
      emit(.memoryGrow, memory)
    case .memoryInit(let data, let memory):
      _ = try context.memory(memory)
      try context.checkData(data)
      try popI32(3)
      emit(.memoryInit, data, memory)
    case .dataDrop(let data):
      try context.checkData(data)
      emit(.dataDrop, data)
    case .memoryCopy(let destination, let source):
      _ = try context.memory(destination)
      _ = try context.memory(source)
      try popI32(3)
      emit(.memoryCopy, destination, source)
    case .memoryFill(let memory):
      _ = try context.memory(memory)
      try popI32(3)
      emit(.memoryFill, memory)
    default:
      throw ValidationError("not a memory instruction")
    }
  }

  mutating func popI32(_ count: Int) throws(ValidationError) {
    for _ in 0..<count { try operands.pop(.i32) }
  }

  private func checkMemArg(_ memarg: MemArg, byteCount: Int) throws(ValidationError) {
    _ = try context.memory(memarg.memory)
    guard memarg.align <= UInt32(byteCount.trailingZeroBitCount) else {
      throw ValidationError(
        "alignment must not be larger than natural: 2^\(memarg.align) > \(byteCount)")
    }
    guard memarg.offset <= UInt64(UInt32.max) else {
      throw ValidationError("offset out of range: \(memarg.offset) exceeds 32-bit memory")
    }
  }

  private mutating func emitMemoryAccess(_ op: Op, _ memarg: MemArg) {
    emitter.instruction(op)
    emitter.immediate(memarg.offset)
    emitter.immediate(memarg.memory)
  }
}
