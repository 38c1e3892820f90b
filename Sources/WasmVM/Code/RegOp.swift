/// The opcodes of wasbox's *register code*: the fast loop's form of a function, translated from
/// its stack code (see ``Op``) by ``RegisterTranslator``.
///
/// ## Encoding
/// An instruction's first word holds the opcode in its low 16 bits and three 16-bit operand
/// fields above it (``RegisterWord``): `x` (bits 16–31), `y` (32–47) and `z` (48–63). Operands
/// name *slots* relative to the frame base: the locals (parameters first) are slots
/// `0..<localCount`, and operand-stack entry `h` is slot `localCount + h`, exactly where the
/// stack code keeps it. Further immediates follow in whole words. A branch target is a
/// landing word: its low 32 bits are the signed distance in words from the branch instruction
/// (for `br_table`, the `br_table`) to the target, so taking a branch needs no code base; bits
/// 40–63 are the cost of the target block that the branch pays, or 0 when the target is that
/// block's `charge`; bits 32–39 say how many words before the target to go instead when fuel
/// cannot pay: 2, the target's `charge`, except for a loop's back edge that also pays the
/// loop's header (see ``RegisterTranslator``), which goes back to the header's `charge`.
///
/// ## The contract with the stack code
/// Register code covers one stack-code block with one block: every stack `charge` has a
/// register ``charge`` with the same cost, and at every block boundary the frame's slots hold
/// exactly what the stack code would hold there. Inside a block the two may differ (operands
/// are read from locals and constants where the stack code would push copies, and results go
/// straight to their final slots), which is safe because the fast loop never stops inside a
/// block: a slice that cannot pay a whole block continues in the exact loop on the stack code,
/// from the matching `charge`. A trap reports the stack-code position of the instruction that
/// trapped, so the unused rest of its block is refunded as in the stack loops.
///
/// Raw values `0..<NumericOp.allCases.count` coincide with ``NumericOp``: `x` receives the
/// result, `y` (and `z` for binary operators) are the operands.
enum RegOp: UInt16, CaseIterable {
  // BEGIN GENERATED: wasbox-isa numeric cases
  case i32Eqz
  case i32Eq
  case i32Ne
  case i32LtS
  case i32LtU
  case i32GtS
  case i32GtU
  case i32LeS
  case i32LeU
  case i32GeS
  case i32GeU
  case i64Eqz
  case i64Eq
  case i64Ne
  case i64LtS
  case i64LtU
  case i64GtS
  case i64GtU
  case i64LeS
  case i64LeU
  case i64GeS
  case i64GeU
  case f32Eq
  case f32Ne
  case f32Lt
  case f32Gt
  case f32Le
  case f32Ge
  case f64Eq
  case f64Ne
  case f64Lt
  case f64Gt
  case f64Le
  case f64Ge
  case i32Clz
  case i32Ctz
  case i32Popcnt
  case i32Add
  case i32Sub
  case i32Mul
  case i32DivS
  case i32DivU
  case i32RemS
  case i32RemU
  case i32And
  case i32Or
  case i32Xor
  case i32Shl
  case i32ShrS
  case i32ShrU
  case i32Rotl
  case i32Rotr
  case i64Clz
  case i64Ctz
  case i64Popcnt
  case i64Add
  case i64Sub
  case i64Mul
  case i64DivS
  case i64DivU
  case i64RemS
  case i64RemU
  case i64And
  case i64Or
  case i64Xor
  case i64Shl
  case i64ShrS
  case i64ShrU
  case i64Rotl
  case i64Rotr
  case f32Abs
  case f32Neg
  case f32Ceil
  case f32Floor
  case f32Trunc
  case f32Nearest
  case f32Sqrt
  case f32Add
  case f32Sub
  case f32Mul
  case f32Div
  case f32Min
  case f32Max
  case f32Copysign
  case f64Abs
  case f64Neg
  case f64Ceil
  case f64Floor
  case f64Trunc
  case f64Nearest
  case f64Sqrt
  case f64Add
  case f64Sub
  case f64Mul
  case f64Div
  case f64Min
  case f64Max
  case f64Copysign
  case i32WrapI64
  case i32TruncF32S
  case i32TruncF32U
  case i32TruncF64S
  case i32TruncF64U
  case i64ExtendI32S
  case i64ExtendI32U
  case i64TruncF32S
  case i64TruncF32U
  case i64TruncF64S
  case i64TruncF64U
  case f32ConvertI32S
  case f32ConvertI32U
  case f32ConvertI64S
  case f32ConvertI64U
  case f32DemoteF64
  case f64ConvertI32S
  case f64ConvertI32U
  case f64ConvertI64S
  case f64ConvertI64U
  case f64PromoteF32
  case i32ReinterpretF32
  case i64ReinterpretF64
  case f32ReinterpretI32
  case f64ReinterpretI64
  case i32Extend8S
  case i32Extend16S
  case i64Extend8S
  case i64Extend16S
  case i64Extend32S
  case i32TruncSatF32S
  case i32TruncSatF32U
  case i32TruncSatF64S
  case i32TruncSatF64U
  case i64TruncSatF32S
  case i64TruncSatF32U
  case i64TruncSatF64S
  case i64TruncSatF64U
  // END GENERATED: wasbox-isa numeric cases

