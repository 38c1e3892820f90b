/// Translates a function's stack code (see ``Op``) into register code (see ``RegOp``) for the
/// fast loop.
///
/// It walks the stack code once, keeping a compile-time model of the operand stack in which an
/// entry is either in its slot or still *deferred*: a local or a constant that the stack code
/// would have pushed but that register code reads where it is. An instruction reads its
/// operands from their sources and writes its result into its entry's slot; a `local.set`
/// right after the instruction that produced its value redirects that result into the local.
/// Before anything that ends a block (and before a `local.set` that would change a deferred
/// local) the deferred entries are written to their slots, so that at every block boundary the
/// frame is exactly the stack code's.
///
/// Instructions without a register form (tables, bulk memory, `memory.grow`, references)
/// become an ``RegOp/escape`` to the stack loop for the rest of their block; the walk then only
/// tracks the stack height until the next block.
struct RegisterTranslator {
  /// Where the value of an operand-stack entry is.
  private enum Source: Equatable {
    /// In the entry's own slot.
    case slot
    case local(Int)
    case constant(CodeWord)

    var isNotConstant: Bool {
      if case .constant = self { return false }
      return true
    }
  }

  private let stackCode: [CodeWord]
  /// Parameters plus declared locals: the slot of operand-stack entry `h` is `localCount + h`.
  private let localCount: Int
  private let resultCount: Int
  private let context: ValidationContext

  private var code: [CodeWord] = []
  private var stackPositions: [Int32] = []
  private var callSites: [Int32] = []
  private var entries: [Int32]
  private var operands: [Source] = []
  /// Register-code words holding a branch target that is still a stack-code position.
  private var targetWords: [Int] = []
  /// The start of the instruction each of `targetWords` belongs to: landing words are
  /// relative to it, so that a branch finds its target without the code's base.
  private var targetBases: [Int] = []
  /// The start of the instruction emitted last.
  private var instructionStart = 0
  /// The operand height each branch target was reached with.
  private var labelHeights: [Int: Int] = [:]
  /// The last instruction emitted, when it wrote the top operand's slot: its position and the
  /// operand's index. A `local.set`/`local.tee` or a conditional branch that follows it can
  /// rewrite it in place.
  private var producer: (position: Int, operand: Int)? {
    get { lastProducer.flatMap { $0.end == code.count ? ($0.position, $0.operand) : nil } }
    set { lastProducer = newValue.map { ($0.position, $0.operand, code.count) } }
  }
  private var lastProducer: (position: Int, operand: Int, end: Int)?
  /// When the last instruction emitted is a unary operator or an operator with a constant
  /// right operand whose input the instruction right before it produced: that instruction's
  /// position and end (where the last one starts). A branch on the last one's result can
  /// then look through it, as it does for bit tests.
  private var producerOfInput: (position: Int, end: Int)?
  /// The start of the last instruction emitted when it is an in-place `i32AddImm` (x equal
  /// to y) that the next one may join (see ``RegOp/i32AddImmPair``).
  private var pairableIncrement: Int?
  /// The stack-code position of the instruction being translated.
  private var stackPC = 0
  /// Where the last direct conditional branch ends (its fall-through skips the `charge` there).
  private var fallthroughPaidAt: Int?
  /// After an ``RegOp/escape``: the rest of the block runs in the stack loop.
  private var escaped = false
  /// Whether the current position can be reached by falling through.
  private var reachable = true
  private var failed = false

  init(stackCode: [CodeWord], localCount: Int, resultCount: Int, context: ValidationContext) {
    self.stackCode = stackCode
    self.localCount = localCount
    self.resultCount = resultCount
    self.context = context
    entries = Array(repeating: -1, count: stackCode.count)
  }

  /// The register code, or `nil` when the frame needs slots beyond what an operand field can
  /// name or the stack code is not in the shape the translator expects.
  mutating func translate() -> RegisterCode? {
    // Positions are kept as `Int32` in the maps; register code is a small multiple of the
    // stack code, so this bound leaves it room.
    guard stackCode.count < Int(Int32.max) / 4 else { return nil }
    stackCode.withUnsafeBufferPointer { words in
      var pc = 0
      while !failed, pc < words.count {
        guard let length = instructionLength(code: words, at: pc),
          let op = Op(rawValue: UInt16(truncatingIfNeeded: words[pc]))?.firstComponent
        else {
          failed = true
          break
        }
        stackPC = pc
        let immediates = UnsafeBufferPointer(rebasing: words[(pc + 1)..<(pc + length)])
        if op == .charge {
          // A direct conditional branch right before pays for this block and skips its
          // `charge` when falling through, so it must find that `charge` next.
          if reachable, !escaped, fallthroughPaidAt != code.count {
            _ = returnInPlace(to: CodeWord(pc))
          }
          openBlock(cost: immediates[0])
        } else if escaped || !reachable {
          if !reachable { failed = true }
          track(op, immediates, next: pc + length)
        } else {
          translate(op, immediates, next: pc + length)
        }
        pc += length
      }
    }
    // Each target becomes a landing word: the position after the target's `charge` and that
    // block's cost, which the branch pays (or the `charge` itself with cost 0).
    for (word, base) in zip(targetWords, targetBases) {
      let target = Int(truncatingIfNeeded: code[word])
      guard target >= 0, target < entries.count, entries[target] >= 0 else { return nil }
      let cost = blockCost(at: target)
      let paid = cost > 0 && cost < Self.landingCostLimit
      code[word] = RegisterWord.landing(
        distance: Int(entries[target]) + (paid ? 2 : 0) - base, cost: paid ? cost : 0,
        backStep: 2)
    }
    guard !failed else { return nil }
    return RegisterCode(
      code: code, entries: entries, stackPositions: stackPositions, callSites: callSites)
  }

