import Testing
import WAT

@testable import WasmVM

@Suite struct ValidatorTests {
  /// Expects `module` to be invalid with a message starting with `prefix`.
  private func expectInvalid(
    _ module: Module, _ prefix: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let error = validationError(module) else {
      Issue.record("module validated, expected \"\(prefix)\"", sourceLocation: sourceLocation)
      return
    }
    #expect(error.message.hasPrefix(prefix), "\(error)", sourceLocation: sourceLocation)
  }

  private func expectBodyInvalid(
    _ type: FuncType, locals: [ValueType] = [], _ body: [Instruction],
    _ prefix: String, configure: (inout Module) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    expectInvalid(
      singleFunctionModule(type, locals: locals, body, configure: configure), prefix,
      sourceLocation: sourceLocation)
  }

  private func expectBodyInvalid(
    locals: [ValueType] = [], _ body: [Instruction], _ prefix: String,
    configure: (inout Module) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    expectBodyInvalid(
      voidType, locals: locals, body, prefix, configure: configure,
      sourceLocation: sourceLocation)
  }

  private func expectBodyValid(
    _ type: FuncType, locals: [ValueType] = [], _ body: [Instruction],
    configure: (inout Module) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let error = validationError(
      singleFunctionModule(type, locals: locals, body, configure: configure))
    #expect(error == nil, "\(error.map(\.description) ?? "")", sourceLocation: sourceLocation)
  }

  private func expectBodyValid(
    locals: [ValueType] = [], _ body: [Instruction],
    configure: (inout Module) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    expectBodyValid(
      voidType, locals: locals, body, configure: configure, sourceLocation: sourceLocation)
  }

  private static func oneMemory(_ module: inout Module) {
    module.memories = [MemoryType(limits: Limits(min: 1))]
  }

  private static func oneTable(_ module: inout Module) {
    module.tables = [
      TableDefinition(type: TableType(elementType: .funcref, limits: Limits(min: 1)))
    ]
  }

  // MARK: Function bodies

  @Test func errorsCarryFunctionIndexAndOffset() throws {
    var module = singleFunctionModule(voidType, [.nop, .i32Const(1)])
    module.imports = [Import(module: "m", name: "f", descriptor: .function(typeIndex: 0))]
    module.codes[0].instructionOffsets = [10, 11, 13]
    let error = try #require(validationError(module))
    #expect(error.message.hasPrefix("type mismatch"))
    #expect(error.functionIndex == 1)
    #expect(error.offset == 13)
    #expect(error.description.hasPrefix("function 1, offset 0xd: type mismatch"))
  }

  @Test func operandTypesAreChecked() {
    expectBodyInvalid([.i64Const(0), .numeric(.i32Eqz), .drop], "type mismatch")
    expectBodyInvalid([.numeric(.i32Add), .drop], "type mismatch")
    expectBodyInvalid(FuncType(parameters: [], results: [.i32]), [], "type mismatch")
    expectBodyInvalid([.i32Const(0)], "type mismatch")
    expectBodyInvalid(
      FuncType(parameters: [], results: [.i32]), [.i32Const(0), .i32Const(0)], "type mismatch")
    expectBodyValid(
      FuncType(parameters: [], results: [.i32, .i64]), [.i32Const(0), .i64Const(0)])
  }

  @Test func unreachableMakesTheStackPolymorphic() {
    expectBodyValid(FuncType(parameters: [], results: [.i32]), [.unreachable])
    expectBodyValid([.unreachable, .numeric(.i32Add), .drop])
    expectBodyValid([.unreachable, .select, .drop])
    expectBodyInvalid([.unreachable, .i64Const(0), .numeric(.i32Add), .drop], "type mismatch")
    expectBodyInvalid(
      [.unreachable, .refNull(.funcref), .i32Const(0), .select, .drop], "type mismatch")
    expectBodyInvalid([.br(0), .block(.empty), .numeric(.i32Add), .end], "type mismatch")
    expectBodyInvalid([.return, .i32Const(0)], "type mismatch")
  }

