/// Evaluates constant expressions — initializers of globals and tables, element items and
/// segment offsets — to interpreter slots (see ``Op`` for the slot encoding of each type).
///
/// Extended constant expressions allow `i32/i64.add/sub/mul` and `global.get` besides the
/// constants and `ref.null`/`ref.func`, so a small operand stack suffices; none of those can
/// trap. Validation has already typed the expression, so anything else means a module that
/// skipped validation, reported as a ``LinkError`` rather than trusted.
struct ConstExpressionEvaluator {
  /// Store address of each function index of the instance (for `ref.func`).
  var functionAddresses: [Int]
  /// The globals visible to the expression: imports, then those defined so far.
  var globals: [Global]

  func evaluate(_ expression: ConstExpression) throws(LinkError) -> UInt64 {
    try evaluateBoth(expression).low
  }

  /// The value's slot and, for a `v128` (`v128.const`, or `global.get` of a `v128` global),
  /// the high slot after it; `high` is 0 for every other type.
  func evaluateBoth(_ expression: ConstExpression) throws(LinkError) -> (
    low: UInt64, high: UInt64
  ) {
    var stack: [UInt64] = []
    var high: UInt64 = 0
    for instruction in expression.instructions {
      switch instruction {
      case .simd(let op, .bits(let bits)) where op == .v128Const:
        stack.append(bits.low)
        high = bits.high
      case .i32Const(let bits), .f32Const(let bits):
        stack.append(UInt64(bits))
      case .i64Const(let bits), .f64Const(let bits):
        stack.append(bits)
      case .refNull:
        stack.append(0)
      case .refFunc(let index):
        guard let address = functionAddresses.element(ifPresentAt: index) else {
          throw LinkError("unknown function \(index) in constant expression")
        }
        stack.append(UInt64(address) + 1)
      case .globalGet(let index):
        guard let global = globals.element(ifPresentAt: index) else {
          throw LinkError("unknown global \(index) in constant expression")
        }
        stack.append(global.slot)
        high = global.highSlot
      case .numeric(let op):
        // Validation allows only `i32/i64.add/sub/mul` here; their semantics are the
        // instruction table's, like everywhere else.
        guard op.entry.operands.count == 2, let rhs = stack.popLast(), let lhs = stack.popLast()
        else { throw LinkError("type mismatch in constant expression") }
        do {
          stack.append(try Semantics.evaluate(op, lhs, rhs))
        } catch {
          throw LinkError("constant expression trapped: \(error.kind.message)")
        }
      default:
        throw LinkError("constant expression required")
      }
    }
    guard stack.count == 1, let result = stack.first else {
      throw LinkError("type mismatch in constant expression")
    }
    return (result, high)
  }
}