  // MARK: Binary operators with a constant right operand
  // `[constant]`: x = y op constant.
  case i32EqImm
  case i32NeImm
  case i32LtSImm
  case i32LtUImm
  case i32GtSImm
  case i32GtUImm
  case i32LeSImm
  case i32LeUImm
  case i32GeSImm
  case i32GeUImm
  case i32AddImm
  case i32SubImm
  case i32MulImm
  case i32AndImm
  case i32OrImm
  case i32XorImm
  case i32ShlImm
  case i32ShrSImm
  case i32ShrUImm
  case i32RotlImm
  case i32RotrImm
  case i64EqImm
  case i64NeImm
  case i64LtSImm
  case i64LtUImm
  case i64GtSImm
  case i64GtUImm
  case i64LeSImm
  case i64LeUImm
  case i64GeSImm
  case i64GeUImm
  case i64AddImm
  case i64SubImm
  case i64MulImm
  case i64AndImm
  case i64OrImm
  case i64XorImm
  case i64ShlImm
  case i64ShrSImm
  case i64ShrUImm
  case i64RotlImm
  case i64RotrImm
  case f64AddImm
  case f64SubImm
  case f64MulImm
  case f64DivImm

  // MARK: Compare and branch
  // `[target]`: jumps when `y op z` holds, for slots x (left) and y (right).
  case brI32Eq
  case brI32Ne
  case brI32LtS
  case brI32LtU
  case brI32GtS
  case brI32GtU
  case brI32LeS
  case brI32LeU
  case brI32GeS
  case brI32GeU
  case brI64Eq
  case brI64Ne
  case brI64LtS
  case brI64LtU
  case brI64GtS
  case brI64GtU
  case brI64LeS
  case brI64LeU
  case brI64GeS
  case brI64GeU
  // `[constant, target]`: jumps when `x op constant` holds.
  case brI32EqImm
  case brI32NeImm
  case brI32LtSImm
  case brI32LtUImm
  case brI32GtSImm
  case brI32GtUImm
  case brI32LeSImm
  case brI32LeUImm
  case brI32GeSImm
  case brI32GeUImm
  case brI64EqImm
  case brI64NeImm
  case brI64LtSImm
  case brI64LtUImm
  case brI64GtSImm
  case brI64GtUImm
  case brI64LeSImm
  case brI64LeUImm
  case brI64GeSImm
  case brI64GeUImm
  // `[mask, target]`: jumps when `x & mask` is non-zero (`…TestImm`) or zero
  // (`…TestZeroImm`): an `and` with a constant feeding a branch, as in bit tests.
  case brI32TestImm
  case brI32TestZeroImm
  case brI64TestImm
  case brI64TestZeroImm

