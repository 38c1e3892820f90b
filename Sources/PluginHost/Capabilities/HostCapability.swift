import WasmVM

/// A capability: host functions a plugin imports under one module name, each a Swift closure.
///
/// The built-in `log`, `clock`, `kv` and `io` are defined this way; an app gives its plugins an
/// API of its own by adding capabilities to ``PluginHost/Configuration/capabilities`` and
/// granting them per plugin (``PluginSource/capabilities``):
///
/// ```swift
/// let app = HostCapability("app", functions: [
///   .init("setting") { (call: CapabilityCall, pointer: UInt32, length: UInt32) throws -> Int32 in
///     let name = try call.memory.string(at: pointer, count: length)
///     return Int32(settings[name] ?? 0)
///   }
/// ])
/// ```
///
/// A function sees the plugin that called it and that plugin's memory through a bounds-checked
/// ``GuestMemory`` (``CapabilityCall``). What it throws ends the call as a trap naming the
/// capability, the function and the error. Its ``Cost`` is paid before it runs, in ticks from
/// the call's budget, across slices if need be. A function may be `async`: the call then parks
/// until it returns, without holding a thread under ``AsyncPluginHost``.
public struct HostCapability: Sendable {
  /// The import module name plugins use, and the name it is granted by.
  public let name: String
  /// Its functions, by import name (names are unique).
  public let functions: [Function]

  /// A capability named `name` offering `functions`. Names that repeat keep the last function
  /// of that name.
  public init(_ name: String, functions: [Function]) {
    self.name = name
    var seen: Set<String> = []
    self.functions = functions.reversed().filter { seen.insert($0.name).inserted }.reversed()
  }

  /// The grant that gives a plugin this capability.
  public var capability: Capability { Capability(name) }

  /// The function imported as `name`, if there is one.
  func function(named name: String) -> Function? {
    functions.first { $0.name == name }
  }
}

extension HostCapability {
  /// One host function of a capability: its import name, WebAssembly signature, cost and body.
  public struct Function: Sendable {
    /// A body that returns at once; a thrown ``Trap`` ends the call as it is, any other error
    /// as a host trap naming the function.
    public typealias Body = @Sendable (CapabilityCall, [Value]) throws -> [Value]
    /// A body the call waits for (see ``HostCapability``).
    public typealias AsyncBody = @Sendable (CapabilityCall, [Value]) async throws -> [Value]

    /// What the host does on a call.
    enum Kind: Sendable {
      case returning(Body)
      case async(AsyncBody)
      /// Suspends for a wait described as data (`clock.sleep`'s deadline), which a host can
      /// keep with a paused call and start again, rather than for a running task.
      case wait(@Sendable (CapabilityCall, [Value]) throws(Trap) -> HostWait)
    }

    /// The import name.
    public let name: String
    /// The signature plugins must import it with; arguments arrive checked against it, and
    /// results must match it.
    public let type: FuncType
    /// What a call costs beyond its 1 tick, paid before the body runs.
    public let cost: Cost
    let kind: Kind

    /// A function with an explicit signature whose body takes and returns ``WasmVM/Value``s.
    /// Typed closures (``init(_:cost:_:)-(_,_,(CapabilityCall,repeat each P)->R)``) derive
    /// the signature instead.
    public init(
      _ name: String, type: FuncType, cost: Cost = .free, body: @escaping Body
    ) {
      self.init(name: name, type: type, cost: cost, kind: .returning(body))
    }

    /// An `async` function with an explicit signature: the call waits for `body`.
    public init(
      _ name: String, type: FuncType, cost: Cost = .free, asyncBody: @escaping AsyncBody
    ) {
      self.init(name: name, type: type, cost: cost, kind: .async(asyncBody))
    }

    init(name: String, type: FuncType, cost: Cost, kind: Kind) {
      self.name = name
      self.type = type
      self.cost = cost
      self.kind = kind
    }
  }

  /// The ticks a call costs beyond its 1 tick: a fixed number, plus
  /// ``PluginHost/Configuration/hostTicksPerByte`` for each byte it moves between guest
  /// memory and the host. The host computes it from the arguments before the body runs and
  /// pays it first (across slices if need be), so a slice never exceeds its budget and a call
  /// that cannot afford its bytes pauses before they move.
  public struct Cost: Sendable {
    /// Ticks per call, whatever it moves.
    public let ticks: UInt64
    /// The bytes a call will move, from its arguments, computed without moving them; `nil`
    /// when it moves none. What it throws traps the call before any cost is paid.
    let bytes: (@Sendable (CapabilityCall, [Value]) throws -> UInt64)?

    /// Nothing beyond the call's tick.
    public static let free = Cost(ticks: 0, bytes: nil)

    /// `ticks` per call.
    public static func ticks(_ ticks: UInt64) -> Cost { Cost(ticks: ticks, bytes: nil) }

    /// `ticks` per call plus the bytes the arguments at `arguments` (`i32` or `i64` lengths,
    /// read as unsigned) say the call moves: the usual cost of `(pointer, length)` pairs.
    public static func perByte(arguments: Int..., plus ticks: UInt64 = 0) -> Cost {
      Cost(ticks: ticks) { _, values in
        var total: UInt64 = 0
        for index in arguments where values.indices.contains(index) {
          let length: UInt64
          switch values[index] {
          case .i32(let value): length = UInt64(value)
          case .i64(let value): length = value
          default: length = 0
          }
          total = total.addingReportingOverflow(length).overflow ? .max : total + length
        }
        return total
      }
    }

    /// `ticks` per call plus the bytes `bytes` computes from the call's arguments (it may look
    /// at guest memory or the app's data, but must not move anything).
    public static func perByte(
      plus ticks: UInt64 = 0,
      bytes: @escaping @Sendable (CapabilityCall, [Value]) throws -> UInt64
    ) -> Cost {
      Cost(ticks: ticks, bytes: bytes)
    }

    init(ticks: UInt64, bytes: (@Sendable (CapabilityCall, [Value]) throws -> UInt64)?) {
      self.ticks = ticks
      self.bytes = bytes
    }
  }
}
