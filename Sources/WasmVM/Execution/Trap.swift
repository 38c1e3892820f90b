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
  /// Name from the `name` section, else the function's first export name, when either exists.
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
  /// The message, then ``backtraceLines(limit:)`` indented, one per line.
  public var description: String {
    ([message] + backtraceLines().map { "  " + $0 }).joined(separator: "\n")
  }

  /// The backtrace as lines to show, innermost first: `at NAME`, with a run of consecutive
  /// identical frames folded into one line (`at rec ×19,998`), and when more than
  /// `2 × limit` lines remain, only the first and last `limit` of them around
  /// `… N more frames`. So deep recursion reads in a screenful, however deep it went.
  public func backtraceLines(limit: Int = 10) -> [String] {
    var runs: [(frame: BacktraceFrame, count: Int)] = []
    for frame in backtrace {
      if let last = runs.last, last.frame == frame {
        runs[runs.count - 1].count += 1
      } else {
        runs.append((frame, 1))
      }
    }
    let line = { (run: (frame: BacktraceFrame, count: Int)) in
      "at \(run.frame)" + (run.count == 1 ? "" : " ×" + Self.grouped(run.count))
    }
    let keep = max(1, limit)
    guard runs.count > 2 * keep else { return runs.map(line) }
    let hidden = runs[keep..<(runs.count - keep)].reduce(0) { $0 + $1.count }
    return runs.prefix(keep).map(line) + ["… \(Self.grouped(hidden)) more frames"]
      + runs.suffix(keep).map(line)
  }

  /// `19998` as `19,998`.
  private static func grouped(_ count: Int) -> String {
    var digits = String(count)
    var index = digits.endIndex
    while digits.distance(from: digits.startIndex, to: index) > 3 {
      index = digits.index(index, offsetBy: -3)
      digits.insert(",", at: index)
    }
    return digits
  }
}