  // MARK: Blocks

  private mutating func openBlock(cost: CodeWord) {
    let height: Int
    if reachable && !escaped {
      materializeAll()
      height = operands.count
    } else if reachable {
      height = operands.count
    } else {
      guard let known = labelHeights[stackPC] else {
        failed = true
        return
      }
      height = known
    }
    if let known = labelHeights[stackPC], known != height { failed = true }
    operands = Array(repeating: .slot, count: height)
    reachable = true
    escaped = false
    producer = nil
    guard code.count < Int(Int32.max) else {
      failed = true
      return
    }
    entries[stackPC] = Int32(code.count)
    guard cost < 1 << (64 - RegisterWord.chargeCostShift) else {
      failed = true
      return
    }
    code.append(CodeWord(RegOp.charge.rawValue) | cost << RegisterWord.chargeCostShift)
    code.append(CodeWord(stackPC) | CodeWord(slot(height)) << 32)
    stackPositions.append(contentsOf: [Int32(stackPC), Int32(stackPC)])
  }

  /// Records the operand height a branch reaches `target` with.
  private mutating func reach(_ target: CodeWord, height: Int) {
    let target = Int(truncatingIfNeeded: target)
    if let known = labelHeights[target], known != height { failed = true }
    labelHeights[target] = height
  }

  // MARK: Translation

  private mutating func translate(
    _ op: Op, _ imm: UnsafeBufferPointer<CodeWord>, next: Int
  ) {
    switch op {
    case .localGet:
      operands.append(.local(Int(truncatingIfNeeded: imm[0])))
    case .`const`:
      operands.append(.constant(imm[0]))
    case .drop:
      operands.removeLast()
    case .localSet, .localTee:
      setLocal(Int(truncatingIfNeeded: imm[0]), tee: op == .localTee)
    case .select:
      let condition = operandSlot(popIndex())
      let second = operandSlot(popIndex())
      let first = operandSlot(popIndex())
      let result = push()
      emit(.select, x: slot(result), y: first, z: second)
      word(CodeWord(condition))
      producer = (code.count - 2, result)
    case .globalGet:
      let result = push()
      emit(.globalGet, x: slot(result))
      word(imm[0])
      producer = (code.count - 2, result)
    case .globalSet:
      let value = operandSlot(popIndex())
      emit(.globalSet, x: value)
      word(imm[0])
    case .unreachable:
      emit(.unreachable)
      reachable = false
    case .jump:
      if returnInPlace(to: imm[0]) { return }
      materializeAll()
      reach(imm[0], height: operands.count)
      if rotateLoop(to: imm[0]) { return }
      emit(.jump)
      target(imm[0])
      reachable = false
    case .jumpIfZero, .jumpIfNonZero:
      conditionalBranch(
        to: imm[0], whenTrue: op == .jumpIfNonZero, drop: 0, keep: 0, next: next)
    case .brIf:
      conditionalBranch(
        to: imm[0], whenTrue: true, drop: Int(truncatingIfNeeded: imm[1]),
        keep: Int(truncatingIfNeeded: imm[2]), next: next)
    case .br:
      let drop = Int(truncatingIfNeeded: imm[1])
      let keep = Int(truncatingIfNeeded: imm[2])
      if drop == 0, returnInPlace(to: imm[0]) { return }
      materializeAll()
      moveKept(drop: drop, keep: keep)
      reach(imm[0], height: operands.count - drop)
      if drop == 0, rotateLoop(to: imm[0]) { return }
      emit(.jump)
      target(imm[0])
      reachable = false
    case .brTable:
      branchTable(imm)
    case .`return`:
      let end = returnedResults()
      emit(.return, x: end, y: resultCount)
      reachable = false
    case .call, .returnCall:
      guard let type = calleeType(op, imm) else { return }
      materializeAll()
      if op == .call, !type.parameters.isEmpty, let argument = constantAddBeforeCall() {
        // The add becomes the call's first two words; both map to the call, which is where
        // the instruction can trap (the add cannot).
        code[argument.position] = RegisterWord.make(
          .callAfterAddImm, x: slot(operands.count), y: argument.source)
        code[argument.position + 1] = argument.constant
        stackPositions[argument.position] = Int32(truncatingIfNeeded: stackPC)
        stackPositions[argument.position + 1] = Int32(truncatingIfNeeded: stackPC)
        instructionStart = argument.position
      } else {
        emit(op == .call ? .call : .returnCall, x: slot(operands.count))
      }
      callSites.append(Int32(truncatingIfNeeded: code.count))
      word(imm[0])
      word(CodeWord(next))
      finishCall(parameters: type.parameters.count, results: type.results.count)
      if op == .returnCall { reachable = false }
    case .callIndirect, .returnCallIndirect:
      guard let type = calleeType(op, imm) else { return }
      let element = operandSlot(popIndex())
      materializeAll()
      emit(
        op == .callIndirect ? .callIndirect : .returnCallIndirect, x: slot(operands.count),
        y: element)
      word(imm[0] & 0xFFFF_FFFF | imm[1] << 32)
      word(CodeWord(next))
      finishCall(parameters: type.parameters.count, results: type.results.count)
      if op == .returnCallIndirect { reachable = false }
    default:
      if let access = MemoryOp(op) { return memoryAccess(access, imm, next: next) }
      guard let registerOp = RegOp.numeric(op) else { return escape(op, imm, next: next) }
      numeric(registerOp, arity: NumericOp(rawValue: op.rawValue)?.signature.parameters.count ?? 1)
    }
  }

