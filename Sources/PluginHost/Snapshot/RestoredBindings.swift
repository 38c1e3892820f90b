import Foundation
import WasmVM

/// A capability's host function in a store being restored: made before the instances that
/// import it (the store is rebuilt in address order), bound to the plugin it acts for only
/// once the restored instances show which plugin imports it. Until then, and for ever when no
/// restored plugin imports it (an unloaded plugin's import), a call traps.
final class RestoredHostFunction {
  let definition: HostCapability.Function
  /// `module.name`, as plugins import it.
  let qualifiedName: String
  private(set) var call: CapabilityCall?
  /// What the bound plugin's function does; `nil` until bound.
  private(set) var bound: LinkedCapabilityFunction?

  init(definition: HostCapability.Function, qualifiedName: String) {
    self.definition = definition
    self.qualifiedName = qualifiedName
  }

  func bind(to context: HostImportContext) {
    let call = CapabilityCall(function: qualifiedName, context: context)
    self.call = call
    bound = definition.linked(for: call, ticksPerByte: context.ticksPerByte)
  }

  var unbound: Trap {
    Trap(.host("host function \(qualifiedName) belongs to no loaded plugin"))
  }

  /// The code the restored store runs: it forwards to the bound plugin's function, and keeps
  /// this object alive (it holds nothing that holds the store, so no cycle). Whether there is
  /// a cost at all depends only on the definition and the configuration, as when linking, so
  /// the restored function charges exactly what the saved one did.
  func implementation(ticksPerByte: UInt64) -> HostFunction {
    let type = definition.type
    let name = qualifiedName
    let cost: HostCallCost? =
      definition.hasCost(ticksPerByte: ticksPerByte)
      ? { call, arguments throws(Trap) in
        guard let cost = self.bound?.cost else { throw self.unbound }
        return try cost(call, arguments)
      } : nil
    guard definition.maySuspend else {
      return HostFunction(type: type, name: name, cost: cost) { call, arguments throws(Trap) in
        guard case .returning(let body)? = self.bound?.body else { throw self.unbound }
        return try body(call, arguments)
      }
    }
    return .suspending(type: type, name: name, cost: cost) { call, arguments throws(Trap) in
      guard case .suspending(let body)? = self.bound?.body else { throw self.unbound }
      return try body(call, arguments)
    }
  }
}

/// Derives what a restored host's plugins are linked to from the restored modules' own
/// imports, never from the snapshot's word: each capability import must reach a host function
/// of its own name that no other instance's capability import reaches, granted to the plugin;
/// each import from another plugin must reach exactly what that plugin exports now.
struct RestoredBindings {
  let instances: [Instance]
  let modules: [Fingerprint: ValidatedModule]
  /// Capability host functions by store address.
  let functions: [Int: RestoredHostFunction]
  /// The capabilities the restoring host offers.
  let capabilities: CapabilityTable

  /// A restored plugin before it is registered: its name, grants and instance.
  struct Entry {
    let name: String
    let capabilities: Set<Capability>
    /// The plugins it may import from, as the restoring host allows.
    let links: LinkGrant
    let instance: Instance
  }

  /// Checks every entry's imports; returns, for each entry, the plugins it imports from, and
  /// binds each capability function to the context `context` makes for its one importer.
  func bind(
    _ entries: [Entry], context: (Entry) -> HostImportContext
  ) throws(PluginHostError) -> [String: Set<String>] {
    let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var owners: [Int: String] = [:]
    var dependencies: [String: Set<String>] = [:]
    for entry in entries {
      guard let module = modules[entry.instance.moduleFingerprint] else {
        throw failure("plugin \(entry.name) has no module")
      }
      let made = context(entry)
      var counts = (function: UInt32(0), memory: UInt32(0), table: UInt32(0), global: UInt32(0))
      var imported: Set<String> = []
      for item in module.module.imports {
        let what = "plugin \(entry.name)'s import \(item.module).\(item.name)"
        let linked: ExternalValue?
        switch item.descriptor {
        case .function:
          linked = entry.instance.function(at: counts.function).map(ExternalValue.function)
          counts.function += 1
        case .memory:
          linked = entry.instance.memory(at: counts.memory).map(ExternalValue.memory)
          counts.memory += 1
        case .table:
          linked = entry.instance.table(at: counts.table).map(ExternalValue.table)
          counts.table += 1
        case .global:
          linked = entry.instance.global(at: counts.global).map(ExternalValue.global)
          counts.global += 1
        }
        guard let linked else { throw failure("\(what) is not linked") }
        if capabilities.isCapability(item.module) {
          let capability = Capability(item.module)
          guard entry.capabilities.contains(capability) else {
            throw failure("\(what) needs capability \(capability), which it was not granted")
          }
          guard case .function(let function) = linked, let host = functions[function.address],
            host.qualifiedName == "\(item.module).\(item.name)"
          else { throw failure("\(what) is linked to another function") }
          guard owners.updateValue(entry.name, forKey: function.address) == nil else {
            throw failure("\(what) shares its host function with another import")
          }
          host.bind(to: made)
        } else {
          guard entry.links.allows(item.module) else {
            throw failure(
              "\(what) is from plugin \(item.module), which it was not granted links to")
          }
          guard let exporter = byName[item.module], exporter.name != entry.name,
            let exported = exporter.instance.export(item.name), Self.same(exported, linked)
          else { throw failure("\(what) is not what that plugin exports") }
          imported.insert(item.module)
        }
      }
      dependencies[entry.name] = imported
    }
    try checkUnrecorded(entries, owners: owners)
    return dependencies
  }

  /// Instances no plugin record names are what unloads and failed loads left behind: they must
  /// be retired, and none of their capability imports may reach a restored plugin's function.
  private func checkUnrecorded(_ entries: [Entry], owners: [Int: String]) throws(PluginHostError) {
    let recorded = Set(entries.map { ObjectIdentifier($0.instance) })
    for (number, instance) in instances.enumerated()
    where !recorded.contains(ObjectIdentifier(instance)) {
      guard instance.isRetired else {
        throw failure("instance \(number) belongs to no plugin but is not retired")
      }
      guard let module = modules[instance.moduleFingerprint] else { continue }
      var index: UInt32 = 0
      for item in module.module.imports {
        guard case .function = item.descriptor else { continue }
        defer { index += 1 }
        guard capabilities.isCapability(item.module),
          let function = instance.function(at: index), let owner = owners[function.address]
        else { continue }
        throw failure("instance \(number) reaches plugin \(owner)'s \(item.module).\(item.name)")
      }
    }
  }

  private static func same(_ a: ExternalValue, _ b: ExternalValue) -> Bool {
    switch (a, b) {
    case (.function(let x), .function(let y)): x == y
    case (.memory(let x), .memory(let y)): x === y
    case (.table(let x), .table(let y)): x === y
    case (.global(let x), .global(let y)): x === y
    default: false
    }
  }

  private func failure(_ message: String) -> PluginHostError {
    .snapshot(SnapshotError(.mismatch, message))
  }
}
