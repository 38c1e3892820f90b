/// The opcodes of wasbox's internal code: the contract between the translator (in
/// `Validation/`) and the interpreter (in `Execution/`).
///
/// This *stack code* is what the exact loop runs (a slice that ends inside a block) and what
/// the stack fast loop runs for functions without register code and for the rest of a block
/// after a ``RegOp/escape``; everything else runs as register code (see ``RegOp``), which is
/// translated from this code and shares its blocks and their costs.
///
/// ## Encoding
/// A function's code is a sequence of 64-bit ``CodeWord``s. Each instruction is one word holding
/// the opcode's raw value, followed by its immediates, one word each, as documented per case.
/// Branch targets are word indices relative to the start of the function's code.
///
/// ## Values
/// The interpreter works on untyped 64-bit slots: i32 zero-extended, f32/f64 as raw bits,
/// references as `0` for null, `storeFunctionAddress + 1` for a funcref, `hostValue + 1` for an
/// externref, and a `v128` in two consecutive slots, its low half first. A frame's locals
/// (parameters first, then declared locals, zero-initialized) sit at the frame base, and the
/// operand stack grows above them. Every count in the code is in slots: a local's immediate is
/// its first slot, a branch's `drop` and `keep` and a function's frame size count slots, and
/// the instructions that move a `v128` have two-slot forms (``localGetV128``, …), so that one
/// wasm instruction stays one instruction and one tick.
///
/// ## Ticks
/// Every instruction except ``charge`` costs one tick; `nop`, `block`, `loop` and `end` produce no
/// internal code and cost nothing. The translator guarantees:
/// - every basic block begins with ``charge``, whose immediate is the number of instructions up to
///   (excluding) the next ``charge`` or the end of the code;
/// - every branch target and every return address (the word after a call) is a ``charge``;
/// - instructions that transfer control (`jump*`, `br*`, `return`, calls, `unreachable`) end a
///   block, so control never leaves a block in its middle except by a trap;
/// - no unreachable (dead) code is emitted.
/// Bulk instructions (`memory.fill/copy/init`, `table.fill/copy/init`, and successful
/// `memory.grow`/`table.grow`) cost one tick in their block plus their size, charged when they run.
///
/// Raw values `0..<NumericOp.allCases.count` coincide with ``NumericOp``.
///
/// ## Fusion
/// After translation, the first word of some common sequences of instructions within one block
/// is overwritten with a *fused* opcode (``localLocalI32Add``, ``localConstI32Add``,
/// ``constI32Add`` and their siblings for the other fusible i32 binary operators). Nothing
/// else changes: the sequence's own instructions and immediates stay in place after it, so
/// - the fast loop runs the whole sequence at once, reading the immediates from where the
///   components keep them, and continues after the last one; the block's `charge` has already
///   paid one tick per component;
/// - the exact loop executes a fused opcode as its first component (``firstComponent``) and
///   then the remaining components one by one, so a slice can still end after any of them,
///   and a resumed run can start in the middle of a sequence;
/// - instruction lengths, `charge` counts, branch targets and trap positions are those of the
///   unfused code, since fused opcodes take exactly their first component's immediates.
/// The forms: `local.get a; local.get b; op` and `local.get a; const c; op` (the opcode word
/// is followed by `a`, then the second instruction's two words, then `op`'s word: five words
/// in all), `const c; op` (three words), and `local.get a; load` for the loads whose table
/// entry lists the `afterLocalGet` fast path (five words: `a`, then the load's opcode, offset
/// and memory).
/// None of the fused operators can trap; a fused load that traps reports the position of the
/// load itself, as the unfused code would.
/// The fast loop also completes the instruction right after a fused sequence when it is a
/// `local.set` or `local.tee` (after arithmetic) or a `jumpIfZero`/`jumpIfNonZero` (after a
/// comparison, whose outcome then never reaches the stack): it lies in the same block, so its
/// tick is already paid, and it cannot trap.
enum Op: UInt16, CaseIterable, Sendable {
  // BEGIN GENERATED: wasbox-isa numeric cases
  /// `i32.eqz`: pops its operands, pushes its result; traps as the spec says.
  case i32Eqz
  /// `i32.eq`: pops its operands, pushes its result; traps as the spec says.
  case i32Eq
  /// `i32.ne`: pops its operands, pushes its result; traps as the spec says.
  case i32Ne
  /// `i32.lt_s`: pops its operands, pushes its result; traps as the spec says.
  case i32LtS
  /// `i32.lt_u`: pops its operands, pushes its result; traps as the spec says.
  case i32LtU
  /// `i32.gt_s`: pops its operands, pushes its result; traps as the spec says.
  case i32GtS
  /// `i32.gt_u`: pops its operands, pushes its result; traps as the spec says.
  case i32GtU
  /// `i32.le_s`: pops its operands, pushes its result; traps as the spec says.
  case i32LeS
  /// `i32.le_u`: pops its operands, pushes its result; traps as the spec says.
  case i32LeU
  /// `i32.ge_s`: pops its operands, pushes its result; traps as the spec says.
  case i32GeS
  /// `i32.ge_u`: pops its operands, pushes its result; traps as the spec says.
  case i32GeU
  /// `i64.eqz`: pops its operands, pushes its result; traps as the spec says.
  case i64Eqz
  /// `i64.eq`: pops its operands, pushes its result; traps as the spec says.
  case i64Eq
  /// `i64.ne`: pops its operands, pushes its result; traps as the spec says.
  case i64Ne
  /// `i64.lt_s`: pops its operands, pushes its result; traps as the spec says.
  case i64LtS
  /// `i64.lt_u`: pops its operands, pushes its result; traps as the spec says.
  case i64LtU
  /// `i64.gt_s`: pops its operands, pushes its result; traps as the spec says.
  case i64GtS
  /// `i64.gt_u`: pops its operands, pushes its result; traps as the spec says.
  case i64GtU
  /// `i64.le_s`: pops its operands, pushes its result; traps as the spec says.
  case i64LeS
  /// `i64.le_u`: pops its operands, pushes its result; traps as the spec says.
  case i64LeU
  /// `i64.ge_s`: pops its operands, pushes its result; traps as the spec says.
  case i64GeS
  /// `i64.ge_u`: pops its operands, pushes its result; traps as the spec says.
  case i64GeU
  /// `f32.eq`: pops its operands, pushes its result; traps as the spec says.
  case f32Eq
  /// `f32.ne`: pops its operands, pushes its result; traps as the spec says.
  case f32Ne
  /// `f32.lt`: pops its operands, pushes its result; traps as the spec says.
  case f32Lt
  /// `f32.gt`: pops its operands, pushes its result; traps as the spec says.
  case f32Gt
  /// `f32.le`: pops its operands, pushes its result; traps as the spec says.
  case f32Le
  /// `f32.ge`: pops its operands, pushes its result; traps as the spec says.
  case f32Ge
  /// `f64.eq`: pops its operands, pushes its result; traps as the spec says.
  case f64Eq
  /// `f64.ne`: pops its operands, pushes its result; traps as the spec says.
  case f64Ne
  /// `f64.lt`: pops its operands, pushes its result; traps as the spec says.
  case f64Lt
  /// `f64.gt`: pops its operands, pushes its result; traps as the spec says.
  case f64Gt
  /// `f64.le`: pops its operands, pushes its result; traps as the spec says.
  case f64Le
  /// `f64.ge`: pops its operands, pushes its result; traps as the spec says.
  case f64Ge
  /// `i32.clz`: pops its operands, pushes its result; traps as the spec says.
  case i32Clz
  /// `i32.ctz`: pops its operands, pushes its result; traps as the spec says.
  case i32Ctz
  /// `i32.popcnt`: pops its operands, pushes its result; traps as the spec says.
  case i32Popcnt
  /// `i32.add`: pops its operands, pushes its result; traps as the spec says.
  case i32Add
  /// `i32.sub`: pops its operands, pushes its result; traps as the spec says.
  case i32Sub
  /// `i32.mul`: pops its operands, pushes its result; traps as the spec says.
  case i32Mul
  /// `i32.div_s`: pops its operands, pushes its result; traps as the spec says.
  case i32DivS
  /// `i32.div_u`: pops its operands, pushes its result; traps as the spec says.
  case i32DivU
  /// `i32.rem_s`: pops its operands, pushes its result; traps as the spec says.
  case i32RemS
  /// `i32.rem_u`: pops its operands, pushes its result; traps as the spec says.
  case i32RemU
  /// `i32.and`: pops its operands, pushes its result; traps as the spec says.
  case i32And
  /// `i32.or`: pops its operands, pushes its result; traps as the spec says.
  case i32Or
  /// `i32.xor`: pops its operands, pushes its result; traps as the spec says.
  case i32Xor
  /// `i32.shl`: pops its operands, pushes its result; traps as the spec says.
  case i32Shl
  /// `i32.shr_s`: pops its operands, pushes its result; traps as the spec says.
  case i32ShrS
  /// `i32.shr_u`: pops its operands, pushes its result; traps as the spec says.
  case i32ShrU
  /// `i32.rotl`: pops its operands, pushes its result; traps as the spec says.
  case i32Rotl
  /// `i32.rotr`: pops its operands, pushes its result; traps as the spec says.
  case i32Rotr
  /// `i64.clz`: pops its operands, pushes its result; traps as the spec says.
  case i64Clz
  /// `i64.ctz`: pops its operands, pushes its result; traps as the spec says.
  case i64Ctz
  /// `i64.popcnt`: pops its operands, pushes its result; traps as the spec says.
  case i64Popcnt
  /// `i64.add`: pops its operands, pushes its result; traps as the spec says.
  case i64Add
  /// `i64.sub`: pops its operands, pushes its result; traps as the spec says.
  case i64Sub
  /// `i64.mul`: pops its operands, pushes its result; traps as the spec says.
  case i64Mul
  /// `i64.div_s`: pops its operands, pushes its result; traps as the spec says.
  case i64DivS
  /// `i64.div_u`: pops its operands, pushes its result; traps as the spec says.
  case i64DivU
  /// `i64.rem_s`: pops its operands, pushes its result; traps as the spec says.
  case i64RemS
  /// `i64.rem_u`: pops its operands, pushes its result; traps as the spec says.
  case i64RemU
  /// `i64.and`: pops its operands, pushes its result; traps as the spec says.
  case i64And
  /// `i64.or`: pops its operands, pushes its result; traps as the spec says.
  case i64Or
  /// `i64.xor`: pops its operands, pushes its result; traps as the spec says.
  case i64Xor
  /// `i64.shl`: pops its operands, pushes its result; traps as the spec says.
  case i64Shl
  /// `i64.shr_s`: pops its operands, pushes its result; traps as the spec says.
  case i64ShrS
  /// `i64.shr_u`: pops its operands, pushes its result; traps as the spec says.
  case i64ShrU
  /// `i64.rotl`: pops its operands, pushes its result; traps as the spec says.
  case i64Rotl
  /// `i64.rotr`: pops its operands, pushes its result; traps as the spec says.
  case i64Rotr
  /// `f32.abs`: pops its operands, pushes its result; traps as the spec says.
  case f32Abs
  /// `f32.neg`: pops its operands, pushes its result; traps as the spec says.
  case f32Neg
  /// `f32.ceil`: pops its operands, pushes its result; traps as the spec says.
  case f32Ceil
  /// `f32.floor`: pops its operands, pushes its result; traps as the spec says.
  case f32Floor
  /// `f32.trunc`: pops its operands, pushes its result; traps as the spec says.
  case f32Trunc
  /// `f32.nearest`: pops its operands, pushes its result; traps as the spec says.
  case f32Nearest
  /// `f32.sqrt`: pops its operands, pushes its result; traps as the spec says.
  case f32Sqrt
  /// `f32.add`: pops its operands, pushes its result; traps as the spec says.
  case f32Add
  /// `f32.sub`: pops its operands, pushes its result; traps as the spec says.
  case f32Sub
  /// `f32.mul`: pops its operands, pushes its result; traps as the spec says.
  case f32Mul
  /// `f32.div`: pops its operands, pushes its result; traps as the spec says.
  case f32Div
  /// `f32.min`: pops its operands, pushes its result; traps as the spec says.
  case f32Min
  /// `f32.max`: pops its operands, pushes its result; traps as the spec says.
  case f32Max
  /// `f32.copysign`: pops its operands, pushes its result; traps as the spec says.
  case f32Copysign
  /// `f64.abs`: pops its operands, pushes its result; traps as the spec says.
  case f64Abs
  /// `f64.neg`: pops its operands, pushes its result; traps as the spec says.
  case f64Neg
  /// `f64.ceil`: pops its operands, pushes its result; traps as the spec says.
  case f64Ceil
  /// `f64.floor`: pops its operands, pushes its result; traps as the spec says.
  case f64Floor
  /// `f64.trunc`: pops its operands, pushes its result; traps as the spec says.
  case f64Trunc
  /// `f64.nearest`: pops its operands, pushes its result; traps as the spec says.
  case f64Nearest
  /// `f64.sqrt`: pops its operands, pushes its result; traps as the spec says.
  case f64Sqrt
  /// `f64.add`: pops its operands, pushes its result; traps as the spec says.
  case f64Add
  /// `f64.sub`: pops its operands, pushes its result; traps as the spec says.
  case f64Sub
  /// `f64.mul`: pops its operands, pushes its result; traps as the spec says.
  case f64Mul
  /// `f64.div`: pops its operands, pushes its result; traps as the spec says.
  case f64Div
  /// `f64.min`: pops its operands, pushes its result; traps as the spec says.
  case f64Min
  /// `f64.max`: pops its operands, pushes its result; traps as the spec says.
  case f64Max
  /// `f64.copysign`: pops its operands, pushes its result; traps as the spec says.
  case f64Copysign
  /// `i32.wrap_i64`: pops its operands, pushes its result; traps as the spec says.
  case i32WrapI64
  /// `i32.trunc_f32_s`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncF32S
  /// `i32.trunc_f32_u`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncF32U
  /// `i32.trunc_f64_s`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncF64S
  /// `i32.trunc_f64_u`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncF64U
  /// `i64.extend_i32_s`: pops its operands, pushes its result; traps as the spec says.
  case i64ExtendI32S
  /// `i64.extend_i32_u`: pops its operands, pushes its result; traps as the spec says.
  case i64ExtendI32U
  /// `i64.trunc_f32_s`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncF32S
  /// `i64.trunc_f32_u`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncF32U
  /// `i64.trunc_f64_s`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncF64S
  /// `i64.trunc_f64_u`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncF64U
  /// `f32.convert_i32_s`: pops its operands, pushes its result; traps as the spec says.
  case f32ConvertI32S
  /// `f32.convert_i32_u`: pops its operands, pushes its result; traps as the spec says.
  case f32ConvertI32U
  /// `f32.convert_i64_s`: pops its operands, pushes its result; traps as the spec says.
  case f32ConvertI64S
  /// `f32.convert_i64_u`: pops its operands, pushes its result; traps as the spec says.
  case f32ConvertI64U
  /// `f32.demote_f64`: pops its operands, pushes its result; traps as the spec says.
  case f32DemoteF64
  /// `f64.convert_i32_s`: pops its operands, pushes its result; traps as the spec says.
  case f64ConvertI32S
  /// `f64.convert_i32_u`: pops its operands, pushes its result; traps as the spec says.
  case f64ConvertI32U
  /// `f64.convert_i64_s`: pops its operands, pushes its result; traps as the spec says.
  case f64ConvertI64S
  /// `f64.convert_i64_u`: pops its operands, pushes its result; traps as the spec says.
  case f64ConvertI64U
  /// `f64.promote_f32`: pops its operands, pushes its result; traps as the spec says.
  case f64PromoteF32
  /// `i32.reinterpret_f32`: pops its operands, pushes its result; traps as the spec says.
  case i32ReinterpretF32
  /// `i64.reinterpret_f64`: pops its operands, pushes its result; traps as the spec says.
  case i64ReinterpretF64
  /// `f32.reinterpret_i32`: pops its operands, pushes its result; traps as the spec says.
  case f32ReinterpretI32
  /// `f64.reinterpret_i64`: pops its operands, pushes its result; traps as the spec says.
  case f64ReinterpretI64
  /// `i32.extend8_s`: pops its operands, pushes its result; traps as the spec says.
  case i32Extend8S
  /// `i32.extend16_s`: pops its operands, pushes its result; traps as the spec says.
  case i32Extend16S
  /// `i64.extend8_s`: pops its operands, pushes its result; traps as the spec says.
  case i64Extend8S
  /// `i64.extend16_s`: pops its operands, pushes its result; traps as the spec says.
  case i64Extend16S
  /// `i64.extend32_s`: pops its operands, pushes its result; traps as the spec says.
  case i64Extend32S
  /// `i32.trunc_sat_f32_s`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncSatF32S
  /// `i32.trunc_sat_f32_u`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncSatF32U
  /// `i32.trunc_sat_f64_s`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncSatF64S
  /// `i32.trunc_sat_f64_u`: pops its operands, pushes its result; traps as the spec says.
  case i32TruncSatF64U
  /// `i64.trunc_sat_f32_s`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncSatF32S
  /// `i64.trunc_sat_f32_u`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncSatF32U
  /// `i64.trunc_sat_f64_s`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncSatF64S
  /// `i64.trunc_sat_f64_u`: pops its operands, pushes its result; traps as the spec says.
  case i64TruncSatF64U
  // END GENERATED: wasbox-isa numeric cases
  /// `[n]` — start of a straight-line block whose instructions (this one excluded) cost `n` ticks
  /// in total. See the tick rules above.
  case charge
  /// Traps with `unreachable`.
  case unreachable
  /// `[target]` — unconditional jump, no stack adjustment.
  case jump
  /// `[target]` — pops an i32; jumps when it is zero (`if` without else-arm taken).
  case jumpIfZero
  /// `[target]` — pops an i32; jumps when it is non-zero (a `br_if` needing no stack adjustment).
  case jumpIfNonZero
  /// `[target, drop, keep]` — keeps the top `keep` slots, removes the `drop` slots beneath them,
  /// jumps.
  case br
  /// `[target, drop, keep]` — pops an i32; when non-zero behaves as `br`, else falls through.
  case brIf
  /// `[count, (target, drop, keep) × (count + 1)]` — pops an i32 index; entry `min(index, count)`
  /// is taken (the last entry is the default).
  case brTable
  /// Returns from the current function; the top `results.count` slots are its results.
  case `return`
  /// `[functionIndex]` — module-level function index (imports first), resolved through the
  /// instance.
  case call
  /// `[typeIndex, tableIndex]` — pops an i32 element index; traps on null, out of range, or
  /// signature mismatch.
  case callIndirect
  /// `[functionIndex]` — tail call: replaces the current frame.
  case returnCall
  /// `[typeIndex, tableIndex]` — tail call through a table.
  case returnCallIndirect
  /// Pops one slot.
  case drop
  /// Pops i32 `c`, then `b`, `a`; pushes `c != 0 ? a : b`. Serves typed and untyped `select`.
  case select
  /// `[index]` — pushes local `index` (slot `frameBase + index`; parameters first).
  case localGet
  /// `[index]` — pops into local `index`.
  case localSet
  /// `[index]` — copies the top slot into local `index`.
  case localTee
  /// `[globalIndex]` — module-level global index (imports first).
  case globalGet
  /// `[globalIndex]`
  case globalSet
  /// `[tableIndex]`
  case tableGet
  /// `[tableIndex]`
  case tableSet
  /// `[elementIndex, tableIndex]` — bulk; proportional cost.
  case tableInit
  /// `[elementIndex]`
  case elemDrop
  /// `[destinationTable, sourceTable]` — bulk; proportional cost.
  case tableCopy
  /// `[tableIndex]` — proportional cost when it succeeds.
  case tableGrow
  /// `[tableIndex]`
  case tableSize
  /// `[tableIndex]` — bulk; proportional cost.
  case tableFill
  // Loads and stores: `[offset, memoryIndex]`; a load pops the i32 address, a store pops the
  // value, then the address; effective address = address + offset (no wrap-around).
  // BEGIN GENERATED: wasbox-isa memory cases
  /// `i32.load`: pops the address, pushes the value.
  case i32Load
  /// `i64.load`: pops the address, pushes the value.
  case i64Load
  /// `f32.load`: pops the address, pushes the value.
  case f32Load
  /// `f64.load`: pops the address, pushes the value.
  case f64Load
  /// `i32.load8_s`: pops the address, pushes the value.
  case i32Load8S
  /// `i32.load8_u`: pops the address, pushes the value.
  case i32Load8U
  /// `i32.load16_s`: pops the address, pushes the value.
  case i32Load16S
  /// `i32.load16_u`: pops the address, pushes the value.
  case i32Load16U
  /// `i64.load8_s`: pops the address, pushes the value.
  case i64Load8S
  /// `i64.load8_u`: pops the address, pushes the value.
  case i64Load8U
  /// `i64.load16_s`: pops the address, pushes the value.
  case i64Load16S
  /// `i64.load16_u`: pops the address, pushes the value.
  case i64Load16U
  /// `i64.load32_s`: pops the address, pushes the value.
  case i64Load32S
  /// `i64.load32_u`: pops the address, pushes the value.
  case i64Load32U
  /// `i32.store`: pops the value, then the address.
  case i32Store
  /// `i64.store`: pops the value, then the address.
  case i64Store
  /// `f32.store`: pops the value, then the address.
  case f32Store
  /// `f64.store`: pops the value, then the address.
  case f64Store
  /// `i32.store8`: pops the value, then the address.
  case i32Store8
  /// `i32.store16`: pops the value, then the address.
  case i32Store16
  /// `i64.store8`: pops the value, then the address.
  case i64Store8
  /// `i64.store16`: pops the value, then the address.
  case i64Store16
  /// `i64.store32`: pops the value, then the address.
  case i64Store32
  // END GENERATED: wasbox-isa memory cases
  /// `[memoryIndex]`
  case memorySize
  /// `[memoryIndex]` — proportional cost when it succeeds.
  case memoryGrow
  /// `[dataIndex, memoryIndex]` — bulk; proportional cost.
  case memoryInit
  /// `[dataIndex]`
  case dataDrop
  /// `[destinationMemory, sourceMemory]` — bulk; proportional cost.
  case memoryCopy
  /// `[memoryIndex]` — bulk; proportional cost.
  case memoryFill
  /// `[bits]` — pushes the raw slot (any numeric constant, or `ref.null` as 0).
  case `const`
  /// Pops a reference slot; pushes 1 when it is 0 (null).
  case refIsNull
  /// `[functionIndex]` — pushes a reference to the instance's function.
  case refFunc