  /// A load or store: its register form, or its form at a constant address or of a constant
  /// value when its table entry has one (see `MemoryInstruction.FastPath`). Other memories
  /// than 0 escape. A 64-bit memory 0 has its own forms (`…Mem64`), with the whole offset
  /// and no fast path.
  private mutating func memoryAccess(
    _ access: MemoryOp, _ imm: UnsafeBufferPointer<CodeWord>, next: Int
  ) {
    guard imm[1] == 0, operands.count >= access.stackEffect.pops else {
      return escape(access.stackOp, imm, next: next)
    }
    if context.memories.first?.addressType == .i64 { return memoryAccess64(access, imm) }
    guard imm[0] <= UInt32.max else { return escape(access.stackOp, imm, next: next) }
    let registerOp = access.registerOp
    if access.entry.kind == .load {
      if case .constant(let address)? = operands.last, let absoluteOp = access.constantAddressForm {
        operands.removeLast()
        let result = push()
        emit(absoluteOp, x: slot(result))
        word((address & 0xFFFF_FFFF) + imm[0])
        producer = (code.count - 2, result)
        return
      }
      let (address, displacement) = memoryAddress(at: operands.count - 1)
      let result = push()
      emit(registerOp, x: slot(result), y: address)
      word(imm[0] | displacement << 32)
      producer = (code.count - 2, result)
      return
    }
    let valueIndex = operands.count - 1
    let value = operands[valueIndex]
    operands.removeLast()
    if case .constant(let address) = operands[valueIndex - 1],
      let absoluteOp = access.constantAddressForm
    {
      let source = slot(of: value, at: valueIndex)
      operands.removeLast()
      emit(absoluteOp, y: source)
      word((address & 0xFFFF_FFFF) + imm[0])
      return
    }
    if case .constant(let constant) = value,
      let (constantOp, bits) = Self.constantStore(access, constant)
    {
      let (address, displacement) = memoryAddress(at: valueIndex - 1)
      emit(constantOp, x: address)
      code[code.count - 1] |= bits << 32
      word(imm[0] | displacement << 32)
      return
    }
    let (address, displacement) = memoryAddress(at: valueIndex - 1)
    emit(registerOp, x: address, y: slot(of: value, at: valueIndex))
    word(imm[0] | displacement << 32)
  }

  /// A load or store in a 64-bit memory 0: `[offset]`, the address read from its slot as it
  /// is (no `i32.add` is folded into it: the address is an i64).
  private mutating func memoryAccess64(_ access: MemoryOp, _ imm: UnsafeBufferPointer<CodeWord>) {
    if access.entry.kind == .load {
      let address = operandSlot(popIndex())
      let result = push()
      emit(access.registerOp64, x: slot(result), y: address)
      word(imm[0])
      producer = (code.count - 2, result)
      return
    }
    let valueIndex = operands.count - 1
    let value = slot(of: operands[valueIndex], at: valueIndex)
    operands.removeLast()
    let address = operandSlot(popIndex())
    emit(access.registerOp64, x: address, y: value)
    word(imm[0])
  }

  private mutating func numeric(_ op: RegOp, arity: Int) {
    if arity == 1 {
      let index = popIndex()
      let input = producer.flatMap { $0.operand == index ? ($0.position, code.count) : nil }
      let operand = operandSlot(index)
      let result = push()
      producerOfInput = input
      emit(op, x: slot(result), y: operand)
      producer = (code.count - 1, result)
      return
    }
    guard operands.count >= 2 else {
      failed = true
      return
    }
    var rightIndex = operands.count - 1
    var leftIndex = rightIndex - 1
    var (left, right) = (operands[leftIndex], operands[rightIndex])
    operands.removeLast(2)
    if foldLoad(into: op, left: left, right: right, leftIndex: leftIndex) { return }
    if foldInner(into: op, left: left, right: right, leftIndex: leftIndex) { return }
    var op = op
    // A constant on the left of a commutative operator or comparison moves to the right.
    if case .constant = left, right.isNotConstant,
      let exchanged = op.isCommutative ? op : op.mirrored
    {
      (left, right) = (right, left)
      (leftIndex, rightIndex) = (rightIndex, leftIndex)
      op = exchanged
    }
    let result = push()
    if case .constant(let value) = right, op == .i32Add, left == .slot,
      let producer, producer.operand == leftIndex, producer.position == code.count - 2,
      instructionStart == producer.position,
      let chained = RegisterWord.opcode(code[producer.position])?.withAddedConstant
    {
      // The shift or multiply right before produced the left operand: add the constant there.
      code[producer.position] = RegisterWord.make(
        chained, x: slot(result), y: RegisterWord.y(code[producer.position]))
      code[producer.position + 1] =
        code[producer.position + 1] & 0xFFFF_FFFF | (value & 0xFFFF_FFFF) << 32
      producerOfInput = nil
      self.producer = (producer.position, result)
    } else if case .constant(let value) = right, let immediateOp = op.withConstantOperand {
      producerOfInput = producer.flatMap {
        $0.operand == leftIndex && left == .slot ? ($0.position, code.count) : nil
      }
      emit(immediateOp, x: slot(result), y: slot(of: left, at: leftIndex))
      word(value)
      producer = (code.count - 2, result)
    } else if case .constant(let value) = left, right.isNotConstant,
      let immediateOp = op.withConstantLeftOperand
    {
      emit(immediateOp, x: slot(result), y: slot(of: right, at: rightIndex))
      word(value)
      producer = (code.count - 2, result)
    } else {
      let a = slot(of: left, at: leftIndex)
      let b = slot(of: right, at: rightIndex)
      emit(op, x: slot(result), y: a, z: b)
      producer = (code.count - 1, result)
    }
  }