  // MARK: Control
  /// Opens a block; the cost sits above the opcode (bits 16–63). `[stackPC | top << 32]`: the
  /// matching stack-code `charge` and the slot just above the block's operands, for leaving to
  /// the exact loop.
  case charge
  /// `[target]`
  case jump
  /// `[target]`: jumps when the i32 in slot x is zero.
  case jumpIfZero
  /// `[target]`: jumps when the i32 in slot x is non-zero.
  case jumpIfNonZero
  /// `[count, (target, drop | keep << 32) × (count + 1)]`: picks entry `min(i32 in x, count)`;
  /// moves the `keep` slots below slot y down by `drop`, then jumps.
  case brTable
  /// Returns; the results are the y slots just below slot x.
  case `return`
  /// `[stackPC | top << 32]` (a `charge` word): pays the z ticks of a block that only
  /// returns, then returns like `return`. A branch to such a block, or a fall into it, is
  /// this instead, saving a dispatch. When fuel cannot pay, the results move to the y slots
  /// below `top`, where the stack code has them, and the exact loop continues at `stackPC`.
  case chargeAndReturn
  /// `[callee, returnStackPC]`: the arguments are the slots just below slot x. The translator
  /// writes the callee's function index; instantiation replaces it with a ``CalleeWord``.
  /// Every call instruction ends with its `returnStackPC` (see ``CallFrame/returnPC``).
  case call
  /// `[constant, callee, returnStackPC]`: slot x - 1, the last argument, = slot y + constant
  /// (an `i32.add` or `i32.sub` of a constant right before the call, as in `f(n - 1)`); then
  /// as ``call``, ending with the same two words.
  case callAfterAddImm
  /// `[typeIndex | tableIndex << 32, returnStackPC]`: the element index is in slot y, the
  /// arguments just below slot x.
  case callIndirect
  /// `[callee, returnStackPC]`: tail call; the callee as for ``call``.
  case returnCall
  /// `[typeIndex | tableIndex << 32, returnStackPC]`: tail call through a table.
  case returnCallIndirect
  /// `[stackPC]`: the instruction at `stackPC` has no register form; the rest of the block
  /// runs in the stack loop (already paid for), with the operand stack's top at slot x.
  case escape
  /// Traps with `unreachable`.
  case unreachable

  // MARK: Moves, variables
  /// Copies slot y to slot x.
  case copy
  /// `[bits]`: writes the constant to slot x.
  case const
  /// `[condition slot]`: x = condition != 0 ? y : z.
  case select
  /// `[globalIndex]`: slot x = the global.
  case globalGet
  /// `[globalIndex]`: the global = slot x.
  case globalSet

