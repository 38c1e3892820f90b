/// A decoded run of instructions ending with the `end` that closes it.
struct InstructionSequence {
  var instructions: [Instruction] = []
  /// Byte offset of each instruction, parallel to `instructions`.
  var offsets: [Int] = []
  /// Whether `memory.init` or `data.drop` occur, which requires a data count section.
  var usesDataIndices = false
}

extension ByteReader {
  /// Decodes instructions up to and including the `end` that closes the sequence.
  ///
  /// Block nesting is tracked only as far as needed to find that `end` and to reject an
  /// `else` outside an `if`; typing is the validator's job. The nesting stack grows at most
  /// one entry per two bytes read, so it is bounded by the input.
  ///
  /// `sizeHint` is the expected encoded size, used only to size the result's storage.
  mutating func readInstructionSequence(sizeHint: Int) throws(DecodeError)
    -> InstructionSequence
  {
    var sequence = InstructionSequence()
    sequence.instructions.reserveCapacity(Swift.min(sizeHint, remaining) / 2)
    sequence.offsets.reserveCapacity(sequence.instructions.capacity)
    // One entry per open block: `true` for an `if` whose `else` has not been seen.
    var openBlocks: [Bool] = []
    while true {
      let offset = position
      let instruction = try readInstruction()
      sequence.instructions.append(instruction)
      sequence.offsets.append(offset)
      switch instruction {
      case .block, .loop:
        openBlocks.append(false)
      case .if:
        openBlocks.append(true)
      case .else:
        guard let awaitingElse = openBlocks.last, awaitingElse else {
          throw DecodeError("END opcode expected", offset: offset)
        }
        openBlocks[openBlocks.count - 1] = false
      case .end:
        if openBlocks.isEmpty { return sequence }
        openBlocks.removeLast()
      case .memoryInit, .dataDrop:
        sequence.usesDataIndices = true
      default:
        break
      }
    }
  }

  /// A constant expression: instructions up to its terminating `end`, which is dropped.
  mutating func readConstExpression() throws(DecodeError) -> ConstExpression {
    var sequence = try readInstructionSequence(sizeHint: 8)
    sequence.instructions.removeLast()
    return ConstExpression(sequence.instructions)
  }
}
