/// The stack loops' SIMD instruction (``Op/simd``), out of line so that its dispatch over the
/// SIMD table stays out of the loops' register pressure. The semantics are the table's
/// (``simdCompute(_:_:_:)``, ``simdLoad(_:_:_:_:)``, ``simdStore(_:_:_:_:)``); this adds
/// what every memory access shares: the address operand, the bounds check and the trap.
extension Execution {
  /// Runs the SIMD instruction at `pc` on the operand stack ending at `sp`: the new `sp` and
  /// the instruction's length in words, or `nil` when its memory access is out of bounds.
  @inline(never)
  func simd(_ pc: UnsafePointer<CodeWord>, _ sp: Slots) -> (sp: Slots, length: Int)? {
    // The translator writes only raw values of the table's ops.
    guard let op = SIMDOp(rawValue: UInt16(truncatingIfNeeded: pc[1])) else { return nil }
    let entry = op.entry
    let length = 2 + entry.immediate.words
    let immediates = pc + 2
    switch entry.kind {
    case .compute:
      return (simdCompute(op, sp, immediates), length)
    case .load:
      // `[offset, memory (, lane)]`; a lane load's vector is on top of the address.
      let hasLane = entry.immediate == .memArgLane
      let addressSlot = hasLane ? sp - 3 : sp - 1
      guard
        let p = effectiveAddress(
          addressSlot[0], offset: immediates[0], size: UInt64(entry.bytes),
          in: memoryViews[int(immediates[1])])
      else { return nil }
      let vector = hasLane ? V128(low: sp[-2], high: sp[-1]) : .zero
      let result = simdLoad(op, p, vector, hasLane ? int(immediates[2]) : 0)
      addressSlot[0] = result.low
      addressSlot[1] = result.high
      return (addressSlot + 2, length)
    case .store:
      let hasLane = entry.immediate == .memArgLane
      guard
        let p = effectiveAddress(
          sp[-3], offset: immediates[0], size: UInt64(entry.bytes),
          in: memoryViews[int(immediates[1])])
      else { return nil }
      simdStore(op, p, V128(low: sp[-2], high: sp[-1]), hasLane ? int(immediates[2]) : 0)
      return (sp - 3, length)
    }
  }
}