  // MARK: Memory 0 (accesses to other memories escape to the stack loop)
  // BEGIN GENERATED: wasbox-isa memory cases
  // Loads `[offset | displacement << 32]`: x = load(((address in y + displacement) mod 2^32)
  // + offset), the displacement being a folded `i32.add` of a constant. Stores, the same
  // word: store(((address in x + displacement) mod 2^32) + offset) = slot y.
  case i32Load
  case i64Load
  case f32Load
  case f64Load
  case i32Load8S
  case i32Load8U
  case i32Load16S
  case i32Load16U
  case i64Load8S
  case i64Load8U
  case i64Load16S
  case i64Load16U
  case i64Load32S
  case i64Load32U
  case i32Store
  case i64Store
  case f32Store
  case f64Store
  case i32Store8
  case i32Store16
  case i64Store8
  case i64Store16
  case i64Store32
  // The same at a constant address, `[address]`: the address operand (an `i32.const`) plus the
  // offset, which cannot overflow 64 bits. Loads: x = load(address); stores: store(address) =
  // slot y.
  case i32LoadAt
  case i64LoadAt
  case f32LoadAt
  case f64LoadAt
  case i32StoreAt
  case i64StoreAt
  case f32StoreAt
  case f64StoreAt
  // Stores of a constant `[offset | displacement << 32]`: store(((address in x + displacement)
  // mod 2^32) + offset) = the 32 bits above the opcode and x (the y and z fields), zero-extended
  // to 64 bits for an 8-byte store; the narrower ones store its low bytes. One per width.
  case i32StoreConstant
  case i64StoreConstant
  case i32Store8Constant
  case i32Store16Constant
  // Binary operators with a loaded operand, `[offset | displacement << 32]`: x = y op
  // load(((address in z + displacement) mod 2^32) + offset), a full-width load of the
  // operator's type that fed it directly. The instruction keeps the load's stack-code
  // position: only the load can trap, and the operator has not run when it does.
  case i32AddLoad
  case i32SubLoad
  case i32MulLoad
  case i32AndLoad
  case i32OrLoad
  case i32XorLoad
  case i64AddLoad
  case i64SubLoad
  case i64MulLoad
  case i64AndLoad
  case i64OrLoad
  case i64XorLoad
  case f32AddLoad
  case f32SubLoad
  case f32MulLoad
  case f32DivLoad
  case f64AddLoad
  case f64SubLoad
  case f64MulLoad
  case f64DivLoad
  // Loads and stores in a 64-bit memory 0 (memory64), `[offset]`: x = load(address in y +
  // offset), or store(address in x + offset) = slot y, the address a full 64-bit value and
  // the sum checked without wrapping (the offset, clamped by the validator, and the memory
  // are both far below 2^63). No displacement and no other fast path.
  case i32LoadMem64
  case i64LoadMem64
  case f32LoadMem64
  case f64LoadMem64
  case i32Load8SMem64
  case i32Load8UMem64
  case i32Load16SMem64
  case i32Load16UMem64
  case i64Load8SMem64
  case i64Load8UMem64
  case i64Load16SMem64
  case i64Load16UMem64
  case i64Load32SMem64
  case i64Load32UMem64
  case i32StoreMem64
  case i64StoreMem64
  case f32StoreMem64
  case f64StoreMem64
  case i32Store8Mem64
  case i32Store16Mem64
  case i64Store8Mem64
  case i64Store16Mem64
  case i64Store32Mem64
  // END GENERATED: wasbox-isa memory cases

  // MARK: Operators on an inner result
  // `[w]`: x = y op (z * w), an `f64.mul` whose product fed the operator directly (either
  // operand of `add` and `mul`, the right one of `sub`). The product is rounded before the
  // operator runs, as in the stack code: no fused multiply-add.
  case f64MulAdd
  case f64MulSub
  case f64MulMul
  // `[count]`: x = y + (z << count), an `i32.shl`/`i64.shl` by a constant whose result fed an
  // `add` directly, as in the address of an array element.
  case i32AddShlImm
  case i64AddShlImm
  // `[count]`: x = y ^ op(z, count), a rotate or unsigned shift by a constant whose result fed
  // an `xor` directly, as hash and digest rounds combine them.
  case i32XorRotlImm
  case i32XorShrUImm
  // `[constant]`: x = y op (z * constant), a multiply by a constant whose product fed the
  // operator directly (`acc * 31 + i`, `x + dt * v`); the product is rounded first.
  case i32AddMulImm
  case f64AddMulImm
  case f64SubMulImm
  // `[inner | addend << 32]`: x = (y op inner) + addend, a constant shift or multiply whose
  // result an `i32.add` of a constant took directly (`2 * k + 1`, `seed * a + c`).
  case i32ShlImmAddImm
  case i32MulImmAddImm

  // MARK: Paired increments
  // `[first | second << 32]`: slot x += first, then slot y += second (i32, in place): two
  // `local.set $a (i32.add (local.get $a) (i32.const …))` in a row, as loops step their
  // counters and pointers together.
  case i32AddImmPair
  // `[constant]`: x = y + constant, and slot z too: a constant add stored by `local.tee` into
  // one local and by `local.set` into another, as a pointer steps and keeps its old copy.
  case i32AddImmTwice

