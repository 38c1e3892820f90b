/// A number of table elements that every table of a ``Store`` shares: how the store caps the
/// tables of everything in it together, on top of the per-table
/// ``ResourceLimits/maxTableElements``. Each element is an 8-byte slot, so a budget of N
/// elements bounds what tables can make the host allocate at 8 N bytes.
///
/// A store makes its own from ``ResourceLimits/maxTotalTableElements`` (``Store/tableBudget``).
/// A table the store creates takes its initial elements from it (or fails to be created, as a
/// ``LinkError``), takes every element it grows by (a `table.grow` the budget cannot cover
/// returns -1, costing only its base tick), and gives all its elements back when it is
/// deinitialized, which ``Store/retire(_:)`` brings about. Like the store, a budget is used
/// from one thread at a time.
public final class TableElementBudget {
  /// The most elements the tables drawing on this budget may hold together.
  public let totalElements: Int
  /// The elements they hold now.
  public private(set) var usedElements = 0

  /// A budget of `totalElements` elements (a negative count counts as 0).
  public init(totalElements: Int) {
    self.totalElements = Swift.max(0, totalElements)
  }

  /// The elements still free.
  public var availableElements: Int { Swift.max(0, totalElements - usedElements) }

  /// Takes `count` elements if they are free; otherwise takes nothing and returns `false`.
  func take(_ count: Int) -> Bool {
    guard count >= 0, count <= availableElements else { return false }
    usedElements += count
    return true
  }

  /// Gives back `count` elements taken earlier.
  func giveBack(_ count: Int) {
    usedElements = Swift.max(0, usedElements - Swift.max(0, count))
  }
}
