/// The stack loops' SIMD instruction (``Op/simd``), out of line so that its dispatch over the
/// SIMD table stays out of the loops' register pressure. The semantics are the table's
/// (``simdCompute(_:_:_:)``, ``simdLoad(_:_:_:_:)``, ``simdStore(_:_:_:_:)``); this adds
/// what every memory access shares: the address operand, the bounds check and the trap.
///
/// Every write here and in the dispatchers is at a non-negative offset from a pointer the
/// caller passed: the loops pass the stack's base and the top's index, and `simdCompute` gets
/// its operands' first slot. Given only the top, Swift 6.3's optimizer (`-O`, whole module)
/// assumes a callee writes nothing below the pointer it gets and moves the caller's earlier
/// stores past the call: a splat's low half came out as its operand.
extension Execution {
  /// Runs the SIMD instruction at `pc` on the operand stack of `stack` whose top is slot
  /// `top`: the new top and the instruction's length in words, or `nil` when its memory
  /// access is out of bounds.
  @inline(never)
  func simd(_ pc: UnsafePointer<CodeWord>, _ stack: Slots, _ top: Int) -> (top: Int, length: Int)? {
    let sp = stack + top
    // The translator writes only raw values of the table's ops.
    guard let op = SIMDOp(rawValue: UInt16(truncatingIfNeeded: pc[1])) else { return nil }
    let entry = op.entry
    let length = 2 + entry.immediate.words
    let immediates = pc + 2
    switch entry.kind {
    case .compute:
      return (simdCompute(op, sp - entry.operandSlots, immediates) - stack, length)
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
      return (addressSlot + 2 - stack, length)
    case .store:
      let hasLane = entry.immediate == .memArgLane
      guard
        let p = effectiveAddress(
          sp[-3], offset: immediates[0], size: UInt64(entry.bytes),
          in: memoryViews[int(immediates[1])])
      else { return nil }
      simdStore(op, p, V128(low: sp[-2], high: sp[-1]), hasLane ? int(immediates[2]) : 0)
      return (top - 3, length)
    }
  }
}