  // MARK: Increment and branch
  // `[constant | slot << 32, …the branch's words]`: slot += constant (i32, in place), then the
  // branch as its plain form: a loop's counter step right before its test. The first word is
  // the branch's, cost bits included.
  case incrementJumpIfNonZero
  case incrementBrI32LtU
  case incrementBrI32NeImm
  case incrementBrI32LtUImm

  // MARK: Constant on the left
  // `[constant]`: x = constant op y, for the operators whose operands cannot be exchanged
  // (`0 - x` negates, `1 / x` takes a reciprocal): the constant stays in the code.
  case i32SubFromImm
  case i64SubFromImm
  case f64SubFromImm
  case f64DivIntoImm
}

extension RegOp {
  /// The register form of a stack-code numeric opcode (raw values below
  /// `NumericOp.allCases.count`), which shares its raw value.
  static func numeric(_ op: Op) -> RegOp? {
    guard op.rawValue < UInt16(NumericOp.allCases.count) else { return nil }
    return RegOp(rawValue: op.rawValue)
  }

  /// The binary operators that have a form with a constant right operand, in the order of
  /// their `…Imm` cases (i32 first, then the same for i64, then four f64 operators).
  private static let immediateOperators: [RegOp] = [
    .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU,
    .i32Add, .i32Sub, .i32Mul, .i32And, .i32Or, .i32Xor, .i32Shl, .i32ShrS, .i32ShrU, .i32Rotl,
    .i32Rotr,
    .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU,
    .i64Add, .i64Sub, .i64Mul, .i64And, .i64Or, .i64Xor, .i64Shl, .i64ShrS, .i64ShrU, .i64Rotl,
    .i64Rotr,
    .f64Add, .f64Sub, .f64Mul, .f64Div,
  ]

  /// The `…Imm` form of a binary operator, if it has one.
  var withConstantOperand: RegOp? {
    guard let index = Self.immediateOperators.firstIndex(of: self) else { return nil }
    return RegOp(rawValue: RegOp.i32EqImm.rawValue + UInt16(index))
  }

  /// The form of this operator with a constant left operand (see ``i32SubFromImm``), for
  /// the ones that have one.
  var withConstantLeftOperand: RegOp? {
    switch self {
    case .i32Sub: .i32SubFromImm
    case .i64Sub: .i64SubFromImm
    case .f64Sub: .f64SubFromImm
    case .f64Div: .f64DivIntoImm
    default: nil
    }
  }

  /// The form of this operator that takes an operand straight from an `inner` instruction
  /// (see ``f64MulAdd``, ``i32AddShlImm``, ``i32XorRotlImm`` and ``i32AddMulImm``), and
  /// whether that operand may be its left one too; `nil` when the pair has no such form.
  func withInnerOperand(_ inner: RegOp) -> (op: RegOp, eitherSide: Bool)? {
    switch (inner, self) {
    case (.f64Mul, .f64Add): (.f64MulAdd, true)
    case (.f64Mul, .f64Sub): (.f64MulSub, false)
    case (.f64Mul, .f64Mul): (.f64MulMul, true)
    case (.i32ShlImm, .i32Add): (.i32AddShlImm, true)
    case (.i64ShlImm, .i64Add): (.i64AddShlImm, true)
    case (.i32RotlImm, .i32Xor): (.i32XorRotlImm, true)
    case (.i32ShrUImm, .i32Xor): (.i32XorShrUImm, true)
    case (.i32MulImm, .i32Add): (.i32AddMulImm, true)
    case (.f64MulImm, .f64Add): (.f64AddMulImm, true)
    case (.f64MulImm, .f64Sub): (.f64SubMulImm, false)
    default: nil
    }
  }

  /// The form of this direct branch that first steps a counter (see
  /// ``incrementJumpIfNonZero``), for the branches loops test with.
  var withIncrement: RegOp? {
    switch self {
    case .jumpIfNonZero: .incrementJumpIfNonZero
    case .brI32LtU: .incrementBrI32LtU
    case .brI32NeImm: .incrementBrI32NeImm
    case .brI32LtUImm: .incrementBrI32LtUImm
    default: nil
    }
  }

