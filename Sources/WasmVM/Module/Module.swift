/// A decoded (not yet validated) WebAssembly module.
///
/// Embedders read its types, imports, exports, custom sections and names; they cannot change
/// it (its properties are read-only outside WasmVM) or see its function bodies and constant
/// expressions, which are the decoder's and validator's internal matter.
///
/// Produced by ``Module/init(bytes:)`` in `Binary/`, checked by ``Module/validate()`` in
/// `Validation/`. Indices in every field follow the spec: imported entities come first in each
/// index space.
public struct Module: Sendable {
  /// The type section.
  public internal(set) var types: [FuncType] = []
  /// The import section, in order.
  public internal(set) var imports: [Import] = []
  /// Type index of each function *defined* by the module (imports excluded).
  public internal(set) var functionTypeIndices: [UInt32] = []
  /// Tables defined by the module (imports excluded).
  var tables: [TableDefinition] = []
  /// Memories defined by the module (imports excluded).
  public internal(set) var memories: [MemoryType] = []
  /// Globals defined by the module (imports excluded).
  var globals: [GlobalDefinition] = []
  /// The export section, in order.
  public internal(set) var exports: [Export] = []
  /// Index of the start function, if any.
  public internal(set) var start: UInt32?
  /// Element segments, in order.
  var elements: [ElementSegment] = []
  /// Data segments, in order.
  var data: [DataSegment] = []
  /// The data count section's value, if the section is present.
  public internal(set) var dataCount: UInt32?
  /// Function bodies, parallel to ``functionTypeIndices``.
  var codes: [FunctionBody] = []
  /// Custom sections in order of appearance (including `name`).
  public internal(set) var customSections: [CustomSection] = []
  /// Function names from the `name` section, by function index (imports included).
  public internal(set) var functionNames: [UInt32: String] = [:]
  /// The module name from the `name` section, if present.
  public internal(set) var moduleName: String?
  /// The digest of the binary the module was decoded from: how a snapshot names the module
  /// each instance was made from (see ``Store/snapshot(of:)``).
  public internal(set) var fingerprint = Fingerprint(value: 0)
  /// Byte offset of the code section's contents in the binary; snapshots record positions in
  /// function bodies relative to it.
  var codeSectionStart = 0

  init() {}

  /// The types of the tables the module defines (imports excluded), in index order.
  public var tableTypes: [TableType] { tables.map(\.type) }
  /// The types of the globals the module defines (imports excluded), in index order.
  public var globalTypes: [GlobalType] { globals.map(\.type) }

  /// The name a backtrace, a debugger and a disassembly give each function, by index: its
  /// name from the `name` section, else its first export name (functions with neither have
  /// no entry).
  var functionDisplayNames: [UInt32: String] {
    var names = functionNames
    for export in exports {
      if case .function(let index) = export.descriptor, names[index] == nil {
        names[index] = export.name
      }
    }
    return names
  }
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
struct TableDefinition: Hashable, Sendable {
  var type: TableType
  var initializer: ConstExpression?
  init(type: TableType, initializer: ConstExpression? = nil) {
    self.type = type
    self.initializer = initializer
  }
}

/// A global defined by the module.
struct GlobalDefinition: Hashable, Sendable {
  var type: GlobalType
  var initializer: ConstExpression
  init(type: GlobalType, initializer: ConstExpression) {
    self.type = type
    self.initializer = initializer
  }
}

/// A constant expression: the instructions before the terminating `end` (extended constant
/// expressions allow `i32/i64.add/sub/mul` and `global.get` in addition to constants).
struct ConstExpression: Hashable, Sendable {
  var instructions: [Instruction]
  init(_ instructions: [Instruction]) { self.instructions = instructions }
}

/// An element segment.
struct ElementSegment: Hashable, Sendable {
  enum Mode: Hashable, Sendable {
    case passive
    case declarative
    case active(table: UInt32, offset: ConstExpression)
  }
  /// `.funcref` or `.externref`.
  var type: ValueType
  /// One constant expression per element (`ref.func i` for the index-vector encodings).
  var items: [ConstExpression]
  var mode: Mode
  init(type: ValueType, items: [ConstExpression], mode: Mode) {
    self.type = type
    self.items = items
    self.mode = mode
  }
}

/// A data segment.
struct DataSegment: Hashable, Sendable {
  enum Mode: Hashable, Sendable {
    case passive
    case active(memory: UInt32, offset: ConstExpression)
  }
  var bytes: [UInt8]
  var mode: Mode
  init(bytes: [UInt8], mode: Mode) {
    self.bytes = bytes
    self.mode = mode
  }
}

/// A function body: its declared locals (expanded, one entry per local, parameters excluded)
/// and its decoded instructions, ending with the function's final `end`.
struct FunctionBody: Hashable, Sendable {
  var locals: [ValueType]
  var instructions: [Instruction]
  /// Byte offset of the body within the module binary, for error messages.
  var offset: Int
  /// Byte offset of each instruction in `instructions`, parallel to it.
  var instructionOffsets: [Int]
  init(locals: [ValueType], instructions: [Instruction], offset: Int, instructionOffsets: [Int]) {
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
