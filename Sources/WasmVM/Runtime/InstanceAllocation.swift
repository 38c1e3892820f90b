/// An instance fully built but not yet registered in its store, with what remains to do.
struct InstanceAllocation {
  var instance: Instance
  /// The module's defined functions, whose store addresses are already fixed: they go at the
  /// end of ``Store/functions`` in this order.
  var functions: [WasmFunction]
  /// Active element segments to apply: segment index, table index and evaluated offset.
  var activeElements: [ActiveSegment]
  /// Active data segments to apply: segment index, memory index and evaluated offset.
  var activeData: [ActiveSegment]
  /// The start function, if the module has one.
  var start: Function?
}

/// Where an active segment goes, resolved when the instance is allocated.
struct ActiveSegment {
  var segment: Int
  /// Table index for element segments, memory index for data segments.
  var target: Int
  /// The offset in the table or memory: an `i32`, or an `i64` for a 64-bit one.
  var offset: UInt64
}

extension Store {
  /// Builds every entity of a new instance without changing the store (except for assigning
  /// canonical type ids, which is invisible), so a link error leaves no trace.
  ///
  /// `retired` is for restoring an instance that is retired as soon as it is built: its
  /// imported memories and tables are then placeholders that ``retire(_:)`` replaces, and
  /// they link whatever their sizes (see ``resolveImports(of:from:retired:)``). Element
  /// segments flagged in `droppedElements` (a restored instance's, which the snapshot saves
  /// as dropped) are left empty instead of evaluated.
  func allocateInstance(
    _ validated: ValidatedModule, imports: Imports, retired: Bool = false,
    droppedElements: [Bool] = []
  ) throws(LinkError) -> InstanceAllocation {
    let module = validated.module
    let resolved = try resolveImports(of: module, from: imports, retired: retired)
    guard validated.functions.count == module.functionTypeIndices.count else {
      throw LinkError(
        "module declares \(module.functionTypeIndices.count) functions "
          + "but has \(validated.functions.count) compiled bodies")
    }

    let instance = Instance(
      store: self, types: module.types, functionNames: module.functionNames,
      moduleFingerprint: module.fingerprint)
    instance.typeIDs = module.types.map { typeID(of: $0) }

    // Addresses of defined functions are known before they are registered, because global,
    // table and element initializers may take `ref.func` of them.
    let firstAddress = functions.count
    instance.functionBase = firstAddress
    let importedCount = resolved.functionAddresses.count
    instance.functionAddresses =
      resolved.functionAddresses + validated.functions.indices.map { firstAddress + $0 }
    let names = module.functionDisplayNames
    var definedFunctions: [WasmFunction] = []
    for (offset, compiled) in validated.functions.enumerated() {
      let index = UInt32(truncatingIfNeeded: importedCount + offset)
      definedFunctions.append(
        WasmFunction(
          instance: instance, address: firstAddress + offset, compiled: compiled,
          typeID: typeID(of: compiled.type), index: index,
          name: names[index]))
    }
    // Register calls name their callees by object or store address (see `CalleeWord`), which
    // exist only now that every defined function does. Validation bounds every index.
    for (function, compiled) in zip(definedFunctions, validated.functions) {
      guard let sites = compiled.registerCode?.callSites, !sites.isEmpty else { continue }
      function.linkCallSites(sites) { index in
        let address = instance.functionAddresses.element(ifPresentAt: index) ?? -1
        let callee: FunctionInstance? =
          if definedFunctions.indices.contains(address - firstAddress) {
            .wasm(definedFunctions[address - firstAddress])
          } else if functions.indices.contains(address) {
            functions[address]
          } else {
            nil
          }
        return CalleeWord.make(callee, address: address)
      }
    }

    var evaluator = ConstExpressionEvaluator(
      functionAddresses: instance.functionAddresses, globals: resolved.globals)
    for definition in module.globals {
      let (slot, high) = try evaluator.evaluateBoth(definition.initializer)
      let global = Global(type: definition.type, slot: slot)
      global.highSlot = high
      evaluator.globals.append(global)
    }
    instance.globals = evaluator.globals

    instance.tables = resolved.tables
    for definition in module.tables {
      var initial: UInt64 = 0
      if let expression = definition.initializer { initial = try evaluator.evaluate(expression) }
      instance.tables.append(
        try Table(
          type: definition.type, initialSlot: initial, limits: limits, budget: tableBudget))
    }
    instance.memories = resolved.memories
    for type in module.memories {
      instance.memories.append(try Memory(type: type, limits: limits, pageBudget: pageBudget))
    }

    for (name, value) in try exports(of: module, in: instance) {
      instance.exports[name] = value
      instance.exportsByBytes[Array(name.utf8)] = value
    }

    var activeElements: [ActiveSegment] = []
    for (index, segment) in module.elements.enumerated() {
      if droppedElements.element(ifPresentAt: UInt32(truncatingIfNeeded: index)) == true {
        instance.elementSegments.append([])
        continue
      }
      if case .declarative = segment.mode {
        instance.elementSegments.append([])
        continue
      }
      var items: [UInt64] = []
      items.reserveCapacity(segment.items.count)
      for item in segment.items { items.append(try evaluator.evaluate(item)) }
      instance.elementSegments.append(items)
      if case .active(let table, let offset) = segment.mode {
        activeElements.append(
          ActiveSegment(
            segment: index, target: Int(table), offset: try evaluator.evaluate(offset)))
      }
    }
    var activeData: [ActiveSegment] = []
    for (index, segment) in module.data.enumerated() {
      instance.dataSegments.append(segment.bytes)
      if case .active(let memory, let offset) = segment.mode {
        activeData.append(
          ActiveSegment(
            segment: index, target: Int(memory), offset: try evaluator.evaluate(offset)))
      }
    }
    var start: Function?
    if let index = module.start {
      guard let address = instance.functionAddresses.element(ifPresentAt: index) else {
        throw LinkError("unknown start function \(index)")
      }
      start = Function(address: address)
    }
    return InstanceAllocation(
      instance: instance, functions: definedFunctions,
      activeElements: activeElements, activeData: activeData, start: start)
  }

  /// The exports of a new instance, in module order.
  private func exports(of module: Module, in instance: Instance) throws(LinkError)
    -> [(String, ExternalValue)]
  {
    var exports: [(String, ExternalValue)] = []
    for export in module.exports {
      let value: ExternalValue?
      switch export.descriptor {
      case .function(let index):
        value = instance.functionAddresses.element(ifPresentAt: index).map {
          .function(Function(address: $0))
        }
      case .table(let index): value = instance.tables.element(ifPresentAt: index).map { .table($0) }
      case .memory(let index):
        value = instance.memories.element(ifPresentAt: index).map { .memory($0) }
      case .global(let index):
        value = instance.globals.element(ifPresentAt: index).map { .global($0) }
      }
      guard let value else { throw LinkError("unknown entity exported as \"\(export.name)\"") }
      exports.append((export.name, value))
    }
    return exports
  }
}
