/// One entry of a paused frame's operand stack (see ``PausedFrameState/operands``).
public enum PausedOperand: Hashable, Sendable, CustomStringConvertible {
  /// A value whose type validation knows at the frame's position.
  case value(Value)
  /// A slot validation cannot type (it only holds after `unreachable`, in code that never
  /// runs): its raw 64 bits.
  case untyped(UInt64)

  /// The value as ``Value`` describes it (`i32:5`), or `untyped:0x…`.
  public var description: String {
    switch self {
    case .value(let value): value.description
    case .untyped(let bits): "untyped:0x" + String(bits, radix: 16)
    }
  }
}

/// What one frame of a paused execution holds (see ``Execution/inspectFrame(_:module:)``).
public struct PausedFrameState: Hashable, Sendable {
  /// Which frame, and where it is.
  public var frame: PausedFrame
  /// Its parameters, then its declared locals, each typed as the function declares it.
  public var locals: [Value]
  /// Its operand stack, bottom first: the operands of every block it is in, not those of the
  /// frame it calls (which are that frame's parameters).
  public var operands: [PausedOperand]
  /// The next instruction it runs, in the text format (``Module/disassemble(functionIndex:)``
  /// writes the same): for a caller, the instruction after its call. Guest names in it (a
  /// callee's) are not escaped.
  public var nextInstruction: String
  /// For a caller, the call it waits on, in the text format; `nil` for the innermost frame.
  public var callInstruction: String?
}

extension Execution {
  /// The locals, operands and next instruction of the frame at `depth` (0: the innermost) of a
  /// paused execution, or one suspended on a host call.
  ///
  /// Slots are untyped, so the types come from validating the frame's function again up to
  /// its position (``ModuleValidator/operandTypes(at:)``, as restoring a snapshot types saved
  /// stacks); `module` is the one the frame's instance was made from
  /// (``PausedFrame/moduleFingerprint``). That costs a validation of one body per question and
  /// nothing when nobody asks. No tick is used and nothing changes.
  /// - Throws: ``InspectionError``: not paused, no frame at `depth`, or another module.
  public func inspectFrame(_ depth: Int, module: Module) throws(InspectionError)
    -> PausedFrameState
  {
    let frames = try inspectedFrames()
    guard frames.indices.contains(depth) else {
      throw InspectionError.noSuchFrame(depth: depth, frameCount: frames.count)
    }
    let frame = frames[depth]
    let function = frame.function
    guard module.fingerprint == function.instance.moduleFingerprint else {
      throw InspectionError.wrongModule(
        expected: function.instance.moduleFingerprint, given: module.fingerprint)
    }
    let typed: [UInt32: (locals: [ValueType], operands: [Int: [ValueType?]])]
    do {
      typed = try ModuleValidator(module: module).operandTypes(
        at: [function.index: [frame.entry.offset]])
    } catch {
      throw InspectionError.invalidModule(error)
    }
    let localCount = function.parameterCount + function.localCount
    guard let types = typed[function.index], types.locals.slotCount == localCount,
      let operandTypes = types.operands[frame.entry.offset]
    else {
      throw InspectionError.wrongModule(
        expected: function.instance.moduleFingerprint, given: module.fingerprint)
    }
    let locals = readSlots(types.locals, from: stack + frame.base)
    // Operands by their validated types, a v128 from two slots; past the types (or where the
    // type is unknown), one untyped slot at a time.
    var operands: [PausedOperand] = []
    var slot = frame.base + localCount
    var index = 0
    while slot < frame.top {
      if index < operandTypes.count, let type = operandTypes[index], slot + type.slots <= frame.top
      {
        let high = type == .v128 ? stack[slot + 1] : 0
        operands.append(.value(Value(slot: stack[slot], highSlot: high, type: type)))
        slot += type.slots
      } else {
        operands.append(.untyped(stack[slot]))
        slot += 1
      }
      index += 1
    }
    let render = { (offset: Int) in
      module.instructionText(functionIndex: function.index, codeOffset: offset) ?? "?"
    }
    return PausedFrameState(
      frame: describe(frame, depth: depth), locals: locals, operands: operands,
      nextInstruction: render(frame.entry.offset),
      callInstruction: frame.call.map { render($0.offset) })
  }
}
