/// Why a function could not be invoked: the call was malformed before any guest code ran.
public enum InvocationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// No function has this address in the store.
  case unknownFunction(address: Int)
  /// The number of arguments differs from the function's parameter count.
  case argumentCountMismatch(expected: Int, got: Int)
  /// Argument `index` has the wrong type.
  case argumentTypeMismatch(index: Int, expected: ValueType, got: ValueType)

  public var description: String {
    switch self {
    case .unknownFunction(let address):
      "unknown function: no function at address \(address) in this store"
    case .argumentCountMismatch(let expected, let got):
      "argument count mismatch: the function takes \(expected) arguments, got \(got)"
    case .argumentTypeMismatch(let index, let expected, let got):
      "argument type mismatch: argument \(index) must be \(expected), got \(got)"
    }
  }
}

extension Store {
  /// Prepares a call of `function` with `arguments`; nothing runs until
  /// ``Execution/run(ticks:)``.
  /// - Throws: ``InvocationError`` when the function is unknown or the arguments do not match
  ///   its parameters.
  public func invoke(_ function: Function, arguments: [Value]) throws(InvocationError)
    -> Execution
  {
    guard function.address >= 0, function.address < functions.count else {
      throw .unknownFunction(address: function.address)
    }
    let entry = functions[function.address]
    let parameters: [ValueType]
    switch entry {
    case .wasm(let f): parameters = f.type.parameters
    case .host(let f): parameters = f.type.parameters
    }
    guard parameters.count == arguments.count else {
      throw .argumentCountMismatch(expected: parameters.count, got: arguments.count)
    }
    for (index, (expected, argument)) in zip(parameters, arguments).enumerated()
    where argument.type != expected {
      throw .argumentTypeMismatch(index: index, expected: expected, got: argument.type)
    }
    return Execution(store: self, entry: entry, arguments: arguments)
  }

  /// Calls `function` to completion, without a tick budget — for trusted code and tests.
  /// - Throws: ``InvocationError`` for a malformed call, ``Trap`` when the function traps or a
  ///   host function it calls suspends.
  public func call(_ function: Function, _ arguments: [Value]) throws -> [Value] {
    let execution = try invoke(function, arguments: arguments)
    while true {
      switch execution.run(ticks: UInt64.max) {
      case .completed(let values): return values
      case .trapped(let trap): throw trap
      case .paused: continue
      case .suspended(let call):
        throw Trap(
          .host(
            "host function \(call.name) suspended, which Store.call cannot answer: run the "
              + "call with invoke(_:arguments:) and answer it with Execution.resume(returning:)"))
      }
    }
  }
}
