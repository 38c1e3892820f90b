/// The table instructions (`table.get/set/size/grow/fill/copy/init`, `elem.drop`). Indices,
/// sizes and grow deltas have the table's address type (i64 for a table64 table); an element
/// segment's offset and length within it are always i32.
extension FunctionValidator {
  mutating func validateTableInstruction(_ instruction: Instruction) throws(ValidationError) {
    switch instruction {
    case .tableGet(let table):
      let type = try context.table(table).elementType
      try operands.pop(try context.table(table).addressType.valueType)
      operands.push(type)
      emit(.tableGet, table)
    case .tableSet(let table):
      let type = try context.table(table).elementType
      try operands.pop(type)
      try operands.pop(try context.table(table).addressType.valueType)
      emit(.tableSet, table)
    case .tableInit(let element, let table):
      let tableType = try context.table(table).elementType
      let elementType = try context.elementType(element)
      guard elementType == tableType else {
        throw ValidationError("type mismatch: \(elementType) segment into \(tableType) table")
      }
      try popI32(2)
      try operands.pop(try context.table(table).addressType.valueType)
      emit(.tableInit, element, table)
    case .elemDrop(let element):
      _ = try context.elementType(element)
      emit(.elemDrop, element)
    case .tableCopy(let destination, let source):
      let destinationTable = try context.table(destination)
      let sourceTable = try context.table(source)
      let destinationType = destinationTable.elementType
      let sourceType = sourceTable.elementType
      guard sourceType == destinationType else {
        throw ValidationError("type mismatch: copying \(sourceType) into \(destinationType)")
      }
      let (to, from) = (destinationTable.addressType, sourceTable.addressType)
      try operands.pop(to.narrower(from).valueType)
      try operands.pop(from.valueType)
      try operands.pop(to.valueType)
      emit(.tableCopy, destination, source)
    case .tableGrow(let table):
      let type = try context.table(table).elementType
      let address = try context.table(table).addressType.valueType
      try operands.pop(address)
      try operands.pop(type)
      operands.push(address)
      emit(.tableGrow, table)
    case .tableSize(let table):
      operands.push(try context.table(table).addressType.valueType)
      emit(.tableSize, table)
    case .tableFill(let table):
      let type = try context.table(table).elementType
      let address = try context.table(table).addressType.valueType
      try operands.pop(address)
      try operands.pop(type)
      try operands.pop(address)
      emit(.tableFill, table)
    default:
      throw ValidationError("not a table instruction")
    }
  }
}
