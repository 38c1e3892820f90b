import WasmVM

/// One function a capability offers: its import name, signature, cost and implementation.
struct HostImport: Sendable {
  /// The bytes one call will move between guest memory and the host, from its arguments,
  /// computed before the body runs without moving them. Throws the trap the body would raise
  /// for arguments it rejects before moving anything.
  typealias BytesMoved = @Sendable (HostImportContext, [Value]) throws(Trap) -> UInt64
  /// For an import that suspends: what one call waits for, from its arguments. Throws the trap
  /// the call raises for arguments it rejects, before waiting.
  typealias Wait = @Sendable (HostImportContext, [Value]) throws(Trap) -> HostWait

  let capability: Capability
  let name: String
  let type: FuncType
  /// `nil` for imports that move no bytes (their call costs 1 tick).
  let bytesMoved: BytesMoved?
  /// Builds the function body for one plugin.
  let body: @Sendable (HostImportContext) -> HostFunctionBody
  /// `nil` for imports that return at once; otherwise the call suspends and the host answers
  /// it with the wait's results once it is over (see ``HostWait``).
  let wait: Wait?

  init(
    capability: Capability, name: String, type: FuncType, bytesMoved: BytesMoved? = nil,
    body: @escaping @Sendable (HostImportContext) -> HostFunctionBody
  ) {
    self.capability = capability
    self.name = name
    self.type = type
    self.bytesMoved = bytesMoved
    self.body = body
    self.wait = nil
  }

  /// An import that suspends the call until `wait` is over, then returns its results.
  init(capability: Capability, name: String, type: FuncType, wait: @escaping Wait) {
    self.capability = capability
    self.name = name
    self.type = type
    self.bytesMoved = nil
    self.body = { _ in { _, _ throws(Trap) in [] } }
    self.wait = wait
  }

  /// `module.name`, as plugins import it.
  var qualifiedName: String { "\(capability.moduleName).\(name)" }

  /// The WasmVM cost of a call for one plugin: ``HostImportContext/ticksPerByte`` per byte
  /// moved, saturating. WasmVM pays it before the body runs, so a slice that cannot afford the
  /// bytes pauses before they move rather than exceeding its budget.
  func cost(for context: HostImportContext) -> HostCallCost? {
    guard let bytesMoved, context.ticksPerByte > 0 else { return nil }
    return { _, arguments throws(Trap) in
      let (ticks, overflow) = try bytesMoved(context, arguments)
        .multipliedReportingOverflow(by: context.ticksPerByte)
      return overflow ? .max : ticks
    }
  }
}

/// The guest ABI's fixed names and numbers (documented in docs/plugin-abi.md).
enum PluginABI {
  /// Every host import, by capability and name.
  static let imports: [Capability: [String: HostImport]] = {
    var table: [Capability: [String: HostImport]] = [:]
    for entry in LogImports.all + ClockImports.all + KeyValueImports.all + IOImports.all {
      table[entry.capability, default: [:]][entry.name] = entry
    }
    return table
  }()

  /// The names a capability offers, sorted, for error messages.
  static func names(of capability: Capability) -> [String] {
    (imports[capability] ?? [:]).keys.sorted()
  }
}