  /// Folds the load emitted just before a binary operator into it when the load produced the
  /// operator's right operand (or either operand of a commutative integer operator) and the
  /// other operand needs no code of its own: the load's instruction becomes the `…Load` form
  /// (see ``RegOp/i32AddLoad``) and keeps the load's stack-code position, so an out-of-bounds
  /// access traps there, before the operator, as in the stack code. The two operands are
  /// already popped.
  private mutating func foldLoad(into op: RegOp, left: Source, right: Source, leftIndex: Int)
    -> Bool
  {
    guard let producer, code.count == producer.position + 2,
      let load = RegisterWord.opcode(code[producer.position]),
      let fused = op.withLoadedOperand(load)
    else { return false }
    guard
      let other = operandBeside(
        producer.operand, left: left, right: right, leftIndex: leftIndex,
        eitherSide: op.isCommutative)
    else { return false }
    let address = RegisterWord.y(code[producer.position])
    let operand = slot(of: other.source, at: other.index)
    let result = push()
    code[producer.position] = RegisterWord.make(fused, x: slot(result), y: operand, z: address)
    self.producer = (producer.position, result)
    return true
  }

  /// For a binary operator (operands already popped) one of whose operands is the entry
  /// `produced`, which the last instruction wrote: the other operand, when it needs no code
  /// of its own and `produced` is the right one (or either, with `eitherSide`).
  private func operandBeside(
    _ produced: Int, left: Source, right: Source, leftIndex: Int, eitherSide: Bool
  ) -> (source: Source, index: Int)? {
    if produced == leftIndex + 1, right == .slot, left.isNotConstant { return (left, leftIndex) }
    if eitherSide, produced == leftIndex, left == .slot, right.isNotConstant {
      return (right, leftIndex + 1)
    }
    return nil
  }

  /// Folds the instruction emitted just before a binary operator into it when its result is
  /// one of the operator's operands, the pair has a combined form (see
  /// ``RegOp/withInnerOperand(_:)``: a multiply under an `add` or `f64` arithmetic, a constant
  /// shift under an `add`, a constant rotate or shift under an `xor`) and the other operand
  /// needs no code of its own. The inner instruction becomes the combined one, which never
  /// writes the inner result's slot: that was the top entry or the one below it, dead once the
  /// operator pops it. The inner instruction's second operand stays in the second word (a
  /// multiply's right slot moves there; a constant already is). The two operands are already
  /// popped.
  private mutating func foldInner(into op: RegOp, left: Source, right: Source, leftIndex: Int)
    -> Bool
  {
    guard let producer, let inner = RegisterWord.opcode(code[producer.position]),
      let (fused, eitherSide) = op.withInnerOperand(inner)
    else { return false }
    let registers = inner == .f64Mul
    guard code.count == producer.position + (registers ? 1 : 2) else { return false }
    guard
      let other = operandBeside(
        producer.operand, left: left, right: right, leftIndex: leftIndex, eitherSide: eitherSide)
    else { return false }
    let innerWord = code[producer.position]
    let operand = slot(of: other.source, at: other.index)
    let result = push()
    code[producer.position] = RegisterWord.make(
      fused, x: slot(result), y: operand, z: RegisterWord.y(innerWord))
    if registers { word(CodeWord(RegisterWord.z(innerWord))) }
    self.producer = (producer.position, result)
    return true
  }

  private mutating func setLocal(_ index: Int, tee: Bool) {
    let top = popIndex()
    let source = operands[top]
    operands.removeLast()
    // A tee of a local or a constant leaves that source on the stack rather than the local
    // just written: operators then read it in place (a constant as an immediate) instead of
    // waiting for the copy, and a later write to the source local detaches it as usual.
    defer { if tee { operands.append(source == .slot ? .local(index) : source) } }
    if source == .local(index) { return }
    let before = code.count
    detach(local: index)
    switch source {
    case .slot:
      if let producer, producer.operand == top, before == code.count,
        code.count > producer.position
      {
        // Redirect the producer's result into the local (its x field).
        let mask = CodeWord(0xFFFF) << 16
        code[producer.position] =
          code[producer.position] & ~mask | CodeWord(truncatingIfNeeded: index) << 16
        pairIncrement(at: producer.position)
        self.producer = nil
        return
      } else {
        emit(.copy, x: index, y: slot(top))
      }
    case .local(let other):
      // The add that a tee just stored in `other` stores here too.
      let last = instructionStart
      if last == code.count - 2, RegisterWord.opcode(code[last]) == .i32AddImm,
        RegisterWord.x(code[last]) == other, before == code.count
      {
        let add = code[last]
        code[last] = RegisterWord.make(
          .i32AddImmTwice, x: other, y: RegisterWord.y(add), z: index)
      } else {
        emit(.copy, x: index, y: other)
      }
    case .constant(let value):
      emit(.const, x: index)
      word(value)
    }
    producer = nil
  }

