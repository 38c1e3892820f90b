/// How far a bulk instruction got with the fuel it was given.
enum BulkOutcome {
  /// Finished; its operands are replaced by its result (if any).
  case done
  /// Did what fuel allowed and rewrote its operands to describe the rest (or, for a grow,
  /// recorded the payment in ``Execution/growPaid``); continue the same instruction later.
  case partial
  /// Not started because fuel does not cover it and partial progress was not allowed.
  case needFuel
  case trap(TrapKind)
}

extension Execution {
  /// Runs the bulk instruction `op` (memory/table fill, copy, init, grow) whose immediates
  /// follow `pc` and whose operands are on top of `sp`, paying one tick per byte, element or
  /// page from `fuel`. Its base tick is paid by the caller.
  ///
  /// Ranges are checked whole before anything is written, so a trap never leaves a partial
  /// effect. Chunks keep operand order invariant: a copy whose destination lies above its source
  /// works from the end, so overlapping copies stay correct however they are sliced.
  func bulk(
    _ op: Op, _ pc: UnsafePointer<CodeWord>, _ sp: inout UnsafeMutablePointer<UInt64>,
    _ instance: Instance, _ fuel: inout UInt64, partial: Bool
  ) -> BulkOutcome {
    if op == .memoryGrow || op == .tableGrow {
      return grow(op, pc, &sp, instance, &fuel, partial: partial)
    }
    // Each operand is read as its address type says (the entity's, or the narrower of the
    // two for a copy's length; a segment's offset and length are i32), and ranges are checked
    // without adding (``fits(_:_:in:)``): 64-bit operands may be anything up to 2^64 - 1.
    switch op {
    case .memoryFill:
      let memory = instance.memories[Int(pc[1])]
      let mask = memory.type.addressType.maxValue
      let (a, n) = (sp[-3] & mask, sp[-1] & mask)
      guard fits(a, n, in: memory.byteCount) else { return .trap(.outOfBoundsMemoryAccess) }
      guard let c = chunk(n, &fuel, partial) else { return .needFuel }
      (memory.base + Int(a)).initializeMemory(
        as: UInt8.self, repeating: UInt8(truncatingIfNeeded: sp[-2]), count: Int(c))
      return advance(&sp, c, n, dst: a, src: nil, forward: true)
    case .memoryCopy:
      let destination = instance.memories[Int(pc[1])]
      let source = instance.memories[Int(pc[2])]
      let (to, from) = (destination.type.addressType, source.type.addressType)
      let (a, s, n) = (
        sp[-3] & to.maxValue, sp[-2] & from.maxValue, sp[-1] & to.narrower(from).maxValue
      )
      guard fits(a, n, in: destination.byteCount), fits(s, n, in: source.byteCount) else {
        return .trap(.outOfBoundsMemoryAccess)
      }
      guard let c = chunk(n, &fuel, partial) else { return .needFuel }
      let skip = a > s ? Int(n - c) : 0
      (destination.base + Int(a) + skip).copyMemory(
        from: source.base + Int(s) + skip, byteCount: Int(c))
      return advance(&sp, c, n, dst: a, src: s, forward: a <= s)
    case .memoryInit:
      let memory = instance.memories[Int(pc[2])]
      let segment = Int(pc[1])
      let a = sp[-3] & memory.type.addressType.maxValue
      let (s, n) = (UInt64(u32(sp[-2])), UInt64(u32(sp[-1])))
      guard fits(a, n, in: memory.byteCount),
        fits(s, n, in: instance.dataSegments[segment].count)
      else { return .trap(.outOfBoundsMemoryAccess) }
      guard let c = chunk(n, &fuel, partial) else { return .needFuel }
      instance.dataSegments[segment].withUnsafeBytes { bytes in
        if let start = bytes.baseAddress {
          (memory.base + Int(a)).copyMemory(from: start + Int(s), byteCount: Int(c))
        }
      }
      return advance(&sp, c, n, dst: a, src: s, forward: true)
    case .tableFill:
      let table = instance.tables[Int(pc[1])]
      let mask = table.addressMask
      let (a, n) = (sp[-3] & mask, sp[-1] & mask)
      guard fits(a, n, in: table.elements.count) else { return .trap(.outOfBoundsTableAccess) }
      guard let c = chunk(n, &fuel, partial) else { return .needFuel }
      let value = sp[-2]
      for i in Int(a)..<Int(a + c) { table.elements[i] = value }
      return advance(&sp, c, n, dst: a, src: nil, forward: true)
    case .tableCopy:
      let destination = instance.tables[Int(pc[1])]
      let source = instance.tables[Int(pc[2])]
      let (to, from) = (destination.type.addressType, source.type.addressType)
      let (a, s, n) = (
        sp[-3] & to.maxValue, sp[-2] & from.maxValue, sp[-1] & to.narrower(from).maxValue
      )
      guard fits(a, n, in: destination.elements.count), fits(s, n, in: source.elements.count)
      else { return .trap(.outOfBoundsTableAccess) }
      guard let c = chunk(n, &fuel, partial) else { return .needFuel }
      if a > s {
        var i = Int(n)
        let stop = Int(n - c)
        while i > stop {
          i -= 1
          destination.elements[Int(a) + i] = source.elements[Int(s) + i]
        }
      } else {
        for i in 0..<Int(c) { destination.elements[Int(a) + i] = source.elements[Int(s) + i] }
      }
      return advance(&sp, c, n, dst: a, src: s, forward: a <= s)
    case .tableInit:
      let table = instance.tables[Int(pc[2])]
      let segment = Int(pc[1])
      let a = sp[-3] & table.addressMask
      let (s, n) = (UInt64(u32(sp[-2])), UInt64(u32(sp[-1])))
      guard fits(a, n, in: table.elements.count),
        fits(s, n, in: instance.elementSegments[segment].count)
      else { return .trap(.outOfBoundsTableAccess) }
      guard let c = chunk(n, &fuel, partial) else { return .needFuel }
      for i in 0..<Int(c) {
        table.elements[Int(a) + i] = instance.elementSegments[segment][Int(s) + i]
      }
      return advance(&sp, c, n, dst: a, src: s, forward: true)
    default:
      return .trap(.unreachable)
    }
  }

