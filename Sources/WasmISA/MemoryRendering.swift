// What `wasbox-isa` writes from the memory part of the instruction table
// (`MemoryInstructions.swift`): the `MemoryOp` enum with its entries and code-form mappings,
// the memory cases of both code forms and the handlers of both loops, fused forms included.
// Every form is written from a rule over the entries, never per instruction.

/// The entries that list `path`.
private func entries(with path: MemoryInstruction.FastPath) -> [MemoryInstruction] {
  memoryInstructions.filter { $0.fastPaths.contains(path) }
}

/// The stack-code fused opcode of `local.get a; load`.
private func localGetForm(_ instruction: MemoryInstruction) -> String {
  "localGet" + instruction.caseName.prefix(1).uppercased() + instruction.caseName.dropFirst()
}

/// The register-code constant-value form a store uses: the one owned by the store of its
/// width that lists ``MemoryInstruction/FastPath/constantValue``.
private func constantValueForm(_ instruction: MemoryInstruction) -> String? {
  guard instruction.kind == .store else { return nil }
  return entries(with: .constantValue).first { $0.bytes == instruction.bytes }
    .map { $0.caseName + "Constant" }
}

/// The register-code form of a load or store in a 64-bit memory 0.
private func mem64Form(_ instruction: MemoryInstruction) -> String {
  instruction.caseName + "Mem64"
}

/// The `…Load` forms: (operator case name, load entry), in table order.
private var loadingForms: [(op: String, load: MemoryInstruction)] {
  memoryInstructions.flatMap { load in load.loadingOperators.map { (swiftCaseName($0), load) } }
}

/// `Sources/WasmVM/ISA/MemoryOp.generated.swift`.
func renderMemoryOp() -> [String] {
  var lines = [
    "/// Every WebAssembly load and store, in the order of the instruction table",
    "/// (`Sources/WasmISA/MemoryInstructions.swift`), raw values dense from 0.",
    "enum MemoryOp: UInt16, CaseIterable, Hashable, Sendable {",
  ]
  for instruction in memoryInstructions {
    lines.append("  /// `\(instruction.name)` (\(instruction.encodingText))")
    lines.append("  case \(instruction.caseName)")
  }
  lines += [
    "", "  /// Each case's table entry, indexed by raw value.",
    "  static let entries: [MemoryOpEntry] = [",
  ]
  for instruction in memoryInstructions {
    lines.append(
      "    .init(\"\(instruction.name)\", 0x\(String(instruction.code, radix: 16, uppercase: true)), "
        + ".\(instruction.kind.rawValue), .\(instruction.value.rawValue), bytes: \(instruction.bytes), "
        + ".\(instruction.extending.rawValue), ticks: \(instruction.ticks)),")
  }
  lines += ["  ]", ""]

  func mapping(_ doc: String, _ signature: String, _ cases: [(String, String)], default: String?)
    -> [String]
  {
    var result = ["  /// \(doc)", "  \(signature) {", "    switch self {"]
    result += cases.map { "    case .\($0.0): .\($0.1)" }
    if let value = `default` { result.append("    default: \(value)") }
    return result + ["    }", "  }"]
  }
  lines += mapping(
    "The stack-code opcode (same name).", "var stackOp: Op",
    memoryInstructions.map { ($0.caseName, $0.caseName) }, default: nil)
  lines.append("")
  lines += mapping(
    "The register-code opcode (same name): memory 0, offset and displacement in its word.",
    "var registerOp: RegOp", memoryInstructions.map { ($0.caseName, $0.caseName) },
    default: nil)
  lines.append("")
  lines += mapping(
    "The register-code opcode for a 64-bit memory 0 (`…Mem64`): the whole offset in its word.",
    "var registerOp64: RegOp", memoryInstructions.map { ($0.caseName, mem64Form($0)) },
    default: nil)
  lines.append("")
  lines += mapping(
    "The register form at a constant address (`…At`), for the entries that have one.",
    "var constantAddressForm: RegOp?",
    entries(with: .constantAddress).map { ($0.caseName, $0.caseName + "At") }, default: "nil")
  lines.append("")
  lines += mapping(
    "The register form of a store of a constant (`…Constant`), for the stores that have one.",
    "var constantValueForm: RegOp?",
    memoryInstructions.compactMap { store in constantValueForm(store).map { (store.caseName, $0) }
    },
    default: "nil")
  lines.append("")
  lines += mapping(
    "The stack-code fused opcode of `local.get a` followed by this load, if it has one.",
    "var afterLocalGetForm: Op?",
    entries(with: .afterLocalGet).map { ($0.caseName, localGetForm($0)) }, default: "nil")
  lines += [
    "",
    "  /// The load or store a stack-code opcode performs, if it is one.",
    "  init?(_ op: Op) {",
    "    switch op {",
  ]
  lines += memoryInstructions.map { "    case .\($0.caseName): self = .\($0.caseName)" }
  lines += ["    default: return nil", "    }", "  }", "}", ""]

  let fused = entries(with: .afterLocalGet)
  lines += [
    "extension Op {",
    "  /// The first of the fused `local.get a; load` opcodes, which end the enum.",
    "  static var firstLocalGetLoad: Op { .\(fused.first.map(localGetForm) ?? "unreachable") }",
    "  /// The last opcode.",
    "  static var last: Op { .\(fused.last.map(localGetForm) ?? "unreachable") }",
    "}",
    "",
    "extension RegOp {",
    "  /// The `…Load` form of this binary operator when `load` (a register load opcode) produced",
    "  /// its right operand, if it has one.",
    "  func withLoadedOperand(_ load: RegOp) -> RegOp? {",
    "    switch (self, load) {",
  ]
  lines += loadingForms.map { "    case (.\($0.op), .\($0.load.caseName)): .\($0.op)Load" }
  lines += ["    default: nil", "    }", "  }", "}"]
  return lines
}

