/// Blocks, branches, returns and calls: the typing rules of the control instructions and the
/// translation of structured control flow into jumps with resolved targets and stack
/// adjustments.
extension FunctionValidator {
  /// The spec's `unreachable()`: the rest of the frame is typed with a polymorphic stack and
  /// emits nothing.
  mutating func markUnreachable() {
    operands.becomeUnreachable()
    controls[controls.count - 1].isUnreachable = true
    emitter.endBlockUnreachable()
  }

  private func signature(
    _ blockType: BlockType
  ) throws(ValidationError) -> (parameters: [ValueType], results: [ValueType]) {
    switch blockType {
    case .empty: return ([], [])
    case .value(let type): return ([], Self.singleton(type))
    case .typeIndex(let index):
      let type = try context.type(index)
      return (type.parameters, type.results)
    }
  }

  /// One-element result lists, shared so that entering a block allocates nothing.
  private static func singleton(_ type: ValueType) -> [ValueType] {
    switch type {
    case .i32: singletonI32
    case .i64: singletonI64
    case .f32: singletonF32
    case .f64: singletonF64
    case .funcref: singletonFuncref
    case .externref: singletonExternref
    case .v128: singletonV128
    }
  }
  private static let singletonI32: [ValueType] = [.i32]
  private static let singletonI64: [ValueType] = [.i64]
  private static let singletonF32: [ValueType] = [.f32]
  private static let singletonF64: [ValueType] = [.f64]
  private static let singletonFuncref: [ValueType] = [.funcref]
  private static let singletonExternref: [ValueType] = [.externref]
  private static let singletonV128: [ValueType] = [.v128]

  /// The spec's `push_ctrl`, after the parameters have been popped.
  private mutating func pushControl(
    _ kind: ControlFrame.Kind, _ parameters: [ValueType], _ results: [ValueType],
    elseBranch: Int = CodeEmitter.noBranches
  ) {
    var frame = ControlFrame(
      kind: kind, parameters: parameters, results: results, height: operands.height,
      isDeadOnEntry: emitter.isDead)
    frame.slotHeight = operands.slotHeight
    frame.elseBranch = elseBranch
    if kind == .loop { frame.loopHeader = emitter.label() }
    controls.append(frame)
    operands.floor = frame.height
    operands.isPolymorphic = false
    operands.push(parameters)
  }

  /// The spec's `pop_ctrl`: the frame's results must be exactly what is left above it.
  private mutating func popControl() throws(ValidationError) -> ControlFrame {
    guard let frame = controls.last else {
      throw ValidationError("unexpected end: no block is open")
    }
    try operands.pop(frame.results)
    guard operands.height == frame.height else {
      throw ValidationError(
        "type mismatch: block leaves \(operands.height - frame.height) extra values")
    }
    controls.removeLast()
    if let outer = controls.last {
      operands.floor = outer.height
      operands.isPolymorphic = outer.isUnreachable
    }
    return frame
  }

  mutating func enterBlock(
    _ kind: ControlFrame.Kind, _ blockType: BlockType
  ) throws(ValidationError) {
    let (parameters, results) = try signature(blockType)
    try operands.pop(parameters)
    pushControl(kind, parameters, results)
  }

  /// `if` pops its condition with `jumpIfZero` to the else-arm (or past the end).
  mutating func enterIf(_ blockType: BlockType) throws(ValidationError) {
    let (parameters, results) = try signature(blockType)
    try operands.pop(.i32)
    try operands.pop(parameters)
    var elseBranch = CodeEmitter.noBranches
    emitter.instruction(.jumpIfZero)
    emitter.appendForwardTarget(&elseBranch)
    emitter.endBlock()
    pushControl(.if, parameters, results, elseBranch: elseBranch)
  }

  /// `else` ends the then-arm with a jump to the end (when it falls through) and becomes the
  /// target of the `if`'s `jumpIfZero`.
  mutating func enterElse() throws(ValidationError) {
    guard controls.last?.kind == .if else {
      throw ValidationError("unexpected else: no matching if")
    }
    var frame = try popControl()
    if !frame.isDeadOnEntry {
      emitter.instruction(.jump)
      emitter.appendForwardTarget(&frame.endBranches)
      emitter.endBlock()
      emitter.isDead = false
      emitter.resolve(frame.elseBranch, to: emitter.label())
    }
    var elseFrame = ControlFrame(
      kind: .else, parameters: frame.parameters, results: frame.results,
      height: frame.height, isDeadOnEntry: frame.isDeadOnEntry,
      endBranches: frame.endBranches)
    elseFrame.slotHeight = frame.slotHeight
    controls.append(elseFrame)
    operands.floor = frame.height
    operands.isPolymorphic = false
    operands.push(frame.parameters)
  }

  /// `end` resolves the frame's forward branches; the function's final `end` returns.
  mutating func end() throws(ValidationError) {
    let frame = try popControl()
    if frame.kind == .if, frame.parameters != frame.results {
      throw ValidationError(
        "type mismatch: if without else must have matching param and result types")
    }
    let hasBranches =
      frame.endBranches != CodeEmitter.noBranches || frame.elseBranch != CodeEmitter.noBranches
    if hasBranches {
      let target = emitter.label()
      emitter.resolve(frame.endBranches, to: target)
      emitter.resolve(frame.elseBranch, to: target)
      emitter.isDead = false
    }
    if frame.kind == .function {
      emitter.instruction(.return)
      emitter.endBlockUnreachable()
      return
    }
    operands.push(frame.results)
  }

