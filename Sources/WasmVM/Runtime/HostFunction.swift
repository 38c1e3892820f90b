/// A function written in Swift that wasm code can import: its signature, the name messages use,
/// an optional cost paid before it runs, and its body — which returns results, or (for a
/// function made with ``suspending(type:name:cost:body:)``) may suspend the calling execution
/// until the embedder answers. A value: add it to a store with ``Store/add(_:)`` to get a
/// ``Function`` to import, and hand it back (by name and type) when a snapshot is restored
/// (``Store/restore(_:limits:pageBudget:modules:hostFunctions:)``).
///
/// ```swift
/// let double = store.add(
///   HostFunction(type: FuncType(parameters: [.i32], results: [.i32]), name: "double") {
///     _, arguments throws(Trap) in
///     guard case .i32(let x)? = arguments.first else { return [.i32(0)] }
///     return [.i32(x &* 2)]
///   })
/// ```
public struct HostFunction {
  /// Its WebAssembly signature; arguments are checked against it before the body runs, and so
  /// are the results it returns.
  public var type: FuncType
  /// How messages (such as results of the wrong type) and ``SuspendedHostCall/name`` refer to
  /// it.
  public var name: String
  /// The ticks a call costs beyond its 1 tick, computed from its arguments before the body
  /// runs and paid from the caller's budget (see ``HostCallCost``); `nil` means none.
  public var cost: HostCallCost?
  /// The body of a function that returns at once; unused when ``suspendingBody`` is set.
  let body: HostFunctionBody
  /// The body of a function that may suspend; `nil` otherwise.
  let suspendingBody: SuspendingHostFunctionBody?

  /// A function that returns at once: `body` runs once per call, after the cost is paid in
  /// full.
  public init(
    type: FuncType, name: String = "host", cost: HostCallCost? = nil,
    body: @escaping HostFunctionBody
  ) {
    self.type = type
    self.name = name
    self.cost = cost
    self.body = body
    self.suspendingBody = nil
  }

  /// A function whose body may suspend the calling execution instead of returning (see
  /// ``HostCallAnswer``): how an embedder waits on timers, I/O or anything asynchronous
  /// without holding a thread.
  ///
  /// A call pays its tick and cost before the body runs, exactly like a plain host
  /// function's. When the body answers ``HostCallAnswer/suspend``, the slice ends at once with
  /// ``ExecutionResult/suspended(_:)``; the execution's value stack and frames stay as they
  /// are, and ``Execution/resume(returning:)`` later supplies the call's results (or
  /// ``Execution/resume(throwing:)`` a trap), for no further ticks.
  public static func suspending(
    type: FuncType, name: String = "host", cost: HostCallCost? = nil,
    body: @escaping SuspendingHostFunctionBody
  ) -> HostFunction {
    HostFunction(type: type, name: name, cost: cost, suspendingBody: body)
  }

  private init(
    type: FuncType, name: String, cost: HostCallCost?,
    suspendingBody: @escaping SuspendingHostFunctionBody
  ) {
    self.type = type
    self.name = name
    self.cost = cost
    self.body = { _, _ throws(Trap) in [] }
    self.suspendingBody = suspendingBody
  }

  /// Whether the body may suspend the call.
  public var maySuspend: Bool { suspendingBody != nil }
}

/// What a host function sees of its caller.
public struct HostCallContext {
  /// The store the call runs in.
  public unowned let store: Store
  /// The instance whose code made the call, or `nil` when the host function was invoked
  /// directly.
  public let caller: Instance?
}

/// A function written in Swift: receives typed arguments, returns typed results or throws a
/// ``Trap`` (use ``TrapKind/host(_:)`` for host-defined failures).
public typealias HostFunctionBody = (HostCallContext, [Value]) throws(Trap) -> [Value]

/// The ticks a host function call costs beyond the 1 tick of the call itself, from the call's
/// context and arguments: how an embedder charges for work that grows with the arguments
/// (bytes copied, entries scanned) so that no host call escapes the budget.
///
/// It runs once per call, when the call is reached, and must describe what the body will do
/// without doing it (reading guest memory or looking data up is fine). The interpreter then
/// pays the cost from the slice's fuel — across several slices when it exceeds what is left,
/// like a `memory.grow` — and only then runs the body, so a slice never exceeds its budget and
/// the total does not depend on the slicing. Throwing traps the call before any of its cost is
/// paid (it costs its 1 tick) and without running the body.
public typealias HostCallCost = (HostCallContext, [Value]) throws(Trap) -> UInt64

/// What a suspending host function's body answers for one call: its results now, or that the
/// call suspends until the embedder answers it.
public enum HostCallAnswer: Equatable, Sendable {
  /// The call returns these results (checked against the function's type, as a plain host
  /// function's are).
  case results([Value])
  /// The call waits: the slice ends with ``ExecutionResult/suspended(_:)``, and the execution
  /// stays suspended until ``Execution/resume(returning:)`` or ``Execution/resume(throwing:)``.
  case suspend
}

/// The body of a host function that may suspend (see ``HostFunction/suspending(type:name:cost:body:)``):
/// receives typed arguments and answers with results, ``HostCallAnswer/suspend``, or a thrown
/// ``Trap``.
public typealias SuspendingHostFunctionBody =
  (HostCallContext, [Value]) throws(Trap) -> HostCallAnswer