  /// Whether `[start, start + count)` lies within `size` units, decided without forming the
  /// sum (both may be up to 2^64 - 1 for a 64-bit memory or table).
  @inline(__always)
  private func fits(_ start: UInt64, _ count: UInt64, in size: Int) -> Bool {
    let size = UInt64(size)
    return start <= size && count <= size - start
  }

  /// The units to process now: all `n` when fuel covers them, else what fuel allows when
  /// `partial`, else `nil`. Deducts them from `fuel`.
  @inline(__always)
  private func chunk(_ n: UInt64, _ fuel: inout UInt64, _ partial: Bool) -> UInt64? {
    if n <= fuel {
      fuel -= n
      return n
    }
    guard partial else { return nil }
    let c = fuel
    fuel = 0
    return c
  }

  /// Pops the three operands when `c` covers the remaining `n`, else rewrites them to describe
  /// what is left (forward chunks move both starts; backward chunks only shrink the length).
  @inline(__always)
  private func advance(
    _ sp: inout UnsafeMutablePointer<UInt64>, _ c: UInt64, _ n: UInt64, dst: UInt64,
    src: UInt64?, forward: Bool
  ) -> BulkOutcome {
    if c == n {
      sp -= 3
      return .done
    }
    sp[-1] = n - c
    guard forward else { return .partial }
    sp[-3] = dst + c
    if let src { sp[-2] = src + c }
    return .partial
  }

  /// `memory.grow` / `table.grow`: atomic, so the per-unit cost is accumulated in `growPaid`
  /// (across slices if need be) before anything changes. A grow that cannot succeed costs
  /// nothing beyond its base tick.
  private func grow(
    _ op: Op, _ pc: UnsafePointer<CodeWord>, _ sp: inout UnsafeMutablePointer<UInt64>,
    _ instance: Instance, _ fuel: inout UInt64, partial: Bool
  ) -> BulkOutcome {
    // A 64-bit memory or table takes a 64-bit delta and fails with a 64-bit -1; any delta
    // beyond the room fails before anything is charged, however large.
    let room: Int
    let addressType: AddressType
    if op == .memoryGrow {
      let memory = instance.memories[Int(pc[1])]
      (room, addressType) = (memory.growRoom, memory.type.addressType)
    } else {
      let table = instance.tables[Int(pc[1])]
      (room, addressType) = (table.growRoom, table.type.addressType)
    }
    let delta = sp[-1] & addressType.maxValue
    let failed = addressType.maxValue
    guard room >= 0, delta <= UInt64(room) else {
      growPaid = 0
      if op == .tableGrow { sp -= 1 }
      sp[-1] = failed
      return .done
    }
    let owed = delta - min(growPaid, delta)
    if owed > fuel {
      guard partial else { return .needFuel }
      growPaid += fuel
      fuel = 0
      return .partial
    }
    fuel -= owed
    growPaid = 0
    memoryCacheOwner = nil
    if op == .memoryGrow {
      let old = instance.memories[Int(pc[1])].grow(by: delta)
      sp[-1] = old.map { UInt64($0) } ?? failed
    } else {
      let old = instance.tables[Int(pc[1])].grow(by: delta, initial: sp[-2])
      sp -= 1
      sp[-1] = old.map { UInt64($0) } ?? failed
    }
    return .done
  }

  /// Continues the bulk instruction at `pc` whose base tick an earlier slice paid.
  func continueBulk() -> BulkOutcome {
    guard let function = current else { return .done }
    let code = function._withUnsafeGuaranteedRef { $0.code }
    guard let base = code.baseAddress,
      let length = instructionLength(
        code: UnsafeBufferPointer(code), at: pc),
      let op = Op(rawValue: UInt16(truncatingIfNeeded: code[pc]))
    else { return .trap(.unreachable) }
    var top = stack + sp
    let instance = function._withUnsafeGuaranteedRef { $0.instance }
    let outcome = bulk(op, base + pc, &top, instance, &fuel, partial: true)
    sp = top - stack
    switch outcome {
    case .done:
      bulkBasePaid = false
      pc += length
    case .trap:
      bulkBasePaid = false
    case .partial, .needFuel:
      break
    }
    return outcome
  }
}
