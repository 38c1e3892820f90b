extension Module {
  /// Decodes a module from the WebAssembly binary format.
  ///
  /// Only the binary format is checked here (structure, encodings, section order and sizes);
  /// typing and index ranges are checked by ``Module/validate()``. Well-formed modules that
  /// use an out-of-scope proposal fail with ``DecodeError/unsupportedProposal`` set; modules
  /// larger than `limits` allow (``ResourceLimits/maxModuleBytes``,
  /// ``ResourceLimits/maxFunctionBodyBytes``, ``ResourceLimits/maxFunctions``,
  /// ``ResourceLimits/maxTables``) fail with
  /// ``DecodeError/limit`` set, before what they declare is allocated.
  public init(bytes: [UInt8], limits: ResourceLimits = ResourceLimits()) throws(DecodeError) {
    var decoder = ModuleDecoder(bytes: bytes, limits: limits)
    self = try decoder.decode()
    fingerprint = Fingerprint(of: bytes)
  }
}

/// Walks the sections of a binary, in order, filling in a ``Module``.
///
/// Sections are read from one stream over the whole binary, as in the reference interpreter:
/// a section's declared size is checked against what its contents consumed once they are
/// decoded, which is what makes the reference's choice between "section size mismatch",
/// "length out of bounds" and "unexpected end" reproducible.
struct ModuleDecoder {
  var reader: ByteReader
  /// The size limits the module must keep to.
  let limits: ResourceLimits
  var module = Module()
  /// Entry count of the function section, if present.
  var functionSectionCount = 0
  /// Whether some function body uses `memory.init` or `data.drop`.
  var usesDataIndices = false
  /// Functions the import section imports.
  var importedFunctionCount = 0
  /// Tables the import section imports.
  var importedTableCount = 0

  init(bytes: [UInt8], limits: ResourceLimits) {
    reader = ByteReader(bytes: bytes)
    self.limits = limits
  }

  /// The binary format's section order; custom sections (id 0) may appear anywhere.
  private static let sectionOrder: [UInt8: Int] = [
    1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13,
  ]

  mutating func decode() throws(DecodeError) -> Module {
    guard reader.bytes.count <= limits.maxModuleBytes else {
      throw DecodeError(
        "module of \(reader.bytes.count) bytes exceeds the limit of \(limits.maxModuleBytes) "
          + "bytes", offset: 0, limit: .moduleBytes)
    }
    try decodeHeader()
    var lastOrder = 0
    while !reader.isAtEnd {
      let idOffset = reader.position
      let id = try reader.readByte()
      if id != 0 {
        guard let order = Self.sectionOrder[id] else {
          throw DecodeError("malformed section id", offset: idOffset)
        }
        guard order > lastOrder else {
          throw DecodeError("unexpected content after last section", offset: idOffset)
        }
        lastOrder = order
      }
      let size = try reader.readLength()
      let end = reader.position + size
      do {
        try decodeSection(id: id, idOffset: idOffset, end: end)
      } catch let error where error.unsupportedProposal != nil && error.offset >= end {
        // The contents ran past the declared size, so the module is malformed whatever
        // the bytes beyond it seemed to say.
        throw DecodeError("section size mismatch", offset: end)
      }
      guard reader.position == end else {
        throw DecodeError("section size mismatch", offset: end)
      }
    }
    try checkSectionConsistency()
    return module
  }

  private mutating func decodeHeader() throws(DecodeError) {
    let bytes = reader.bytes
    guard bytes.count >= 4 else { throw DecodeError("unexpected end", offset: bytes.count) }
    guard bytes[0..<4].elementsEqual([0x00, 0x61, 0x73, 0x6D]) else {
      throw DecodeError("magic header not detected", offset: 0)
    }
    guard bytes.count >= 8 else { throw DecodeError("unexpected end", offset: bytes.count) }
    guard bytes[4..<8].elementsEqual([0x01, 0x00, 0x00, 0x00]) else {
      throw DecodeError("unknown binary version", offset: 4)
    }
    reader.position = 8
  }

  private mutating func decodeSection(id: UInt8, idOffset: Int, end: Int) throws(DecodeError) {
    switch id {
    case 0: try decodeCustomSection(end: end)
    case 1: try decodeTypeSection()
    case 2: try decodeImportSection()
    case 3: try decodeFunctionSection()
    case 4: try decodeTableSection(end: end)
    case 5: try decodeMemorySection()
    case 6: try decodeGlobalSection(end: end)
    case 7: try decodeExportSection()
    case 8: module.start = try reader.readUInt32()
    case 9: try decodeElementSection(end: end)
    case 10: try decodeCodeSection(end: end)
    case 11: try decodeDataSection(end: end)
    case 12: module.dataCount = try reader.readUInt32()
    default:
      // Only the tag section (13) remains: it belongs to exception handling.
      throw DecodeError.unsupported(Proposal.exceptionHandling, offset: idOffset)
    }
  }

  /// Cross-section rules checked once every section has been read, in the reference
  /// interpreter's order.
  private func checkSectionConsistency() throws(DecodeError) {
    let end = reader.bytes.count
    guard functionSectionCount == module.codes.count else {
      throw DecodeError("function and code section have inconsistent lengths", offset: end)
    }
    if let dataCount = module.dataCount, Int(dataCount) != module.data.count {
      throw DecodeError(
        "data count and data section have inconsistent lengths", offset: end)
    }
    if module.dataCount == nil, usesDataIndices {
      throw DecodeError("data count section required", offset: end)
    }
  }

  /// Reads a constant expression that may not extend past its section's `end`, so that an
  /// expression missing its `end` is reported as running out of bytes.
  mutating func readConstExpression(sectionEnd end: Int) throws(DecodeError) -> ConstExpression {
    let savedLimit = reader.limit
    reader.limit = Swift.min(end, savedLimit)
    defer { reader.limit = savedLimit }
    return try reader.readConstExpression()
  }
}