  // The two-slot forms of the variable and parametric instructions, for `v128` values (see
  // ``ValueType/slots``): each is one wasm instruction, so one tick, however many slots.
  /// `[slot]` — pushes the `v128` local whose low half is at slot `frameBase + slot`.
  case localGetV128
  /// `[slot]` — pops a `v128` into the local at `slot`.
  case localSetV128
  /// `[slot]` — copies the top `v128` into the local at `slot`.
  case localTeeV128
  /// `[globalIndex]` — pushes a `v128` global.
  case globalGetV128
  /// `[globalIndex]` — pops into a `v128` global.
  case globalSetV128
  /// Pops one `v128` (two slots).
  case dropV128
  /// Pops i32 `c`, then `v128`s `b`, `a`; pushes `c != 0 ? a : b`.
  case selectV128
  /// `[simdOp, immediates…]` — a SIMD instruction (``SIMDOp``), with the immediate words its
  /// entry lists (``SIMDOpEntry/Immediate/words``).
  case simd

  /// Fused `local.get a; local.get b; i32.add` (see Fusion above).
  case localLocalI32Add
  /// Fused `local.get a; local.get b; i32.sub` (see Fusion above).
  case localLocalI32Sub
  /// Fused `local.get a; local.get b; i32.mul` (see Fusion above).
  case localLocalI32Mul
  /// Fused `local.get a; local.get b; i32.and` (see Fusion above).
  case localLocalI32And
  /// Fused `local.get a; local.get b; i32.or` (see Fusion above).
  case localLocalI32Or
  /// Fused `local.get a; local.get b; i32.xor` (see Fusion above).
  case localLocalI32Xor
  /// Fused `local.get a; local.get b; i32.shl` (see Fusion above).
  case localLocalI32Shl
  /// Fused `local.get a; local.get b; i32.shr_s` (see Fusion above).
  case localLocalI32ShrS
  /// Fused `local.get a; local.get b; i32.shr_u` (see Fusion above).
  case localLocalI32ShrU
  /// Fused `local.get a; local.get b; i32.eq` (see Fusion above).
  case localLocalI32Eq
  /// Fused `local.get a; local.get b; i32.ne` (see Fusion above).
  case localLocalI32Ne
  /// Fused `local.get a; local.get b; i32.lt_s` (see Fusion above).
  case localLocalI32LtS
  /// Fused `local.get a; local.get b; i32.lt_u` (see Fusion above).
  case localLocalI32LtU
  /// Fused `local.get a; local.get b; i32.gt_s` (see Fusion above).
  case localLocalI32GtS
  /// Fused `local.get a; local.get b; i32.gt_u` (see Fusion above).
  case localLocalI32GtU
  /// Fused `local.get a; local.get b; i32.le_s` (see Fusion above).
  case localLocalI32LeS
  /// Fused `local.get a; local.get b; i32.le_u` (see Fusion above).
  case localLocalI32LeU
  /// Fused `local.get a; local.get b; i32.ge_s` (see Fusion above).
  case localLocalI32GeS
  /// Fused `local.get a; local.get b; i32.ge_u` (see Fusion above).
  case localLocalI32GeU
  /// Fused `local.get a; const c; i32.add` (see Fusion above).
  case localConstI32Add
  /// Fused `local.get a; const c; i32.sub` (see Fusion above).
  case localConstI32Sub
  /// Fused `local.get a; const c; i32.mul` (see Fusion above).
  case localConstI32Mul
  /// Fused `local.get a; const c; i32.and` (see Fusion above).
  case localConstI32And
  /// Fused `local.get a; const c; i32.or` (see Fusion above).
  case localConstI32Or
  /// Fused `local.get a; const c; i32.xor` (see Fusion above).
  case localConstI32Xor
  /// Fused `local.get a; const c; i32.shl` (see Fusion above).
  case localConstI32Shl
  /// Fused `local.get a; const c; i32.shr_s` (see Fusion above).
  case localConstI32ShrS
  /// Fused `local.get a; const c; i32.shr_u` (see Fusion above).
  case localConstI32ShrU
  /// Fused `local.get a; const c; i32.eq` (see Fusion above).
  case localConstI32Eq
  /// Fused `local.get a; const c; i32.ne` (see Fusion above).
  case localConstI32Ne
  /// Fused `local.get a; const c; i32.lt_s` (see Fusion above).
  case localConstI32LtS
  /// Fused `local.get a; const c; i32.lt_u` (see Fusion above).
  case localConstI32LtU
  /// Fused `local.get a; const c; i32.gt_s` (see Fusion above).
  case localConstI32GtS
  /// Fused `local.get a; const c; i32.gt_u` (see Fusion above).
  case localConstI32GtU
  /// Fused `local.get a; const c; i32.le_s` (see Fusion above).
  case localConstI32LeS
  /// Fused `local.get a; const c; i32.le_u` (see Fusion above).
  case localConstI32LeU
  /// Fused `local.get a; const c; i32.ge_s` (see Fusion above).
  case localConstI32GeS
  /// Fused `local.get a; const c; i32.ge_u` (see Fusion above).
  case localConstI32GeU
  /// Fused `const c; i32.add` (see Fusion above).
  case constI32Add
  /// Fused `const c; i32.sub` (see Fusion above).
  case constI32Sub
  /// Fused `const c; i32.mul` (see Fusion above).
  case constI32Mul
  /// Fused `const c; i32.and` (see Fusion above).
  case constI32And
  /// Fused `const c; i32.or` (see Fusion above).
  case constI32Or
  /// Fused `const c; i32.xor` (see Fusion above).
  case constI32Xor
  /// Fused `const c; i32.shl` (see Fusion above).
  case constI32Shl
  /// Fused `const c; i32.shr_s` (see Fusion above).
  case constI32ShrS
  /// Fused `const c; i32.shr_u` (see Fusion above).
  case constI32ShrU
  /// Fused `const c; i32.eq` (see Fusion above).
  case constI32Eq
  /// Fused `const c; i32.ne` (see Fusion above).
  case constI32Ne
  /// Fused `const c; i32.lt_s` (see Fusion above).
  case constI32LtS
  /// Fused `const c; i32.lt_u` (see Fusion above).
  case constI32LtU
  /// Fused `const c; i32.gt_s` (see Fusion above).
  case constI32GtS
  /// Fused `const c; i32.gt_u` (see Fusion above).
  case constI32GtU
  /// Fused `const c; i32.le_s` (see Fusion above).
  case constI32LeS
  /// Fused `const c; i32.le_u` (see Fusion above).
  case constI32LeU
  /// Fused `const c; i32.ge_s` (see Fusion above).
  case constI32GeS
  /// Fused `const c; i32.ge_u` (see Fusion above).
  case constI32GeU
  // The fused loads come last (see ``Op/last``).
  // BEGIN GENERATED: wasbox-isa fused memory cases
  /// Fused `local.get a; i32.load` (see Fusion above).
  case localGetI32Load
  /// Fused `local.get a; i64.load` (see Fusion above).
  case localGetI64Load
  /// Fused `local.get a; i32.load8_u` (see Fusion above).
  case localGetI32Load8U
  // END GENERATED: wasbox-isa fused memory cases