  @Test func blocksCheckTheirResults() {
    expectBodyInvalid([.block(.value(.i32)), .end, .drop], "type mismatch")
    expectBodyInvalid([.block(.empty), .i32Const(0), .end], "type mismatch")
    expectBodyInvalid([.i32Const(0), .block(.empty), .drop, .end, .drop], "type mismatch")
    expectBodyInvalid([.block(.typeIndex(5)), .end], "unknown type")
    expectBodyValid(
      [.i32Const(1), .block(.typeIndex(1)), .drop, .end],
      configure: { $0.types.append(FuncType(parameters: [.i32], results: [])) })
  }

  @Test func ifRules() {
    expectBodyInvalid([.if(.empty), .end], "type mismatch")
    expectBodyInvalid(
      [.i32Const(0), .if(.value(.i32)), .i32Const(0), .end, .drop], "type mismatch")
    expectBodyValid(
      [.i32Const(0), .i32Const(0), .if(.typeIndex(1)), .end, .drop],
      configure: { $0.types.append(FuncType(parameters: [.i32], results: [.i32])) })
    expectBodyInvalid(
      [.i32Const(0), .if(.value(.i32)), .i32Const(0), .else, .i64Const(0), .end, .drop],
      "type mismatch")
    expectBodyInvalid([.else], "unexpected else")
  }

  @Test func branchRules() {
    expectBodyInvalid([.br(1)], "unknown label")
    expectBodyInvalid([.block(.value(.i32)), .br(0), .end, .drop], "type mismatch")
    expectBodyInvalid([.block(.value(.i32)), .i32Const(0), .brIf(0), .end, .drop], "type mismatch")
    expectBodyInvalid(
      [
        .block(.value(.i32)), .block(.empty), .i32Const(0), .brTable(targets: [0], default: 1),
        .end, .i32Const(0), .end, .drop,
      ],
      "type mismatch")
    expectBodyInvalid([.i32Const(0), .brTable(targets: [2], default: 0)], "unknown label")
    expectBodyValid(
      [.block(.value(.i32)), .unreachable, .brTable(targets: [0], default: 0), .end, .drop])
    expectBodyInvalid(FuncType(parameters: [], results: [.i32]), [.return], "type mismatch")
  }

  @Test func localsAndGlobals() {
    expectBodyInvalid(locals: [.i32], [.localGet(1), .drop], "unknown local 1")
    expectBodyInvalid(locals: [.i32], [.i64Const(0), .localSet(0)], "type mismatch")
    expectBodyValid(i32ToI32, locals: [.f64], [.localGet(0), .f64Const(0), .localTee(1), .drop])
    expectBodyInvalid([.globalGet(0), .drop], "unknown global 0")
    let immutable: (inout Module) -> Void = {
      $0.globals = [
        GlobalDefinition(
          type: GlobalType(valueType: .i32, isMutable: false),
          initializer: ConstExpression([.i32Const(0)]))
      ]
    }
    expectBodyInvalid([.i32Const(1), .globalSet(0)], "immutable global", configure: immutable)
    expectBodyValid([.globalGet(0), .drop], configure: immutable)
  }

  @Test func selectRules() {
    expectBodyValid(
      FuncType(parameters: [], results: [.f64]),
      [.f64Const(0), .f64Const(1), .i32Const(0), .select])
    expectBodyInvalid(
      [.i32Const(0), .i64Const(0), .i32Const(0), .select, .drop], "type mismatch")
    expectBodyInvalid(
      [.refNull(.funcref), .refNull(.funcref), .i32Const(0), .select, .drop], "type mismatch")
    expectBodyValid(
      [.refNull(.funcref), .refNull(.funcref), .i32Const(0), .selectTyped([.funcref]), .drop])
    expectBodyInvalid(
      [.i32Const(0), .i32Const(0), .i32Const(0), .selectTyped([]), .drop],
      "invalid result arity")
  }

