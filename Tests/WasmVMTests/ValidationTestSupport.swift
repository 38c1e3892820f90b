@testable import WasmVM

/// Builds a module with one defined function (type 0) and whatever else a test adds, so that
/// validator tests do not depend on the binary decoder.
func singleFunctionModule(
  _ type: FuncType, locals: [ValueType] = [], _ instructions: [Instruction],
  configure: (inout Module) -> Void = { _ in }
) -> Module {
  var module = Module()
  module.types = [type]
  module.functionTypeIndices = [0]
  module.codes = [
    FunctionBody(
      locals: locals, instructions: instructions + [.end], offset: 0,
      instructionOffsets: Array(0...instructions.count))
  ]
  configure(&module)
  return module
}

/// The validation error of `module`, or `nil` when it is valid.
func validationError(_ module: Module) -> ValidationError? {
  do {
    _ = try module.validate()
    return nil
  } catch {
    return error
  }
}

/// The opcode word of `op`, for spelling expected code.
func word(_ op: Op) -> CodeWord { CodeWord(op.rawValue) }

let i32ToI32 = FuncType(parameters: [.i32], results: [.i32])
let voidType = FuncType(parameters: [], results: [])
