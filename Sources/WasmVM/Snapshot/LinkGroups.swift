/// Which instances of a store are linked: connected, directly or through others, by what they
/// import from each other or share (a function, memory, table or global; a host function or an
/// embedder's entity that several import).
///
/// A function reference only ever moves along such links: code holds references to its own
/// functions and imports, and passes them on only through calls, tables and globals it shares.
/// So in any store this engine ran, every reference a table, global or stack holds names a
/// function of the group holding it, and every frame of a call runs in the group of the call.
/// A snapshot breaking that was crafted, and would hand code a function of an instance it was
/// never linked to (in PluginHost, another plugin's private function, or its `kv` acting for
/// it): restoring refuses it. The groups are computed from the restored instances' own links,
/// never read from the snapshot.
///
/// The one way to build such a store without a snapshot is an embedder handing a reference
/// to an instance that is not linked to its function (``Table/set(_:at:)``, an argument); a
/// snapshot of that store does not restore.
struct LinkGroups {
  /// The group of each function, by store address. A host function no instance imports has a
  /// group of its own, which no instance is in.
  private(set) var functionGroups: [Int] = []
  /// The group of each memory, table and global an instance holds.
  private var entityGroups: [ObjectIdentifier: Int] = [:]

  init(store: Store) {
    var parent: [Int] = []
    func node() -> Int {
      parent.append(parent.count)
      return parent.count - 1
    }
    func find(_ x: Int) -> Int {
      var root = x
      while parent[root] != root { root = parent[root] }
      var x = x
      while parent[x] != root { (x, parent[x]) = (parent[x], root) }
      return root
    }
    func union(_ a: Int, _ b: Int) {
      let (ra, rb) = (find(a), find(b))
      if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    // Nodes: one per instance (its defined functions are its), then one per host function,
    // then one per entity.
    var instanceNodes: [ObjectIdentifier: Int] = [:]
    for instance in store.instances { instanceNodes[ObjectIdentifier(instance)] = node() }
    var functionNodes: [Int] = []
    functionNodes.reserveCapacity(store.functions.count)
    for function in store.functions {
      switch function {
      case .wasm(let wasm):
        functionNodes.append(instanceNodes[ObjectIdentifier(wasm.instance)] ?? node())
      case .host: functionNodes.append(node())
      }
    }
    var entityNodes: [ObjectIdentifier: Int] = [:]
    func entity(_ object: AnyObject) -> Int {
      let id = ObjectIdentifier(object)
      if let existing = entityNodes[id] { return existing }
      let made = node()
      entityNodes[id] = made
      return made
    }
    for (number, instance) in store.instances.enumerated() {
      for address in instance.functionAddresses where address < functionNodes.count {
        union(number, functionNodes[address])
      }
      for memory in instance.memories { union(number, entity(memory)) }
      for table in instance.tables { union(number, entity(table)) }
      for global in instance.globals { union(number, entity(global)) }
    }
    functionGroups = functionNodes.map(find)
    entityGroups = entityNodes.mapValues(find)
  }

  /// Refuses a table or global holding a function of another group.
  func checkEntities(of store: Store) throws(SnapshotError) {
    for (number, instance) in store.instances.enumerated() {
      for (index, table) in instance.tables.enumerated() where table.type.elementType == .funcref {
        let group = entityGroups[ObjectIdentifier(table)]
        for slot in table.elements where slot != 0 {
          guard self.group(ofFunctionSlot: slot) == group else {
            throw crossing("table \(index) of instance \(number)", slot)
          }
        }
      }
      for (index, global) in instance.globals.enumerated() where global.type.valueType == .funcref {
        guard
          global.slot == 0
            || group(ofFunctionSlot: global.slot) == entityGroups[ObjectIdentifier(global)]
        else { throw crossing("global \(index) of instance \(number)", global.slot) }
      }
    }
  }

  /// The group of the function a non-null `funcref` slot (address + 1) names, if it exists.
  func group(ofFunctionSlot slot: UInt64) -> Int? {
    guard slot != 0, slot <= UInt64(functionGroups.count) else { return nil }
    return functionGroups[Int(slot - 1)]
  }

  func crossing(_ holder: String, _ slot: UInt64) -> SnapshotError {
    SnapshotError(
      .mismatch,
      "\(holder) holds a reference to function \(slot - 1), which belongs to an instance it "
        + "is not linked to")
  }
}

/// The frames of restored executions whose stack slots still need typing: slots are untyped
/// in the snapshot, so which hold a `funcref` comes from validating the frames' functions
/// again at the saved positions, each function once however many frames run it, after every
/// execution is read (see ``LinkGroups``).
struct SavedStacks {
  struct Frame {
    let function: WasmFunction
    /// Where its locals start on the stack.
    let base: Int
    /// The source-map offset the frame's operands are typed at.
    let offset: Int
    /// How many of its operands are on the stack (below its callee's frame).
    let operandCount: Int
  }
  private var executions: [(execution: Execution, group: Int, frames: [Frame])] = []

  mutating func add(_ execution: Execution, group: Int, frames: [Frame]) {
    executions.append((execution, group, frames))
  }

  /// Refuses a stack slot typed `funcref` (or in code no validation reached) that names a
  /// function outside its execution's group.
  func check(_ groups: LinkGroups, modules: (Fingerprint) -> ValidatedModule?)
    throws(SnapshotError)
  {
    var wanted: [Fingerprint: [UInt32: Set<Int>]] = [:]
    for (_, _, frames) in executions {
      for frame in frames {
        wanted[frame.function.instance.moduleFingerprint, default: [:]][
          frame.function.index, default: []
        ].insert(frame.offset)
      }
    }
    var types: [Fingerprint: [UInt32: (locals: [ValueType], operands: [Int: [ValueType?]])]] =
      [:]
    for (fingerprint, offsets) in wanted {
      guard let module = modules(fingerprint) else {
        throw SnapshotError(.mismatch, "no module for a frame's function")
      }
      do {
        types[fingerprint] = try ModuleValidator(module: module.module).operandTypes(at: offsets)
      } catch {
        throw SnapshotError(.mismatch, "a frame's function does not validate: \(error)")
      }
    }
    for (execution, group, frames) in executions {
      for frame in frames {
        guard
          let typed = types[frame.function.instance.moduleFingerprint]?[frame.function.index],
          let operands = typed.operands[frame.offset]
        else {
          throw SnapshotError(.malformed, "a frame's position was never reached by validation")
        }
        // A v128 takes two slots (``ValueType/slots``); only the first slot of each value is
        // named, and only a funcref's (or an unknown value's) slot is checked.
        var slotTypes: [(slot: Int, type: ValueType?)] = []
        var slot = 0
        for type in typed.locals {
          slotTypes.append((slot, type))
          slot += type.slots
        }
        let operandBase = slot
        for type in operands where slot - operandBase < frame.operandCount {
          slotTypes.append((slot, type))
          slot += type?.slots ?? 1
        }
        guard slot - operandBase >= frame.operandCount else {
          throw SnapshotError(.malformed, "a frame's position was never reached by validation")
        }
        for (index, type) in slotTypes where type == .funcref || type == nil {
          let slot = execution.stack[frame.base + index]
          guard slot == 0 || groups.group(ofFunctionSlot: slot) == group else {
            throw groups.crossing("a saved call's stack", slot)
          }
        }
      }
    }
  }
}