  /// The form of this constant shift or multiply that also adds a constant (see
  /// ``i32ShlImmAddImm``), for an `i32AddImm` that takes its result directly.
  var withAddedConstant: RegOp? {
    switch self {
    case .i32ShlImm: .i32ShlImmAddImm
    case .i32MulImm: .i32MulImmAddImm
    default: nil
    }
  }

  /// The integer comparisons in the order of their compare-and-branch cases.
  private static let comparisons: [RegOp] = [
    .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU,
    .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU,
  ]
  /// Per position in a ten-comparison family: the comparison that holds exactly when this one
  /// does not (integers have no unordered case).
  private static let inverse = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3]
  /// Per position: the comparison with its operands exchanged.
  private static let mirror = [0, 1, 4, 5, 2, 3, 8, 9, 6, 7]

  /// For an integer comparison, or its `…Imm` form: the comparison (register-register form).
  var comparison: RegOp? {
    if let index = Self.comparisons.firstIndex(of: self) { return Self.comparisons[index] }
    let base = RegOp.i32EqImm.rawValue
    guard rawValue >= base, rawValue < base + 42 else { return nil }
    let index = Int(rawValue - base)
    let family = index / 21
    let member = index % 21
    return member < 10 ? Self.comparisons[family * 10 + member] : nil
  }

  private func comparisonIndex() -> Int? { Self.comparisons.firstIndex(of: self) }

  /// The comparison that holds exactly when this integer comparison does not.
  var inverted: RegOp? {
    guard let index = comparisonIndex() else { return nil }
    return Self.comparisons[index / 10 * 10 + Self.inverse[index % 10]]
  }

  /// The comparison that gives the same answer with its operands exchanged.
  var mirrored: RegOp? {
    guard let index = comparisonIndex() else { return nil }
    return Self.comparisons[index / 10 * 10 + Self.mirror[index % 10]]
  }

  /// Whether exchanging the operands of this binary operator changes nothing.
  var isCommutative: Bool {
    switch self {
    case .i32Add, .i32Mul, .i32And, .i32Or, .i32Xor, .i32Eq, .i32Ne, .i64Add, .i64Mul, .i64And,
      .i64Or, .i64Xor, .i64Eq, .i64Ne:
      true
    default: false
    }
  }

  /// For a direct conditional branch (a compare-and-branch, `jumpIfZero` or `jumpIfNonZero`):
  /// the one with the same operands that jumps exactly when this one falls through.
  var invertedBranch: RegOp? {
    switch self {
    case .jumpIfZero: return .jumpIfNonZero
    case .jumpIfNonZero: return .jumpIfZero
    case .brI32TestImm: return .brI32TestZeroImm
    case .brI32TestZeroImm: return .brI32TestImm
    case .brI64TestImm: return .brI64TestZeroImm
    case .brI64TestZeroImm: return .brI64TestImm
    default: break
    }
    let family: RegOp
    if rawValue >= RegOp.brI32Eq.rawValue, rawValue < RegOp.brI32EqImm.rawValue {
      family = .brI32Eq
    } else if rawValue >= RegOp.brI32EqImm.rawValue, rawValue <= RegOp.brI64GeUImm.rawValue {
      family = .brI32EqImm
    } else {
      return nil
    }
    let index = Int(rawValue - family.rawValue)
    return RegOp(rawValue: family.rawValue + UInt16(index / 10 * 10 + Self.inverse[index % 10]))
  }

  /// The test-and-branch that jumps when `x & mask` is non-zero (`nonZero`) or zero, for an
  /// `and` of this operator's width.
  static func testBranch(wide: Bool, nonZero: Bool) -> RegOp {
    switch (wide, nonZero) {
    case (false, true): .brI32TestImm
    case (false, false): .brI32TestZeroImm
    case (true, true): .brI64TestImm
    case (true, false): .brI64TestZeroImm
    }
  }

  /// Whether this compare-and-branch compares with a constant word (`[constant, target]`).
  var branchesOnConstant: Bool {
    rawValue >= RegOp.brI32EqImm.rawValue && rawValue < RegOp.charge.rawValue
  }

  /// The compare-and-branch form of an integer comparison (register operands).
  var branchForm: RegOp? {
    guard let index = comparisonIndex() else { return nil }
    return RegOp(rawValue: RegOp.brI32Eq.rawValue + UInt16(index))
  }

  /// The compare-and-branch form of an integer comparison with a constant right operand.
  var branchFormWithConstant: RegOp? {
    guard let index = comparisonIndex() else { return nil }
    return RegOp(rawValue: RegOp.brI32EqImm.rawValue + UInt16(index))
  }
}