  private mutating func conditionalBranch(
    to target: CodeWord, whenTrue: Bool, drop: Int, keep: Int, next: Int
  ) {
    let conditionIndex = popIndex()
    let condition = operands[conditionIndex]
    operands.removeLast()
    // Fuse with the comparison that produced the condition, when it came right before.
    var comparison: (op: RegOp, left: Int, right: CodeWord, constant: Bool)?
    if condition == .slot, let producer, producer.operand == conditionIndex,
      let op = RegisterWord.opcode(code[producer.position])
    {
      let first = code[producer.position]
      if let plain = op.comparison {
        let isConstant = op != plain
        let right = isConstant ? code[producer.position + 1] : CodeWord(RegisterWord.z(first))
        comparison = (plain, RegisterWord.y(first), right, isConstant)
      } else if op == .i32Eqz || op == .i64Eqz {
        comparison = (op == .i32Eqz ? .i32Eq : .i64Eq, RegisterWord.y(first), 0, true)
      }
      if comparison != nil {
        code.removeSubrange(producer.position...)
        stackPositions.removeSubrange(producer.position...)
      }
    }
    // A bit test: the condition, or its comparison with zero, is an `and` with a constant.
    var test: (slot: Int, mask: CodeWord, wide: Bool, nonZero: Bool)?
    if let comparison {
      if comparison.constant, comparison.right == 0,
        [.i32Eq, .i32Ne, .i64Eq, .i64Ne].contains(comparison.op),
        let and = producerOfInput, and.end == code.count,
        let andOp = RegisterWord.opcode(code[and.position]),
        andOp == .i32AndImm || andOp == .i64AndImm,
        RegisterWord.x(code[and.position]) == comparison.left
      {
        test = (
          RegisterWord.y(code[and.position]), code[and.position + 1], andOp == .i64AndImm,
          comparison.op == .i32Ne || comparison.op == .i64Ne
        )
        code.removeSubrange(and.position...)
        stackPositions.removeSubrange(and.position...)
      }
    } else if condition == .slot, let producer, producer.operand == conditionIndex,
      RegisterWord.opcode(code[producer.position]) == .i32AndImm
    {
      test = (RegisterWord.y(code[producer.position]), code[producer.position + 1], false, true)
      code.removeSubrange(producer.position...)
      stackPositions.removeSubrange(producer.position...)
    }
    let conditionSlot =
      comparison == nil && test == nil ? slot(of: condition, at: conditionIndex) : 0
    materializeAll()
    reach(target, height: operands.count - drop)
    // With stack adjustment the branch becomes: skip unless taken; move; jump.
    let direct = drop == 0
    let jumpWhen = direct ? whenTrue : !whenTrue
    // A direct branch also pays for the block it falls through to (see ``RegOp``), when that
    // block's cost fits the bits left in the first word; 0 means it does not.
    let fallthroughCost = direct ? blockCost(at: next) : 0
    if let test {
      emit(
        RegOp.testBranch(wide: test.wide, nonZero: test.nonZero == jumpWhen), x: test.slot,
        cost: fallthroughCost, at: RegisterWord.costAfterX)
      word(test.mask)
    } else if let comparison {
      guard let chosen = jumpWhen ? comparison.op : comparison.op.inverted,
        let withConstant = chosen.branchFormWithConstant, let withSlot = chosen.branchForm
      else {
        failed = true
        return
      }
      if comparison.constant {
        emit(withConstant, x: comparison.left, cost: fallthroughCost, at: RegisterWord.costAfterX)
        word(comparison.right)
      } else {
        emit(
          withSlot, x: comparison.left, y: Int(truncatingIfNeeded: comparison.right),
          cost: fallthroughCost, at: RegisterWord.costAfterY)
      }
    } else {
      emit(
        jumpWhen ? .jumpIfNonZero : .jumpIfZero, x: conditionSlot, cost: fallthroughCost,
        at: RegisterWord.costAfterX)
    }
    if direct {
      absorbIncrement()
      self.target(target)
      fallthroughPaidAt = code.count
      return
    }
    let skip = code.count
    let branch = instructionStart
    word(0)
    moveKept(drop: drop, keep: keep)
    emit(.jump)
    self.target(target)
    code[skip] = RegisterWord.landing(distance: code.count - branch, cost: 0, backStep: 2)
    producer = nil
  }

  private mutating func branchTable(_ imm: UnsafeBufferPointer<CodeWord>) {
    let index = operandSlot(popIndex())
    materializeAll()
    let count = Int(truncatingIfNeeded: imm[0])
    emit(.brTable, x: index, y: slot(operands.count))
    word(imm[0])
    for entry in 0...count {
      let target = imm[1 + 3 * entry]
      let drop = imm[2 + 3 * entry]
      let keep = imm[3 + 3 * entry]
      reach(target, height: operands.count - Int(truncatingIfNeeded: drop))
      self.target(target)
      word(drop & 0xFFFF_FFFF | keep << 32)
    }
    reachable = false
  }

