import Testing

@testable import WasmVM

/// Builds validated modules by hand, so the runtime is tested without the decoder and
/// validator: every function body is the smallest valid code, `charge 1; return`.
private enum Build {
  static let void = FuncType(parameters: [], results: [])

  static func body(_ type: FuncType = void, typeIndex: UInt32 = 0) -> CompiledFunction {
    CompiledFunction(
      code: [CodeWord(Op.charge.rawValue), 1, CodeWord(Op.return.rawValue)],
      typeIndex: typeIndex, type: type, localCount: 0, maxStackHeight: 0)
  }

  /// A module whose every defined function has type `types[0]`.
  static func validated(_ module: Module) -> ValidatedModule {
    let type = module.types.first ?? void
    return ValidatedModule(
      module: module,
      functions: module.functionTypeIndices.map { body(type, typeIndex: $0) })
  }

  static func i32(_ value: UInt32) -> ConstExpression { ConstExpression([.i32Const(value)]) }

  static func memory(min: UInt64, max: UInt64? = nil) -> MemoryType {
    MemoryType(limits: Limits(min: min, max: max))
  }

  static func table(min: UInt64, max: UInt64? = nil, _ type: ValueType = .funcref) -> TableType {
    TableType(elementType: type, limits: Limits(min: min, max: max))
  }

  static func importing(_ descriptor: ImportDescriptor, types: [FuncType] = []) -> Module {
    var module = Module()
    module.types = types
    module.imports = [Import(module: "env", name: "x", descriptor: descriptor)]
    return module
  }
}

/// Instantiates `module` and returns the link error's message, or `nil` if it linked.
private func linkError(
  in store: Store, _ module: ValidatedModule, imports: Imports = [:]
) -> String? {
  do {
    _ = try store.instantiate(module, imports: imports)
    return nil
  } catch {
    if case .link(let error) = error { return error.message }
    return "unexpected \(error)"
  }
}

/// Instantiates `module` and returns the trap's message, or `nil` if it instantiated.
private func trapMessage(
  in store: Store, _ module: ValidatedModule, imports: Imports = [:]
) -> String? {
  do {
    _ = try store.instantiate(module, imports: imports)
    return nil
  } catch {
    if case .trap(let trap) = error { return trap.message }
    return "unexpected \(error)"
  }
}

@Suite("Runtime: linking")
struct LinkingTests {
  let store = Store()

  @Test func missingImportIsUnknown() throws {
    let module = Build.validated(Build.importing(.memory(Build.memory(min: 1))))
    let message = linkError(in: store, module, imports: [:])
    #expect(message == "unknown import: env.x")
  }

  @Test func importNamesCompareAsBytes() throws {
    let memory = try Memory(type: Build.memory(min: 1), limits: store.limits)
    var module = Build.importing(.memory(Build.memory(min: 1)))
    module.imports[0].name = "A\u{30A}"
    let message = linkError(
      in: store, Build.validated(module), imports: ["env": ["\u{C5}": .memory(memory)]])
    #expect(message == "unknown import: env.A\u{30A}")
  }

  @Test func functionTypesMustBeEqual() throws {
    let i32ToVoid = FuncType(parameters: [.i32], results: [])
    let host = store.add(HostFunction(type: Build.void) { _, _ in [] })
    let module = Build.validated(Build.importing(.function(typeIndex: 0), types: [i32ToVoid]))
    let message = linkError(in: store, module, imports: ["env": ["x": .function(host)]])
    #expect(message?.hasPrefix("incompatible import type for env.x") == true)
    #expect(message?.contains("(param i32)") == true)

    let matching = store.add(HostFunction(type: i32ToVoid) { _, _ in [] })
    let instance = try store.instantiate(module, imports: ["env": ["x": .function(matching)]])
    #expect(instance.functionAddresses == [matching.address])
  }

