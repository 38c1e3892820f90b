/// Validates one function body with the spec's operand/control stack algorithm and, in the
/// same pass, translates it into internal code.
///
/// Instruction families live in the `FunctionValidator+*.swift` files. Each handler first
/// applies the typing rule and then emits code; emission is a no-op in dead code (see
/// ``CodeEmitter/isDead``), so handlers need not test for reachability.
struct FunctionValidator {
  let context: ValidationContext
  let typeIndex: UInt32
  let type: FuncType
  let body: FunctionBody
  let functionIndex: Int
  /// Where the module's code section starts, so that source positions are relative to it.
  let codeSectionStart: Int
  /// Parameters, then declared locals.
  let locals: [ValueType]
  /// Each local's first slot in the frame (a `v128` takes two: ``ValueType/slots``).
  let localSlots: [Int]
  /// Whether a local or result of the function is a `v128`. Such a function, or one whose
  /// operand stack ever holds one (``OperandStack/heldVector``), gets no register code: only
  /// the stack loops handle a vector's two slots.
  let hasVectorLocals: Bool

  var operands = OperandStack()
  var controls: [ControlFrame] = []
  var emitter = CodeEmitter()
  /// Reused by `br_table` to hold the operands it pops and pushes back per label.
  var scratch: [ValueType?] = []

  init(
    context: ValidationContext, typeIndex: UInt32, type: FuncType, body: FunctionBody,
    functionIndex: Int, codeSectionStart: Int = 0
  ) {
    self.codeSectionStart = codeSectionStart
    self.context = context
    self.typeIndex = typeIndex
    self.type = type
    self.body = body
    self.functionIndex = functionIndex
    self.locals = type.parameters + body.locals
    var slots: [Int] = []
    slots.reserveCapacity(locals.count)
    var next = 0
    for local in locals {
      slots.append(next)
      next += local.slots
    }
    self.localSlots = slots
    self.hasVectorLocals = locals.contains(.v128) || type.results.contains(.v128)
  }

  /// Source-map offsets at which ``validateBody()`` records the operand types in
  /// ``probedOperands``; only restoring a snapshot asks (``ModuleValidator/operandTypes``).
  var probeOffsets: Set<Int> = []
  private(set) var probedOperands: [Int: [ValueType?]] = [:]

  /// Validates and translates the body.
  mutating func run() throws(ValidationError) -> CompiledFunction {
    try validateBody()
    let code = emitter.finish()
    var registerCode: RegisterCode?
    if !hasVectorLocals, !operands.heldVector {
      var translator = RegisterTranslator(
        stackCode: code, localCount: locals.count, resultCount: type.results.count,
        context: context)
      registerCode = translator.translate()
    }
    return CompiledFunction(
      code: code, typeIndex: typeIndex, type: type, localCount: body.locals.slotCount,
      maxStackHeight: operands.maxHeight, registerCode: registerCode,
      sourceMap: emitter.sourceMap, bodyOffset: body.offset - codeSectionStart)
  }

  /// Applies the typing rules to every instruction, emitting stack code as it goes.
  mutating func validateBody() throws(ValidationError) {
    controls.append(
      ControlFrame(
        kind: .function, parameters: [], results: type.results, height: 0,
        isDeadOnEntry: false))
    let instructions = body.instructions
    var index = 0
    do throws(ValidationError) {
      while index < instructions.count {
        guard !controls.isEmpty else {
          throw ValidationError("operators remaining after end of function")
        }
        let offsets = body.instructionOffsets
        emitter.source = (
          index < offsets.count ? offsets[index] - codeSectionStart : 0, operands.slotHeight
        )
        if !probeOffsets.isEmpty, probeOffsets.contains(emitter.source.offset) {
          probedOperands[emitter.source.offset] = operands.types
        }
        try validate(instructions[index])
        index += 1
      }
      guard controls.isEmpty else {
        throw ValidationError("unexpected end of function body: END opcode expected")
      }
    } catch {
      var located = error
      located.functionIndex = functionIndex
      let offsets = body.instructionOffsets
      located.offset = index < offsets.count ? offsets[index] : body.offset
      throw located
    }
  }