  /// Moves the top `keep` operands down by `drop` slots (all operands are in their slots).
  private mutating func moveKept(drop: Int, keep: Int) {
    guard drop > 0 else { return }
    let top = operands.count
    for i in 0..<keep {
      emit(.copy, x: slot(top - keep - drop + i), y: slot(top - keep + i))
    }
  }

  /// The signature a call instruction's callee has (by function index, or by type index for
  /// the indirect calls); `nil`, failing the translation, when the index is unknown.
  private mutating func calleeType(_ op: Op, _ imm: UnsafeBufferPointer<CodeWord>) -> FuncType? {
    let index = UInt32(truncatingIfNeeded: imm[0])
    let type =
      op == .call || op == .returnCall
      ? try? context.functionType(index) : try? context.type(index)
    if type == nil { failed = true }
    return type
  }

  /// When the last instruction emitted is an `i32AddImm` or `i32SubImm` that wrote the top
  /// operand (a call's last argument): its position, input slot and constant as an addend.
  private func constantAddBeforeCall() -> (position: Int, source: Int, constant: CodeWord)? {
    guard let producer, producer.operand == operands.count - 1,
      producer.position == code.count - 2, instructionStart == producer.position
    else { return nil }
    let add = code[producer.position]
    let constant = code[producer.position + 1] & 0xFFFF_FFFF
    switch RegisterWord.opcode(add) {
    case .i32AddImm: return (producer.position, RegisterWord.y(add), constant)
    case .i32SubImm:
      return (producer.position, RegisterWord.y(add), (0 &- constant) & 0xFFFF_FFFF)
    default: return nil
    }
  }

  private mutating func finishCall(parameters: Int, results: Int) {
    guard operands.count >= parameters else {
      failed = true
      return
    }
    operands.removeLast(parameters)
    operands.append(contentsOf: repeatElement(.slot, count: results))
    producer = nil
  }

  /// Hands the instruction, and the rest of its block, to the stack loop.
  private mutating func escape(_ op: Op, _ imm: UnsafeBufferPointer<CodeWord>, next: Int) {
    materializeAll()
    emit(.escape, x: slot(operands.count))
    word(CodeWord(stackPC))
    escaped = true
    track(op, imm, next: next)
  }

  // MARK: Tracking without translating

  /// Applies an instruction's effect on the operand height only (after an escape).
  private mutating func track(_ op: Op, _ imm: UnsafeBufferPointer<CodeWord>, next: Int) {
    switch op {
    case .jump:
      reach(imm[0], height: operands.count)
      reachable = false
    case .jumpIfZero, .jumpIfNonZero:
      pop(1)
      reach(imm[0], height: operands.count)
    case .brIf:
      pop(1)
      reach(imm[0], height: operands.count - Int(truncatingIfNeeded: imm[1]))
    case .br:
      reach(imm[0], height: operands.count - Int(truncatingIfNeeded: imm[1]))
      reachable = false
    case .brTable:
      pop(1)
      let count = Int(truncatingIfNeeded: imm[0])
      for entry in 0...count {
        reach(
          imm[1 + 3 * entry], height: operands.count - Int(truncatingIfNeeded: imm[2 + 3 * entry]))
      }
      reachable = false
    case .`return`, .unreachable:
      reachable = false
    case .call, .returnCall, .callIndirect, .returnCallIndirect:
      guard let type = calleeType(op, imm) else { return }
      if op == .callIndirect || op == .returnCallIndirect { pop(1) }
      finishCall(parameters: type.parameters.count, results: type.results.count)
      if op == .returnCall || op == .returnCallIndirect { reachable = false }
    default:
      guard let (pops, pushes) = Self.stackEffect(op) else {
        failed = true
        return
      }
      pop(pops)
      operands.append(contentsOf: repeatElement(.slot, count: pushes))
    }
  }

  /// Operands popped and pushed by an instruction that does not transfer control.
  private static func stackEffect(_ op: Op) -> (Int, Int)? {
    if let numeric = NumericOp(rawValue: op.rawValue) {
      return (numeric.signature.parameters.count, 1)
    }
    if let access = MemoryOp(op) { return access.stackEffect }
    switch op {
    case .localGet, .globalGet, .`const`, .refFunc, .tableSize, .memorySize: return (0, 1)
    case .localSet, .globalSet, .drop: return (1, 0)
    case .localTee, .refIsNull, .tableGet, .memoryGrow: return (1, 1)
    case .select: return (3, 1)
    case .tableSet: return (2, 0)
    case .tableGrow: return (2, 1)
    case .tableInit, .tableCopy, .tableFill, .memoryInit, .memoryCopy, .memoryFill: return (3, 0)
    case .elemDrop, .dataDrop: return (0, 0)
    default: return nil
    }
  }

  /// The form of a store that writes a constant from its own word, and the 32 bits it keeps
  /// there: the bits the store writes (the low ones for a narrow store), or an 8-byte
  /// constant below 2^32.
  private static func constantStore(_ access: MemoryOp, _ value: CodeWord) -> (RegOp, CodeWord)? {
    guard let form = access.constantValueForm else { return nil }
    let bytes = access.entry.bytes
    if bytes >= 8 { return value <= UInt32.max ? (form, value) : nil }
    return (form, value & (1 << (8 * bytes) - 1))
  }

  // MARK: Operands

  /// The slot of operand-stack entry `index`.
  private mutating func slot(_ index: Int) -> Int {
    let slot = localCount + index
    if slot >= RegisterWord.fieldLimit { failed = true }
    return slot
  }