  @Test func kindsMustMatch() throws {
    let memory = try Memory(type: Build.memory(min: 1), limits: store.limits)
    let module = Build.validated(Build.importing(.table(Build.table(min: 1))))
    let message = linkError(in: store, module, imports: ["env": ["x": .memory(memory)]])
    #expect(
      message
        == "incompatible import type for env.x: expected (table 1 funcref), found (memory 1)")
  }

  @Test func functionOfAnotherStoreIsIncompatible() throws {
    let module = Build.validated(Build.importing(.function(typeIndex: 0), types: [Build.void]))
    let foreign = Function(address: 12345)
    let message = linkError(in: store, module, imports: ["env": ["x": .function(foreign)]])
    #expect(message?.hasPrefix("incompatible import type") == true)
  }

  @Test(
    arguments: [
      // (provided min, provided max, declared min, declared max, links)
      (1, nil, 1, nil, true),
      (2, nil, 1, nil, true),
      (0, nil, 1, nil, false),
      (1, 2, 1, 2, true),
      (1, 1, 1, 2, true),
      (1, 3, 1, 2, false),
      (1, nil, 1, 2, false),
      (1, 5, 0, nil, true),
    ] as [(UInt64, UInt64?, UInt64, UInt64?, Bool)])
  func limitsSubtyping(
    providedMin: UInt64, providedMax: UInt64?, declaredMin: UInt64, declaredMax: UInt64?,
    links: Bool
  ) throws {
    let memory = try Memory(
      type: Build.memory(min: providedMin, max: providedMax), limits: store.limits)
    let memoryModule = Build.validated(
      Build.importing(.memory(Build.memory(min: declaredMin, max: declaredMax))))
    let memoryResult = linkError(in: store, memoryModule, imports: ["env": ["x": .memory(memory)]])
    #expect((memoryResult == nil) == links)

    let table = try Table(
      type: Build.table(min: providedMin, max: providedMax), limits: store.limits)
    let tableModule = Build.validated(
      Build.importing(.table(Build.table(min: declaredMin, max: declaredMax))))
    let tableResult = linkError(in: store, tableModule, imports: ["env": ["x": .table(table)]])
    #expect((tableResult == nil) == links)
  }

  @Test func matchingUsesCurrentSizeAfterGrowth() throws {
    let memory = try Memory(type: Build.memory(min: 1, max: 4), limits: store.limits)
    let module = Build.validated(Build.importing(.memory(Build.memory(min: 3))))
    #expect(linkError(in: store, module, imports: ["env": ["x": .memory(memory)]]) != nil)
    #expect(memory.grow(by: 2) == 1)
    #expect(linkError(in: store, module, imports: ["env": ["x": .memory(memory)]]) == nil)

    let table = try Table(type: Build.table(min: 0, .externref), limits: store.limits)
    let tableModule = Build.validated(Build.importing(.table(Build.table(min: 2, .externref))))
    #expect(linkError(in: store, tableModule, imports: ["env": ["x": .table(table)]]) != nil)
    #expect(table.grow(by: 2, initial: 0) == 0)
    #expect(linkError(in: store, tableModule, imports: ["env": ["x": .table(table)]]) == nil)
  }

  @Test func tableElementTypesMustBeEqual() throws {
    let table = try Table(type: Build.table(min: 1, .externref), limits: store.limits)
    let module = Build.validated(Build.importing(.table(Build.table(min: 1))))
    let message = linkError(in: store, module, imports: ["env": ["x": .table(table)]])
    #expect(message?.hasPrefix("incompatible import type") == true)
  }

  @Test func globalsMustAgreeOnTypeAndMutability() throws {
    let immutable = Global(type: GlobalType(valueType: .i32, isMutable: false), slot: 7)
    let mutable = Global(type: GlobalType(valueType: .i32, isMutable: true), slot: 7)
    let wide = Global(type: GlobalType(valueType: .i64, isMutable: false), slot: 7)
    let module = Build.validated(
      Build.importing(.global(GlobalType(valueType: .i32, isMutable: false))))
    for (global, links) in [(immutable, true), (mutable, false), (wide, false)] {
      let message = linkError(in: store, module, imports: ["env": ["x": .global(global)]])
      #expect((message == nil) == links)
    }
    let message = linkError(in: store, module, imports: ["env": ["x": .global(mutable)]])
    #expect(
      message == "incompatible import type for env.x: expected (global i32), "
        + "found (global (mut i32))")
  }

  @Test func linkErrorLeavesStoreUnchanged() throws {
    var module = Build.importing(.memory(Build.memory(min: 1)))
    module.types = [Build.void]
    module.functionTypeIndices = [0, 0]
    let before = (store.functions.count, store.instances.count)
    #expect(linkError(in: store, Build.validated(module), imports: [:]) != nil)
    #expect(store.functions.count == before.0)
    #expect(store.instances.count == before.1)
  }

  @Test func resourceLimitsAreLinkErrors() throws {
    let small = Store(limits: ResourceLimits(maxMemoryPages: 2, maxTableElements: 10))
    var memoryModule = Module()
    memoryModule.memories = [Build.memory(min: 3)]
    #expect(
      linkError(in: small, Build.validated(memoryModule))?.contains("exceeds the limit") == true)

    var tableModule = Module()
    tableModule.tables = [TableDefinition(type: Build.table(min: 11))]
    #expect(
      linkError(in: small, Build.validated(tableModule))?.contains("exceeds the limit") == true)
    #expect(small.instances.isEmpty)
  }
}

@Suite("Runtime: instantiation")
struct InstantiationTests {
  let store = Store()

