/// A decoded (not yet validated) WebAssembly module.
///
/// Produced by ``Module/init(bytes:)`` in `Binary/`, checked by ``Module/validate(limits:)`` in
/// `Validation/`. Indices in every field follow the spec: imported entities come first in each
/// index space.
public struct Module: Sendable {
  /// The type section.
  public var types: [FuncType] = []
  /// The import section, in order.
  public var imports: [Import] = []
  /// Type index of each function *defined* by the module (imports excluded).
  public var functionTypeIndices: [UInt32] = []
  /// Tables defined by the module (imports excluded).
  public var tables: [TableDefinition] = []
  /// Memories defined by the module (imports excluded).
  public var memories: [MemoryType] = []
  /// Globals defined by the module (imports excluded).
  public var globals: [GlobalDefinition] = []
  public var exports: [Export] = []
  /// Index of the start function, if any.
  public var start: UInt32?
  public var elements: [ElementSegment] = []
  public var data: [DataSegment] = []
  /// The data count section's value, if the section is present.
  public var dataCount: UInt32?
  /// Function bodies, parallel to ``functionTypeIndices``.
  public var codes: [FunctionBody] = []
  /// Custom sections in order of appearance (including `name`).
  public var customSections: [CustomSection] = []
  /// Function names from the `name` section, by function index (imports included).
  public var functionNames: [UInt32: String] = [:]
  /// The module name from the `name` section, if present.
  public var moduleName: String?

  public init() {}
}

/// One entry of the import section.
public struct Import: Hashable, Sendable {
  public var module: String
  public var name: String
  public var descriptor: ImportDescriptor
  public init(module: String, name: String, descriptor: ImportDescriptor) {
    self.module = module
    self.name = name
    self.descriptor = descriptor
  }
}

public enum ImportDescriptor: Hashable, Sendable {
  /// A function with the given type index.
  case function(typeIndex: UInt32)
  case table(TableType)
  case memory(MemoryType)
  case global(GlobalType)
}

/// One entry of the export section.
public struct Export: Hashable, Sendable {
  public var name: String
  public var descriptor: ExportDescriptor
  public init(name: String, descriptor: ExportDescriptor) {
    self.name = name
    self.descriptor = descriptor
  }
}

public enum ExportDescriptor: Hashable, Sendable {
  case function(UInt32)
  case table(UInt32)
  case memory(UInt32)
  case global(UInt32)
}

/// A table defined by the module, with an optional initializer expression (Wasm 3.0 form
/// `0x40 0x00 tabletype expr`); without one, elements start as null.
public struct TableDefinition: Hashable, Sendable {
  public var type: TableType
  public var initializer: ConstExpression?
  public init(type: TableType, initializer: ConstExpression? = nil) {
    self.type = type
    self.initializer = initializer
  }
}

/// A global defined by the module.
public struct GlobalDefinition: Hashable, Sendable {
  public var type: GlobalType
  public var initializer: ConstExpression
  public init(type: GlobalType, initializer: ConstExpression) {
    self.type = type
    self.initializer = initializer
  }
}

/// A constant expression: the instructions before the terminating `end` (extended constant
/// expressions allow `i32/i64.add/sub/mul` and `global.get` in addition to constants).
public struct ConstExpression: Hashable, Sendable {
  public var instructions: [Instruction]
  public init(_ instructions: [Instruction]) { self.instructions = instructions }
}

/// An element segment.
public struct ElementSegment: Hashable, Sendable {
  public enum Mode: Hashable, Sendable {
    case passive
    case declarative
    case active(table: UInt32, offset: ConstExpression)
  }
  /// `.funcref` or `.externref`.
  public var type: ValueType
  /// One constant expression per element (`ref.func i` for the index-vector encodings).
  public var items: [ConstExpression]
  public var mode: Mode
  public init(type: ValueType, items: [ConstExpression], mode: Mode) {
    self.type = type
    self.items = items
    self.mode = mode
  }
}

/// A data segment.
public struct DataSegment: Hashable, Sendable {
  public enum Mode: Hashable, Sendable {
    case passive
    case active(memory: UInt32, offset: ConstExpression)
  }
  public var bytes: [UInt8]
  public var mode: Mode
  public init(bytes: [UInt8], mode: Mode) {
    self.bytes = bytes
    self.mode = mode
  }
}

/// A function body: its declared locals (expanded, one entry per local, parameters excluded)
/// and its decoded instructions, ending with the function's final `end`.
public struct FunctionBody: Hashable, Sendable {
  public var locals: [ValueType]
  public var instructions: [Instruction]
  /// Byte offset of the body within the module binary, for error messages.
  public var offset: Int
  /// Byte offset of each instruction in `instructions`, parallel to it.
  public var instructionOffsets: [Int]
  public init(locals: [ValueType], instructions: [Instruction], offset: Int, instructionOffsets: [Int]) {
    self.locals = locals
    self.instructions = instructions
    self.offset = offset
    self.instructionOffsets = instructionOffsets
  }
}

/// A custom section's name and raw payload.
public struct CustomSection: Hashable, Sendable {
  public var name: String
  public var bytes: [UInt8]
  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
  }
}
