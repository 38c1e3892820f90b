/// A validated function body translated to internal code (see ``Op``).
///
/// Internal: the interpreter loops trust every word (opcodes are bit-cast, indices unchecked),
/// so only the translator may produce one.
struct CompiledFunction: Sendable {
  /// The instructions, ``Op`` words followed by immediates.
  var code: [CodeWord]
  /// Index of the function's type in the module's type section.
  var typeIndex: UInt32
  /// The function's signature.
  var type: FuncType
  /// Declared locals after the parameters (zero-initialized on entry).
  var localCount: Int
  /// The deepest the operand stack grows above the locals, in slots, so that one check per
  /// call proves the frame fits.
  var maxStackHeight: Int
  /// The fast loop's form of ``code``, or `nil` when the function has none (its frame needs
  /// more slots than an operand field can name); the stack loops then run it throughout.
  var registerCode: RegisterCode?
  /// Where each stack-code instruction came from in the wasm body (see ``SourceMap``).
  var sourceMap: SourceMap
  /// Where the body starts (its local declarations, right after its size), in the source
  /// map's terms: bytes from the start of the code section's contents. A debugger subtracts
  /// it from a position to name it within the function (``PausedFrame/bodyOffset``).
  var bodyOffset: Int

  init(
    code: [CodeWord], typeIndex: UInt32, type: FuncType, localCount: Int, maxStackHeight: Int,
    registerCode: RegisterCode? = nil, sourceMap: SourceMap = SourceMap(), bodyOffset: Int = 0
  ) {
    self.code = code
    self.bodyOffset = bodyOffset
    self.sourceMap = sourceMap
    self.registerCode = registerCode
    self.typeIndex = typeIndex
    self.type = type
    self.localCount = localCount
    self.maxStackHeight = maxStackHeight
  }
}

/// A module that passed validation, with every function translated once.
///
/// The only way to get one is ``Module/validate()``: the interpreter runs the translated code
/// without checking it again, so an embedder can neither build one nor change the module it
/// was validated from (its types, say) before handing it to
/// ``Store/instantiate(_:imports:startBudget:)``.
public struct ValidatedModule: Sendable {
  /// The module as validated; read-only, because the compiled code relies on it.
  public let module: Module
  /// Compiled code of each defined function, parallel to ``Module/codes``.
  let functions: [CompiledFunction]

  init(module: Module, functions: [CompiledFunction]) {
    self.module = module
    self.functions = functions
  }

  /// The module's type section, by type index.
  public var types: [FuncType] { module.types }
  /// The module's imports, in order; what ``Store/instantiate(_:imports:startBudget:)`` needs.
  public var imports: [Import] { module.imports }
  /// The module's exports, in order.
  public var exports: [Export] { module.exports }
  /// Index of the start function, if any.
  public var start: UInt32? { module.start }

  /// The same module without its start function, for an embedder that runs the start function
  /// itself (through ``Instance/function(at:)``) after instantiation, under its own budget and
  /// with its host state set up. Dropping the start function cannot invalidate the module.
  public func withoutStart() -> ValidatedModule {
    var module = self.module
    module.start = nil
    return ValidatedModule(module: module, functions: functions)
  }
}

/// A function's register code (see ``RegOp``) with the maps between it and the stack code.
/// Internal like ``CompiledFunction``.
struct RegisterCode: Sendable {
  /// The instructions.
  var code: [CodeWord]
  /// For each stack-code word: the register-code position of the matching `charge` when the
  /// word is a `charge`, else -1.
  var entries: [Int32]
  /// For each register-code word: the stack-code position of the instruction it came from.
  var stackPositions: [Int32]
  /// Positions of the words naming a `call`'s or `return_call`'s callee by function index;
  /// instantiation replaces each with a ``CalleeWord``.
  var callSites: [Int32] = []
}