  @Test func functionsGetStoreAddressesAfterImports() throws {
    let host = store.add(HostFunction(type: Build.void) { _, _ in [] })
    var module = Build.importing(.function(typeIndex: 0), types: [Build.void])
    module.functionTypeIndices = [0, 0]
    module.functionNames = [2: "second"]
    module.exports = [Export(name: "f", descriptor: .function(2))]
    let instance = try store.instantiate(
      Build.validated(module), imports: ["env": ["x": .function(host)]])
    #expect(instance.functionAddresses == [host.address, host.address + 1, host.address + 2])
    #expect(instance.exportedFunction("f") == Function(address: host.address + 2))
    #expect(store.type(of: Function(address: host.address + 2)) == Build.void)
    guard case .wasm(let function) = store.functions[host.address + 2] else {
      Issue.record("expected a wasm function")
      return
    }
    #expect(function.index == 2)
    #expect(function.name == "second")
    #expect(function.instance === instance)
    #expect(store.instances.last === instance)
  }

  @Test func globalInitializersUseImportsEarlierGlobalsAndFunctions() throws {
    let base = Global(type: GlobalType(valueType: .i32, isMutable: false), slot: 10)
    var module = Build.importing(.global(base.type), types: [Build.void])
    module.functionTypeIndices = [0]
    let i64 = GlobalType(valueType: .i64, isMutable: false)
    module.globals = [
      // global 1 = import * 3 - 40 (wraps to 32 bits)
      GlobalDefinition(
        type: base.type,
        initializer: ConstExpression([
          .globalGet(0), .i32Const(3), .numeric(.i32Mul), .i32Const(40), .numeric(.i32Sub),
        ])),
      // global 2 = global 1 + 1
      GlobalDefinition(
        type: base.type,
        initializer: ConstExpression([.globalGet(1), .i32Const(1), .numeric(.i32Add)])),
      GlobalDefinition(
        type: i64,
        initializer: ConstExpression([
          .i64Const(UInt64.max), .i64Const(2), .numeric(.i64Mul), .i64Const(5),
          .numeric(.i64Add),
        ])),
      GlobalDefinition(
        type: GlobalType(valueType: .funcref, isMutable: true),
        initializer: ConstExpression([.refFunc(0)])),
      GlobalDefinition(
        type: GlobalType(valueType: .externref, isMutable: false),
        initializer: ConstExpression([.refNull(.externref)])),
      GlobalDefinition(
        type: GlobalType(valueType: .f64, isMutable: false),
        initializer: ConstExpression([.f64Const((1.5).bitPattern)])),
    ]
    module.exports = (0..<7).map { Export(name: "g\($0)", descriptor: .global(UInt32($0))) }
    let instance = try store.instantiate(
      Build.validated(module), imports: ["env": ["x": .global(base)]])
    #expect(instance.exportedGlobal("g0") === base)
    #expect(instance.exportedGlobal("g1")?.value == .i32(UInt32(bitPattern: -10)))
    #expect(instance.exportedGlobal("g2")?.value == .i32(UInt32(bitPattern: -9)))
    #expect(instance.exportedGlobal("g3")?.value == .i64(3))
    #expect(instance.exportedGlobal("g4")?.value == .funcref(instance.functionAddresses[0]))
    #expect(instance.exportedGlobal("g5")?.value == .externref(nil))
    #expect(instance.exportedGlobal("g6")?.value == .f64((1.5).bitPattern))
  }

  @Test func definedTablesTakeTheirInitializer() throws {
    var module = Module()
    module.types = [Build.void]
    module.functionTypeIndices = [0]
    module.tables = [
      TableDefinition(type: Build.table(min: 3), initializer: ConstExpression([.refFunc(0)])),
      TableDefinition(type: Build.table(min: 2, .externref)),
    ]
    module.memories = [Build.memory(min: 1, max: 2)]
    module.exports = [
      Export(name: "t", descriptor: .table(0)),
      Export(name: "e", descriptor: .table(1)),
      Export(name: "m", descriptor: .memory(0)),
    ]
    let instance = try store.instantiate(Build.validated(module))
    let address = UInt64(instance.functionAddresses[0])
    #expect(instance.exportedTable("t")?.elements == [address + 1, address + 1, address + 1])
    #expect(instance.exportedTable("e")?.elements == [0, 0])
    #expect(instance.exportedMemory("m")?.pageCount == 1)
    #expect(instance.exportedMemory("t") == nil)
    #expect(instance.exportedFunction("m") == nil)
  }

  @Test func memorySharedBetweenInstances() throws {
    var exporter = Module()
    exporter.memories = [Build.memory(min: 1)]
    exporter.exports = [Export(name: "mem", descriptor: .memory(0))]
    let first = try store.instantiate(Build.validated(exporter))
    let memory = try #require(first.exportedMemory("mem"))

    var importer = Build.importing(.memory(Build.memory(min: 1)))
    importer.data = [
      DataSegment(bytes: [1, 2, 3], mode: .active(memory: 0, offset: Build.i32(100)))
    ]
    let second = try store.instantiate(
      Build.validated(importer), imports: ["env": ["x": .export(first, "mem")]])
    #expect(memory.read(at: 100, count: 3) == [1, 2, 3])
    #expect(second.memories[0] === memory)
    #expect(second.dataSegments == [[]])
  }

