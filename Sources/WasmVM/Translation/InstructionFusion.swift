/// Marks common instruction sequences for the fast loop by overwriting the opcode word of
/// their first instruction with a fused opcode (see "Fusion" in ``Op``).
///
/// Only opcode words change, never the layout, so branch targets, return addresses and
/// `charge` counts computed during translation stay valid, and the exact loop can still run
/// every component on its own. Sequences never span a `charge`, since each component must be
/// a specific non-`charge` instruction; they never overlap, since the scan resumes after each
/// one it fuses.
enum InstructionFusion {
  static func apply(to code: inout [CodeWord]) {
    code.withUnsafeMutableBufferPointer { words in
      let view = UnsafeBufferPointer(words)
      var pc = 0
      while let length = instructionLength(code: view, at: pc) {
        if let (fused, span) = match(view, at: pc) {
          words[pc] = CodeWord(fused.rawValue)
          pc += span
        } else {
          pc += length
        }
      }
    }
  }

  /// The fused opcode for the sequence starting at `pc` and the number of words it covers.
  private static func match(_ code: UnsafeBufferPointer<CodeWord>, at pc: Int) -> (Op, Int)? {
    switch op(code, pc) {
    case .localGet?:
      guard let second = op(code, pc + 2) else { return nil }
      if let fused = Op.fused(localGetThen: second) { return (fused, 5) }
      guard second == .localGet || second == .`const`,
        let third = op(code, pc + 4), let fused = Op.fused(.localGet, second, third)
      else { return nil }
      return (fused, 5)
    case .`const`?:
      guard let next = op(code, pc + 2), let fused = Op.fused(.`const`, nil, next) else {
        return nil
      }
      return (fused, 3)
    default:
      return nil
    }
  }

  private static func op(_ code: UnsafeBufferPointer<CodeWord>, _ pc: Int) -> Op? {
    guard pc < code.count, code[pc] <= UInt64(UInt16.max) else { return nil }
    return Op(rawValue: UInt16(truncatingIfNeeded: code[pc]))
  }
}
