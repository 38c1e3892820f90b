// What `wasbox-isa` writes from the SIMD part of the instruction table
// (`SIMDInstructions.swift`): the `SIMDOp` enum with its entries, and the dispatchers that run
// an op's semantics over the interpreter's slots (a `v128` in two, low half first).

/// `Sources/WasmVM/ISA/SIMDOp.generated.swift`.
func renderSIMDOp() -> [String] {
  var lines = [
    "/// Every SIMD instruction (prefix `0xFD`), fixed-width and relaxed, in the order of the",
    "/// instruction table (`Sources/WasmISA/SIMDInstructions.swift`): by sub-opcode, raw values",
    "/// dense from 0.",
    "enum SIMDOp: UInt16, CaseIterable, Hashable, Sendable {",
  ]
  for instruction in simdInstructions {
    lines.append("  /// `\(instruction.name)` (\(instruction.encodingText))")
    if let choice = instruction.relaxedChoice {
      lines.append("  ///")
      lines.append("  /// Relaxed; wasbox's deterministic choice: \(choice)")
    }
    lines.append("  case \(instruction.caseName)")
  }
  lines += [
    "", "  /// Each case's table entry, indexed by raw value.",
    "  static let entries: [SIMDOpEntry] = [",
  ]
  for instruction in simdInstructions {
    let operands = instruction.operands.map { "." + $0.rawValue }.joined(separator: ", ")
    let result = instruction.result.map { "." + $0.rawValue } ?? "nil"
    lines.append(
      "    .init(\"\(instruction.name)\", \(hexByte(instruction.code)), .\(instruction.kind.rawValue), "
        + ".\(instruction.immediate.rawValue), [\(operands)], \(result), bytes: \(instruction.bytes), "
        + "laneCount: \(instruction.laneCount), ticks: \(instruction.ticks)),")
  }
  lines += ["  ]", "}"]
  return lines
}

/// The operands' bindings of a compute case, deepest first, from the first operand's slot.
private func operandBindings(_ instruction: SIMDInstruction) -> [String] {
  var offset = 0
  var lines: [String] = []
  for (name, type) in zip(["a", "b", "c"], instruction.operands) {
    lines.append(
      type == .v128
        ? "let \(name) = V128(low: operands[\(offset)], high: operands[\(offset + 1)])"
        : "let \(name) = operands[\(offset)]")
    offset += type.slots
  }
  return lines
}

/// `Sources/WasmVM/ISA/SIMDSemantics.generated.swift`: the only copy of every SIMD
/// instruction's semantics, one `case` each in the dispatcher of its kind.
func renderSIMDSemantics() -> [String] {
  let compute = simdInstructions.filter { $0.kind == .compute }
  let loads = simdInstructions.filter { $0.kind == .load }
  let stores = simdInstructions.filter { $0.kind == .store }
  func others(_ kept: [SIMDInstruction]) -> String {
    simdInstructions.filter { i in !kept.contains { $0.code == i.code } }
      .map { "." + $0.caseName }.joined(separator: ", ")
  }
  var lines = [
    "/// Runs a `.compute` op on its operands, which begin at `operands` (the stack top less the",
    "/// entry's `operandSlots`; a `v128` in two slots, low half first): writes its result there",
    "/// and returns the new top. `immediates` points at the op's immediate words (a lane index;",
    "/// a shuffle's lane bytes or a constant, low word first). Given a load or store, it writes",
    "/// nothing and returns `operands`. Every access is at or above `operands`: told only the top, Swift 6.3's",
    "/// optimizer assumes a callee writes nothing below the pointer it is given and reorders the",
    "/// caller's stores past the call (`Execution+SIMD.swift`).",
    "func simdCompute(",
    "  _ op: SIMDOp, _ operands: Slots, _ immediates: UnsafePointer<UInt64>",
    ") -> Slots {",
    "  switch op {",
  ]
  for instruction in compute {
    lines.append("  case .\(instruction.caseName):  // \(instruction.name)")
    lines += operandBindings(instruction).map { "    " + $0 }
    switch instruction.immediate {
    case .lane: lines.append("    let lane = int(immediates[0])")
    case .shuffle, .v128:
      lines.append("    let imm = V128(low: immediates[0], high: immediates[1])")
    case .none, .memArg, .memArgLane: break
    }
    let put = instruction.result == .v128 ? "putVector" : "putSlot"
    lines.append("    return \(put)(operands, \(instruction.semantics))")
  }
  lines += [
    "  case \(others(compute)):",
    "    return operands",
    "  }",
    "}",
    "",
    "/// A `.load` op's result from the `entry.bytes` bytes at `pointer` (already bounds-checked",
    "/// by the caller); `vector` is the `v128` operand of a `load*_lane` (else `.zero`), `lane`",
    "/// its lane. Given any other op, it returns `vector`.",
    "func simdLoad(_ op: SIMDOp, _ pointer: UnsafeRawPointer, _ vector: V128, _ lane: Int) -> V128 {",
    "  switch op {",
  ]
  for instruction in loads {
    lines.append("  case .\(instruction.caseName): \(instruction.semantics)")
  }
  lines += [
    "  default:",
    "    vector",
    "  }",
    "}",
    "",
    "/// A `.store` op writes `entry.bytes` bytes of `vector` (lane `lane` for `store*_lane`) at",
    "/// `pointer` (already bounds-checked by the caller). Given any other op, it writes nothing.",
    "func simdStore(_ op: SIMDOp, _ pointer: UnsafeMutableRawPointer, _ vector: V128, _ lane: Int) {",
    "  switch op {",
  ]
  for instruction in stores {
    lines.append("  case .\(instruction.caseName):")
    lines += instruction.semantics.split(separator: "\n").map { "    " + $0 }
  }
  lines += ["  default:", "    break", "  }", "}"]
  return lines
}