  /// The index of the top operand, which the caller then removes or reads.
  private mutating func popIndex() -> Int {
    guard operands.last != nil else {
      failed = true
      operands.append(.slot)
      return 0
    }
    return operands.count - 1
  }

  private mutating func pop(_ count: Int) {
    guard operands.count >= count else {
      failed = true
      return
    }
    operands.removeLast(count)
  }

  /// Pushes a result entry (in its slot) and returns its index.
  private mutating func push() -> Int {
    operands.append(.slot)
    return operands.count - 1
  }

  /// Pops the top operand and returns a slot holding its value: its local, or its own slot
  /// (a constant is written there first).
  private mutating func operandSlot(_ index: Int) -> Int {
    let source = operands[index]
    operands.removeLast()
    return slot(of: source, at: index)
  }

  private mutating func slot(of source: Source, at index: Int) -> Int {
    switch source {
    case .slot: return slot(index)
    case .local(let local): return local
    case .constant(let value):
      emit(.const, x: slot(index))
      word(value)
      return slot(index)
    }
  }

  /// Pops the address operand of a load or store at `index` (the top) and returns the slot to
  /// read it from and a displacement that the access adds to it modulo 2^32 before its offset.
  /// An `i32.add` of a constant that produced the address just before is folded into the
  /// access that way, which keeps the wrap-around the separate addition would have.
  private mutating func memoryAddress(at index: Int) -> (slot: Int, displacement: CodeWord) {
    if operands[index] == .slot, let producer, producer.operand == index,
      RegisterWord.opcode(code[producer.position]) == .i32AddImm
    {
      let first = code[producer.position]
      let displacement = code[producer.position + 1] & 0xFFFF_FFFF
      code.removeSubrange(producer.position...)
      stackPositions.removeSubrange(producer.position...)
      operands.removeLast()
      return (RegisterWord.y(first), displacement)
    }
    return (operandSlot(index), 0)
  }

  /// Writes every deferred operand into its slot.
  private mutating func materializeAll() {
    for index in operands.indices {
      switch operands[index] {
      case .slot: continue
      case .local(let local): emit(.copy, x: slot(index), y: local)
      case .constant(let value):
        emit(.const, x: slot(index))
        word(value)
      }
      operands[index] = .slot
    }
  }

  /// After the instruction at `position` (the last one) was redirected into a local: when it
  /// is an in-place `i32AddImm` right after another, the two become one ``RegOp/i32AddImmPair``
  /// (nothing refers into them: a branch can land only on the first, right after its block's
  /// `charge`, and it stays where it was; neither can trap); otherwise it may join the next.
  private mutating func pairIncrement(at position: Int) {
    let word = code[position]
    guard Self.isInPlaceIncrement(word), code.count == position + 2 else { return }
    guard let first = pairableIncrement, first + 2 == position,
      Self.isInPlaceIncrement(code[first])
    else {
      pairableIncrement = position
      return
    }
    let constants = code[first + 1] & 0xFFFF_FFFF | code[position + 1] << 32
    code[first] = RegisterWord.make(
      .i32AddImmPair, x: RegisterWord.x(code[first]), y: RegisterWord.x(word))
    code[first + 1] = constants
    code.removeLast(2)
    stackPositions.removeLast(2)
    instructionStart = first
    pairableIncrement = nil
    producerOfInput = nil
    lastProducer = nil
  }

  private static func isInPlaceIncrement(_ word: CodeWord) -> Bool {
    RegisterWord.opcode(word) == .i32AddImm && RegisterWord.x(word) == RegisterWord.y(word)
  }

  /// Merges an in-place increment emitted right before the direct branch just emitted (its
  /// first word and constant, if any; no target yet) into the branch's increment form (see
  /// ``RegOp/incrementJumpIfNonZero``), which starts where the increment did.
  private mutating func absorbIncrement() {
    let branch = instructionStart
    guard let increment = pairableIncrement, increment + 2 == branch,
      Self.isInPlaceIncrement(code[increment]),
      let fused = RegisterWord.opcode(code[branch])?.withIncrement
    else { return }
    let step = code[increment + 1] & 0xFFFF_FFFF | CodeWord(RegisterWord.x(code[increment])) << 32
    let constants = Array(code[(branch + 1)...])
    code[increment] = code[branch] & ~0xFFFF | CodeWord(fused.rawValue)
    code[increment + 1] = step
    code.removeSubrange(branch...)
    stackPositions.removeSubrange(branch...)
    for constant in constants { word(constant) }
    instructionStart = increment
    pairableIncrement = nil
  }

  /// Writes the operands deferred to local `local` into their slots, before it changes.
  private mutating func detach(local: Int) {
    for index in operands.indices where operands[index] == .local(local) {
      emit(.copy, x: slot(index), y: local)
      operands[index] = .slot
    }
  }

  // MARK: Emission

  /// The cost of the block whose `charge` is at stack-code position `position`, or 0 when
  /// there is none.
  private func blockCost(at position: Int) -> CodeWord {
    guard position + 1 < stackCode.count, stackCode[position] == CodeWord(Op.charge.rawValue)
    else { return 0 }
    return stackCode[position + 1]
  }

  /// Whether the block at stack-code position `position` is a `charge` followed by `return`
  /// (typically a function's end that branches reach).
  private func returnsOnly(block position: Int) -> Bool {
    position >= 0 && position + 2 < stackCode.count
      && stackCode[position] == CodeWord(Op.charge.rawValue)
      && stackCode[position + 2] & 0xFFFF == CodeWord(Op.return.rawValue)
      && blockCost(at: position) < CodeWord(RegisterWord.fieldLimit)
  }