  @Test func memoryRules() {
    expectBodyInvalid(
      [.i32Const(0), .memoryAccess(.i32Load, MemArg(align: 2, offset: 0)), .drop],
      "unknown memory 0")
    expectBodyInvalid(
      [.i32Const(0), .memoryAccess(.i32Load16S, MemArg(align: 2, offset: 0)), .drop],
      "alignment must not be larger than natural", configure: Self.oneMemory)
    expectBodyInvalid(
      [.i32Const(0), .memoryAccess(.i64Load, MemArg(align: 0, offset: 1 << 32)), .drop],
      "offset out of range", configure: Self.oneMemory)
    expectBodyInvalid(
      [.i32Const(0), .i32Const(0), .i32Const(0), .memoryCopy(destination: 0, source: 1)],
      "unknown memory 1", configure: Self.oneMemory)
    expectBodyInvalid(
      [.i32Const(0), .i32Const(0), .i32Const(0), .memoryInit(data: 0, memory: 0)],
      "unknown data segment 0", configure: Self.oneMemory)
    expectBodyInvalid([.dataDrop(1)], "unknown data segment 1")
    expectBodyInvalid(
      [.i64Const(0), .memoryGrow(0), .drop], "type mismatch", configure: Self.oneMemory)
    expectBodyValid(
      [.i32Const(0), .f64Const(0), .memoryAccess(.f64Store, MemArg(align: 3, offset: 7))],
      configure: Self.oneMemory)
  }

  @Test func tableRules() {
    expectBodyInvalid([.i32Const(0), .tableGet(0), .drop], "unknown table 0")
    expectBodyInvalid(
      [.i32Const(0), .refNull(.externref), .tableSet(0)], "type mismatch",
      configure: Self.oneTable)
    expectBodyInvalid([.elemDrop(4)], "unknown elem segment 4")
    expectBodyInvalid(
      [.i32Const(0), .i32Const(0), .i32Const(0), .tableInit(element: 0, table: 0)],
      "type mismatch",
      configure: {
        Self.oneTable(&$0)
        $0.elements = [ElementSegment(type: .externref, items: [], mode: .passive)]
      })
    expectBodyValid(
      FuncType(parameters: [], results: [.i32]),
      [.refNull(.funcref), .i32Const(2), .tableGrow(0)], configure: Self.oneTable)
  }

  @Test func callRules() {
    expectBodyInvalid([.call(3)], "unknown function 3")
    expectBodyInvalid(i32ToI32, [.call(0)], "type mismatch")
    expectBodyInvalid([.i32Const(0), .callIndirect(typeIndex: 0, table: 0)], "unknown table 0")
    expectBodyInvalid(
      [.i32Const(0), .callIndirect(typeIndex: 9, table: 0)], "unknown type 9",
      configure: Self.oneTable)
    expectBodyInvalid(
      [.i32Const(0), .callIndirect(typeIndex: 0, table: 0)], "type mismatch",
      configure: {
        $0.tables = [
          TableDefinition(type: TableType(elementType: .externref, limits: Limits(min: 1)))
        ]
      })
    expectBodyInvalid(
      FuncType(parameters: [], results: [.i32]),
      [.returnCall(0)], "type mismatch",
      configure: {
        $0.types.append(voidType)
        $0.imports = [Import(module: "m", name: "f", descriptor: .function(typeIndex: 1))]
        $0.functionTypeIndices = [0]
      })
  }

  @Test func refFuncNeedsADeclaration() {
    expectBodyInvalid([.refFunc(0), .drop], "undeclared function reference")
    expectBodyInvalid([.refFunc(1), .drop], "unknown function 1")
    expectBodyValid(
      [.refFunc(0), .drop],
      configure: { $0.exports = [Export(name: "f", descriptor: .function(0))] })
    expectBodyValid(
      [.refFunc(0), .refIsNull, .drop],
      configure: {
        $0.elements = [
          ElementSegment(
            type: .funcref, items: [ConstExpression([.refFunc(0)])], mode: .declarative)
        ]
      })
    expectBodyInvalid([.i32Const(0), .refIsNull, .drop], "type mismatch")
  }

  @Test func structuralErrorsNeverCrash() {
    var missingEnd = singleFunctionModule(voidType, [])
    missingEnd.codes[0].instructions = [.block(.empty), .end]
    expectInvalid(missingEnd, "unexpected end")
    var trailing = singleFunctionModule(voidType, [])
    trailing.codes[0].instructions = [.end, .nop]
    expectInvalid(trailing, "operators remaining")
    var extraEnd = singleFunctionModule(voidType, [])
    extraEnd.codes[0].instructions = [.end, .end]
    expectInvalid(extraEnd, "operators remaining")
  }