  /// The internal opcode of a numeric instruction (identical raw value).
  init(_ numeric: NumericOp) {
    // Same raw value by construction; the fallback is unreachable but keeps the path total.
    self = Op(rawValue: numeric.rawValue) ?? .unreachable
  }

  /// The i32 binary operators that fuse with the instructions pushing their operands, in the
  /// order of their fused opcodes within each form.
  static let fusibleBinaryOperators: [Op] = [
    .i32Add, .i32Sub, .i32Mul, .i32And, .i32Or, .i32Xor, .i32Shl, .i32ShrS, .i32ShrU, .i32Eq,
    .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU,
  ]

  /// The fused opcode of `local.get a; local.get b; op`, `local.get a; const c; op` or
  /// `const c; op` (by `first` and `second`, `second` being `nil` for the last form), or `nil`
  /// when that sequence does not fuse.
  static func fused(_ first: Op, _ second: Op?, _ op: Op) -> Op? {
    guard let index = fusibleBinaryOperators.firstIndex(of: op) else { return nil }
    let start: Op
    switch (first, second) {
    case (.localGet, .localGet?): start = .localLocalI32Add
    case (.localGet, .`const`?): start = .localConstI32Add
    case (.`const`, nil): start = .constI32Add
    default: return nil
    }
    return Op(rawValue: start.rawValue + UInt16(index))
  }

