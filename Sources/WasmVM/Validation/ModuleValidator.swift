extension Module {
  /// Checks the module against the WebAssembly validation rules and translates every function
  /// body into internal code (see `Op`) in the same pass.
  ///
  /// Validation never traps or crashes on hostile input: every rule violation becomes a
  /// ``ValidationError`` carrying the spec's wording, and all work is bounded by the module's
  /// size (explicit stacks, no recursion per nesting level).
  public func validate() throws(ValidationError) -> ValidatedModule {
    try ModuleValidator(module: self).run()
  }
}

/// The module-level rules, in the reference interpreter's order (imports, definitions,
/// segments, bodies, start, exports), so that a module with several faults reports the same
/// one first.
struct ModuleValidator {
  /// Most pages a 32-bit memory may declare (4 GiB).
  static let maxMemoryPages: UInt64 = 65536
  /// Most pages a 64-bit memory may declare (2^64 bytes).
  static let maxMemoryPages64: UInt64 = 1 << 48
  /// Most elements a 32-bit table may declare (a 64-bit one may declare any `u64`).
  static let maxTableSize: UInt64 = 0xFFFF_FFFF

  let module: Module

  func run() throws(ValidationError) -> ValidatedModule {
    let context = try makeContext()
    var functions: [CompiledFunction] = []
    functions.reserveCapacity(module.codes.count)
    for i in module.codes.indices {
      var translator = functionValidator(i, context)
      functions.append(try translator.run())
    }
    try checkStart(context)
    try checkExports(context)
    return ValidatedModule(module: module, functions: functions)
  }

  /// For each function (by index; defined, not imported) the types of its locals and the
  /// operand types validation sees before each instruction at the given source-map offsets:
  /// what a restored snapshot's stacks are checked against (see ``LinkGroups``). Validates
  /// those bodies again, each once.
  func operandTypes(at offsets: [UInt32: Set<Int>]) throws(ValidationError)
    -> [UInt32: (locals: [ValueType], operands: [Int: [ValueType?]])]
  {
    let context = try makeContext()
    let importedFunctionCount = context.functionTypeIndices.count - module.codes.count
    var found: [UInt32: (locals: [ValueType], operands: [Int: [ValueType?]])] = [:]
    for (index, wanted) in offsets {
      let codeIndex = Int(index) - importedFunctionCount
      guard module.codes.indices.contains(codeIndex) else {
        throw ValidationError("function \(index) is not defined by the module")
      }
      var validator = functionValidator(codeIndex, context)
      validator.probeOffsets = wanted
      try validator.validateBody()
      found[index] = (validator.locals, validator.probedOperands)
    }
    return found
  }

  /// The validator of defined function `codeIndex` (its index among the module's bodies).
  private func functionValidator(_ codeIndex: Int, _ context: ValidationContext)
    -> FunctionValidator
  {
    let typeIndex = module.functionTypeIndices[codeIndex]
    return FunctionValidator(
      context: context, typeIndex: typeIndex, type: context.types[Int(typeIndex)],
      body: module.codes[codeIndex],
      functionIndex: context.functionTypeIndices.count - module.codes.count + codeIndex,
      codeSectionStart: module.codeSectionStart)
  }

  /// Everything a function body is validated against: types, imports, definitions, segments.
  private func makeContext() throws(ValidationError) -> ValidationContext {
    var context = ValidationContext(types: module.types)
    try addImports(to: &context)
    for index in module.functionTypeIndices {
      _ = try context.type(index)
      context.functionTypeIndices.append(index)
    }
    guard module.functionTypeIndices.count == module.codes.count else {
      throw ValidationError("function and code section have inconsistent lengths")
    }
    for table in module.tables {
      try checkTable(table.type)
      context.tables.append(table.type)
    }
    for memory in module.memories {
      try checkMemory(memory)
      context.memories.append(memory)
    }
    try addGlobals(to: &context)
    try checkTableInitializers(context)
    try addElements(to: &context)
    try addData(to: &context)
    declareFunctionReferences(in: &context)
    return context
  }

  private func addImports(to context: inout ValidationContext) throws(ValidationError) {
    for entry in module.imports {
      switch entry.descriptor {
      case .function(let typeIndex):
        _ = try context.type(typeIndex)
        context.functionTypeIndices.append(typeIndex)
      case .table(let type):
        try checkTable(type)
        context.tables.append(type)
      case .memory(let type):
        try checkMemory(type)
        context.memories.append(type)
      case .global(let type):
        context.globals.append(type)
      }
    }
  }

  private func checkLimits(
    _ limits: Limits, range: UInt64, message: String
  ) throws(ValidationError) {
    guard limits.min <= range else { throw ValidationError(message) }
    if let max = limits.max {
      guard max <= range else { throw ValidationError(message) }
      guard limits.min <= max else {
        throw ValidationError("size minimum must not be greater than maximum")
      }
    }
  }