  @Test func deepNestingIsBoundedByInput() {
    let depth = 100_000
    let body =
      [Instruction](repeating: .block(.empty), count: depth)
      + [Instruction](repeating: .end, count: depth)
    expectBodyValid(body)
  }

  // MARK: Module-level rules

  @Test func limits() {
    var module = Module()
    module.memories = [MemoryType(limits: Limits(min: 1, max: 0))]
    expectInvalid(module, "size minimum must not be greater than maximum")
    module.memories = [MemoryType(limits: Limits(min: 65537))]
    expectInvalid(module, "memory size")
    module.memories = [MemoryType(limits: Limits(min: 0, max: 65537))]
    expectInvalid(module, "memory size")
    module.memories = [MemoryType(limits: Limits(min: 65536, max: 65536))]
    #expect(validationError(module) == nil)
    module.memories = [MemoryType(limits: Limits(min: 0)), MemoryType(limits: Limits(min: 1))]
    #expect(validationError(module) == nil)
    module.tables = [
      TableDefinition(
        type: TableType(elementType: .funcref, limits: Limits(min: 0xFFFF_FFFF, max: 0)))
    ]
    expectInvalid(module, "size minimum must not be greater than maximum")
    module.tables = [
      TableDefinition(type: TableType(elementType: .funcref, limits: Limits(min: 1 << 32)))
    ]
    expectInvalid(module, "table size")
    module.tables = []
    module.imports = [
      Import(module: "m", name: "m", descriptor: .memory(MemoryType(limits: Limits(min: 1 << 32))))
    ]
    expectInvalid(module, "memory size")
  }

