extension Execution {
  /// The register loop: runs register code (see ``RegOp``) block by block, with every block
  /// paid for at its ``RegOp/charge``. It never stops inside a block: a `charge` that fuel
  /// cannot cover hands over to the exact loop at the matching stack-code position, and an
  /// ``RegOp/escape`` hands the rest of its (paid) block to the stack fast loop.
  ///
  /// `self.pc` and `self.sp` are stack-code positions whenever it leaves, so the driver and
  /// the other loops never see register code. Hot state lives in locals: `pc`, the frame base
  /// `fp`, `fuel`, the code base, the instance and memory 0's view (calls and returns inside
  /// the loop update them); the operand stack's top exists only as an operand field, where
  /// calls, returns and exits need it.
  @inline(never)
  func registerLoop() -> LoopExit {
    reload: while true {
      guard let function = current, var instance = currentInstance else {
        return .completed
      }
      let (registerCode, entries) = function._withUnsafeGuaranteedRef {
        ($0.registerCode, $0.registerEntries)
      }
      guard let registerCode, let entries else { return .enterStack }
      let entry = Int(entries[self.pc])
      guard entry >= 0 else { return .enterStack }
      refreshMemoryViews(instance)
      // Memory 0, the only one register code reaches, kept at hand; it changes only with the
      // instance (calls and returns re-read it) or by growing, which leaves the loop.
      var memory = memoryViews[0]
      var fp = self.stack + self.fp
      var pc = UnsafePointer(registerCode) + entry
      // Fuel lives in a register while the loop runs; every way out stores it back.
      var fuel = self.fuel

      while true {
        switch opcode(pc) {
        case .charge:
          let cost = pc[0] &>> RegisterWord.chargeCostShift
          if fuel >= cost {
            fuel -= cost
            pc += 2
            continue
          }
          self.fuel = fuel
          self.pc = Int(truncatingIfNeeded: pc[1] & 0xFFFF_FFFF)
          self.sp = self.fp &+ Int(truncatingIfNeeded: pc[1] &>> 32)
          return fuel == 0 ? .paused : .enterExact

        // MARK: Control
        case .jump:
          land(pc[1], &pc, &fuel)
          continue
        case .jumpIfZero:
          if u32(fp[RegisterWord.x(pc)]) == 0 {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 2, &pc, &fuel)
          }
          continue
        case .jumpIfNonZero:
          if u32(fp[RegisterWord.x(pc)]) != 0 {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 2, &pc, &fuel)
          }
          continue
        case .brI32Eq:
          let taken = Semantics.i32Eq(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32EqImm:
          let taken = Semantics.i32Eq(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32Ne:
          let taken = Semantics.i32Ne(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32NeImm:
          let taken = Semantics.i32Ne(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32LtS:
          let taken = Semantics.i32LtS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32LtSImm:
          let taken = Semantics.i32LtS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32LtU:
          let taken = Semantics.i32LtU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32LtUImm:
          let taken = Semantics.i32LtU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32GtS:
          let taken = Semantics.i32GtS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32GtSImm:
          let taken = Semantics.i32GtS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32GtU:
          let taken = Semantics.i32GtU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32GtUImm:
          let taken = Semantics.i32GtU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32LeS:
          let taken = Semantics.i32LeS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32LeSImm:
          let taken = Semantics.i32LeS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32LeU:
          let taken = Semantics.i32LeU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32LeUImm:
          let taken = Semantics.i32LeU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32GeS:
          let taken = Semantics.i32GeS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32GeSImm:
          let taken = Semantics.i32GeS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32GeU:
          let taken = Semantics.i32GeU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI32GeUImm:
          let taken = Semantics.i32GeU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64Eq:
          let taken = Semantics.i64Eq(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64EqImm:
          let taken = Semantics.i64Eq(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64Ne:
          let taken = Semantics.i64Ne(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64NeImm:
          let taken = Semantics.i64Ne(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64LtS:
          let taken = Semantics.i64LtS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64LtSImm:
          let taken = Semantics.i64LtS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64LtU:
          let taken = Semantics.i64LtU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64LtUImm:
          let taken = Semantics.i64LtU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64GtS:
          let taken = Semantics.i64GtS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64GtSImm:
          let taken = Semantics.i64GtS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64GtU:
          let taken = Semantics.i64GtU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64GtUImm:
          let taken = Semantics.i64GtU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64LeS:
          let taken = Semantics.i64LeS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64LeSImm:
          let taken = Semantics.i64LeS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64LeU:
          let taken = Semantics.i64LeU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64LeUImm:
          let taken = Semantics.i64LeU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64GeS:
          let taken = Semantics.i64GeS(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64GeSImm:
          let taken = Semantics.i64GeS(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64GeU:
          let taken = Semantics.i64GeU(fp[RegisterWord.x(pc)], fp[RegisterWord.y(pc)]) != 0
          if taken {
            land(pc[1], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 2, &pc, &fuel)
          }
          continue
        case .brI64GeUImm:
          let taken = Semantics.i64GeU(fp[RegisterWord.x(pc)], pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32TestImm:
          let taken = u32(fp[RegisterWord.x(pc)]) & u32(pc[1]) != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI32TestZeroImm:
          let taken = u32(fp[RegisterWord.x(pc)]) & u32(pc[1]) == 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64TestImm:
          let taken = fp[RegisterWord.x(pc)] & pc[1] != 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brI64TestZeroImm:
          let taken = fp[RegisterWord.x(pc)] & pc[1] == 0
          if taken {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .brTable:
          let count = pc[1]
          // A conditional, not `min`: the inliner gave up on `min` here once the loop grew
          // (an out-of-line call in the dispatch cost br_table 14% more instructions).
          let selector = UInt64(u32(fp[RegisterWord.x(pc)]))
          let index = selector < count ? selector : count
          let entry = pc + 2 + 2 * Int(truncatingIfNeeded: index)
          let drop = Int(truncatingIfNeeded: entry[1] & 0xFFFF_FFFF)
          if drop > 0 {
            let keep = Int(truncatingIfNeeded: entry[1] &>> 32)
            let top = fp + RegisterWord.y(pc)
            for i in 0..<keep { top[i - keep - drop] = top[i - keep] }
          }
          land(entry[0], &pc, &fuel)
          continue
        case .return:
          if returnInLoop(&fp, &pc, &instance, &memory, &fuel) { continue }
          self.fuel = fuel
          self.sp = self.fp &+ RegisterWord.x(pc)
          if leave() { return .completed }
          continue reload
        case .chargeAndReturn:
          let cost = UInt64(truncatingIfNeeded: RegisterWord.z(pc))
          if fuel >= cost {
            fuel -= cost
            if returnInLoop(&fp, &pc, &instance, &memory, &fuel) { continue }
            self.fuel = fuel
            self.sp = self.fp &+ RegisterWord.x(pc)
            if leave() { return .completed }
            continue reload
          }
          let count = RegisterWord.y(pc)
          let top = Int(truncatingIfNeeded: pc[1] &>> 32)
          let source = fp + (RegisterWord.x(pc) &- count)
          let destination = fp + (top &- count)
          for i in 0..<count { destination[i] = source[i] }
          self.fuel = fuel
          self.pc = Int(truncatingIfNeeded: pc[1] & 0xFFFF_FFFF)
          self.sp = self.fp &+ top
          return fuel == 0 ? .paused : .enterExact
        case .call:
          let callee = pc[1]
          if let function = CalleeWord.direct(callee),
            callInLoop(function, pc, returningTo: pc + 3, &fp, &pc, &instance, &memory, &fuel)
          {
            continue
          }
          let address = CalleeWord.address(callee)
          if let exit = enterCallee(address, from: pc, returnPC: pc[2], tail: false, fuel) {
            return exit
          }
          continue reload
        case .callAfterAddImm:
          fp[RegisterWord.x(pc) &- 1] = slot(u32(fp[RegisterWord.y(pc)]) &+ u32(pc[1]))
          let callee = pc[2]
          if let function = CalleeWord.direct(callee),
            callInLoop(function, pc, returningTo: pc + 4, &fp, &pc, &instance, &memory, &fuel)
          {
            continue
          }
          let address = CalleeWord.address(callee)
          if let exit = enterCallee(address, from: pc, returnPC: pc[3], tail: false, fuel) {
            return exit
          }
          continue reload
        case .returnCall:
          let address = CalleeWord.address(pc[1])
          if let exit = enterCallee(address, from: pc, returnPC: pc[2], tail: true, fuel) {
            return exit
          }
          continue reload
        case .callIndirect, .returnCallIndirect:
          let target = resolveIndirect(
            instance, typeIndex: int(pc[1] & 0xFFFF_FFFF), tableIndex: int(pc[1] &>> 32),
            element: fp[RegisterWord.y(pc)])
          let address: Int
          switch target {
          case .function(let found): address = found
          case .trap(let kind): return trapped(kind, at: pc, fuel)
          }
          // `resolveIndirect` resolved the callee's cache entry; only wasm entries have `wasm`.
          if opcode(pc) == .callIndirect, let function = callees[address].wasm,
            function._withUnsafeGuaranteedRef({ $0.registerCode != nil }),
            callInLoop(function, pc, returningTo: pc + 3, &fp, &pc, &instance, &memory, &fuel)
          {
            continue
          }
          let tail = opcode(pc) == .returnCallIndirect
          if let exit = enterCallee(address, from: pc, returnPC: pc[2], tail: tail, fuel) {
            return exit
          }
          continue reload
        case .escape:
          self.fuel = fuel
          self.pc = int(pc[1])
          self.sp = self.fp &+ RegisterWord.x(pc)
          return .escaped
        case .unreachable:
          return trapped(.unreachable, at: pc, fuel)

        // MARK: Moves, variables
        case .copy:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
        case .const:
          fp[RegisterWord.x(pc)] = pc[1]
          pc += 2
          continue
        case .select:
          let condition = u32(fp[int(pc[1])])
          fp[RegisterWord.x(pc)] = condition != 0 ? fp[RegisterWord.y(pc)] : fp[RegisterWord.z(pc)]
          pc += 2
          continue
        case .globalGet:
          fp[RegisterWord.x(pc)] = instance._withUnsafeGuaranteedRef { $0.globals[int(pc[1])].slot }
          pc += 2
          continue
        case .globalSet:
          let value = fp[RegisterWord.x(pc)]
          instance._withUnsafeGuaranteedRef { $0.globals[int(pc[1])].slot = value }
          pc += 2
          continue

        // MARK: Numeric (generated from the instruction table)
        // BEGIN GENERATED: wasbox-isa numeric handlers
        case .i32Eqz: unaryInPlace(fp, pc) { Semantics.i32Eqz($0) }
        case .i32Eq: binaryInPlace(fp, pc) { Semantics.i32Eq($0, $1) }
        case .i32Ne: binaryInPlace(fp, pc) { Semantics.i32Ne($0, $1) }
        case .i32LtS: binaryInPlace(fp, pc) { Semantics.i32LtS($0, $1) }
        case .i32LtU: binaryInPlace(fp, pc) { Semantics.i32LtU($0, $1) }
        case .i32GtS: binaryInPlace(fp, pc) { Semantics.i32GtS($0, $1) }
        case .i32GtU: binaryInPlace(fp, pc) { Semantics.i32GtU($0, $1) }
        case .i32LeS: binaryInPlace(fp, pc) { Semantics.i32LeS($0, $1) }
        case .i32LeU: binaryInPlace(fp, pc) { Semantics.i32LeU($0, $1) }
        case .i32GeS: binaryInPlace(fp, pc) { Semantics.i32GeS($0, $1) }
        case .i32GeU: binaryInPlace(fp, pc) { Semantics.i32GeU($0, $1) }
        case .i64Eqz: unaryInPlace(fp, pc) { Semantics.i64Eqz($0) }
        case .i64Eq: binaryInPlace(fp, pc) { Semantics.i64Eq($0, $1) }
        case .i64Ne: binaryInPlace(fp, pc) { Semantics.i64Ne($0, $1) }
        case .i64LtS: binaryInPlace(fp, pc) { Semantics.i64LtS($0, $1) }
        case .i64LtU: binaryInPlace(fp, pc) { Semantics.i64LtU($0, $1) }
        case .i64GtS: binaryInPlace(fp, pc) { Semantics.i64GtS($0, $1) }
        case .i64GtU: binaryInPlace(fp, pc) { Semantics.i64GtU($0, $1) }
        case .i64LeS: binaryInPlace(fp, pc) { Semantics.i64LeS($0, $1) }
        case .i64LeU: binaryInPlace(fp, pc) { Semantics.i64LeU($0, $1) }
        case .i64GeS: binaryInPlace(fp, pc) { Semantics.i64GeS($0, $1) }
        case .i64GeU: binaryInPlace(fp, pc) { Semantics.i64GeU($0, $1) }
        case .f32Eq: binaryInPlace(fp, pc) { Semantics.f32Eq($0, $1) }
        case .f32Ne: binaryInPlace(fp, pc) { Semantics.f32Ne($0, $1) }
        case .f32Lt: binaryInPlace(fp, pc) { Semantics.f32Lt($0, $1) }
        case .f32Gt: binaryInPlace(fp, pc) { Semantics.f32Gt($0, $1) }
        case .f32Le: binaryInPlace(fp, pc) { Semantics.f32Le($0, $1) }
        case .f32Ge: binaryInPlace(fp, pc) { Semantics.f32Ge($0, $1) }
        case .f64Eq: binaryInPlace(fp, pc) { Semantics.f64Eq($0, $1) }
        case .f64Ne: binaryInPlace(fp, pc) { Semantics.f64Ne($0, $1) }
        case .f64Lt: binaryInPlace(fp, pc) { Semantics.f64Lt($0, $1) }
        case .f64Gt: binaryInPlace(fp, pc) { Semantics.f64Gt($0, $1) }
        case .f64Le: binaryInPlace(fp, pc) { Semantics.f64Le($0, $1) }
        case .f64Ge: binaryInPlace(fp, pc) { Semantics.f64Ge($0, $1) }
        case .i32Clz: unaryInPlace(fp, pc) { Semantics.i32Clz($0) }
        case .i32Ctz: unaryInPlace(fp, pc) { Semantics.i32Ctz($0) }
        case .i32Popcnt: unaryInPlace(fp, pc) { Semantics.i32Popcnt($0) }
        case .i32Add: binaryInPlace(fp, pc) { Semantics.i32Add($0, $1) }
        case .i32Sub: binaryInPlace(fp, pc) { Semantics.i32Sub($0, $1) }
        case .i32Mul: binaryInPlace(fp, pc) { Semantics.i32Mul($0, $1) }
        case .i32DivS:
          do throws(NumericTrap) {
            let result = try Semantics.i32DivS(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i32DivU:
          do throws(NumericTrap) {
            let result = try Semantics.i32DivU(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i32RemS:
          do throws(NumericTrap) {
            let result = try Semantics.i32RemS(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i32RemU:
          do throws(NumericTrap) {
            let result = try Semantics.i32RemU(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i32And: binaryInPlace(fp, pc) { Semantics.i32And($0, $1) }
        case .i32Or: binaryInPlace(fp, pc) { Semantics.i32Or($0, $1) }
        case .i32Xor: binaryInPlace(fp, pc) { Semantics.i32Xor($0, $1) }
        case .i32Shl: binaryInPlace(fp, pc) { Semantics.i32Shl($0, $1) }
        case .i32ShrS: binaryInPlace(fp, pc) { Semantics.i32ShrS($0, $1) }
        case .i32ShrU: binaryInPlace(fp, pc) { Semantics.i32ShrU($0, $1) }
        case .i32Rotl: binaryInPlace(fp, pc) { Semantics.i32Rotl($0, $1) }
        case .i32Rotr: binaryInPlace(fp, pc) { Semantics.i32Rotr($0, $1) }
        case .i64Clz: unaryInPlace(fp, pc) { Semantics.i64Clz($0) }
        case .i64Ctz: unaryInPlace(fp, pc) { Semantics.i64Ctz($0) }
        case .i64Popcnt: unaryInPlace(fp, pc) { Semantics.i64Popcnt($0) }
        case .i64Add: binaryInPlace(fp, pc) { Semantics.i64Add($0, $1) }
        case .i64Sub: binaryInPlace(fp, pc) { Semantics.i64Sub($0, $1) }
        case .i64Mul: binaryInPlace(fp, pc) { Semantics.i64Mul($0, $1) }
        case .i64DivS:
          do throws(NumericTrap) {
            let result = try Semantics.i64DivS(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i64DivU:
          do throws(NumericTrap) {
            let result = try Semantics.i64DivU(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i64RemS:
          do throws(NumericTrap) {
            let result = try Semantics.i64RemS(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i64RemU:
          do throws(NumericTrap) {
            let result = try Semantics.i64RemU(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
            fp[RegisterWord.x(pc)] = result
          } catch {
            return trapped(error.kind, at: pc, fuel)
          }
        case .i64And: binaryInPlace(fp, pc) { Semantics.i64And($0, $1) }
        case .i64Or: binaryInPlace(fp, pc) { Semantics.i64Or($0, $1) }
        case .i64Xor: binaryInPlace(fp, pc) { Semantics.i64Xor($0, $1) }
        case .i64Shl: binaryInPlace(fp, pc) { Semantics.i64Shl($0, $1) }
        case .i64ShrS: binaryInPlace(fp, pc) { Semantics.i64ShrS($0, $1) }
        case .i64ShrU: binaryInPlace(fp, pc) { Semantics.i64ShrU($0, $1) }
        case .i64Rotl: binaryInPlace(fp, pc) { Semantics.i64Rotl($0, $1) }
        case .i64Rotr: binaryInPlace(fp, pc) { Semantics.i64Rotr($0, $1) }
        case .f32Abs: unaryInPlace(fp, pc) { Semantics.f32Abs($0) }
        case .f32Neg: unaryInPlace(fp, pc) { Semantics.f32Neg($0) }
        case .f32Ceil:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f32Ceil(top: fp + RegisterWord.x(pc) + 1)
        case .f32Floor:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f32Floor(top: fp + RegisterWord.x(pc) + 1)
        case .f32Trunc:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f32Trunc(top: fp + RegisterWord.x(pc) + 1)
        case .f32Nearest:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f32Nearest(top: fp + RegisterWord.x(pc) + 1)
        case .f32Sqrt: unaryInPlace(fp, pc) { Semantics.f32Sqrt($0) }
        case .f32Add: binaryInPlace(fp, pc) { Semantics.f32Add($0, $1) }
        case .f32Sub: binaryInPlace(fp, pc) { Semantics.f32Sub($0, $1) }
        case .f32Mul: binaryInPlace(fp, pc) { Semantics.f32Mul($0, $1) }
        case .f32Div: binaryInPlace(fp, pc) { Semantics.f32Div($0, $1) }
        case .f32Min: binaryInPlace(fp, pc) { Semantics.f32Min($0, $1) }
        case .f32Max: binaryInPlace(fp, pc) { Semantics.f32Max($0, $1) }
        case .f32Copysign: binaryInPlace(fp, pc) { Semantics.f32Copysign($0, $1) }
        case .f64Abs: unaryInPlace(fp, pc) { Semantics.f64Abs($0) }
        case .f64Neg: unaryInPlace(fp, pc) { Semantics.f64Neg($0) }
        case .f64Ceil:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f64Ceil(top: fp + RegisterWord.x(pc) + 1)
        case .f64Floor:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f64Floor(top: fp + RegisterWord.x(pc) + 1)
        case .f64Trunc:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f64Trunc(top: fp + RegisterWord.x(pc) + 1)
        case .f64Nearest:
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)]
          _ = Semantics.f64Nearest(top: fp + RegisterWord.x(pc) + 1)
        case .f64Sqrt: unaryInPlace(fp, pc) { Semantics.f64Sqrt($0) }
        case .f64Add: binaryInPlace(fp, pc) { Semantics.f64Add($0, $1) }
        case .f64Sub: binaryInPlace(fp, pc) { Semantics.f64Sub($0, $1) }
        case .f64Mul: binaryInPlace(fp, pc) { Semantics.f64Mul($0, $1) }
        case .f64Div: binaryInPlace(fp, pc) { Semantics.f64Div($0, $1) }
        case .f64Min: binaryInPlace(fp, pc) { Semantics.f64Min($0, $1) }
        case .f64Max: binaryInPlace(fp, pc) { Semantics.f64Max($0, $1) }
        case .f64Copysign: binaryInPlace(fp, pc) { Semantics.f64Copysign($0, $1) }
        case .i32WrapI64: unaryInPlace(fp, pc) { Semantics.i32WrapI64($0) }
        case .i32TruncF32S:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i32TruncF32S(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .i32TruncF32U:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i32TruncF32U(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .i32TruncF64S:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i32TruncF64S(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .i32TruncF64U:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i32TruncF64U(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .i64ExtendI32S: unaryInPlace(fp, pc) { Semantics.i64ExtendI32S($0) }
        case .i64ExtendI32U: unaryInPlace(fp, pc) { Semantics.i64ExtendI32U($0) }
        case .i64TruncF32S:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i64TruncF32S(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .i64TruncF32U:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i64TruncF32U(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .i64TruncF64S:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i64TruncF64S(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .i64TruncF64U:
          var kind = TrapKind.integerOverflow
          let destination = fp + RegisterWord.x(pc)
          destination[0] = fp[RegisterWord.y(pc)]
          guard Semantics.i64TruncF64U(top: destination + 1, trap: &kind) != nil else {
            return trapped(kind, at: pc, fuel)
          }
        case .f32ConvertI32S: unaryInPlace(fp, pc) { Semantics.f32ConvertI32S($0) }
        case .f32ConvertI32U: unaryInPlace(fp, pc) { Semantics.f32ConvertI32U($0) }
        case .f32ConvertI64S: unaryInPlace(fp, pc) { Semantics.f32ConvertI64S($0) }
        case .f32ConvertI64U: unaryInPlace(fp, pc) { Semantics.f32ConvertI64U($0) }
        case .f32DemoteF64: unaryInPlace(fp, pc) { Semantics.f32DemoteF64($0) }
        case .f64ConvertI32S: unaryInPlace(fp, pc) { Semantics.f64ConvertI32S($0) }
        case .f64ConvertI32U: unaryInPlace(fp, pc) { Semantics.f64ConvertI32U($0) }
        case .f64ConvertI64S: unaryInPlace(fp, pc) { Semantics.f64ConvertI64S($0) }
        case .f64ConvertI64U: unaryInPlace(fp, pc) { Semantics.f64ConvertI64U($0) }
        case .f64PromoteF32: unaryInPlace(fp, pc) { Semantics.f64PromoteF32($0) }
        case .i32ReinterpretF32: unaryInPlace(fp, pc) { Semantics.i32ReinterpretF32($0) }
        case .i64ReinterpretF64: unaryInPlace(fp, pc) { Semantics.i64ReinterpretF64($0) }
        case .f32ReinterpretI32: unaryInPlace(fp, pc) { Semantics.f32ReinterpretI32($0) }
        case .f64ReinterpretI64: unaryInPlace(fp, pc) { Semantics.f64ReinterpretI64($0) }
        case .i32Extend8S: unaryInPlace(fp, pc) { Semantics.i32Extend8S($0) }
        case .i32Extend16S: unaryInPlace(fp, pc) { Semantics.i32Extend16S($0) }
        case .i64Extend8S: unaryInPlace(fp, pc) { Semantics.i64Extend8S($0) }
        case .i64Extend16S: unaryInPlace(fp, pc) { Semantics.i64Extend16S($0) }
        case .i64Extend32S: unaryInPlace(fp, pc) { Semantics.i64Extend32S($0) }
        case .i32TruncSatF32S: unaryInPlace(fp, pc) { Semantics.i32TruncSatF32S($0) }
        case .i32TruncSatF32U: unaryInPlace(fp, pc) { Semantics.i32TruncSatF32U($0) }
        case .i32TruncSatF64S: unaryInPlace(fp, pc) { Semantics.i32TruncSatF64S($0) }
        case .i32TruncSatF64U: unaryInPlace(fp, pc) { Semantics.i32TruncSatF64U($0) }
        case .i64TruncSatF32S: unaryInPlace(fp, pc) { Semantics.i64TruncSatF32S($0) }
        case .i64TruncSatF32U: unaryInPlace(fp, pc) { Semantics.i64TruncSatF32U($0) }
        case .i64TruncSatF64S: unaryInPlace(fp, pc) { Semantics.i64TruncSatF64S($0) }
        case .i64TruncSatF64U: unaryInPlace(fp, pc) { Semantics.i64TruncSatF64U($0) }
        // END GENERATED: wasbox-isa numeric handlers

        // MARK: Numeric with a constant right operand
        case .i32EqImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Eq($0, $1) }
          pc += 2
          continue
        case .i32NeImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Ne($0, $1) }
          pc += 2
          continue
        case .i32LtSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32LtS($0, $1) }
          pc += 2
          continue
        case .i32LtUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32LtU($0, $1) }
          pc += 2
          continue
        case .i32GtSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32GtS($0, $1) }
          pc += 2
          continue
        case .i32GtUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32GtU($0, $1) }
          pc += 2
          continue
        case .i32LeSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32LeS($0, $1) }
          pc += 2
          continue
        case .i32LeUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32LeU($0, $1) }
          pc += 2
          continue
        case .i32GeSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32GeS($0, $1) }
          pc += 2
          continue
        case .i32GeUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32GeU($0, $1) }
          pc += 2
          continue
        case .i32AddImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Add($0, $1) }
          pc += 2
          continue
        case .i32SubImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Sub($0, $1) }
          pc += 2
          continue
        case .i32MulImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Mul($0, $1) }
          pc += 2
          continue
        case .i32AndImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32And($0, $1) }
          pc += 2
          continue
        case .i32OrImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Or($0, $1) }
          pc += 2
          continue
        case .i32XorImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Xor($0, $1) }
          pc += 2
          continue
        case .i32ShlImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Shl($0, $1) }
          pc += 2
          continue
        case .i32ShrSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32ShrS($0, $1) }
          pc += 2
          continue
        case .i32ShrUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32ShrU($0, $1) }
          pc += 2
          continue
        case .i32RotlImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Rotl($0, $1) }
          pc += 2
          continue
        case .i32RotrImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i32Rotr($0, $1) }
          pc += 2
          continue
        case .i64EqImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Eq($0, $1) }
          pc += 2
          continue
        case .i64NeImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Ne($0, $1) }
          pc += 2
          continue
        case .i64LtSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64LtS($0, $1) }
          pc += 2
          continue
        case .i64LtUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64LtU($0, $1) }
          pc += 2
          continue
        case .i64GtSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64GtS($0, $1) }
          pc += 2
          continue
        case .i64GtUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64GtU($0, $1) }
          pc += 2
          continue
        case .i64LeSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64LeS($0, $1) }
          pc += 2
          continue
        case .i64LeUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64LeU($0, $1) }
          pc += 2
          continue
        case .i64GeSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64GeS($0, $1) }
          pc += 2
          continue
        case .i64GeUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64GeU($0, $1) }
          pc += 2
          continue
        case .i64AddImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Add($0, $1) }
          pc += 2
          continue
        case .i64SubImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Sub($0, $1) }
          pc += 2
          continue
        case .i64MulImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Mul($0, $1) }
          pc += 2
          continue
        case .i64AndImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64And($0, $1) }
          pc += 2
          continue
        case .i64OrImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Or($0, $1) }
          pc += 2
          continue
        case .i64XorImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Xor($0, $1) }
          pc += 2
          continue
        case .i64ShlImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Shl($0, $1) }
          pc += 2
          continue
        case .i64ShrSImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64ShrS($0, $1) }
          pc += 2
          continue
        case .i64ShrUImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64ShrU($0, $1) }
          pc += 2
          continue
        case .i64RotlImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Rotl($0, $1) }
          pc += 2
          continue
        case .i64RotrImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.i64Rotr($0, $1) }
          pc += 2
          continue
        case .f64AddImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.f64Add($0, $1) }
          pc += 2
          continue
        case .f64SubImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.f64Sub($0, $1) }
          pc += 2
          continue
        case .f64MulImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.f64Mul($0, $1) }
          pc += 2
          continue
        case .f64DivImm:
          binaryInPlace(fp, pc, pc[1]) { Semantics.f64Div($0, $1) }
          pc += 2
          continue
        // MARK: Loads and stores, at a constant address, of a constant, into an operator
        // BEGIN GENERATED: wasbox-isa memory handlers
        case .i32Load:
          if load(fp, &pc, memory, size: 4, { Semantics.i32Load($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load:
          if load(fp, &pc, memory, size: 8, { Semantics.i64Load($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32Load:
          if load(fp, &pc, memory, size: 4, { Semantics.f32Load($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64Load:
          if load(fp, &pc, memory, size: 8, { Semantics.f64Load($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load8S:
          if load(fp, &pc, memory, size: 1, { Semantics.i32Load8S($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load8U:
          if load(fp, &pc, memory, size: 1, { Semantics.i32Load8U($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load16S:
          if load(fp, &pc, memory, size: 2, { Semantics.i32Load16S($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load16U:
          if load(fp, &pc, memory, size: 2, { Semantics.i32Load16U($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load8S:
          if load(fp, &pc, memory, size: 1, { Semantics.i64Load8S($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load8U:
          if load(fp, &pc, memory, size: 1, { Semantics.i64Load8U($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load16S:
          if load(fp, &pc, memory, size: 2, { Semantics.i64Load16S($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load16U:
          if load(fp, &pc, memory, size: 2, { Semantics.i64Load16U($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load32S:
          if load(fp, &pc, memory, size: 4, { Semantics.i64Load32S($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load32U:
          if load(fp, &pc, memory, size: 4, { Semantics.i64Load32U($0) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Store:
          if store(fp, &pc, memory, size: 4, { Semantics.i32Store($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Store:
          if store(fp, &pc, memory, size: 8, { Semantics.i64Store($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32Store:
          if store(fp, &pc, memory, size: 4, { Semantics.f32Store($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64Store:
          if store(fp, &pc, memory, size: 8, { Semantics.f64Store($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Store8:
          if store(fp, &pc, memory, size: 1, { Semantics.i32Store8($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Store16:
          if store(fp, &pc, memory, size: 2, { Semantics.i32Store16($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Store8:
          if store(fp, &pc, memory, size: 1, { Semantics.i64Store8($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Store16:
          if store(fp, &pc, memory, size: 2, { Semantics.i64Store16($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Store32:
          if store(fp, &pc, memory, size: 4, { Semantics.i64Store32($0, $1) }) { continue }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32LoadAt:
          guard let p = constantAddress(pc, memory, size: 4) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          fp[RegisterWord.x(pc)] = Semantics.i32Load(p)
          pc += 2
          continue
        case .i64LoadAt:
          guard let p = constantAddress(pc, memory, size: 8) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          fp[RegisterWord.x(pc)] = Semantics.i64Load(p)
          pc += 2
          continue
        case .f32LoadAt:
          guard let p = constantAddress(pc, memory, size: 4) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          fp[RegisterWord.x(pc)] = Semantics.f32Load(p)
          pc += 2
          continue
        case .f64LoadAt:
          guard let p = constantAddress(pc, memory, size: 8) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          fp[RegisterWord.x(pc)] = Semantics.f64Load(p)
          pc += 2
          continue
        case .i32StoreAt:
          guard let p = constantAddress(pc, memory, size: 4) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          Semantics.i32Store(p, fp[RegisterWord.y(pc)])
          pc += 2
          continue
        case .i64StoreAt:
          guard let p = constantAddress(pc, memory, size: 8) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          Semantics.i64Store(p, fp[RegisterWord.y(pc)])
          pc += 2
          continue
        case .f32StoreAt:
          guard let p = constantAddress(pc, memory, size: 4) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          Semantics.f32Store(p, fp[RegisterWord.y(pc)])
          pc += 2
          continue
        case .f64StoreAt:
          guard let p = constantAddress(pc, memory, size: 8) else {
            return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
          }
          Semantics.f64Store(p, fp[RegisterWord.y(pc)])
          pc += 2
          continue
        case .i32StoreConstant:
          if storeConstant(fp, &pc, memory, size: 4, { Semantics.i32Store($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64StoreConstant:
          if storeConstant(fp, &pc, memory, size: 8, { Semantics.i64Store($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Store8Constant:
          if storeConstant(fp, &pc, memory, size: 1, { Semantics.i32Store8($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Store16Constant:
          if storeConstant(fp, &pc, memory, size: 2, { Semantics.i32Store16($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32AddLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.i32Load($0) },
            { Semantics.i32Add($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32SubLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.i32Load($0) },
            { Semantics.i32Sub($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32MulLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.i32Load($0) },
            { Semantics.i32Mul($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32AndLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.i32Load($0) },
            { Semantics.i32And($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32OrLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.i32Load($0) },
            { Semantics.i32Or($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32XorLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.i32Load($0) },
            { Semantics.i32Xor($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64AddLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.i64Load($0) },
            { Semantics.i64Add($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64SubLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.i64Load($0) },
            { Semantics.i64Sub($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64MulLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.i64Load($0) },
            { Semantics.i64Mul($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64AndLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.i64Load($0) },
            { Semantics.i64And($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64OrLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.i64Load($0) },
            { Semantics.i64Or($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64XorLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.i64Load($0) },
            { Semantics.i64Xor($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32AddLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.f32Load($0) },
            { Semantics.f32Add($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32SubLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.f32Load($0) },
            { Semantics.f32Sub($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32MulLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.f32Load($0) },
            { Semantics.f32Mul($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32DivLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 4, { Semantics.f32Load($0) },
            { Semantics.f32Div($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64AddLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.f64Load($0) },
            { Semantics.f64Add($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64SubLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.f64Load($0) },
            { Semantics.f64Sub($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64MulLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.f64Load($0) },
            { Semantics.f64Mul($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64DivLoad:
          if binaryWithLoad(
            fp, &pc, memory, size: 8, { Semantics.f64Load($0) },
            { Semantics.f64Div($0, $1) })
          {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32LoadMem64:
          if wideLoad(fp, &pc, memory, size: 4, { Semantics.i32Load($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64LoadMem64:
          if wideLoad(fp, &pc, memory, size: 8, { Semantics.i64Load($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32LoadMem64:
          if wideLoad(fp, &pc, memory, size: 4, { Semantics.f32Load($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64LoadMem64:
          if wideLoad(fp, &pc, memory, size: 8, { Semantics.f64Load($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load8SMem64:
          if wideLoad(fp, &pc, memory, size: 1, { Semantics.i32Load8S($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load8UMem64:
          if wideLoad(fp, &pc, memory, size: 1, { Semantics.i32Load8U($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load16SMem64:
          if wideLoad(fp, &pc, memory, size: 2, { Semantics.i32Load16S($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Load16UMem64:
          if wideLoad(fp, &pc, memory, size: 2, { Semantics.i32Load16U($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load8SMem64:
          if wideLoad(fp, &pc, memory, size: 1, { Semantics.i64Load8S($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load8UMem64:
          if wideLoad(fp, &pc, memory, size: 1, { Semantics.i64Load8U($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load16SMem64:
          if wideLoad(fp, &pc, memory, size: 2, { Semantics.i64Load16S($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load16UMem64:
          if wideLoad(fp, &pc, memory, size: 2, { Semantics.i64Load16U($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load32SMem64:
          if wideLoad(fp, &pc, memory, size: 4, { Semantics.i64Load32S($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Load32UMem64:
          if wideLoad(fp, &pc, memory, size: 4, { Semantics.i64Load32U($0) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32StoreMem64:
          if wideStore(fp, &pc, memory, size: 4, { Semantics.i32Store($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64StoreMem64:
          if wideStore(fp, &pc, memory, size: 8, { Semantics.i64Store($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f32StoreMem64:
          if wideStore(fp, &pc, memory, size: 4, { Semantics.f32Store($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .f64StoreMem64:
          if wideStore(fp, &pc, memory, size: 8, { Semantics.f64Store($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Store8Mem64:
          if wideStore(fp, &pc, memory, size: 1, { Semantics.i32Store8($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i32Store16Mem64:
          if wideStore(fp, &pc, memory, size: 2, { Semantics.i32Store16($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Store8Mem64:
          if wideStore(fp, &pc, memory, size: 1, { Semantics.i64Store8($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Store16Mem64:
          if wideStore(fp, &pc, memory, size: 2, { Semantics.i64Store16($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        case .i64Store32Mem64:
          if wideStore(fp, &pc, memory, size: 4, { Semantics.i64Store32($0, $1) }) {
            continue
          }
          return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)
        // END GENERATED: wasbox-isa memory handlers

        // MARK: Operators on an inner result
        case .f64MulAdd:
          productInPlace(fp, &pc) { $0 + $1 }
          continue
        case .f64MulSub:
          productInPlace(fp, &pc) { $0 - $1 }
          continue
        case .f64MulMul:
          productInPlace(fp, &pc) { $0 * $1 }
          continue
        case .i32AddShlImm:
          let shifted = u32(fp[RegisterWord.z(pc)]) &<< u32(pc[1])
          fp[RegisterWord.x(pc)] = slot(u32(fp[RegisterWord.y(pc)]) &+ shifted)
          pc += 2
          continue
        case .i64AddShlImm:
          let shifted = fp[RegisterWord.z(pc)] &<< pc[1]
          fp[RegisterWord.x(pc)] = fp[RegisterWord.y(pc)] &+ shifted
          pc += 2
          continue
        case .i32AddMulImm:
          let product = u32(fp[RegisterWord.z(pc)]) &* u32(pc[1])
          fp[RegisterWord.x(pc)] = slot(u32(fp[RegisterWord.y(pc)]) &+ product)
          pc += 2
          continue
        case .f64AddMulImm:
          let product = f64(fp[RegisterWord.z(pc)]) * f64(pc[1])
          fp[RegisterWord.x(pc)] = slot(f64(fp[RegisterWord.y(pc)]) + product)
          pc += 2
          continue
        case .f64SubMulImm:
          let product = f64(fp[RegisterWord.z(pc)]) * f64(pc[1])
          fp[RegisterWord.x(pc)] = slot(f64(fp[RegisterWord.y(pc)]) - product)
          pc += 2
          continue
        case .i32ShlImmAddImm:
          let shifted = u32(fp[RegisterWord.y(pc)]) &<< u32(pc[1])
          fp[RegisterWord.x(pc)] = slot(shifted &+ UInt32(truncatingIfNeeded: pc[1] &>> 32))
          pc += 2
          continue
        case .i32MulImmAddImm:
          let product = u32(fp[RegisterWord.y(pc)]) &* u32(pc[1])
          fp[RegisterWord.x(pc)] = slot(product &+ UInt32(truncatingIfNeeded: pc[1] &>> 32))
          pc += 2
          continue
        case .i32XorRotlImm:
          let rotated = rotateLeft(u32(fp[RegisterWord.z(pc)]), u32(pc[1]))
          fp[RegisterWord.x(pc)] = slot(u32(fp[RegisterWord.y(pc)]) ^ rotated)
          pc += 2
          continue
        case .i32XorShrUImm:
          let shifted = u32(fp[RegisterWord.z(pc)]) &>> u32(pc[1])
          fp[RegisterWord.x(pc)] = slot(u32(fp[RegisterWord.y(pc)]) ^ shifted)
          pc += 2
          continue

        // MARK: Paired increments
        case .i32AddImmPair:
          let first = RegisterWord.x(pc)
          fp[first] = slot(u32(fp[first]) &+ u32(pc[1]))
          let second = RegisterWord.y(pc)
          fp[second] = slot(u32(fp[second]) &+ UInt32(truncatingIfNeeded: pc[1] &>> 32))
          pc += 2
          continue
        case .i32AddImmTwice:
          let sum = slot(u32(fp[RegisterWord.y(pc)]) &+ u32(pc[1]))
          fp[RegisterWord.x(pc)] = sum
          fp[RegisterWord.z(pc)] = sum
          pc += 2
          continue

        // MARK: Increment and branch
        case .incrementJumpIfNonZero:
          increment(fp, pc[1])
          if u32(fp[RegisterWord.x(pc)]) != 0 {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 3, &pc, &fuel)
          }
          continue
        case .incrementBrI32LtU:
          increment(fp, pc[1])
          if u32(fp[RegisterWord.x(pc)]) < u32(fp[RegisterWord.y(pc)]) {
            land(pc[2], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterY, length: 3, &pc, &fuel)
          }
          continue
        case .incrementBrI32NeImm:
          increment(fp, pc[1])
          if u32(fp[RegisterWord.x(pc)]) != u32(pc[2]) {
            land(pc[3], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 4, &pc, &fuel)
          }
          continue
        case .incrementBrI32LtUImm:
          increment(fp, pc[1])
          if u32(fp[RegisterWord.x(pc)]) < u32(pc[2]) {
            land(pc[3], &pc, &fuel)
          } else {
            fallThrough(cost: pc[0] &>> RegisterWord.costAfterX, length: 4, &pc, &fuel)
          }
          continue
        // MARK: Constant on the left
        case .i32SubFromImm:
          binaryInPlace(fp, pc, pc[1]) { slot(u32($1) &- u32($0)) }
          pc += 2
          continue
        case .i64SubFromImm:
          binaryInPlace(fp, pc, pc[1]) { $1 &- $0 }
          pc += 2
          continue
        case .f64SubFromImm:
          binaryInPlace(fp, pc, pc[1]) { slot(f64($1) - f64($0)) }
          pc += 2
          continue
        case .f64DivIntoImm:
          binaryInPlace(fp, pc, pc[1]) { slot(f64($1) / f64($0)) }
          pc += 2
          continue
        }
        pc += 1
      }
    }
  }

  /// The general path of the call instruction at `pc` (operands' top in x): saves fuel and
  /// position, then enters the callee at store `address` through
  /// ``enter(address:returnPC:tail:)``, whose exit it returns (`nil`: reload and go on).
  @inline(__always)
  private func enterCallee(
    _ address: Int, from pc: UnsafePointer<CodeWord>, returnPC: CodeWord, tail: Bool,
    _ fuel: UInt64
  ) -> LoopExit? {
    self.fuel = fuel
    self.pc = stackPosition(pc)
    self.sp = self.fp &+ RegisterWord.x(pc)
    return enter(address: address, returnPC: int(returnPC), tail: tail)
  }

  /// Leaves the loop trapped with `kind` at the instruction at `pc`, saving fuel and position.
  private func trapped(
    _ kind: TrapKind, at pc: UnsafePointer<CodeWord>, _ fuel: UInt64
  ) -> LoopExit {
    self.fuel = fuel
    self.pc = stackPosition(pc)
    return .trapped(kind)
  }

  /// The opcode of the register instruction at `pc`. Only the translator writes register code,
  /// and it writes nothing but ``RegOp`` raw values into the low 16 bits, so a bit cast is safe
  /// and spares the dispatch the out-of-line `RegOp(rawValue:)`.
  @inline(__always)
  private func opcode(_ pc: UnsafePointer<CodeWord>) -> RegOp {
    unsafeBitCast(
      UInt16(littleEndian: UnsafeRawPointer(pc).load(as: UInt16.self)), to: RegOp.self)
  }

  /// The stack-code position of the register-code word at `pc` in the current function. The
  /// loop keeps no code base of its own: only leaving needs one, and `current` always names
  /// the function whose code `pc` is in.
  private func stackPosition(_ pc: UnsafePointer<CodeWord>) -> Int {
    guard let function = current else { return 0 }
    return function._withUnsafeGuaranteedRef { function in
      guard let code = function.registerCode, let positions = function.stackPositions else {
        return 0
      }
      return Int(positions[UnsafePointer(code).distance(to: pc)])
    }
  }

  /// Calls `function`, a wasm function with register code, without leaving the loop, for the
  /// call instruction at `at` (its top-of-operands slot in x) that ends just before
  /// `registerReturn`: pushes the caller's frame and points `fp`, `pc` and `instance` at the
  /// callee.
  /// Returns `false`, changing nothing, when the general path of
  /// ``enter(address:returnPC:tail:)`` must run: a frame or stack that must grow or overflows.
  @inline(__always)
  private func callInLoop(
    _ function: Unmanaged<WasmFunction>, _ at: UnsafePointer<CodeWord>,
    returningTo registerReturn: UnsafePointer<CodeWord>, _ fp: inout Slots,
    _ pc: inout UnsafePointer<CodeWord>, _ instance: inout Unmanaged<Instance>,
    _ memory: inout MemoryView, _ fuel: inout UInt64
  ) -> Bool {
    guard frameCount < registerFrameLimit else { return false }
    return function._withUnsafeGuaranteedRef { callee in
      let arguments = self.fp &+ RegisterWord.x(at)
      guard arguments &+ callee.slotsAboveArguments <= stackCapacity else { return false }
      // The loop runs only with a current function.
      frames[frameCount] = CallFrame(
        function: current.unsafelyUnwrapped, instance: instance, base: self.fp,
        registerReturn: registerReturn)
      frameCount &+= 1
      let locals = stack + arguments
      var i = 0
      while i < callee.localCount {
        locals[i] = 0
        i &+= 1
      }
      switchTo(
        function, of: callee.instanceReference, base: arguments &- callee.parameterCount,
        at: UnsafePointer(callee.registerCode.unsafelyUnwrapped), &fp, &pc, &instance, &memory,
        &fuel)
      return true
    }
  }

  /// Returns to a caller that called from register code without leaving the loop, for the
  /// `return` instruction at `pc` (results just below slot x, their count in y): moves the results
  /// to the frame base and points `fp`, `pc` and `instance` at the caller. Returns `false`,
  /// changing nothing, when the general path of ``leave()`` must run.
  @inline(__always)
  private func returnInLoop(
    _ fp: inout Slots, _ pc: inout UnsafePointer<CodeWord>, _ instance: inout Unmanaged<Instance>,
    _ memory: inout MemoryView, _ fuel: inout UInt64
  ) -> Bool {
    guard frameCount > 0 else { return false }
    let frame = frames + (frameCount &- 1)
    guard let returnPC = frame.pointee.registerReturn else { return false }
    let count = RegisterWord.y(pc)
    let source = fp + (RegisterWord.x(pc) &- count)
    if _fastPath(count == 1) {
      fp[0] = source[0]
    } else {
      for i in 0..<count { fp[i] = source[i] }
    }
    frameCount &-= 1
    switchTo(
      frame.pointee.function, of: frame.pointee.instance, base: frame.pointee.base, at: returnPC,
      &fp, &pc, &instance, &memory, &fuel)
    return true
  }

  /// The shared end of calls and returns in the loop: makes `function` of `newInstance`, with
  /// its frame base at slot `base`, the running function, and continues at the `charge` at
  /// `target` (paid here when fuel covers it, to save its dispatch).
  @inline(__always)
  private func switchTo(
    _ function: Unmanaged<WasmFunction>, of newInstance: Unmanaged<Instance>, base: Int,
    at target: UnsafePointer<CodeWord>, _ fp: inout Slots, _ pc: inout UnsafePointer<CodeWord>,
    _ instance: inout Unmanaged<Instance>, _ memory: inout MemoryView, _ fuel: inout UInt64
  ) {
    self.fp = base
    current = function
    currentInstance = newInstance
    if newInstance.toOpaque() != instance.toOpaque() {
      instance = newInstance
      refreshMemoryViews(newInstance)
      memory = memoryViews[0]
    }
    fp = stack + base
    pc = target
    payCharge(&pc, &fuel)
  }

  /// Where the `size` bytes at the address in `slot` (an operand of the access at `pc`) are in
  /// `memory`, or `nil` when they are out of bounds. A 32-bit memory's word is `[offset |
  /// displacement << 32]`: the displacement is added to the address modulo 2^32, then the
  /// offset. A `wide` (64-bit) memory's word is the whole offset, added to all 64 bits of the
  /// address without wrapping (``effectiveAddress64(_:offset:size:base:byteCount:)``). `wide`
  /// is a constant at every call, so each handler keeps one of the two checks.
  @inline(__always)
  private func address(
    _ slot: UInt64, _ pc: UnsafePointer<CodeWord>, _ memory: MemoryView, size: UInt64,
    wide: Bool
  ) -> UnsafeMutableRawPointer? {
    let word = pc[1]
    if wide {
      return effectiveAddress64(
        slot, offset: word, size: size, base: memory.base, byteCount: memory.byteCount)
    }
    return effectiveAddress(
      slot &+ word &>> 32, offset: word & 0xFFFF_FFFF, size: size, base: memory.base,
      byteCount: memory.byteCount)
  }

  /// Loads `size` bytes from `memory` at the address in slot `y` (see
  /// ``address(_:_:_:size:wide:)``), puts `read` of them in slot `x` and moves past the
  /// instruction; `false` when out of bounds.
  @inline(__always)
  private func load(
    _ fp: Slots, _ pc: inout UnsafePointer<CodeWord>, _ memory: MemoryView,
    size: UInt64, wide: Bool = false, _ read: (UnsafeMutableRawPointer) -> UInt64
  ) -> Bool {
    guard let p = address(fp[RegisterWord.y(pc)], pc, memory, size: size, wide: wide) else {
      return false
    }
    fp[RegisterWord.x(pc)] = read(p)
    pc += 2
    return true
  }

  /// Stores slot `y` with `write` at the address in slot `x` (see
  /// ``address(_:_:_:size:wide:)``), in `memory`, and moves past the instruction; `false` when
  /// out of bounds.
  @inline(__always)
  private func store(
    _ fp: Slots, _ pc: inout UnsafePointer<CodeWord>, _ memory: MemoryView,
    size: UInt64, wide: Bool = false, _ write: (UnsafeMutableRawPointer, UInt64) -> Void
  ) -> Bool {
    guard let p = address(fp[RegisterWord.x(pc)], pc, memory, size: size, wide: wide) else {
      return false
    }
    write(p, fp[RegisterWord.y(pc)])
    pc += 2
    return true
  }

  /// ``load(_:_:_:size:wide:_:)`` of a 64-bit memory, out of line: the `…Mem64` handlers are
  /// rare, and 23 more inlined bodies in the loop cost the 32-bit forms and the numeric
  /// handlers around them 5-12% (`wasbox-bench`, loop_sum, float_math, c_sha256).
  @inline(never)
  private func wideLoad(
    _ fp: Slots, _ pc: inout UnsafePointer<CodeWord>, _ memory: MemoryView,
    size: UInt64, _ read: (UnsafeMutableRawPointer) -> UInt64
  ) -> Bool {
    load(fp, &pc, memory, size: size, wide: true, read)
  }

  /// ``store(_:_:_:size:wide:_:)`` of a 64-bit memory, out of line like ``wideLoad``.
  @inline(never)
  private func wideStore(
    _ fp: Slots, _ pc: inout UnsafePointer<CodeWord>, _ memory: MemoryView,
    size: UInt64, _ write: (UnsafeMutableRawPointer, UInt64) -> Void
  ) -> Bool {
    store(fp, &pc, memory, size: size, wide: true, write)
  }

  /// Stores the constant in the instruction's upper 32 bits with `write` (the semantics of the
  /// store of its width, which keeps the low `size` bytes) at the address in slot x plus
  /// displacement and offset, in `memory`, and moves past the instruction; `false` when out of
  /// bounds.
  @inline(__always)
  private func storeConstant(
    _ fp: Slots, _ pc: inout UnsafePointer<CodeWord>, _ memory: MemoryView, size: UInt64,
    _ write: (UnsafeMutableRawPointer, UInt64) -> Void
  ) -> Bool {
    guard let p = address(fp[RegisterWord.x(pc)], pc, memory, size: size, wide: false) else {
      return false
    }
    write(p, pc[0] &>> 32)
    pc += 2
    return true
  }

  /// x = f(slot y, `read` of the `size` bytes at the address in slot `z` plus displacement and
  /// offset, in `memory`), and moves past the instruction; `false` when out of bounds. The
  /// operands are read before x is written, as x may name either.
  @inline(__always)
  private func binaryWithLoad(
    _ fp: Slots, _ pc: inout UnsafePointer<CodeWord>, _ memory: MemoryView, size: UInt64,
    _ read: (UnsafeMutableRawPointer) -> UInt64, _ f: (UInt64, UInt64) -> UInt64
  ) -> Bool {
    guard let p = address(fp[RegisterWord.z(pc)], pc, memory, size: size, wide: false) else {
      return false
    }
    fp[RegisterWord.x(pc)] = f(fp[RegisterWord.y(pc)], read(p))
    pc += 2
    return true
  }

  /// Where the `size` bytes at the constant address of the access at `pc` (its second word)
  /// are in `memory`, or `nil` when they are out of bounds.
  @inline(__always)
  private func constantAddress(
    _ pc: UnsafePointer<CodeWord>, _ memory: MemoryView, size: UInt64
  ) -> UnsafeMutableRawPointer? {
    let address = pc[1]
    guard address &+ size <= memory.byteCount else { return nil }
    return memory.base + Int(truncatingIfNeeded: address)
  }
}

/// Takes a branch to the landing word `landing` (see ``RegOp``): past the target block's
/// `charge` when fuel covers what the branch pays, else back onto that `charge` (or a loop
/// header's), which then stops.
@inline(__always)
func land(_ landing: CodeWord, _ pc: inout UnsafePointer<CodeWord>, _ fuel: inout UInt64) {
  let cost = landing &>> RegisterWord.landingCostShift
  pc += Int(Int32(truncatingIfNeeded: landing))
  if _slowPath(fuel < cost) {
    pc -= Int(truncatingIfNeeded: landing &>> 32 & 0xFF)
  } else {
    fuel &-= cost
  }
}

/// Pays the `charge` at `pc` and moves past it when fuel covers it; otherwise leaves `pc` on
/// it, to stop there. Calls and returns land on a `charge` this way without dispatching it (or
/// on a `chargeAndReturn`, which pays for itself when dispatched).
@inline(__always)
func payCharge(_ pc: inout UnsafePointer<CodeWord>, _ fuel: inout UInt64) {
  // A block that only returns starts with `chargeAndReturn` instead, whose upper bits are
  // operand fields, not a cost: read as one, they made huge budgets pay 2^32 + 2^16 + 2 more.
  guard UInt16(truncatingIfNeeded: pc[0]) == RegOp.charge.rawValue else { return }
  let cost = pc[0] &>> RegisterWord.chargeCostShift
  if _fastPath(fuel >= cost) {
    fuel &-= cost
    pc += 2
  }
}

/// Adds the low half of `step` to the i32 in the slot its bits 32–47 name (see
/// ``RegOp/incrementJumpIfNonZero``).
@inline(__always)
func increment(_ fp: Slots, _ step: CodeWord) {
  let slot = Int(truncatingIfNeeded: step &>> 32 & 0xFFFF)
  fp[slot] = WasmVM.slot(u32(fp[slot]) &+ UInt32(truncatingIfNeeded: step))
}

/// Falls through a conditional branch of `length` words into the next block, whose cost the
/// branch carries (0: it does not, and the block's own `charge` runs).
@inline(__always)
func fallThrough(
  cost: CodeWord, length: Int, _ pc: inout UnsafePointer<CodeWord>, _ fuel: inout UInt64
) {
  // Written as two branches rather than a conditional step: when the compiler turns this into
  // a `cmov`, every later `pc` depends on `fuel` and the dispatch serializes behind it
  // (measured: 1.7x slower on loop_sum).
  if cost != 0, fuel >= cost {
    fuel &-= cost
    pc += length + 2
  } else {
    pc += length
  }
}

/// x = f(y), for the register instruction at `pc` (see ``RegOp``).
@inline(__always)
func unaryInPlace(_ fp: Slots, _ pc: UnsafePointer<CodeWord>, _ f: (UInt64) -> UInt64) {
  fp[RegisterWord.x(pc)] = f(fp[RegisterWord.y(pc)])
}

/// x = f(y, z), for the register instruction at `pc`.
@inline(__always)
func binaryInPlace(
  _ fp: Slots, _ pc: UnsafePointer<CodeWord>, _ f: (UInt64, UInt64) -> UInt64
) {
  fp[RegisterWord.x(pc)] = f(fp[RegisterWord.y(pc)], fp[RegisterWord.z(pc)])
}

/// x = f(y, z * w) in `f64`, for the register instruction at `pc` with slot w in its second
/// word, and moves past it.
@inline(__always)
func productInPlace(
  _ fp: Slots, _ pc: inout UnsafePointer<CodeWord>, _ f: (Double, Double) -> Double
) {
  let product = f64(fp[RegisterWord.z(pc)]) * f64(fp[Int(truncatingIfNeeded: pc[1])])
  fp[RegisterWord.x(pc)] = slot(f(f64(fp[RegisterWord.y(pc)]), product))
  pc += 2
}

/// x = f(y, constant), for the register instruction at `pc`.
@inline(__always)
func binaryInPlace(
  _ fp: Slots, _ pc: UnsafePointer<CodeWord>, _ constant: UInt64,
  _ f: (UInt64, UInt64) -> UInt64
) {
  fp[RegisterWord.x(pc)] = f(fp[RegisterWord.y(pc)], constant)
}
