extension Execution {
  /// The fast loop: `charge` prepays a whole block, so instructions run without counting.
  @inline(never)
  func fastLoop() -> LoopExit { loop(exact: false) }

  /// The exact loop: each instruction pays its own tick, so a slice can end mid-block. It runs
  /// only until the next `charge` that fuel covers in full, then hands back to the fast loop.
  @inline(never)
  func exactLoop() -> LoopExit { loop(exact: true) }

  /// The interpreter proper, specialized twice by the constant `exact`, so the fast loop carries
  /// no per-instruction fuel check at all.
  ///
  /// Hot state lives in locals (`pc`, `sp`, `fp`, the code base) and is written back to the
  /// execution only when leaving the loop or around calls, which re-enter through `reload`.
  /// Everything else (fuel, the memory views, the stack base) is read from the execution
  /// where it is used: as locals they would compete for the few callee-saved registers, and
  /// the register allocator then spilled `pc` and `sp` (measured with the fused opcodes).
  @inline(__always)
  private func loop(exact: Bool) -> LoopExit {
    var exit = LoopExit.paused
    reload: while true {
      guard let function = current, let instance = currentInstance else {
        return .completed
      }
      let (stackCode, hasRegisterCode) = function._withUnsafeGuaranteedRef {
        ($0.code.baseAddress, $0.registerCode != nil)
      }
      guard let code = UnsafePointer(stackCode) else { return .trapped(.unreachable) }
      refreshMemoryViews(instance)
      // `stack` is read from the execution where needed (only on leaving the loop) rather
      // than held in a local, which would take a callee-saved register from `fp`.
      let fp = self.stack + self.fp
      var sp = self.stack + self.sp
      var pc = code + self.pc

      dispatch: while true {
        var op = decode(pc[0])
        if exact {
          if op == .charge {
            if fuel >= pc[1] {
              exit = .enterFast
              break dispatch
            }
            if fuel == 0 { break dispatch }
            restWhenEmpty = pc[1] - fuel
            pc += 2
            continue
          }
          if fuel == 0 {
            pausedBlockRest = restWhenEmpty
            break dispatch
          }
          fuel -= 1
          op = op.firstComponent
        }
        switch op {
        case .charge:
          if !exact, hasRegisterCode {
            exit = .enterRegister
            break dispatch
          }
          let cost = pc[1]
          if fuel >= cost {
            fuel -= cost
            pc += 2
            continue
          }
          if fuel != 0 { exit = .enterExact }
          break dispatch

        // MARK: Control
        case .unreachable:
          exit = .trapped(.unreachable)
          break dispatch
        case .jump:
          pc = code + int(pc[1])
          continue
        case .jumpIfZero:
          sp -= 1
          pc = u32(sp[0]) == 0 ? code + int(pc[1]) : pc + 2
          continue
        case .jumpIfNonZero:
          sp -= 1
          pc = u32(sp[0]) != 0 ? code + int(pc[1]) : pc + 2
          continue
        case .br:
          branch(&sp, drop: int(pc[2]), keep: int(pc[3]))
          pc = code + int(pc[1])
          continue
        case .brIf:
          sp -= 1
          if u32(sp[0]) == 0 {
            pc += 4
            continue
          }
          branch(&sp, drop: int(pc[2]), keep: int(pc[3]))
          pc = code + int(pc[1])
          continue
        case .brTable:
          sp -= 1
          let selector = UInt64(u32(sp[0]))
          let entry = pc + 2 + 3 * Int(selector < pc[1] ? selector : pc[1])
          branch(&sp, drop: int(entry[1]), keep: int(entry[2]))
          pc = code + int(entry[0])
          continue
        case .return:
          self.sp = sp - self.stack
          if leave() { return .completed }
          continue reload
        case .call, .returnCall:
          let address = instance._withUnsafeGuaranteedRef { $0.functionAddresses[int(pc[1])] }
          self.pc = pc - code
          self.sp = sp - self.stack
          let tail = pc[0] == UInt64(Op.returnCall.rawValue)
          if let exit = enter(address: address, returnPC: self.pc + 2, tail: tail) { return exit }
          continue reload
        case .callIndirect, .returnCallIndirect:
          sp -= 1
          let target = resolveIndirect(
            instance, typeIndex: int(pc[1]), tableIndex: int(pc[2]), element: sp[0])
          guard case .function(let address) = target else {
            if case .trap(let kind) = target { exit = .trapped(kind) }
            break dispatch
          }
          self.pc = pc - code
          self.sp = sp - self.stack
          let tail = pc[0] == UInt64(Op.returnCallIndirect.rawValue)
          if let exit = enter(address: address, returnPC: self.pc + 3, tail: tail) { return exit }
          continue reload

        // MARK: Parametric, variables, references
        case .drop:
          sp -= 1
        case .select:
          sp -= 2
          if u32(sp[1]) == 0 { sp[-1] = sp[0] }
        case .localGet:
          sp[0] = fp[int(pc[1])]
          sp += 1
          pc += 2
          continue
        case .localSet:
          sp -= 1
          fp[int(pc[1])] = sp[0]
          pc += 2
          continue
        case .localTee:
          fp[int(pc[1])] = sp[-1]
          pc += 2
          continue
        case .globalGet:
          sp[0] = instance._withUnsafeGuaranteedRef { $0.globals[int(pc[1])].slot }
          sp += 1
          pc += 2
          continue
        case .globalSet:
          sp -= 1
          let value = sp[0]
          instance._withUnsafeGuaranteedRef { $0.globals[int(pc[1])].slot = value }
          pc += 2
          continue
        case .const:
          sp[0] = pc[1]
          sp += 1
          pc += 2
          continue
        case .localGetV128:
          sp[0] = fp[int(pc[1])]
          sp[1] = fp[int(pc[1]) &+ 1]
          sp += 2
          pc += 2
          continue
        case .localSetV128:
          sp -= 2
          fp[int(pc[1])] = sp[0]
          fp[int(pc[1]) &+ 1] = sp[1]
          pc += 2
          continue
        case .localTeeV128:
          fp[int(pc[1])] = sp[-2]
          fp[int(pc[1]) &+ 1] = sp[-1]
          pc += 2
          continue
        case .globalGetV128:
          let (low, high) = instance._withUnsafeGuaranteedRef {
            ($0.globals[int(pc[1])].slot, $0.globals[int(pc[1])].highSlot)
          }
          sp[0] = low
          sp[1] = high
          sp += 2
          pc += 2
          continue
        case .globalSetV128:
          sp -= 2
          let (low, high) = (sp[0], sp[1])
          instance._withUnsafeGuaranteedRef {
            $0.globals[int(pc[1])].slot = low
            $0.globals[int(pc[1])].highSlot = high
          }
          pc += 2
          continue
        case .dropV128:
          sp -= 2
        case .selectV128:
          // `a` (two slots), `b` (two), the condition: `a` stays unless the condition is 0.
          sp -= 3
          if u32(sp[2]) == 0 {
            sp[-2] = sp[0]
            sp[-1] = sp[1]
          }
        case .simd:
          let base = self.stack
          guard let next = simd(pc, base, sp - base) else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp = base + next.top
          pc += next.length
          continue
        case .refIsNull:
          sp[-1] = slot(sp[-1] == 0)
        case .refFunc:
          let address = instance._withUnsafeGuaranteedRef { $0.functionAddresses[int(pc[1])] }
          sp[0] = UInt64(address) + 1
          sp += 1
          pc += 2
          continue

        // MARK: Tables
        case .tableGet, .tableSet, .tableSize, .elemDrop, .dataDrop:
          guard let next = tableOrSegmentOp(decode(pc[0]), pc, sp, instance) else {
            self.pc = pc - code
            return .trapped(.outOfBoundsTableAccess)
          }
          sp = next
          pc += 2
          continue

        // MARK: Memories
        case .memorySize:
          sp[0] = memoryViews[int(pc[1])].byteCount / UInt64(Memory.pageSize)
          sp += 1
          pc += 2
          continue
        case .memoryFill, .memoryCopy, .memoryInit, .tableFill, .tableCopy, .tableInit,
          .memoryGrow, .tableGrow:
          // The opcode, `sp` and `fuel` go through copies: passing the loop's own variables
          // `inout` to a call that is not inlined would pin them to memory in every other
          // instruction (measured: `sp` was loaded and stored around each one).
          let bulkOp = decode(pc[0])
          let length = 1 + (bulkOp.fixedImmediateCount ?? 0)
          let target = instance.takeUnretainedValue()
          var bulkSP = sp
          var bulkFuel = fuel
          // A bulk operation's ticks beyond its first are not counted in `restWhenEmpty`.
          if exact { restWhenEmpty = nil }
          var outcome = bulk(bulkOp, pc, &bulkSP, target, &bulkFuel, partial: exact)
          if case .needFuel = outcome {
            // Fast mode: give back what the rest of the block prepaid, then spend all fuel.
            bulkFuel += ticksBeforeNextCharge(after: pc - code)
            outcome = bulk(bulkOp, pc, &bulkSP, target, &bulkFuel, partial: true)
            if case .done = outcome {
              sp = bulkSP
              fuel = bulkFuel
              pc += length
              exit = .reenter
              break dispatch
            }
          }
          sp = bulkSP
          fuel = bulkFuel
          switch outcome {
          case .done:
            refreshMemoryViews(instance)
            pc += length
            continue
          case .partial, .needFuel:
            bulkBasePaid = true
            break dispatch
          case .trap(let kind):
            exit = .trapped(kind)
            break dispatch
          }

        // MARK: Numeric (generated from the instruction table)
        // BEGIN GENERATED: wasbox-isa numeric handlers
        case .i32Eqz: unary(sp) { Semantics.i32Eqz($0) }
        case .i32Eq: binary(&sp) { Semantics.i32Eq($0, $1) }
        case .i32Ne: binary(&sp) { Semantics.i32Ne($0, $1) }
        case .i32LtS: binary(&sp) { Semantics.i32LtS($0, $1) }
        case .i32LtU: binary(&sp) { Semantics.i32LtU($0, $1) }
        case .i32GtS: binary(&sp) { Semantics.i32GtS($0, $1) }
        case .i32GtU: binary(&sp) { Semantics.i32GtU($0, $1) }
        case .i32LeS: binary(&sp) { Semantics.i32LeS($0, $1) }
        case .i32LeU: binary(&sp) { Semantics.i32LeU($0, $1) }
        case .i32GeS: binary(&sp) { Semantics.i32GeS($0, $1) }
        case .i32GeU: binary(&sp) { Semantics.i32GeU($0, $1) }
        case .i64Eqz: unary(sp) { Semantics.i64Eqz($0) }
        case .i64Eq: binary(&sp) { Semantics.i64Eq($0, $1) }
        case .i64Ne: binary(&sp) { Semantics.i64Ne($0, $1) }
        case .i64LtS: binary(&sp) { Semantics.i64LtS($0, $1) }
        case .i64LtU: binary(&sp) { Semantics.i64LtU($0, $1) }
        case .i64GtS: binary(&sp) { Semantics.i64GtS($0, $1) }
        case .i64GtU: binary(&sp) { Semantics.i64GtU($0, $1) }
        case .i64LeS: binary(&sp) { Semantics.i64LeS($0, $1) }
        case .i64LeU: binary(&sp) { Semantics.i64LeU($0, $1) }
        case .i64GeS: binary(&sp) { Semantics.i64GeS($0, $1) }
        case .i64GeU: binary(&sp) { Semantics.i64GeU($0, $1) }
        case .f32Eq: binary(&sp) { Semantics.f32Eq($0, $1) }
        case .f32Ne: binary(&sp) { Semantics.f32Ne($0, $1) }
        case .f32Lt: binary(&sp) { Semantics.f32Lt($0, $1) }
        case .f32Gt: binary(&sp) { Semantics.f32Gt($0, $1) }
        case .f32Le: binary(&sp) { Semantics.f32Le($0, $1) }
        case .f32Ge: binary(&sp) { Semantics.f32Ge($0, $1) }
        case .f64Eq: binary(&sp) { Semantics.f64Eq($0, $1) }
        case .f64Ne: binary(&sp) { Semantics.f64Ne($0, $1) }
        case .f64Lt: binary(&sp) { Semantics.f64Lt($0, $1) }
        case .f64Gt: binary(&sp) { Semantics.f64Gt($0, $1) }
        case .f64Le: binary(&sp) { Semantics.f64Le($0, $1) }
        case .f64Ge: binary(&sp) { Semantics.f64Ge($0, $1) }
        case .i32Clz: unary(sp) { Semantics.i32Clz($0) }
        case .i32Ctz: unary(sp) { Semantics.i32Ctz($0) }
        case .i32Popcnt: unary(sp) { Semantics.i32Popcnt($0) }
        case .i32Add: binary(&sp) { Semantics.i32Add($0, $1) }
        case .i32Sub: binary(&sp) { Semantics.i32Sub($0, $1) }
        case .i32Mul: binary(&sp) { Semantics.i32Mul($0, $1) }
        case .i32DivS:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i32DivS(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i32DivU:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i32DivU(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i32RemS:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i32RemS(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i32RemU:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i32RemU(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i32And: binary(&sp) { Semantics.i32And($0, $1) }
        case .i32Or: binary(&sp) { Semantics.i32Or($0, $1) }
        case .i32Xor: binary(&sp) { Semantics.i32Xor($0, $1) }
        case .i32Shl: binary(&sp) { Semantics.i32Shl($0, $1) }
        case .i32ShrS: binary(&sp) { Semantics.i32ShrS($0, $1) }
        case .i32ShrU: binary(&sp) { Semantics.i32ShrU($0, $1) }
        case .i32Rotl: binary(&sp) { Semantics.i32Rotl($0, $1) }
        case .i32Rotr: binary(&sp) { Semantics.i32Rotr($0, $1) }
        case .i64Clz: unary(sp) { Semantics.i64Clz($0) }
        case .i64Ctz: unary(sp) { Semantics.i64Ctz($0) }
        case .i64Popcnt: unary(sp) { Semantics.i64Popcnt($0) }
        case .i64Add: binary(&sp) { Semantics.i64Add($0, $1) }
        case .i64Sub: binary(&sp) { Semantics.i64Sub($0, $1) }
        case .i64Mul: binary(&sp) { Semantics.i64Mul($0, $1) }
        case .i64DivS:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i64DivS(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i64DivU:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i64DivU(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i64RemS:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i64RemS(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i64RemU:
          do throws(NumericTrap) {
            sp[-2] = try Semantics.i64RemU(sp[-2], sp[-1])
          } catch {
            exit = .trapped(error.kind)
            break dispatch
          }
          sp -= 1
        case .i64And: binary(&sp) { Semantics.i64And($0, $1) }
        case .i64Or: binary(&sp) { Semantics.i64Or($0, $1) }
        case .i64Xor: binary(&sp) { Semantics.i64Xor($0, $1) }
        case .i64Shl: binary(&sp) { Semantics.i64Shl($0, $1) }
        case .i64ShrS: binary(&sp) { Semantics.i64ShrS($0, $1) }
        case .i64ShrU: binary(&sp) { Semantics.i64ShrU($0, $1) }
        case .i64Rotl: binary(&sp) { Semantics.i64Rotl($0, $1) }
        case .i64Rotr: binary(&sp) { Semantics.i64Rotr($0, $1) }
        case .f32Abs: unary(sp) { Semantics.f32Abs($0) }
        case .f32Neg: unary(sp) { Semantics.f32Neg($0) }
        case .f32Ceil: sp = Semantics.f32Ceil(top: sp)
        case .f32Floor: sp = Semantics.f32Floor(top: sp)
        case .f32Trunc: sp = Semantics.f32Trunc(top: sp)
        case .f32Nearest: sp = Semantics.f32Nearest(top: sp)
        case .f32Sqrt: unary(sp) { Semantics.f32Sqrt($0) }
        case .f32Add: binary(&sp) { Semantics.f32Add($0, $1) }
        case .f32Sub: binary(&sp) { Semantics.f32Sub($0, $1) }
        case .f32Mul: binary(&sp) { Semantics.f32Mul($0, $1) }
        case .f32Div: binary(&sp) { Semantics.f32Div($0, $1) }
        case .f32Min: binary(&sp) { Semantics.f32Min($0, $1) }
        case .f32Max: binary(&sp) { Semantics.f32Max($0, $1) }
        case .f32Copysign: binary(&sp) { Semantics.f32Copysign($0, $1) }
        case .f64Abs: unary(sp) { Semantics.f64Abs($0) }
        case .f64Neg: unary(sp) { Semantics.f64Neg($0) }
        case .f64Ceil: sp = Semantics.f64Ceil(top: sp)
        case .f64Floor: sp = Semantics.f64Floor(top: sp)
        case .f64Trunc: sp = Semantics.f64Trunc(top: sp)
        case .f64Nearest: sp = Semantics.f64Nearest(top: sp)
        case .f64Sqrt: unary(sp) { Semantics.f64Sqrt($0) }
        case .f64Add: binary(&sp) { Semantics.f64Add($0, $1) }
        case .f64Sub: binary(&sp) { Semantics.f64Sub($0, $1) }
        case .f64Mul: binary(&sp) { Semantics.f64Mul($0, $1) }
        case .f64Div: binary(&sp) { Semantics.f64Div($0, $1) }
        case .f64Min: binary(&sp) { Semantics.f64Min($0, $1) }
        case .f64Max: binary(&sp) { Semantics.f64Max($0, $1) }
        case .f64Copysign: binary(&sp) { Semantics.f64Copysign($0, $1) }
        case .i32WrapI64: unary(sp) { Semantics.i32WrapI64($0) }
        case .i32TruncF32S:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i32TruncF32S(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .i32TruncF32U:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i32TruncF32U(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .i32TruncF64S:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i32TruncF64S(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .i32TruncF64U:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i32TruncF64U(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .i64ExtendI32S: unary(sp) { Semantics.i64ExtendI32S($0) }
        case .i64ExtendI32U: unary(sp) { Semantics.i64ExtendI32U($0) }
        case .i64TruncF32S:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i64TruncF32S(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .i64TruncF32U:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i64TruncF32U(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .i64TruncF64S:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i64TruncF64S(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .i64TruncF64U:
          var kind = TrapKind.integerOverflow
          guard let next = Semantics.i64TruncF64U(top: sp, trap: &kind) else {
            exit = .trapped(kind)
            break dispatch
          }
          sp = next
        case .f32ConvertI32S: unary(sp) { Semantics.f32ConvertI32S($0) }
        case .f32ConvertI32U: unary(sp) { Semantics.f32ConvertI32U($0) }
        case .f32ConvertI64S: unary(sp) { Semantics.f32ConvertI64S($0) }
        case .f32ConvertI64U: unary(sp) { Semantics.f32ConvertI64U($0) }
        case .f32DemoteF64: unary(sp) { Semantics.f32DemoteF64($0) }
        case .f64ConvertI32S: unary(sp) { Semantics.f64ConvertI32S($0) }
        case .f64ConvertI32U: unary(sp) { Semantics.f64ConvertI32U($0) }
        case .f64ConvertI64S: unary(sp) { Semantics.f64ConvertI64S($0) }
        case .f64ConvertI64U: unary(sp) { Semantics.f64ConvertI64U($0) }
        case .f64PromoteF32: unary(sp) { Semantics.f64PromoteF32($0) }
        case .i32ReinterpretF32: unary(sp) { Semantics.i32ReinterpretF32($0) }
        case .i64ReinterpretF64: unary(sp) { Semantics.i64ReinterpretF64($0) }
        case .f32ReinterpretI32: unary(sp) { Semantics.f32ReinterpretI32($0) }
        case .f64ReinterpretI64: unary(sp) { Semantics.f64ReinterpretI64($0) }
        case .i32Extend8S: unary(sp) { Semantics.i32Extend8S($0) }
        case .i32Extend16S: unary(sp) { Semantics.i32Extend16S($0) }
        case .i64Extend8S: unary(sp) { Semantics.i64Extend8S($0) }
        case .i64Extend16S: unary(sp) { Semantics.i64Extend16S($0) }
        case .i64Extend32S: unary(sp) { Semantics.i64Extend32S($0) }
        case .i32TruncSatF32S: unary(sp) { Semantics.i32TruncSatF32S($0) }
        case .i32TruncSatF32U: unary(sp) { Semantics.i32TruncSatF32U($0) }
        case .i32TruncSatF64S: unary(sp) { Semantics.i32TruncSatF64S($0) }
        case .i32TruncSatF64U: unary(sp) { Semantics.i32TruncSatF64U($0) }
        case .i64TruncSatF32S: unary(sp) { Semantics.i64TruncSatF32S($0) }
        case .i64TruncSatF32U: unary(sp) { Semantics.i64TruncSatF32U($0) }
        case .i64TruncSatF64S: unary(sp) { Semantics.i64TruncSatF64S($0) }
        case .i64TruncSatF64U: unary(sp) { Semantics.i64TruncSatF64U($0) }
        // END GENERATED: wasbox-isa numeric handlers

        // MARK: Loads and stores
        // BEGIN GENERATED: wasbox-isa memory handlers
        case .i32Load:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 4, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i32Load(p)
          pc += 3
          continue
        case .i64Load:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 8, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i64Load(p)
          pc += 3
          continue
        case .f32Load:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 4, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.f32Load(p)
          pc += 3
          continue
        case .f64Load:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 8, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.f64Load(p)
          pc += 3
          continue
        case .i32Load8S:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 1, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i32Load8S(p)
          pc += 3
          continue
        case .i32Load8U:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 1, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i32Load8U(p)
          pc += 3
          continue
        case .i32Load16S:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 2, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i32Load16S(p)
          pc += 3
          continue
        case .i32Load16U:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 2, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i32Load16U(p)
          pc += 3
          continue
        case .i64Load8S:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 1, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i64Load8S(p)
          pc += 3
          continue
        case .i64Load8U:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 1, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i64Load8U(p)
          pc += 3
          continue
        case .i64Load16S:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 2, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i64Load16S(p)
          pc += 3
          continue
        case .i64Load16U:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 2, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i64Load16U(p)
          pc += 3
          continue
        case .i64Load32S:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 4, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i64Load32S(p)
          pc += 3
          continue
        case .i64Load32U:
          guard
            let p = effectiveAddress(
              sp[-1], offset: pc[1], size: 4, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[-1] = Semantics.i64Load32U(p)
          pc += 3
          continue
        case .i32Store:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 4, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.i32Store(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .i64Store:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 8, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.i64Store(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .f32Store:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 4, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.f32Store(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .f64Store:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 8, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.f64Store(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .i32Store8:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 1, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.i32Store8(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .i32Store16:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 2, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.i32Store16(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .i64Store8:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 1, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.i64Store8(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .i64Store16:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 2, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.i64Store16(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        case .i64Store32:
          guard
            let p = effectiveAddress(
              sp[-2], offset: pc[1], size: 4, in: memoryViews[int(pc[2])])
          else {
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          Semantics.i64Store32(p, sp[-1])
          sp -= 2
          pc += 3
          continue
        // END GENERATED: wasbox-isa memory handlers

        // MARK: Fused (see "Fusion" in Op.swift)
        case .localLocalI32Add:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Add($0, $1) }
          continue
        case .localLocalI32Sub:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Sub($0, $1) }
          continue
        case .localLocalI32Mul:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Mul($0, $1) }
          continue
        case .localLocalI32And:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32And($0, $1) }
          continue
        case .localLocalI32Or:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Or($0, $1) }
          continue
        case .localLocalI32Xor:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Xor($0, $1) }
          continue
        case .localLocalI32Shl:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Shl($0, $1) }
          continue
        case .localLocalI32ShrS:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32ShrS($0, $1) }
          continue
        case .localLocalI32ShrU:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32ShrU($0, $1) }
          continue
        case .localLocalI32Eq:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Eq($0, $1) != 0 }
          continue
        case .localLocalI32Ne:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) { Semantics.i32Ne($0, $1) != 0 }
          continue
        case .localLocalI32LtS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32LtS($0, $1) != 0
          }
          continue
        case .localLocalI32LtU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32LtU($0, $1) != 0
          }
          continue
        case .localLocalI32GtS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32GtS($0, $1) != 0
          }
          continue
        case .localLocalI32GtU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32GtU($0, $1) != 0
          }
          continue
        case .localLocalI32LeS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32LeS($0, $1) != 0
          }
          continue
        case .localLocalI32LeU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32LeU($0, $1) != 0
          }
          continue
        case .localLocalI32GeS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32GeS($0, $1) != 0
          }
          continue
        case .localLocalI32GeU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], fp[int(pc[3])]) {
            Semantics.i32GeU($0, $1) != 0
          }
          continue
        case .localConstI32Add:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Add($0, $1) }
          continue
        case .localConstI32Sub:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Sub($0, $1) }
          continue
        case .localConstI32Mul:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Mul($0, $1) }
          continue
        case .localConstI32And:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32And($0, $1) }
          continue
        case .localConstI32Or:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Or($0, $1) }
          continue
        case .localConstI32Xor:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Xor($0, $1) }
          continue
        case .localConstI32Shl:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Shl($0, $1) }
          continue
        case .localConstI32ShrS:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32ShrS($0, $1) }
          continue
        case .localConstI32ShrU:
          deliver(&sp, &pc, fp, 5, fp[int(pc[1])], pc[3]) { Semantics.i32ShrU($0, $1) }
          continue
        case .localConstI32Eq:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Eq($0, $1) != 0 }
          continue
        case .localConstI32Ne:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32Ne($0, $1) != 0 }
          continue
        case .localConstI32LtS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32LtS($0, $1) != 0 }
          continue
        case .localConstI32LtU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32LtU($0, $1) != 0 }
          continue
        case .localConstI32GtS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32GtS($0, $1) != 0 }
          continue
        case .localConstI32GtU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32GtU($0, $1) != 0 }
          continue
        case .localConstI32LeS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32LeS($0, $1) != 0 }
          continue
        case .localConstI32LeU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32LeU($0, $1) != 0 }
          continue
        case .localConstI32GeS:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32GeS($0, $1) != 0 }
          continue
        case .localConstI32GeU:
          decide(&sp, &pc, code, 5, fp[int(pc[1])], pc[3]) { Semantics.i32GeU($0, $1) != 0 }
          continue
        case .constI32Add:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32Add($0, $1) }
          continue
        case .constI32Sub:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32Sub($0, $1) }
          continue
        case .constI32Mul:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32Mul($0, $1) }
          continue
        case .constI32And:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32And($0, $1) }
          continue
        case .constI32Or:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32Or($0, $1) }
          continue
        case .constI32Xor:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32Xor($0, $1) }
          continue
        case .constI32Shl:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32Shl($0, $1) }
          continue
        case .constI32ShrS:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32ShrS($0, $1) }
          continue
        case .constI32ShrU:
          sp -= 1
          deliver(&sp, &pc, fp, 3, sp[0], pc[1]) { Semantics.i32ShrU($0, $1) }
          continue
        case .constI32Eq:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32Eq($0, $1) != 0 }
          continue
        case .constI32Ne:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32Ne($0, $1) != 0 }
          continue
        case .constI32LtS:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32LtS($0, $1) != 0 }
          continue
        case .constI32LtU:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32LtU($0, $1) != 0 }
          continue
        case .constI32GtS:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32GtS($0, $1) != 0 }
          continue
        case .constI32GtU:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32GtU($0, $1) != 0 }
          continue
        case .constI32LeS:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32LeS($0, $1) != 0 }
          continue
        case .constI32LeU:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32LeU($0, $1) != 0 }
          continue
        case .constI32GeS:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32GeS($0, $1) != 0 }
          continue
        case .constI32GeU:
          sp -= 1
          decide(&sp, &pc, code, 3, sp[0], pc[1]) { Semantics.i32GeU($0, $1) != 0 }
          continue
        // BEGIN GENERATED: wasbox-isa fused memory handlers
        case .localGetI32Load:
          guard
            let p = effectiveAddress(
              fp[int(pc[1])], offset: pc[3], size: 4, in: memoryViews[int(pc[4])])
          else {
            pc += 2
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[0] = Semantics.i32Load(p)
          sp += 1
          pc += 5
          continue
        case .localGetI64Load:
          guard
            let p = effectiveAddress(
              fp[int(pc[1])], offset: pc[3], size: 8, in: memoryViews[int(pc[4])])
          else {
            pc += 2
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[0] = Semantics.i64Load(p)
          sp += 1
          pc += 5
          continue
        case .localGetI32Load8U:
          guard
            let p = effectiveAddress(
              fp[int(pc[1])], offset: pc[3], size: 1, in: memoryViews[int(pc[4])])
          else {
            pc += 2
            exit = .trapped(.outOfBoundsMemoryAccess)
            break dispatch
          }
          sp[0] = Semantics.i32Load8U(p)
          sp += 1
          pc += 5
          continue
        // END GENERATED: wasbox-isa fused memory handlers
        }
        pc += 1
      }
      self.pc = pc - code
      self.sp = sp - self.stack
      return exit
    }
  }

  /// The opcode of a code word: a bit cast (see ``Op/init(uncheckedWord:)``); opcode words
  /// come only from the translator, which writes nothing above the last opcode.
  @inline(__always)
  private func decode(_ word: CodeWord) -> Op { Op(uncheckedWord: word) }

  /// Keeps the top `keep` slots and removes the `drop` slots beneath them.
  @inline(__always)
  private func branch(_ sp: inout Slots, drop: Int, keep: Int) {
    guard drop > 0 else { return }
    let destination = sp - keep - drop
    let source = sp - keep
    for i in 0..<keep { destination[i] = source[i] }
    sp -= drop
  }

  /// `table.get/set/size`, `elem.drop` and `data.drop`, out of line: they touch arrays in
  /// classes, whose calls (exclusivity, uniqueness) would otherwise force the loop's `sp` out
  /// of its register for every instruction. Returns the new `sp`, or `nil` when the table
  /// index is out of bounds.
  @inline(never)
  private func tableOrSegmentOp(
    _ op: Op, _ pc: UnsafePointer<CodeWord>, _ sp: Slots, _ instance: Unmanaged<Instance>
  ) -> Slots? {
    instance._withUnsafeGuaranteedRef { instance in
      switch op {
      case .tableGet:
        let table = instance.tables[int(pc[1])]
        let index = sp[-1] & table.addressMask
        guard index < UInt64(table.elements.count) else { return nil }
        sp[-1] = table.elements[Int(index)]
        return sp
      case .tableSet:
        let table = instance.tables[int(pc[1])]
        let index = sp[-2] & table.addressMask
        guard index < UInt64(table.elements.count) else { return nil }
        table.elements[Int(index)] = sp[-1]
        return sp - 2
      case .tableSize:
        sp[0] = UInt64(instance.tables[int(pc[1])].elements.count)
        return sp + 1
      case .elemDrop:
        instance.elementSegments[int(pc[1])] = []
        return sp
      default:
        instance.dataSegments[int(pc[1])] = []
        return sp
      }
    }
  }

  /// Makes ``memoryViews`` describe the memories of `instance`, unless it already does. An
  /// instance without memories gets one zero-size view, so that no index reads past the table.
  /// The check is inlined (every call and return passes here); the refill is not.
  @inline(__always)
  func refreshMemoryViews(_ instance: Unmanaged<Instance>) {
    if memoryCacheOwner != instance.toOpaque() { refillMemoryViews(instance) }
  }

  @inline(never)
  private func refillMemoryViews(_ instance: Unmanaged<Instance>) {
    instance._withUnsafeGuaranteedRef { instance in
      let count = instance.memories.count
      if count > memoryViewCapacity {
        memoryViews.deallocate()
        memoryViews = UnsafeMutablePointer<MemoryView>.allocate(capacity: count)
        memoryViewCapacity = count
      }
      if count == 0 {
        memoryViews.initialize(to: MemoryView(base: noMemory, byteCount: 0))
      }
      for (i, memory) in instance.memories.enumerated() {
        (memoryViews + i).initialize(
          to: MemoryView(
            base: memory.base, byteCount: UInt64(memory.byteCount),
            addressMask: memory.type.addressType.maxValue))
      }
    }
    memoryCacheOwner = instance.toOpaque()
  }

  /// The store address a `call_indirect` reaches, or the trap it raises. `element` is the
  /// operand slot, read as the table's address type says (an i32, or an i64 for table64).
  @inline(never)
  func resolveIndirect(
    _ instance: Unmanaged<Instance>, typeIndex: Int, tableIndex: Int, element: UInt64
  ) -> IndirectTarget {
    instance._withUnsafeGuaranteedRef { instance in
      let (slot, index) = instance.tableReferences[tableIndex]._withUnsafeGuaranteedRef {
        table in
        let index = element & table.addressMask
        return (index < UInt64(table.elements.count) ? table.elements[Int(index)] : nil, index)
      }
      guard let reference = slot else { return .trap(.undefinedElement) }
      guard reference != 0 else {
        // ``Trap/elementIndex`` is a `UInt32`: a slot beyond 2^32 - 1 (only in a 64-bit table
        // larger than that) is not named.
        trapElementIndex = UInt32(exactly: index)
        return .trap(.uninitializedElement)
      }
      let address = Int(truncatingIfNeeded: reference - 1)
      guard address >= 0 else { return .trap(.uninitializedElement) }
      if address >= calleeCapacity || callees[address].kind == .unresolved {
        guard resolve(address) else { return .trap(.uninitializedElement) }
      }
      guard callees[address].typeID == instance.typeIDs[typeIndex] else {
        return .trap(.indirectCallTypeMismatch)
      }
      return .function(address)
    }
  }
}
