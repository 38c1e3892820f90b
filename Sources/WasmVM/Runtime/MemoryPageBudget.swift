/// A number of 64 KiB pages that several memories share: how an embedder caps the memory of
/// everything in a store together, on top of the per-memory ``ResourceLimits/maxMemoryPages``.
///
/// A ``Memory`` created with a budget takes its initial pages from it (or fails to be
/// created, as a ``LinkError``), takes every page it grows by (a grow the budget cannot cover
/// fails, as a guest's `memory.grow` returning -1, costing only its base tick), and gives all
/// its pages back when it is deinitialized, which ``Store/retire(_:)`` brings about. Like the
/// store, a budget is used from one thread at a time.
public final class MemoryPageBudget {
  /// The most pages the memories drawing on this budget may hold together.
  public let totalPages: Int
  /// The pages they hold now.
  public private(set) var usedPages = 0

  /// A budget of `totalPages` pages (a negative count counts as 0).
  public init(totalPages: Int) {
    self.totalPages = Swift.max(0, totalPages)
  }

  /// The pages still free.
  public var availablePages: Int { Swift.max(0, totalPages - usedPages) }

  /// Takes `pages` if they are free; otherwise takes nothing and returns `false`.
  func take(_ pages: Int) -> Bool {
    guard pages >= 0, pages <= availablePages else { return false }
    usedPages += pages
    return true
  }

  /// Gives back `pages` taken earlier.
  func giveBack(_ pages: Int) {
    usedPages = Swift.max(0, usedPages - Swift.max(0, pages))
  }
}
