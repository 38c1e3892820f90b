/// The table instructions (`table.get/set/size/grow/fill/copy/init`, `elem.drop`).
extension FunctionValidator {
  mutating func validateTableInstruction(_ instruction: Instruction) throws(ValidationError) {
    switch instruction {
    case .tableGet(let table):
      let type = try context.table(table).elementType
      try operands.pop(.i32)
      operands.push(type)
      emit(.tableGet, table)
    case .tableSet(let table):
      let type = try context.table(table).elementType
      try operands.pop(type)
      try operands.pop(.i32)
      emit(.tableSet, table)
    case .tableInit(let element, let table):
      let tableType = try context.table(table).elementType
      let elementType = try context.elementType(element)
      guard elementType == tableType else {
        throw ValidationError("type mismatch: \(elementType) segment into \(tableType) table")
      }
      try popI32(3)
      emit(.tableInit, element, table)
    case .elemDrop(let element):
      _ = try context.elementType(element)
      emit(.elemDrop, element)
    case .tableCopy(let destination, let source):
      let destinationType = try context.table(destination).elementType
      let sourceType = try context.table(source).elementType
      guard sourceType == destinationType else {
        throw ValidationError("type mismatch: copying \(sourceType) into \(destinationType)")
      }
      try popI32(3)
      emit(.tableCopy, destination, source)
    case .tableGrow(let table):
      let type = try context.table(table).elementType
      try operands.pop(.i32)
      try operands.pop(type)
      operands.push(.i32)
      emit(.tableGrow, table)
    case .tableSize(let table):
      _ = try context.table(table)
      operands.push(.i32)
      emit(.tableSize, table)
    case .tableFill(let table):
      let type = try context.table(table).elementType
      try operands.pop(.i32)
      try operands.pop(type)
      try operands.pop(.i32)
      emit(.tableFill, table)
    default:
      throw ValidationError("not a table instruction")
    }
  }
}
