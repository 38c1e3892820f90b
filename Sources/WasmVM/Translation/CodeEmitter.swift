/// Writes internal code (see ``Op``): opcode and immediate words, the `charge` word that opens
/// every basic block, and forward branch targets patched once their label is reached.
///
/// While ``isDead`` is set (after an unconditional transfer, until a label makes code
/// reachable again) every write is ignored, so unreachable code costs nothing and never
/// appears in the output.
struct CodeEmitter {
  /// The empty chain of unresolved forward branches.
  static let noBranches = -1

  private(set) var code: [CodeWord] = []
  /// Whether the current position is unreachable.
  var isDead = false
  /// Position of the open block's `charge` immediate, or `nil` when no block is open.
  private var chargeSlot: Int?
  /// Instructions emitted since the open block's `charge`.
  private var chargeCount: UInt64 = 0
  /// Where each emitted instruction came from (see ``SourceMap``).
  private(set) var sourceMap = SourceMap()
  /// The wasm instruction being translated: its offset in the code section and the
  /// operand-stack height before it, recorded for whatever it emits.
  var source = (offset: 0, height: 0)

  /// Appends an instruction's opcode, opening a block first when none is open.
  mutating func instruction(_ op: Op) {
    guard !isDead else { return }
    let opensBlock = chargeSlot == nil
    if opensBlock {
      code.append(CodeWord(Op.charge.rawValue))
      chargeSlot = code.count
      code.append(0)
      chargeCount = 0
    }
    sourceMap.append(
      SourceMap.Entry(
        pc: code.count, chargeBefore: opensBlock, offset: source.offset, height: source.height))
    code.append(CodeWord(op.rawValue))
    chargeCount += 1
  }

  /// Appends one immediate word of the instruction just emitted.
  mutating func immediate(_ word: CodeWord) {
    guard !isDead else { return }
    code.append(word)
  }

  mutating func immediate(_ value: UInt32) { immediate(CodeWord(value)) }

  mutating func immediate(_ value: Int) { immediate(CodeWord(truncatingIfNeeded: value)) }

  /// Closes the open block, fixing its `charge` count. Called after every instruction that
  /// transfers control and at every branch target.
  mutating func endBlock() {
    guard let slot = chargeSlot else { return }
    code[slot] = chargeCount
    chargeSlot = nil
  }

  /// Ends the block after an unconditional transfer; what follows is dead.
  mutating func endBlockUnreachable() {
    endBlock()
    isDead = true
  }

  /// Makes the current position a branch target: closes the open block so that the next
  /// instruction starts with a `charge` exactly here, and returns that position.
  mutating func label() -> Int {
    endBlock()
    return code.count
  }

  /// Appends a target word for a branch whose label is not yet known, linking it into
  /// `chain`: each pending word holds the position of the previous one, so no side table is
  /// needed.
  mutating func appendForwardTarget(_ chain: inout Int) {
    guard !isDead else { return }
    code.append(CodeWord(truncatingIfNeeded: chain))
    chain = code.count - 1
  }

  /// Points every target word of `chain` at `target`.
  mutating func resolve(_ chain: Int, to target: Int) {
    var position = chain
    while position >= 0, position < code.count {
      let next = Int(truncatingIfNeeded: code[position])
      code[position] = CodeWord(truncatingIfNeeded: target)
      position = next
    }
  }

  /// The finished code, with the last block closed and common sequences fused.
  mutating func finish() -> [CodeWord] {
    endBlock()
    InstructionFusion.apply(to: &code)
    return code
  }
}