  /// The fused opcode of `local.get a` followed by the load `op`, or `nil` when that load
  /// does not fuse (the table's `afterLocalGet` fast path).
  static func fused(localGetThen op: Op) -> Op? { MemoryOp(op)?.afterLocalGetForm }

  /// The instruction a fused opcode begins with, which is what the exact loop executes in its
  /// place (see "Fusion" above); any other opcode is its own first component.
  @inline(__always)
  var firstComponent: Op {
    if rawValue >= Op.firstLocalGetLoad.rawValue { return .localGet }
    if rawValue >= Op.constI32Add.rawValue { return .`const` }
    if rawValue >= Op.localLocalI32Add.rawValue { return .localGet }
    return self
  }

  /// The number of immediate words that follow the opcode word, or `nil` for ``brTable`` and
  /// ``simd``, whose length depends on their first immediate (see ``instructionLength(code:at:)``).
  var fixedImmediateCount: Int? {
    switch firstComponent {
    case .unreachable, .`return`, .drop, .select, .refIsNull, .dropV128, .selectV128: 0
    case .charge, .jump, .jumpIfZero, .jumpIfNonZero, .call, .returnCall, .localGet, .localSet,
      .localTee, .globalGet, .globalSet, .tableGet, .tableSet, .elemDrop, .tableGrow, .tableSize,
      .tableFill, .memorySize, .memoryGrow, .dataDrop, .memoryFill, .`const`, .refFunc,
      .localGetV128, .localSetV128, .localTeeV128, .globalGetV128, .globalSetV128:
      1
    case .callIndirect, .returnCallIndirect, .tableInit, .tableCopy, .memoryInit, .memoryCopy:
      2
    case .br, .brIf: 3
    case .brTable, .simd: nil
    // Numeric instructions have none; every load and store has its offset and memory index.
    default: MemoryOp(firstComponent) != nil ? 2 : 0
    }
  }
}