  private func checkTable(_ type: TableType) throws(ValidationError) {
    guard type.elementType.isReference else {
      throw ValidationError("type mismatch: table elements must be references")
    }
    switch type.addressType {
    case .i32:
      try checkLimits(
        type.limits, range: Self.maxTableSize, message: "table size must be at most 2^32-1")
    case .i64:
      try checkLimits(
        type.limits, range: UInt64.max, message: "table size must be at most 2^64-1")
    }
  }

  private func checkMemory(_ type: MemoryType) throws(ValidationError) {
    switch type.addressType {
    case .i32:
      try checkLimits(
        type.limits, range: Self.maxMemoryPages,
        message: "memory size must be at most 65536 pages (4GiB)")
    case .i64:
      try checkLimits(
        type.limits, range: Self.maxMemoryPages64,
        message: "memory size must be at most 2^48 pages")
    }
  }

  /// Each global's initializer sees the imported globals and the globals defined before it.
  private func addGlobals(to context: inout ValidationContext) throws(ValidationError) {
    for global in module.globals {
      let visible = context.globals.count
      try ConstExpressionValidator(context: context).validate(
        global.initializer, expecting: global.type.valueType, visibleGlobals: visible)
      context.globals.append(global.type)
    }
  }

  /// Table initializers see only the imported globals (the spec validates them in the
  /// context before any global is defined).
  private func checkTableInitializers(_ context: ValidationContext) throws(ValidationError) {
    let constants = ConstExpressionValidator(context: context)
    let importedGlobals = context.globals.count - module.globals.count
    for table in module.tables {
      guard let initializer = table.initializer else { continue }
      try constants.validate(
        initializer, expecting: table.type.elementType, visibleGlobals: importedGlobals)
    }
  }

  private func addElements(to context: inout ValidationContext) throws(ValidationError) {
    let constants = ConstExpressionValidator(context: context)
    for segment in module.elements {
      guard segment.type.isReference else {
        throw ValidationError("type mismatch: element segments hold references")
      }
      for item in segment.items {
        try constants.validate(
          item, expecting: segment.type, visibleGlobals: context.globals.count)
      }
      if case .active(let tableIndex, let offset) = segment.mode {
        let table = try context.table(tableIndex)
        guard table.elementType == segment.type else {
          throw ValidationError(
            "type mismatch: \(segment.type) segment for \(table.elementType) table")
        }
        try constants.validate(
          offset, expecting: table.addressType.valueType, visibleGlobals: context.globals.count)
      }
      context.elementTypes.append(segment.type)
    }
  }

  private func addData(to context: inout ValidationContext) throws(ValidationError) {
    let constants = ConstExpressionValidator(context: context)
    for segment in module.data {
      if case .active(let memoryIndex, let offset) = segment.mode {
        let memory = try context.memory(memoryIndex)
        try constants.validate(
          offset, expecting: memory.addressType.valueType, visibleGlobals: context.globals.count)
      }
    }
    context.dataCount = module.data.count
  }

  /// The spec's `C.refs`: functions named by `ref.func` outside function bodies, or exported.
  private func declareFunctionReferences(in context: inout ValidationContext) {
    var declared = [Bool](repeating: false, count: context.functionTypeIndices.count)
    func declare(_ expression: ConstExpression) {
      for case .refFunc(let index) in expression.instructions where index < declared.count {
        declared[Int(index)] = true
      }
    }
    for global in module.globals { declare(global.initializer) }
    for table in module.tables {
      if let initializer = table.initializer { declare(initializer) }
    }
    for segment in module.elements {
      segment.items.forEach(declare)
      if case .active(_, let offset) = segment.mode { declare(offset) }
    }
    for segment in module.data {
      if case .active(_, let offset) = segment.mode { declare(offset) }
    }
    for case .function(let index) in module.exports.map(\.descriptor) where index < declared.count {
      declared[Int(index)] = true
    }
    context.declaredFunctions = declared
  }

  private func checkStart(_ context: ValidationContext) throws(ValidationError) {
    guard let start = module.start else { return }
    let type = try context.functionType(start)
    guard type.parameters.isEmpty, type.results.isEmpty else {
      throw ValidationError("start function must have type [] -> [], not \(type)")
    }
  }

  /// Export names are compared as UTF-8 bytes: Swift's `String` equality would wrongly merge
  /// canonically equivalent but distinct names.
  private func checkExports(_ context: ValidationContext) throws(ValidationError) {
    var names = Set<[UInt8]>()
    for export in module.exports {
      switch export.descriptor {
      case .function(let index): _ = try context.functionType(index)
      case .table(let index): _ = try context.table(index)
      case .memory(let index): _ = try context.memory(index)
      case .global(let index): _ = try context.global(index)
      }
      guard names.insert(Array(export.name.utf8)).inserted else {
        throw ValidationError("duplicate export name \"\(export.name)\"")
      }
    }
  }
}
