/// One entry of the control stack: a `block`, `loop`, `if`/`else` or the function body, with
/// what the validator needs to type it and what the translator needs to resolve its label.
struct ControlFrame {
  enum Kind {
    case function
    case block
    case loop
    case `if`
    case `else`
  }

  var kind: Kind
  /// The block type's parameters (what a `loop` label carries).
  var parameters: [ValueType]
  /// The block type's results (what other labels carry, and what `end` leaves).
  var results: [ValueType]
  /// Operand height at entry, parameters excluded.
  var height: Int
  /// The same height in interpreter slots (``OperandStack/slotHeight``), which branches use
  /// to count the slots they discard.
  var slotHeight = 0
  /// The spec's unreachable flag: code after an unconditional branch in this frame.
  var isUnreachable = false
  /// Whether the frame began in dead code, where nothing is emitted until it ends.
  var isDeadOnEntry: Bool
  /// Code position of a `loop`'s header (its branch target).
  var loopHeader = 0
  /// Unresolved forward branches to this frame's end, chained through the code
  /// (see ``CodeEmitter/appendForwardTarget(_:)``).
  var endBranches = CodeEmitter.noBranches
  /// An `if`'s pending `jumpIfZero` to its else-arm (or to its end when there is none).
  var elseBranch = CodeEmitter.noBranches

  /// The types a branch to this frame's label carries.
  var labelTypes: [ValueType] { kind == .loop ? parameters : results }
  /// The slots those types occupy.
  var labelSlots: Int { labelTypes.slotCount }
}
