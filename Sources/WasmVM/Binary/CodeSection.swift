/// The code section: function bodies with their locals and instructions.
extension ModuleDecoder {
  /// The most locals a function may declare. The spec's own bound is 2^32 - 1; this
  /// implementation limit keeps a few bytes of input from demanding a huge allocation.
  static let maximumLocalCount = 50_000

  mutating func decodeCodeSection(end: Int) throws(DecodeError) {
    module.codeSectionStart = reader.position
    let count = try reader.readLength()
    module.codes.reserveCapacity(count)
    for index in 0..<count {
      let sizeOffset = reader.position
      let size = try reader.readLength()
      guard size <= limits.maxFunctionBodyBytes else {
        throw DecodeError(
          "function \(importedFunctionCount + index) has a body of \(size) bytes, more than the "
            + "limit of \(limits.maxFunctionBodyBytes) bytes", offset: sizeOffset,
          limit: .functionBodyBytes)
      }
      let bodyStart = reader.position
      let bodyEnd = bodyStart + size
      let body: FunctionBody
      let usesDataIndices: Bool
      do {
        (body, usesDataIndices) = try Self.readFunctionBody(&reader, size: size)
      } catch let error where error.unsupportedProposal != nil && error.offset >= bodyEnd {
        // Decoding ran past the body's declared size, so it is malformed whatever the
        // bytes beyond it seemed to say.
        throw DecodeError("section size mismatch", offset: bodyEnd)
      }
      guard reader.position == bodyEnd else {
        throw DecodeError("section size mismatch", offset: reader.position)
      }
      module.codes.append(body)
      self.usesDataIndices = self.usesDataIndices || usesDataIndices
    }
  }

  /// Reads one body, reporting whether it needs the data count section.
  ///
  /// As in the reference interpreter, decoding is not stopped at the body's declared size:
  /// a body missing its final `end` reads on into what follows, and the size is checked
  /// afterwards. That is what makes the reference's error for such a body ("END opcode
  /// expected", "unexpected end", "section size mismatch", or a bad immediate) depend on the
  /// bytes that follow, as the spec tests expect.
  private static func readFunctionBody(_ reader: inout ByteReader, size: Int) throws(DecodeError)
    -> (FunctionBody, usesDataIndices: Bool)
  {
    let offset = reader.position
    let locals = try readLocals(&reader)
    let sequence = try reader.readInstructionSequence(sizeHint: size)
    let body = FunctionBody(
      locals: locals, instructions: sequence.instructions, offset: offset,
      instructionOffsets: sequence.offsets)
    return (body, sequence.usesDataIndices)
  }

  /// Run-length encoded locals, expanded once their total is known to be within bounds.
  private static func readLocals(_ reader: inout ByteReader) throws(DecodeError) -> [ValueType] {
    let start = reader.position
    let groupCount = try reader.readLength()
    var groups: [(count: UInt32, type: ValueType)] = []
    groups.reserveCapacity(groupCount)
    var total: UInt64 = 0
    for _ in 0..<groupCount {
      let count = try reader.readUInt32()
      let type = try reader.readValueType()
      total += UInt64(count)
      guard total <= UInt64(maximumLocalCount) else {
        throw DecodeError("too many locals", offset: start)
      }
      groups.append((count, type))
    }
    var locals: [ValueType] = []
    locals.reserveCapacity(Int(total))
    for group in groups {
      locals.append(contentsOf: repeatElement(group.type, count: Int(group.count)))
    }
    return locals
  }
}
