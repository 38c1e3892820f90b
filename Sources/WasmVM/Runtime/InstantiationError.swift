/// Why ``Store/instantiate(_:imports:startBudget:)`` failed.
public enum InstantiationError: Error, CustomStringConvertible {
  /// Nothing was created: an import is missing or mismatched, or a memory or table exceeds
  /// its limits. The store is left as it was.
  case link(LinkError)
  /// Initialization trapped — an active segment out of bounds, or the start function. As the
  /// spec requires, effects already made stay visible: segments applied before the failing one
  /// remain written into (possibly shared) tables and memories, and the instance's functions
  /// stay alive in the store because those tables may refer to them.
  case trap(Trap)
  /// The start function did not finish within the given budget of ticks. As with a trap, the
  /// effects of initialization and of the start function so far stay visible.
  case startBudgetExhausted(UInt64)

  public var description: String {
    switch self {
    case .link(let error): error.description
    case .trap(let trap): trap.description
    case .startBudgetExhausted(let budget):
      "start function did not finish within \(budget) ticks"
    }
  }
}