  @Test func globalInitializers() {
    func module(_ globals: [GlobalDefinition], imported: [GlobalType] = []) -> Module {
      var module = Module()
      module.imports = imported.enumerated().map {
        Import(module: "m", name: "g\($0.offset)", descriptor: .global($0.element))
      }
      module.globals = globals
      return module
    }
    func global(_ type: ValueType, _ expression: [Instruction]) -> GlobalDefinition {
      GlobalDefinition(
        type: GlobalType(valueType: type, isMutable: false),
        initializer: ConstExpression(expression))
    }
    let immutableI32 = GlobalType(valueType: .i32, isMutable: false)
    let mutableI32 = GlobalType(valueType: .i32, isMutable: true)
    expectInvalid(
      module([global(.f32, [.f32Const(0), .numeric(.f32Neg)])]),
      "constant expression required")
    expectInvalid(module([global(.i32, [.i32Const(0), .nop])]), "constant expression required")
    expectInvalid(module([global(.i32, [.f32Const(0)])]), "type mismatch")
    expectInvalid(module([global(.i32, [.i32Const(0), .i32Const(0)])]), "type mismatch")
    expectInvalid(module([global(.i32, [])]), "type mismatch")
    expectInvalid(module([global(.i32, [.globalGet(0)])]), "unknown global 0")
    expectInvalid(
      module([global(.i32, [.globalGet(1)]), global(.i32, [.i32Const(0)])]), "unknown global 1")
    expectInvalid(
      module([global(.i32, [.globalGet(0)])], imported: [mutableI32]),
      "constant expression required")
    #expect(
      validationError(module([global(.i32, [.globalGet(0)])], imported: [immutableI32])) == nil)
    #expect(
      validationError(module([global(.i32, [.i32Const(0)]), global(.i32, [.globalGet(0)])]))
        == nil)
    #expect(
      validationError(
        module([
          global(
            .i64, [.i64Const(2), .i64Const(3), .numeric(.i64Mul), .i64Const(1), .numeric(.i64Sub)])
        ])) == nil)
    expectInvalid(
      module(
        [global(.funcref, [.globalGet(0)])],
        imported: [GlobalType(valueType: .externref, isMutable: false)]),
      "type mismatch")
    expectInvalid(module([global(.funcref, [.refFunc(2)])]), "unknown function 2")
  }

  @Test func tableInitializersSeeOnlyImportedGlobals() {
    var module = Module()
    module.globals = [
      GlobalDefinition(
        type: GlobalType(valueType: .funcref, isMutable: false),
        initializer: ConstExpression([.refNull(.funcref)]))
    ]
    module.tables = [
      TableDefinition(
        type: TableType(elementType: .funcref, limits: Limits(min: 1)),
        initializer: ConstExpression([.globalGet(0)]))
    ]
    expectInvalid(module, "unknown global 0")
    module.imports = [
      Import(
        module: "m", name: "g",
        descriptor: .global(GlobalType(valueType: .funcref, isMutable: false)))
    ]
    #expect(validationError(module) == nil)
  }

  @Test func textModulesFromTheSpecSuite() throws {
    let invalid: [(String, String)] = [
      ("(module (func (result i32) (i64.const 0)))", "type mismatch"),
      ("(module (func (block (result i32) (br 0 (i64.const 1))) (drop)))", "type mismatch"),
      (
        "(module (memory 1) (func (drop (i64.load align=16 (i32.const 0)))))",
        "alignment must not be larger than natural"
      ),
      ("(module (func $f (drop (ref.func $f))))", "undeclared function reference"),
      ("(module (func (export \"a\")) (func (export \"a\")))", "duplicate export name"),
      ("(module (func $main (param i32)) (start $main))", "start function"),
      (
        "(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))",
        "immutable global"
      ),
      (
        "(module (func (select (i32.const 0) (i64.const 0) (i32.const 1)) (drop)))",
        "type mismatch"
      ),
    ]
    for (text, message) in invalid {
      let module = try Module(bytes: try wat2wasm(text))
      guard let error = validationError(module) else {
        Issue.record("\(text) validated")
        continue
      }
      #expect(error.message.hasPrefix(message), "\(text): \(error)")
    }
  }

  @Test func segments() {
    var module = Module()
    module.elements = [
      ElementSegment(
        type: .funcref, items: [], mode: .active(table: 0, offset: ConstExpression([.i32Const(0)])))
    ]
    expectInvalid(module, "unknown table 0")
    module.tables = [
      TableDefinition(type: TableType(elementType: .externref, limits: Limits(min: 1)))
    ]
    expectInvalid(module, "type mismatch")
    module.elements[0].type = .externref
    #expect(validationError(module) == nil)
    module.elements[0].mode = .active(table: 0, offset: ConstExpression([.i64Const(0)]))
    expectInvalid(module, "type mismatch")
    module.elements = [
      ElementSegment(type: .funcref, items: [ConstExpression([.i32Const(0)])], mode: .passive)
    ]
    expectInvalid(module, "type mismatch")

    module = Module()
    module.data = [
      DataSegment(bytes: [1], mode: .active(memory: 0, offset: ConstExpression([.i32Const(0)])))
    ]
    expectInvalid(module, "unknown memory 0")
    module.memories = [MemoryType(limits: Limits(min: 1))]
    #expect(validationError(module) == nil)
    module.data[0].mode = .active(memory: 0, offset: ConstExpression([.globalGet(0)]))
    expectInvalid(module, "unknown global 0")
  }

  @Test func exportsAndStart() {
    var module = singleFunctionModule(voidType, [])
    module.exports = [
      Export(name: "a", descriptor: .function(0)), Export(name: "a", descriptor: .function(0)),
    ]
    expectInvalid(module, "duplicate export name")
    module.exports = [
      Export(name: "\u{212B}", descriptor: .function(0)),
      Export(name: "\u{C5}", descriptor: .function(0)),
    ]
    #expect(validationError(module) == nil)
    module.exports = [Export(name: "g", descriptor: .global(0))]
    expectInvalid(module, "unknown global 0")
    module.exports = [Export(name: "m", descriptor: .memory(0))]
    expectInvalid(module, "unknown memory 0")
    module.exports = []
    module.start = 1
    expectInvalid(module, "unknown function 1")
    module.start = 0
    #expect(validationError(module) == nil)
    module.types[0] = i32ToI32
    module.codes[0].instructions = [.localGet(0), .end]
    expectInvalid(module, "start function")
  }

  @Test func importsNeedKnownTypes() {
    var module = Module()
    module.imports = [Import(module: "m", name: "f", descriptor: .function(typeIndex: 0))]
    expectInvalid(module, "unknown type 0")
  }
}