  /// When the block at stack-code position `target`, reached next with the current operands
  /// (by a branch or by falling in), only returns, ends the open block with one
  /// ``RegOp/chargeAndReturn`` for it and returns `true`. The instruction carries the block's
  /// cost in z and its `charge` word, so that when fuel cannot pay the results move to where
  /// the stack code has them and the exact loop continues at that `charge`.
  private mutating func returnInPlace(to target: CodeWord) -> Bool {
    let position = Int(truncatingIfNeeded: target)
    guard returnsOnly(block: position) else { return false }
    reach(target, height: operands.count)
    let end = returnedResults()
    emit(.chargeAndReturn, x: end, y: resultCount, z: Int(blockCost(at: position)))
    word(CodeWord(position) | CodeWord(slot(operands.count)) << 32)
    reachable = false
    return true
  }

  /// A jump back to a loop header `target` whose register code is a `charge` and one direct
  /// conditional branch `B` (a `while` loop's test) becomes a copy of `B` inverted, saving the
  /// header's dispatch on every turn: when the loop goes on it pays the header and the body
  /// after it, landing in the body; when it ends it pays the header, skips a `charge` of the
  /// header's cost and jumps where `B` jumps. When fuel cannot pay the header and the body, the
  /// landing goes back to the header's `charge`; when it cannot pay the header, the `charge`
  /// after the copy (the header's cost and `charge` word) leaves to the exact loop at the
  /// header. The frame here is the header's: the operands are written to their slots and
  /// their height is the header's, which `B` reads.
  private mutating func rotateLoop(to target: CodeWord) -> Bool {
    let header = Int(truncatingIfNeeded: target)
    guard header >= 0, header < entries.count, entries[header] >= 0 else { return false }
    let branch = Int(entries[header]) + 2
    guard branch < code.count, let op = RegisterWord.opcode(code[branch]),
      let inverse = op.invertedBranch
    else { return false }
    let length = op.branchesOnConstant ? 3 : 2
    let body = branch + length
    guard body + 1 < code.count, RegisterWord.opcode(code[body]) == .charge else { return false }
    let bodyStack = Int(truncatingIfNeeded: code[body + 1] & 0xFFFF_FFFF)
    guard bodyStack < entries.count, entries[bodyStack] == Int32(body) else { return false }
    let headerCost = blockCost(at: header)
    let bodyCost = blockCost(at: bodyStack)
    let exit = code[body - 1]
    guard headerCost > 0, headerCost + bodyCost < Self.landingCostLimit else { return false }
    let first = code[branch]
    let shift =
      op.branchesOnConstant || op == .jumpIfZero || op == .jumpIfNonZero
      ? RegisterWord.costAfterX : RegisterWord.costAfterY
    emit(
      inverse, x: RegisterWord.x(first),
      y: shift == RegisterWord.costAfterY ? RegisterWord.y(first) : 0,
      cost: headerCost, at: shift)
    if op.branchesOnConstant { word(code[branch + 1]) }
    absorbIncrement()
    word(
      RegisterWord.landing(
        distance: body + 2 - instructionStart, cost: headerCost + bodyCost,
        backStep: body + 2 - Int(entries[header])))
    emit(.charge)
    code[code.count - 1] |= headerCost << RegisterWord.chargeCostShift
    word(CodeWord(header) | CodeWord(slot(operands.count)) << 32)
    emit(.jump)
    self.target(exit)
    reachable = false
    return true
  }

  /// Makes the top `resultCount` operands ready to return and gives the slot just past them.
  /// One result still deferred to a local is returned from the local itself; otherwise the
  /// results are written to their slots.
  private mutating func returnedResults() -> Int {
    if resultCount == 1, case .local(let local)? = operands.last { return local + 1 }
    materializeAll()
    return slot(operands.count)
  }

  /// Emits a branch whose first word also carries the cost of the block it falls through to,
  /// from bit `shift` up (0 when it does not fit).
  private mutating func emit(_ op: RegOp, x: Int, y: Int = 0, cost: CodeWord, at shift: CodeWord) {
    emit(op, x: x, y: y)
    if cost < CodeWord(1) << (64 - shift) { code[code.count - 1] |= cost << shift }
  }

  private mutating func emit(_ op: RegOp, x: Int = 0, y: Int = 0, z: Int = 0) {
    if x >= RegisterWord.fieldLimit || y >= RegisterWord.fieldLimit
      || z >= RegisterWord.fieldLimit
    {
      failed = true
    }
    instructionStart = code.count
    code.append(RegisterWord.make(op, x: x, y: y, z: z))
    stackPositions.append(Int32(truncatingIfNeeded: stackPC))
  }

  private mutating func word(_ value: CodeWord) {
    code.append(value)
    stackPositions.append(Int32(truncatingIfNeeded: stackPC))
  }

  /// Appends a branch target given as a stack-code position, resolved at the end.
  private mutating func target(_ stackTarget: CodeWord) {
    targetWords.append(code.count)
    targetBases.append(instructionStart)
    word(stackTarget)
  }

  /// Costs a landing word can carry are below this.
  private static let landingCostLimit: CodeWord = 1 << (64 - RegisterWord.landingCostShift)
}
