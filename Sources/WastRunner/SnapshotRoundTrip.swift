import WasmVM

/// `--snapshot-every`: the session's whole store goes through a snapshot at every pause.
extension ScriptSession {
  /// Saves the store with the paused `execution`, drops it, restores a new store from the
  /// bytes and rebinds the session (instances, registered exports) to it; returns the restored
  /// execution, which the caller resumes.
  mutating func roundTrip(_ execution: Execution) throws(DirectiveStop) -> Execution {
    let restored: RestoredStore
    do {
      let bytes = try store.snapshot(of: [execution])
      // Every spectest host function does nothing and returns nothing.
      restored = try Store.restore(
        bytes, limits: store.limits, pageBudget: store.pageBudget,
        modules: { modules[$0] },
        hostFunctions: { HostFunction(type: $0.type, name: $0.name) { _, _ in [] } })
    } catch {
      throw .fail("snapshot round trip: \(error)")
    }
    guard let resumed = restored.executions.first else {
      throw .fail("snapshot round trip lost the execution")
    }
    var rebinding = Rebinding()
    for (old, new) in zip(store.instances, restored.instances) { rebinding.add(old, new) }
    registry = registry.mapValues { $0.mapValues(rebinding.map) }
    namedModules = namedModules.mapValues(rebinding.map)
    unavailableRegistrations = unavailableRegistrations.mapValues(rebinding.map)
    current = current.map(rebinding.map)
    store = restored.store
    return resumed
  }
}

/// Old instances and entities to their restored counterparts.
private struct Rebinding {
  var instances: [ObjectIdentifier: Instance] = [:]
  var entities: [ObjectIdentifier: ExternalValue] = [:]

  mutating func add(_ old: Instance, _ new: Instance) {
    instances[ObjectIdentifier(old)] = new
    var index: UInt32 = 0
    while let x = old.memory(at: index), let y = new.memory(at: index) {
      entities[ObjectIdentifier(x)] = .memory(y)
      index += 1
    }
    index = 0
    while let x = old.table(at: index), let y = new.table(at: index) {
      entities[ObjectIdentifier(x)] = .table(y)
      index += 1
    }
    index = 0
    while let x = old.global(at: index), let y = new.global(at: index) {
      entities[ObjectIdentifier(x)] = .global(y)
      index += 1
    }
  }

  func map(_ value: ExternalValue) -> ExternalValue {
    switch value {
    case .function: value
    case .memory(let x): entities[ObjectIdentifier(x)] ?? value
    case .table(let x): entities[ObjectIdentifier(x)] ?? value
    case .global(let x): entities[ObjectIdentifier(x)] ?? value
    }
  }

  func map(_ slot: ModuleSlot) -> ModuleSlot {
    guard case .instance(let old) = slot, let new = instances[ObjectIdentifier(old)] else {
      return slot
    }
    return .instance(new)
  }
}
