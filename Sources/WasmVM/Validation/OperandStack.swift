/// The operand-type stack of the spec's validation algorithm.
///
/// `nil` is the spec's *Unknown* type: what a pop yields from the polymorphic stack that
/// follows an unconditional branch. ``floor`` and ``isPolymorphic`` mirror the innermost
/// control frame so that a pop needs no look-up in the control stack. ``height`` counts
/// values, as validation does; ``slotHeight`` counts the interpreter slots they occupy (two
/// for a `v128`, one for an Unknown), which is what the translator needs.
struct OperandStack {
  private(set) var types: [ValueType?] = []
  /// The innermost frame's height: pops below it are errors (or Unknown when polymorphic).
  var floor = 0
  /// Whether the innermost frame is unreachable (after `br`, `return`, `unreachable`, …).
  var isPolymorphic = false
  /// The largest slot height reached, for ``CompiledFunction/maxStackHeight``.
  private(set) var maxHeight = 0
  /// The slots the values occupy.
  private(set) var slotHeight = 0
  /// Whether a `v128` was ever pushed: every vector value of a body passes through the operand
  /// stack, so this tells whether the function handles any.
  private(set) var heldVector = false

  var height: Int { types.count }

  mutating func push(_ type: ValueType?) {
    types.append(type)
    if type == .v128 { heldVector = true }
    slotHeight += type?.slots ?? 1
    if slotHeight > maxHeight { maxHeight = slotHeight }
  }

  private mutating func removeLast() -> ValueType? {
    let type = types.removeLast()
    slotHeight -= type?.slots ?? 1
    return type
  }

  mutating func push(_ types: [ValueType]) {
    for type in types { push(type) }
  }

  /// Pops any operand.
  mutating func pop() throws(ValidationError) -> ValueType? {
    if types.count == floor {
      if isPolymorphic { return nil }
      throw .typeMismatch(expected: nil, found: nil)
    }
    return removeLast()
  }

  /// Pops an operand that must have type `expected`; returns the actual type (`nil` when
  /// Unknown).
  @discardableResult
  mutating func pop(_ expected: ValueType) throws(ValidationError) -> ValueType? {
    if types.count == floor {
      if isPolymorphic { return nil }
      throw .typeMismatch(expected: expected, found: nil)
    }
    let actual = removeLast()
    if let actual, actual != expected {
      throw .typeMismatch(expected: expected, found: actual)
    }
    return actual
  }

  /// Pops operands matching `expected` (last type on top).
  mutating func pop(_ expected: [ValueType]) throws(ValidationError) {
    var i = expected.count
    while i > 0 {
      i -= 1
      try pop(expected[i])
    }
  }

  /// Drops everything above the floor and makes the stack polymorphic.
  mutating func becomeUnreachable() {
    while types.count > floor { _ = removeLast() }
    isPolymorphic = true
  }
}