  /// The frame a branch of relative `depth` targets, as an index into ``controls``.
  private func labelIndex(_ depth: UInt32) throws(ValidationError) -> Int {
    guard depth < controls.count else {
      throw ValidationError("unknown label \(depth)")
    }
    return controls.count - 1 - Int(depth)
  }

  /// Appends the target word of a branch to the frame at `index`.
  private mutating func appendTarget(_ index: Int) {
    if controls[index].kind == .loop {
      emitter.immediate(controls[index].loopHeader)
    } else {
      emitter.appendForwardTarget(&controls[index].endBranches)
    }
  }

  /// Slots to discard beneath the label's values when branching from slot height `height`.
  private func dropCount(from height: Int, to index: Int) -> Int {
    height - controls[index].slotHeight - controls[index].labelSlots
  }

  mutating func branch(_ depth: UInt32) throws(ValidationError) {
    let index = try labelIndex(depth)
    let height = operands.slotHeight
    try operands.pop(controls[index].labelTypes)
    if index == 0 {
      emitter.instruction(.return)
    } else {
      let drop = dropCount(from: height, to: index)
      emitter.instruction(drop == 0 ? .jump : .br)
      appendTarget(index)
      if drop != 0 {
        emitter.immediate(drop)
        emitter.immediate(controls[index].labelSlots)
      }
    }
    markUnreachable()
  }

  mutating func branchIf(_ depth: UInt32) throws(ValidationError) {
    try operands.pop(.i32)
    let index = try labelIndex(depth)
    let height = operands.slotHeight
    let types = controls[index].labelTypes
    try operands.pop(types)
    operands.push(types)
    let drop = dropCount(from: height, to: index)
    emitter.instruction(drop == 0 ? .jumpIfNonZero : .brIf)
    appendTarget(index)
    if drop != 0 {
      emitter.immediate(drop)
      emitter.immediate(controls[index].labelSlots)
    }
    emitter.endBlock()
  }

  /// `br_table`: every label must carry as many values as the default, and the operands must
  /// fit each label's types.
  mutating func branchTable(
    _ targets: [UInt32], _ defaultTarget: UInt32
  ) throws(ValidationError) {
    try operands.pop(.i32)
    let height = operands.slotHeight
    let defaultIndex = try labelIndex(defaultTarget)
    let arity = controls[defaultIndex].labelTypes.count
    for depth in targets {
      let index = try labelIndex(depth)
      let types = controls[index].labelTypes
      guard types.count == arity else {
        throw ValidationError(
          "type mismatch: br_table labels carry \(types.count) and \(arity) values")
      }
      try popAndRestore(types)
    }
    try operands.pop(controls[defaultIndex].labelTypes)

    emitter.instruction(.brTable)
    emitter.immediate(targets.count)
    for depth in targets {
      appendTableEntry(controls.count - 1 - Int(depth), height: height)
    }
    appendTableEntry(defaultIndex, height: height)
    markUnreachable()
  }

  private mutating func appendTableEntry(_ index: Int, height: Int) {
    appendTarget(index)
    emitter.immediate(dropCount(from: height, to: index))
    emitter.immediate(controls[index].labelSlots)
  }

  /// Pops operands of `types` and pushes back what was actually popped (Unknown stays
  /// Unknown), as the spec does for each `br_table` label.
  private mutating func popAndRestore(_ types: [ValueType]) throws(ValidationError) {
    scratch.removeAll(keepingCapacity: true)
    var i = types.count
    while i > 0 {
      i -= 1
      scratch.append(try operands.pop(types[i]))
    }
    while let type = scratch.popLast() { operands.push(type) }
  }

  mutating func returnFromFunction() throws(ValidationError) {
    try operands.pop(type.results)
    emitter.instruction(.return)
    markUnreachable()
  }

  mutating func call(_ function: UInt32) throws(ValidationError) {
    let callee = try context.functionType(function)
    try operands.pop(callee.parameters)
    operands.push(callee.results)
    emit(.call, function)
    emitter.endBlock()
  }

  /// A tail call's callee must return exactly the caller's results.
  mutating func returnCall(_ function: UInt32) throws(ValidationError) {
    let callee = try context.functionType(function)
    guard callee.results == type.results else {
      throw ValidationError("type mismatch: tail callee returns \(callee.results)")
    }
    try operands.pop(callee.parameters)
    emit(.returnCall, function)
    markUnreachable()
  }

  mutating func callIndirect(
    _ typeIndex: UInt32, _ tableIndex: UInt32, isTail: Bool
  ) throws(ValidationError) {
    let table = try context.table(tableIndex)
    let callee = try context.type(typeIndex)
    guard table.elementType == .funcref else {
      throw ValidationError("type mismatch: call_indirect needs a funcref table")
    }
    if isTail, callee.results != type.results {
      throw ValidationError("type mismatch: tail callee returns \(callee.results)")
    }
    try operands.pop(table.addressType.valueType)
    try operands.pop(callee.parameters)
    if isTail {
      emit(.returnCallIndirect, typeIndex, tableIndex)
      markUnreachable()
    } else {
      operands.push(callee.results)
      emit(.callIndirect, typeIndex, tableIndex)
      emitter.endBlock()
    }
  }
}
