/// The capabilities a host offers, by module name: the built-in ones and the app's
/// (``PluginHost/Configuration/capabilities``). Whether an import names a capability or another
/// plugin is decided here, for loading, restoring and naming plugins alike.
struct CapabilityTable: Sendable {
  /// The built-in capabilities, defined like an app's.
  static let builtIn: [HostCapability] = [
    LogImports.capability, ClockImports.capability, KeyValueImports.capability,
    IOImports.capability,
  ]

  private let byName: [String: HostCapability]
  /// Why the app's capabilities cannot be used as given (a name that repeats, is empty or is a
  /// built-in's); every load and restore fails with it.
  let problem: String?

  init(app: [HostCapability]) {
    var byName: [String: HostCapability] = [:]
    for capability in Self.builtIn { byName[capability.name] = capability }
    var problem: String?
    for capability in app {
      if capability.name.isEmpty {
        problem = "an app capability has an empty name"
      } else if byName[capability.name] != nil {
        problem =
          Capability.builtIn.contains(capability.capability)
          ? "app capability \(capability.name) has the name of a built-in capability"
          : "two app capabilities are named \(capability.name)"
      } else {
        byName[capability.name] = capability
      }
    }
    self.byName = byName
    self.problem = problem
  }

  /// The capability that module name `name` selects, if any (names compared exactly).
  func capability(_ name: String) -> HostCapability? {
    guard let capability = byName[name], capability.name.utf8.elementsEqual(name.utf8) else {
      return nil
    }
    return capability
  }

  /// Whether `name` is a capability's module name (which no plugin may take).
  func isCapability(_ name: String) -> Bool { capability(name) != nil }

  /// Every capability's name, sorted, for messages.
  var names: [String] { byName.keys.sorted() }
}
