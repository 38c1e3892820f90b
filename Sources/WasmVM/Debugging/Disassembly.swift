/// One instruction of a disassembled function body (see ``Module/disassemble(functionIndex:)``).
public struct DisassembledInstruction: Hashable, Sendable {
  /// Where the instruction starts, in bytes from the start of the code section's contents (the
  /// byte after the section's size): the offsets snapshots and ``PausedFrame/codeOffset`` use,
  /// and the ones DWARF uses for WebAssembly.
  public var codeOffset: Int
  /// Where the instruction starts, in bytes from the start of its function's body (the byte
  /// after the body's size, where its local declarations begin): ``PausedFrame/bodyOffset``.
  public var bodyOffset: Int
  /// How many blocks (`block`, `loop`, `if`) enclose it; `else` and `end` are at the depth of
  /// the instruction that opened their block, and the body's final `end` at 0.
  public var depth: Int
  /// The instruction in the text format, e.g. `i32.load offset=8` or `call 3 (name)`; names
  /// come from the module, so a terminal must escape them.
  public var text: String
}

extension Module {
  /// The body of function `index` (in the function index space, imports first) as text
  /// instructions in order, from the body's first instruction to its final `end`, each with its
  /// offsets.
  ///
  /// Works on any decoded module, validated or not: it renders what the decoder read.
  /// - Throws: ``InspectionError/noSuchFunction(index:)`` when the module does not define function
  ///   `index` (an imported function has no body here).
  public func disassemble(functionIndex index: UInt32) throws(InspectionError)
    -> [DisassembledInstruction]
  {
    guard let body = body(ofFunction: index) else {
      throw InspectionError.noSuchFunction(index: index)
    }
    let text = InstructionText(module: self)
    let bodyStart = body.offset - codeSectionStart
    var depth = 0
    var lines: [DisassembledInstruction] = []
    lines.reserveCapacity(body.instructions.count)
    for (instruction, offset) in zip(body.instructions, body.instructionOffsets) {
      let lineDepth: Int
      switch instruction {
      case .block, .loop, .if:
        lineDepth = depth
        depth += 1
      case .else:
        lineDepth = max(0, depth - 1)
      case .end:
        depth = max(0, depth - 1)
        lineDepth = depth
      default:
        lineDepth = depth
      }
      let codeOffset = offset - codeSectionStart
      lines.append(
        DisassembledInstruction(
          codeOffset: codeOffset, bodyOffset: codeOffset - bodyStart, depth: lineDepth,
          text: text.render(instruction)))
    }
    return lines
  }

  /// The text of the instruction of function `index` (in the function index space) that starts
  /// `codeOffset` bytes into the code section's contents, as ``disassemble(functionIndex:)``
  /// writes it: how a front end shows each frame's next instruction (``PausedFrame/codeOffset``)
  /// without inspecting the frame. `nil` when no instruction of that function starts there.
  public func instructionText(functionIndex index: UInt32, codeOffset: Int) -> String? {
    guard let body = body(ofFunction: index),
      let instruction = instruction(atCodeOffset: codeOffset, in: body)
    else { return nil }
    return InstructionText(module: self, lazily: true).render(instruction)
  }

  /// The body of defined function `index` (in the function index space), if the module has it.
  func body(ofFunction index: UInt32) -> FunctionBody? {
    let imported = imports.count { if case .function = $0.descriptor { true } else { false } }
    let codeIndex = Int(index) - imported
    return codes.indices.contains(codeIndex) ? codes[codeIndex] : nil
  }

  /// The instruction of `body` that starts `codeOffset` bytes into the code section's
  /// contents, if one does.
  func instruction(atCodeOffset codeOffset: Int, in body: FunctionBody) -> Instruction? {
    let target = codeOffset + codeSectionStart
    let offsets = body.instructionOffsets
    var low = 0
    var high = offsets.count
    while low < high {
      let middle = low + (high - low) / 2
      if offsets[middle] < target { low = middle + 1 } else { high = middle }
    }
    guard low < offsets.count, offsets[low] == target, low < body.instructions.count else {
      return nil
    }
    return body.instructions[low]
  }
}
