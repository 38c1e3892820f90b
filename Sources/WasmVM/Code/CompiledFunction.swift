/// A validated function body translated to internal code (see ``Op``).
public struct CompiledFunction: Sendable {
  /// The instructions, ``Op`` words followed by immediates.
  public var code: [CodeWord]
  /// Index of the function's type in the module's type section.
  public var typeIndex: UInt32
  /// The function's signature.
  public var type: FuncType
  /// Declared locals after the parameters (zero-initialized on entry).
  public var localCount: Int
  /// The deepest the operand stack grows above the locals, in slots, so that one check per
  /// call proves the frame fits.
  public var maxStackHeight: Int

  public init(code: [CodeWord], typeIndex: UInt32, type: FuncType, localCount: Int, maxStackHeight: Int) {
    self.code = code
    self.typeIndex = typeIndex
    self.type = type
    self.localCount = localCount
    self.maxStackHeight = maxStackHeight
  }
}

/// A module that passed validation, with every function translated once.
public struct ValidatedModule: Sendable {
  public var module: Module
  /// Compiled code of each defined function, parallel to ``Module/codes``.
  public var functions: [CompiledFunction]

  public init(module: Module, functions: [CompiledFunction]) {
    self.module = module
    self.functions = functions
  }
}