/// One word of internal code.
typealias CodeWord = UInt64

/// The number of words (opcode plus immediates) of the instruction at `pc`, or `nil` when
/// `pc` does not start a well-formed instruction.
func instructionLength(code: UnsafeBufferPointer<CodeWord>, at pc: Int) -> Int? {
  guard pc >= 0, pc < code.count, let op = Op(word: code[pc]) else { return nil }
  if let n = op.fixedImmediateCount { return 1 + n }
  guard pc + 1 < code.count else { return nil }
  if op == .simd {
    guard let simd = SIMDOp(rawValue: UInt16(truncatingIfNeeded: code[pc + 1])) else {
      return nil
    }
    return 2 + simd.entry.immediate.words
  }
  let count = Int(truncatingIfNeeded: code[pc + 1])
  return 2 + 3 * (count + 1)
}

extension Op {
  /// The opcode a code word holds, or `nil` when it holds none. A range check and a bit cast
  /// rather than `Op(rawValue:)`, an out-of-line `switch` that dominated scanning a block (to
  /// prepay or refund its rest when a slice stops or resumes mid-block).
  @inline(__always)
  init?(word: CodeWord) {
    // `FusionTests.opcodesDecodeByBitCast` checks that `last` is the last case.
    guard word <= CodeWord(Op.last.rawValue) else { return nil }
    self = Op(uncheckedWord: word)
  }

  /// The opcode of a word the translator wrote, without a range check. The raw values are
  /// `0..<count` in declaration order, which is how a payload-free enum stores itself: in one
  /// byte while it has at most 256 cases, in two once it grows past that (as it has, with the
  /// two-slot `v128` forms and ``simd``), which keeps one jump table for the loop's dispatch
  /// either way. The size test folds away at compile time.
  @inline(__always)
  init(uncheckedWord word: CodeWord) {
    if MemoryLayout<Op>.size == 1 {
      self = unsafeBitCast(UInt8(truncatingIfNeeded: word), to: Op.self)
    } else {
      self = unsafeBitCast(UInt16(truncatingIfNeeded: word), to: Op.self)
    }
  }
}

extension Op {
  /// Words per instruction by raw value: one plus ``fixedImmediateCount``, or 0 for
  /// `br_table`. For scans over many instructions, which would otherwise take an indirect jump
  /// per instruction through the `switch` of ``fixedImmediateCount``.
  static let instructionWords: [UInt8] = allCases.map { op in
    op.fixedImmediateCount.map { UInt8(1 + $0) } ?? 0
  }
}