/// Packing and unpacking of a register instruction's first word (see ``RegOp``): four
/// 16-bit fields, the opcode in bits 0–15 and `x`, `y`, `z` above it. The loop reads each
/// field with a single 16-bit load from the code rather than shifting and masking the word.
enum RegisterWord {
  /// One more than the largest slot an operand field can name.
  static let fieldLimit = 1 << 16
  /// Where a `charge`'s cost starts (it fills the rest of the word).
  static let chargeCostShift: CodeWord = 16
  /// Where a branch that uses only `x` keeps the cost of the block it falls through to.
  static let costAfterX: CodeWord = 32
  /// Where a branch that uses `x` and `y` keeps it.
  static let costAfterY: CodeWord = 48
  /// Where a landing word keeps the cost that the branch pays (see ``RegOp``).
  static let landingCostShift: CodeWord = 40

  /// A landing word: `distance` words from the branch, paying `cost` (which must be below
  /// 2^24), or going `backStep` words before the target when fuel cannot.
  static func landing(distance: Int, cost: CodeWord, backStep: Int) -> CodeWord {
    CodeWord(UInt32(truncatingIfNeeded: distance)) | CodeWord(backStep & 0xFF) << 32
      | cost << landingCostShift
  }

  static func make(_ op: RegOp, x: Int = 0, y: Int = 0, z: Int = 0) -> CodeWord {
    CodeWord(op.rawValue) | CodeWord(truncatingIfNeeded: x) << 16
      | CodeWord(truncatingIfNeeded: y) << 32 | CodeWord(truncatingIfNeeded: z) << 48
  }

  static func opcode(_ word: CodeWord) -> RegOp? { RegOp(rawValue: UInt16(word & 0xFFFF)) }
  static func x(_ word: CodeWord) -> Int { Int(truncatingIfNeeded: word >> 16 & 0xFFFF) }
  static func y(_ word: CodeWord) -> Int { Int(truncatingIfNeeded: word >> 32 & 0xFFFF) }
  static func z(_ word: CodeWord) -> Int { Int(truncatingIfNeeded: word >> 48) }

  /// The fields of the instruction at `pc`, for the loop.
  @inline(__always) static func x(_ pc: UnsafePointer<CodeWord>) -> Int { field(pc, 2) }
  @inline(__always) static func y(_ pc: UnsafePointer<CodeWord>) -> Int { field(pc, 4) }
  @inline(__always) static func z(_ pc: UnsafePointer<CodeWord>) -> Int { field(pc, 6) }
  /// The cost a branch that uses `x` and `y` keeps above them (``costAfterY``), read as the
  /// 16-bit field it is. Written `word >> 48`, the loop's `cost != 0` becomes a compare with
  /// 2^48 - 1, a 10-byte constant that LLVM hoists into a register for the whole loop; with
  /// one more value live there (memory64's handlers), that pushed the frame pointer to the
  /// stack (loop_sum 11% slower, `wasbox-bench` geomean wasbox/WasmKit 0.90 -> 0.97).
  @inline(__always) static func costAfterY(_ pc: UnsafePointer<CodeWord>) -> CodeWord {
    CodeWord(field(pc, 6))
  }

  @inline(__always)
  private static func field(_ pc: UnsafePointer<CodeWord>, _ byteOffset: Int) -> Int {
    Int(
      UInt16(littleEndian: UnsafeRawPointer(pc).load(fromByteOffset: byteOffset, as: UInt16.self)))
  }
}
