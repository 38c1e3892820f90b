/// Checks constant expressions (global, table and segment initializers and offsets).
///
/// Like the reference interpreter, constness is checked over the whole expression before
/// typing, so `(i32.const 0) (nop)` reports "constant expression required" rather than a
/// type error.
struct ConstExpressionValidator {
  let context: ValidationContext

  /// Validates `expression` as producing exactly one `expected` value, where `global.get`
  /// may only name the first `visibleGlobals` globals, and those must be immutable.
  func validate(
    _ expression: ConstExpression, expecting expected: ValueType, visibleGlobals: Int
  ) throws(ValidationError) {
    for instruction in expression.instructions {
      try checkConstant(instruction, visibleGlobals: visibleGlobals)
    }
    var stack: [ValueType] = []
    for instruction in expression.instructions {
      switch instruction {
      case .i32Const: stack.append(.i32)
      case .i64Const: stack.append(.i64)
      case .f32Const: stack.append(.f32)
      case .f64Const: stack.append(.f64)
      case .simd: stack.append(.v128)
      case .refNull(let type): stack.append(type)
      case .refFunc(let index):
        _ = try context.functionType(index)
        stack.append(.funcref)
      case .globalGet(let index): stack.append(try context.global(index).valueType)
      case .numeric(let op):
        let type: ValueType = op == .i32Add || op == .i32Sub || op == .i32Mul ? .i32 : .i64
        for _ in 0..<2 {
          let found = stack.popLast()
          guard found == type else { throw .typeMismatch(expected: type, found: found) }
        }
        stack.append(type)
      default:
        throw ValidationError("constant expression required")
      }
    }
    guard stack.count == 1, stack[0] == expected else {
      throw ValidationError(
        "type mismatch: constant expression must produce one \(expected), "
          + "got [\(stack.map(\.description).joined(separator: " "))]")
    }
  }

  private func checkConstant(
    _ instruction: Instruction, visibleGlobals: Int
  ) throws(ValidationError) {
    switch instruction {
    case .i32Const, .i64Const, .f32Const, .f64Const, .refNull, .refFunc:
      return
    case .simd(let op, _) where op == .v128Const:
      return
    case .numeric(let op):
      switch op {
      case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul: return
      default: throw ValidationError("constant expression required")
      }
    case .globalGet(let index):
      guard index < visibleGlobals, index < context.globals.count else {
        throw .unknown("global", index)
      }
      guard !context.globals[Int(index)].isMutable else {
        throw ValidationError("constant expression required: global \(index) is mutable")
      }
    default:
      throw ValidationError("constant expression required")
    }
  }
}
