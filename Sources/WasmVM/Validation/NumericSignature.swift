/// A numeric instruction's operand and result types in a flat, allocation-free form, so that
/// typing `i32.add` does not build the arrays of ``NumericOp/signature`` on every instruction.
struct NumericSignature {
  var operandCount: Int
  /// The deeper operand (the only one for unary instructions).
  var first: ValueType
  /// The top operand of a binary instruction.
  var second: ValueType
  var result: ValueType

  /// Indexed by ``NumericOp/rawValue``; built once.
  static let table: [NumericSignature] = NumericOp.allCases.map { op in
    let (parameters, result) = op.signature
    let first = parameters.first ?? result
    return NumericSignature(
      operandCount: parameters.count, first: first, second: parameters.last ?? first,
      result: result)
  }
}
