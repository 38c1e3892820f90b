/// Evaluates constant expressions — initializers of globals and tables, element items and
/// segment offsets — to interpreter slots (see ``Op`` for the slot encoding of each type).
///
/// Extended constant expressions allow `i32/i64.add/sub/mul` and `global.get` besides the
/// constants and `ref.null`/`ref.func`, so a small operand stack suffices; nothing here can
/// trap. Validation has already typed the expression, so anything else means a module that
/// skipped validation, reported as a ``LinkError`` rather than trusted.
struct ConstExpressionEvaluator {
  /// Store address of each function index of the instance (for `ref.func`).
  var functionAddresses: [Int]
  /// The globals visible to the expression: imports, then those defined so far.
  var globals: [Global]

  func evaluate(_ expression: ConstExpression) throws(LinkError) -> UInt64 {
    var stack: [UInt64] = []
    for instruction in expression.instructions {
      switch instruction {
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
      case .numeric(let op):
        guard let rhs = stack.popLast(), let lhs = stack.popLast() else {
          throw LinkError("type mismatch in constant expression")
        }
        stack.append(try Self.apply(op, lhs, rhs))
      default:
        throw LinkError("constant expression required")
      }
    }
    guard stack.count == 1, let result = stack.first else {
      throw LinkError("type mismatch in constant expression")
    }
    return result
  }

  /// The binary operators extended constant expressions allow, on slots (i32 operands are
  /// zero-extended, so their results are truncated back to 32 bits).
  private static func apply(
    _ op: NumericOp, _ lhs: UInt64, _ rhs: UInt64
  ) throws(LinkError) -> UInt64 {
    let a = UInt32(truncatingIfNeeded: lhs)
    let b = UInt32(truncatingIfNeeded: rhs)
    switch op {
    case .i32Add: return UInt64(a &+ b)
    case .i32Sub: return UInt64(a &- b)
    case .i32Mul: return UInt64(a &* b)
    case .i64Add: return lhs &+ rhs
    case .i64Sub: return lhs &- rhs
    case .i64Mul: return lhs &* rhs
    default: throw LinkError("constant expression required")
    }
  }
}
