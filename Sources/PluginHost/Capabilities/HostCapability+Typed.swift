import WasmVM

/// Functions whose signature comes from the closure's own: each parameter after the
/// ``CapabilityCall`` is a ``GuestValue`` (`UInt32`, `Int64`, `Double`…), the result one or
/// none.
extension HostCapability.Function {
  /// A function returning one value.
  public init<each P: GuestValue, R: GuestValue>(
    _ name: String, cost: HostCapability.Cost = .free,
    _ body: @escaping @Sendable (CapabilityCall, repeat each P) throws -> R
  ) {
    self.init(
      name,
      type: FuncType(
        parameters: GuestArguments.valueTypes(repeat (each P).self), results: [R.valueType]),
      cost: cost,
      body: { call, arguments in
        let values = try GuestArguments.decode(
          arguments, as: repeat (each P).self, in: call.function)
        return [try body(call, repeat each values).wasmValue]
      })
  }

  /// A function returning nothing.
  public init<each P: GuestValue>(
    _ name: String, cost: HostCapability.Cost = .free,
    _ body: @escaping @Sendable (CapabilityCall, repeat each P) throws -> Void
  ) {
    self.init(
      name,
      type: FuncType(parameters: GuestArguments.valueTypes(repeat (each P).self), results: []),
      cost: cost,
      body: { call, arguments in
        let values = try GuestArguments.decode(
          arguments, as: repeat (each P).self, in: call.function)
        try body(call, repeat each values)
        return []
      })
  }

  /// An `async` function returning one value: the call parks until `body` returns.
  public static func async<each P: GuestValue, R: GuestValue>(
    _ name: String, cost: HostCapability.Cost = .free,
    _ body: @escaping @Sendable (CapabilityCall, repeat each P) async throws -> R
  ) -> Self {
    Self(
      name,
      type: FuncType(
        parameters: GuestArguments.valueTypes(repeat (each P).self), results: [R.valueType]),
      cost: cost,
      asyncBody: { call, arguments in
        let values = try GuestArguments.decode(
          arguments, as: repeat (each P).self, in: call.function)
        return [try await body(call, repeat each values).wasmValue]
      })
  }

  /// An `async` function returning nothing.
  public static func async<each P: GuestValue>(
    _ name: String, cost: HostCapability.Cost = .free,
    _ body: @escaping @Sendable (CapabilityCall, repeat each P) async throws -> Void
  ) -> Self {
    Self(
      name,
      type: FuncType(parameters: GuestArguments.valueTypes(repeat (each P).self), results: []),
      cost: cost,
      asyncBody: { call, arguments in
        let values = try GuestArguments.decode(
          arguments, as: repeat (each P).self, in: call.function)
        try await body(call, repeat each values)
        return []
      })
  }
}