  private mutating func validate(_ instruction: Instruction) throws(ValidationError) {
    switch instruction {
    case .unreachable:
      emitter.instruction(.unreachable)
      markUnreachable()
    case .nop:
      break
    case .block(let blockType):
      try enterBlock(.block, blockType)
    case .loop(let blockType):
      try enterBlock(.loop, blockType)
    case .if(let blockType):
      try enterIf(blockType)
    case .else:
      try enterElse()
    case .end:
      try end()
    case .br(let depth):
      try branch(depth)
    case .brIf(let depth):
      try branchIf(depth)
    case .brTable(let targets, let defaultTarget):
      try branchTable(targets, defaultTarget)
    case .return:
      try returnFromFunction()
    case .call(let function):
      try call(function)
    case .callIndirect(let typeIndex, let table):
      try callIndirect(typeIndex, table, isTail: false)
    case .returnCall(let function):
      try returnCall(function)
    case .returnCallIndirect(let typeIndex, let table):
      try callIndirect(typeIndex, table, isTail: true)

    case .drop:
      emitter.instruction(try operands.pop() == .v128 ? .dropV128 : .drop)
    case .select:
      try select()
    case .selectTyped(let types):
      try selectTyped(types)

    case .localGet(let index):
      let type = try local(index)
      operands.push(type)
      emitLocal(type == .v128 ? .localGetV128 : .localGet, index)
    case .localSet(let index):
      let type = try local(index)
      try operands.pop(type)
      emitLocal(type == .v128 ? .localSetV128 : .localSet, index)
    case .localTee(let index):
      let type = try local(index)
      try operands.pop(type)
      operands.push(type)
      emitLocal(type == .v128 ? .localTeeV128 : .localTee, index)
    case .globalGet(let index):
      let type = try context.global(index).valueType
      operands.push(type)
      emit(type == .v128 ? .globalGetV128 : .globalGet, index)
    case .globalSet(let index):
      let global = try context.global(index)
      guard global.isMutable else {
        throw ValidationError("immutable global: global \(index) cannot be set")
      }
      try operands.pop(global.valueType)
      emit(global.valueType == .v128 ? .globalSetV128 : .globalSet, index)

    case .tableGet, .tableSet, .tableInit, .elemDrop, .tableCopy, .tableGrow, .tableSize,
      .tableFill:
      try validateTableInstruction(instruction)
    case .memoryAccess, .memorySize, .memoryGrow, .memoryInit, .dataDrop, .memoryCopy,
      .memoryFill:
      try validateMemoryInstruction(instruction)

    case .i32Const(let bits):
      operands.push(.i32)
      emit(.const, CodeWord(bits))
    case .i64Const(let bits):
      operands.push(.i64)
      emit(.const, bits)
    case .f32Const(let bits):
      operands.push(.f32)
      emit(.const, CodeWord(bits))
    case .f64Const(let bits):
      operands.push(.f64)
      emit(.const, bits)
    case .numeric(let op):
      try numeric(op)
    case .simd(let op, let immediate):
      try simd(op, immediate)

    case .refNull(let type):
      guard type.isReference else {
        throw ValidationError("type mismatch: ref.null needs a reference type, not \(type)")
      }
      operands.push(type)
      emit(.const, CodeWord(0))
    case .refIsNull:
      let type = try operands.pop()
      if let type, !type.isReference {
        throw ValidationError("type mismatch: ref.is_null needs a reference, not \(type)")
      }
      operands.push(.i32)
      emitter.instruction(.refIsNull)
    case .refFunc(let index):
      _ = try context.functionType(index)
      guard context.declaredFunctions[Int(index)] else {
        throw ValidationError("undeclared function reference \(index)")
      }
      operands.push(.funcref)
      emit(.refFunc, index)
    }
  }

  private func local(_ index: UInt32) throws(ValidationError) -> ValueType {
    guard index < locals.count else { throw .unknown("local", index) }
    return locals[Int(index)]
  }

  /// Emits a local instruction, naming the local by its first slot.
  private mutating func emitLocal(_ op: Op, _ index: UInt32) {
    emitter.instruction(op)
    emitter.immediate(localSlots[Int(index)])
  }

  private mutating func numeric(_ op: NumericOp) throws(ValidationError) {
    let signature = NumericSignature.table[Int(op.rawValue)]
    if signature.operandCount == 2 { try operands.pop(signature.second) }
    try operands.pop(signature.first)
    operands.push(signature.result)
    emitter.instruction(Op(op))
  }

  /// Untyped `select` only accepts numeric operands, both of the same type.
  private mutating func select() throws(ValidationError) {
    try operands.pop(.i32)
    let first = try operands.pop()
    let second = try operands.pop()
    if let first, first.isReference {
      throw ValidationError("type mismatch: untyped select needs numeric operands")
    }
    if let second, second.isReference {
      throw ValidationError("type mismatch: untyped select needs numeric operands")
    }
    if let first, let second, first != second {
      throw .typeMismatch(expected: first, found: second)
    }
    operands.push(first ?? second)
    emitter.instruction((first ?? second) == .v128 ? .selectV128 : .select)
  }

  private mutating func selectTyped(_ types: [ValueType]) throws(ValidationError) {
    guard types.count == 1 else {
      throw ValidationError("invalid result arity: select needs exactly one result type")
    }
    try operands.pop(.i32)
    try operands.pop(types[0])
    try operands.pop(types[0])
    operands.push(types[0])
    emitter.instruction(types[0] == .v128 ? .selectV128 : .select)
  }

  /// Emits an instruction with one immediate.
  mutating func emit(_ op: Op, _ immediate: UInt32) {
    emitter.instruction(op)
    emitter.immediate(immediate)
  }

  mutating func emit(_ op: Op, _ immediate: CodeWord) {
    emitter.instruction(op)
    emitter.immediate(immediate)
  }

  /// Emits an instruction with two immediates.
  mutating func emit(_ op: Op, _ first: UInt32, _ second: UInt32) {
    emitter.instruction(op)
    emitter.immediate(first)
    emitter.immediate(second)
  }
}
