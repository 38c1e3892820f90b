/// Why guest execution stopped abnormally. ``message`` is the spec's wording, which the spec
/// testsuite's `assert_trap` matches.
public enum TrapKind: Hashable, Sendable {
  case unreachable
  case outOfBoundsMemoryAccess
  case outOfBoundsTableAccess
  case integerDivideByZero
  case integerOverflow
  case invalidConversionToInteger
  /// `call_indirect` index beyond the table.
  case undefinedElement
  /// `call_indirect` through a null entry (``Trap/elementIndex`` names the slot).
  case uninitializedElement
  case indirectCallTypeMismatch
  /// Call depth or value-stack limit reached.
  case callStackExhausted
  /// A failure raised by a host function.
  case host(String)

  /// The spec's wording for this trap.
  public var message: String {
    switch self {
    case .unreachable: "unreachable"
    case .outOfBoundsMemoryAccess: "out of bounds memory access"
    case .outOfBoundsTableAccess: "out of bounds table access"
    case .integerDivideByZero: "integer divide by zero"
    case .integerOverflow: "integer overflow"
    case .invalidConversionToInteger: "invalid conversion to integer"
    case .undefinedElement: "undefined element"
    case .uninitializedElement: "uninitialized element"
    case .indirectCallTypeMismatch: "indirect call type mismatch"
    case .callStackExhausted: "call stack exhausted"
    case .host(let message): message
    }
  }
}

/// One frame of a trap's wasm backtrace, innermost first.
public struct BacktraceFrame: Hashable, Sendable, CustomStringConvertible {
  /// Function index within its module.
  public var functionIndex: UInt32
  /// Name from the `name` section, when present.
  public var name: String?
  public var description: String { name ?? "func[\(functionIndex)]" }
  public init(functionIndex: UInt32, name: String?) {
    self.functionIndex = functionIndex
    self.name = name
  }
}

/// A trap: its kind and the wasm call stack at the point it happened.
public struct Trap: Error, Hashable, Sendable, CustomStringConvertible {
  public var kind: TrapKind
  public var backtrace: [BacktraceFrame]
  /// For ``TrapKind/uninitializedElement``, the table slot `call_indirect` found empty; the
  /// message names it, as the spec's reference interpreter does ("uninitialized element 2").
  ///
  /// Kept here rather than as a payload of the kind: a second payload case would enlarge
  /// ``TrapKind`` and with it the interpreter loop's exit value, which measurably slowed the
  /// loop (collatz 1.6x).
  public var elementIndex: UInt32?
  public init(_ kind: TrapKind, backtrace: [BacktraceFrame] = [], elementIndex: UInt32? = nil) {
    self.kind = kind
    self.backtrace = backtrace
    self.elementIndex = elementIndex
  }
  public var message: String { kind.message + (elementIndex.map { " \($0)" } ?? "") }
  public var description: String {
    backtrace.isEmpty
      ? message : message + "\n" + backtrace.map { "  at \($0)" }.joined(separator: "\n")
  }
}
