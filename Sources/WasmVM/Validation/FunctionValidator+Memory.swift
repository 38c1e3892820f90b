/// Loads, stores and the memory instructions (`memory.size/grow/init/copy/fill`,
/// `data.drop`). Memories are 32-bit: addresses and sizes are i32.
extension FunctionValidator {
  mutating func validateMemoryInstruction(_ instruction: Instruction) throws(ValidationError) {
    switch instruction {
    case .load(let op, let memarg):
      try checkMemArg(memarg, byteCount: op.byteCount)
      try operands.pop(.i32)
      operands.push(op.type)
      emitMemoryAccess(Self.opcode(op), memarg)
    case .store(let op, let memarg):
      try checkMemArg(memarg, byteCount: op.byteCount)
      try operands.pop(op.type)
      try operands.pop(.i32)
      emitMemoryAccess(Self.opcode(op), memarg)
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

  private static func opcode(_ op: LoadOp) -> Op {
    switch op {
    case .i32Load: .i32Load
    case .i64Load: .i64Load
    case .f32Load: .f32Load
    case .f64Load: .f64Load
    case .i32Load8S: .i32Load8S
    case .i32Load8U: .i32Load8U
    case .i32Load16S: .i32Load16S
    case .i32Load16U: .i32Load16U
    case .i64Load8S: .i64Load8S
    case .i64Load8U: .i64Load8U
    case .i64Load16S: .i64Load16S
    case .i64Load16U: .i64Load16U
    case .i64Load32S: .i64Load32S
    case .i64Load32U: .i64Load32U
    }
  }

  private static func opcode(_ op: StoreOp) -> Op {
    switch op {
    case .i32Store: .i32Store
    case .i64Store: .i64Store
    case .f32Store: .f32Store
    case .f64Store: .f64Store
    case .i32Store8: .i32Store8
    case .i32Store16: .i32Store16
    case .i64Store8: .i64Store8
    case .i64Store16: .i64Store16
    case .i64Store32: .i64Store32
    }
  }
}
