/// The sections that declare the module's entities: types, imports, functions, tables,
/// memories, globals and exports.
extension ModuleDecoder {
  mutating func decodeTypeSection() throws(DecodeError) {
    let count = try reader.readLength()
    module.types.reserveCapacity(count)
    for _ in 0..<count { module.types.append(try reader.readFunctionType()) }
  }

  mutating func decodeImportSection() throws(DecodeError) {
    let count = try reader.readLength()
    module.imports.reserveCapacity(count)
    for _ in 0..<count {
      let moduleName = try reader.readName()
      let name = try reader.readName()
      let kindOffset = reader.position
      let descriptor: ImportDescriptor
      switch try reader.readByte() {
      case 0x00:
        descriptor = .function(typeIndex: try reader.readUInt32())
        importedFunctionCount += 1
        try checkFunctionCount(importedFunctionCount, offset: kindOffset)
      case 0x01:
        descriptor = .table(try reader.readTableType())
        importedTableCount += 1
        try checkTableCount(importedTableCount, offset: kindOffset)
      case 0x02: descriptor = .memory(try reader.readMemoryType())
      case 0x03: descriptor = .global(try reader.readGlobalType())
      case 0x04: throw DecodeError.unsupported(Proposal.exceptionHandling, offset: kindOffset)
      default: throw DecodeError("malformed import kind", offset: kindOffset)
      }
      module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
    }
  }

  mutating func decodeFunctionSection() throws(DecodeError) {
    let start = reader.position
    let count = try reader.readLength()
    try checkFunctionCount(importedFunctionCount + count, offset: start)
    module.functionTypeIndices.reserveCapacity(count)
    for _ in 0..<count { module.functionTypeIndices.append(try reader.readUInt32()) }
    functionSectionCount = count
  }

  /// Refuses a module whose functions, `count` of them so far, exceed
  /// ``ResourceLimits/maxFunctions``.
  private func checkFunctionCount(_ count: Int, offset: Int) throws(DecodeError) {
    guard count <= limits.maxFunctions else {
      throw DecodeError(
        "module declares more than the limit of \(limits.maxFunctions) functions (imported "
          + "and defined)", offset: offset, limit: .functions)
    }
  }

  /// Refuses a module whose tables, `count` of them so far, exceed ``ResourceLimits/maxTables``.
  private func checkTableCount(_ count: Int, offset: Int) throws(DecodeError) {
    guard count <= limits.maxTables else {
      throw DecodeError(
        "module declares more than the limit of \(limits.maxTables) tables (imported and "
          + "defined)", offset: offset, limit: .tables)
    }
  }

  /// Tables, each either a plain table type (elements start null) or the Wasm 3.0 form
  /// `0x40 0x00 tabletype expr` with an initializer.
  mutating func decodeTableSection(end: Int) throws(DecodeError) {
    let start = reader.position
    let count = try reader.readLength()
    try checkTableCount(importedTableCount + count, offset: start)
    module.tables.reserveCapacity(count)
    for _ in 0..<count {
      if reader.peekByte() == 0x40 {
        reader.position += 1
        let zeroOffset = reader.position
        guard try reader.readByte() == 0x00 else {
          throw DecodeError("zero byte expected", offset: zeroOffset)
        }
        let type = try reader.readTableType()
        let initializer = try readConstExpression(sectionEnd: end)
        module.tables.append(TableDefinition(type: type, initializer: initializer))
      } else {
        module.tables.append(TableDefinition(type: try reader.readTableType()))
      }
    }
  }

  mutating func decodeMemorySection() throws(DecodeError) {
    let count = try reader.readLength()
    module.memories.reserveCapacity(count)
    for _ in 0..<count { module.memories.append(try reader.readMemoryType()) }
  }

  mutating func decodeGlobalSection(end: Int) throws(DecodeError) {
    let count = try reader.readLength()
    module.globals.reserveCapacity(count)
    for _ in 0..<count {
      let type = try reader.readGlobalType()
      let initializer = try readConstExpression(sectionEnd: end)
      module.globals.append(GlobalDefinition(type: type, initializer: initializer))
    }
  }

  mutating func decodeExportSection() throws(DecodeError) {
    let count = try reader.readLength()
    module.exports.reserveCapacity(count)
    for _ in 0..<count {
      let name = try reader.readName()
      let kindOffset = reader.position
      let kind = try reader.readByte()
      if kind == 0x04 {
        throw DecodeError.unsupported(Proposal.exceptionHandling, offset: kindOffset)
      }
      guard kind < 0x04 else { throw DecodeError("malformed export kind", offset: kindOffset) }
      let index = try reader.readUInt32()
      let descriptor: ExportDescriptor =
        switch kind {
        case 0x00: .function(index)
        case 0x01: .table(index)
        case 0x02: .memory(index)
        default: .global(index)
        }
      module.exports.append(Export(name: name, descriptor: descriptor))
    }
  }
}