/// The load and store functions of `Semantics`.
func renderMemorySemantics() -> [String] {
  memoryInstructions.flatMap { instruction -> [String] in
    let doc =
      "  /// `\(instruction.name)`: \(instruction.bytes) byte\(instruction.bytes == 1 ? "" : "s") at `p`"
    switch instruction.kind {
    case .load:
      return [
        "", doc, "  @inline(__always)",
        "  static func \(instruction.caseName)(_ p: UnsafeMutableRawPointer) -> UInt64 {",
        "    \(instruction.semantics)", "  }",
      ]
    case .store:
      return [
        "", doc, "  @inline(__always)",
        "  static func \(instruction.caseName)(_ p: UnsafeMutableRawPointer, _ v: UInt64) {",
        "    \(instruction.semantics)", "  }",
      ]
    }
  }
}

/// The memory cases of ``Op`` (stack code), where the hand-written cases put them.
func renderStackMemoryCases() -> [String] {
  memoryInstructions.flatMap { instruction in
    [
      instruction.kind == .load
        ? "/// `\(instruction.name)`: pops the address, pushes the value."
        : "/// `\(instruction.name)`: pops the value, then the address.",
      "case \(instruction.caseName)",
    ]
  }
}

/// The fused `local.get a; load` cases of ``Op``, the last cases of the enum.
func renderStackFusedMemoryCases() -> [String] {
  entries(with: .afterLocalGet).flatMap { instruction in
    [
      "/// Fused `local.get a; \(instruction.name)` (see Fusion above).",
      "case \(localGetForm(instruction))",
    ]
  }
}

/// The memory cases of ``RegOp``.
func renderRegisterMemoryCases() -> [String] {
  var lines = [
    "// Loads `[offset | displacement << 32]`: x = load(((address in y + displacement) mod 2^32)",
    "// + offset), the displacement being a folded `i32.add` of a constant. Stores, the same",
    "// word: store(((address in x + displacement) mod 2^32) + offset) = slot y.",
  ]
  lines += memoryInstructions.map { "case \($0.caseName)" }
  lines += [
    "// The same at a constant address, `[address]`: the address operand (an `i32.const`) plus the",
    "// offset, which cannot overflow 64 bits. Loads: x = load(address); stores: store(address) =",
    "// slot y.",
  ]
  lines += entries(with: .constantAddress).map { "case \($0.caseName)At" }
  lines += [
    "// Stores of a constant `[offset | displacement << 32]`: store(((address in x + displacement)",
    "// mod 2^32) + offset) = the 32 bits above the opcode and x (the y and z fields), zero-extended",
    "// to 64 bits for an 8-byte store; the narrower ones store its low bytes. One per width.",
  ]
  lines += entries(with: .constantValue).map { "case \($0.caseName)Constant" }
  lines += [
    "// Binary operators with a loaded operand, `[offset | displacement << 32]`: x = y op",
    "// load(((address in z + displacement) mod 2^32) + offset), a full-width load of the",
    "// operator's type that fed it directly. The instruction keeps the load's stack-code",
    "// position: only the load can trap, and the operator has not run when it does.",
  ]
  lines += loadingForms.map { "case \($0.op)Load" }
  lines += [
    "// Loads and stores in a 64-bit memory 0 (memory64), `[offset]`: x = load(address in y +",
    "// offset), or store(address in x + offset) = slot y, the address a full 64-bit value and",
    "// the sum checked without wrapping (the offset, clamped by the validator, and the memory",
    "// are both far below 2^63). No displacement and no other fast path.",
  ]
  lines += memoryInstructions.map { "case \(mem64Form($0))" }
  return lines
}