  @Test func dataSegmentsApplyInOrderWithoutRollback() throws {
    let memory = try Memory(type: Build.memory(min: 1), limits: store.limits)
    var module = Build.importing(.memory(Build.memory(min: 1)))
    module.data = [
      DataSegment(bytes: [7, 7], mode: .active(memory: 0, offset: Build.i32(0))),
      DataSegment(bytes: [9], mode: .passive),
      DataSegment(bytes: [], mode: .active(memory: 0, offset: Build.i32(65536))),
      DataSegment(bytes: [8, 8], mode: .active(memory: 0, offset: Build.i32(65535))),
      DataSegment(bytes: [6], mode: .active(memory: 0, offset: Build.i32(10))),
    ]
    let message = trapMessage(
      in: store, Build.validated(module), imports: ["env": ["x": .memory(memory)]])
    #expect(message == "out of bounds memory access")
    #expect(memory.read(at: 0, count: 2) == [7, 7])
    #expect(memory.read(at: 65535, count: 1) == [0])
    #expect(memory.read(at: 10, count: 1) == [0])
  }

  @Test func emptyDataSegmentPastTheEndTraps() throws {
    var module = Module()
    module.memories = [Build.memory(min: 0)]
    module.data = [DataSegment(bytes: [], mode: .active(memory: 0, offset: Build.i32(1)))]
    #expect(trapMessage(in: store, Build.validated(module)) == "out of bounds memory access")
  }

  @Test func elementSegmentsFillSharedTablesAndKeepPartialWrites() throws {
    let table = try Table(type: Build.table(min: 4), limits: store.limits)
    var module = Build.importing(.table(Build.table(min: 4)), types: [Build.void])
    module.functionTypeIndices = [0, 0]
    let segment = { (indices: [UInt32], mode: ElementSegment.Mode) in
      ElementSegment(
        type: .funcref, items: indices.map { ConstExpression([.refFunc($0)]) }, mode: mode)
    }
    module.elements = [
      segment([0, 1], .active(table: 0, offset: Build.i32(1))),
      segment([1], .passive),
      segment([0], .declarative),
      segment([0, 0], .active(table: 0, offset: Build.i32(3))),
      segment([1], .active(table: 0, offset: Build.i32(0))),
    ]
    let before = store.functions.count
    let message = trapMessage(
      in: store, Build.validated(module), imports: ["env": ["x": .table(table)]])
    #expect(message == "out of bounds table access")
    let f0 = UInt64(before) + 1
    #expect(table.elements == [0, f0, f0 + 1, 0])
    // The failed instance stays in the store: the table refers to its functions.
    #expect(store.functions.count == before + 2)
    let instance = try #require(store.instances.last)
    #expect(instance.elementSegments == [[], [f0 + 1], [], [f0, f0], [f0 + 1]])
  }

  @Test func segmentsAreDroppedAfterSuccessfulInstantiation() throws {
    var module = Module()
    module.types = [Build.void]
    module.functionTypeIndices = [0]
    module.tables = [TableDefinition(type: Build.table(min: 2))]
    module.elements = [
      ElementSegment(
        type: .funcref, items: [ConstExpression([.refFunc(0)])],
        mode: .active(
          table: 0,
          offset: ConstExpression([.i32Const(0), .i32Const(1), .numeric(.i32Add)]))),
      ElementSegment(
        type: .funcref, items: [ConstExpression([.refNull(.funcref)])], mode: .passive),
    ]
    let instance = try store.instantiate(Build.validated(module))
    let f0 = UInt64(instance.functionAddresses[0]) + 1
    #expect(instance.tables[0].elements == [0, f0])
    #expect(instance.elementSegments == [[], [0]])
  }

  @Test func invalidConstantExpressionsAreRejected() throws {
    var module = Module()
    module.globals = [
      GlobalDefinition(
        type: GlobalType(valueType: .i32, isMutable: false),
        initializer: ConstExpression([.i32Const(1), .numeric(.i32DivS)]))
    ]
    #expect(linkError(in: store, Build.validated(module)) != nil)
    module.globals[0].initializer = ConstExpression([.globalGet(0)])
    #expect(linkError(in: store, Build.validated(module)) != nil)
  }
}

extension ExternalValue {
  /// The export `name` of `instance`, or a foreign function (which fails to link).
  fileprivate static func export(_ instance: Instance, _ name: String) -> ExternalValue {
    instance.export(name) ?? .function(Function(address: -1))
  }
}
