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
  /// The fast loop's form of ``code``, or `nil` when the function has none (its frame needs
  /// more slots than an operand field can name); the stack loops then run it throughout.
  public var registerCode: RegisterCode?

  public init(
    code: [CodeWord], typeIndex: UInt32, type: FuncType, localCount: Int, maxStackHeight: Int,
    registerCode: RegisterCode? = nil
  ) {
    self.code = code
    self.registerCode = registerCode
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

/// A function's register code (see ``RegOp``) with the maps between it and the stack code.
public struct RegisterCode: Sendable {
  /// The instructions.
  public var code: [CodeWord]
  /// For each stack-code word: the register-code position of the matching `charge` when the
  /// word is a `charge`, else -1.
  public var entries: [Int32]
  /// For each register-code word: the stack-code position of the instruction it came from.
  public var stackPositions: [Int32]
  /// Positions of the words naming a `call`'s or `return_call`'s callee by function index;
  /// instantiation replaces each with a ``CalleeWord``.
  public var callSites: [Int32] = []
}