/// The stack loop's load and store handlers.
func renderStackMemoryHandlers() -> [String] {
  memoryInstructions.flatMap { instruction -> [String] in
    let address = instruction.kind == .load ? "sp[-1]" : "sp[-2]"
    let access =
      instruction.kind == .load
      ? ["  sp[-1] = Semantics.\(instruction.caseName)(p)"]
      : ["  Semantics.\(instruction.caseName)(p, sp[-1])", "  sp -= 2"]
    return [
      "case .\(instruction.caseName):",
      "  guard",
      "    let p = effectiveAddress(",
      "      \(address), offset: pc[1], size: \(instruction.bytes), in: memoryViews[int(pc[2])])",
      "  else {",
      "    exit = .trapped(.outOfBoundsMemoryAccess)",
      "    break dispatch",
      "  }",
    ] + access + ["  pc += 3", "  continue"]
  }
}

/// The stack fast loop's handlers of the fused `local.get a; load` forms: the local's value is
/// the address; a trap reports the load's own position (two words on).
func renderStackFusedMemoryHandlers() -> [String] {
  entries(with: .afterLocalGet).flatMap { instruction -> [String] in
    [
      "case .\(localGetForm(instruction)):",
      "  guard",
      "    let p = effectiveAddress(",
      "      fp[int(pc[1])], offset: pc[3], size: \(instruction.bytes), in: memoryViews[int(pc[4])])",
      "  else {",
      "    pc += 2",
      "    exit = .trapped(.outOfBoundsMemoryAccess)",
      "    break dispatch",
      "  }",
      "  sp[0] = Semantics.\(instruction.caseName)(p)",
      "  sp += 1",
      "  pc += 5",
      "  continue",
    ]
  }
}

/// The register loop's handlers of every memory form.
func renderRegisterMemoryHandlers() -> [String] {
  let trap = "return trapped(.outOfBoundsMemoryAccess, at: pc, fuel)"
  var lines: [String] = []
  /// The plain form of every entry: `…` for a 32-bit memory 0, `…Mem64` (`wide`) for a
  /// 64-bit one.
  func plainForms(wide: Bool) {
    for instruction in memoryInstructions {
      let name = instruction.caseName
      let size = "size: \(instruction.bytes)"
      let call =
        instruction.kind == .load
        ? "\(wide ? "wideLoad" : "load")(fp, &pc, memory, \(size), { Semantics.\(name)($0) })"
        : "\(wide ? "wideStore" : "store")(fp, &pc, memory, \(size), { Semantics.\(name)($0, $1) })"
      // The wide calls are too long for one line with their `continue`.
      lines +=
        wide
        ? [
          "case .\(mem64Form(instruction)):", "  if \(call) {", "    continue", "  }", "  \(trap)",
        ]
        : ["case .\(name):", "  if \(call) { continue }", "  \(trap)"]
    }
  }
  plainForms(wide: false)
  for instruction in entries(with: .constantAddress) {
    let name = instruction.caseName
    let access =
      instruction.kind == .load
      ? "  fp[RegisterWord.x(pc)] = Semantics.\(name)(p)"
      : "  Semantics.\(name)(p, fp[RegisterWord.y(pc)])"
    lines += [
      "case .\(name)At:",
      "  guard let p = constantAddress(pc, memory, size: \(instruction.bytes)) else {",
      "    \(trap)",
      "  }",
      access,
      "  pc += 2",
      "  continue",
    ]
  }
  for instruction in entries(with: .constantValue) {
    let name = instruction.caseName
    lines += [
      "case .\(name)Constant:",
      "  if storeConstant(fp, &pc, memory, size: \(instruction.bytes), { Semantics.\(name)($0, $1) }) {",
      "    continue",
      "  }",
      "  \(trap)",
    ]
  }
  for (op, load) in loadingForms {
    lines += [
      "case .\(op)Load:",
      "  if binaryWithLoad(",
      "    fp, &pc, memory, size: \(load.bytes), { Semantics.\(load.caseName)($0) },",
      "    { Semantics.\(op)($0, $1) })",
      "  {",
      "    continue",
      "  }",
      "  \(trap)",
    ]
  }
  plainForms(wide: true)
  return lines
}
