/// A table of references. A class because importers share it.
///
/// Embedders read and write it through ``element(at:)`` and ``set(_:at:)``, which check the
/// index and the element type; the interpreter reads the raw slots (see `Op`: 0 is null).
public final class Table {
  /// The declared type; `limits.min` tracks the current size for import matching.
  public private(set) var type: TableType
  /// The elements as interpreter slots. Every `call_indirect` reads them, so they are exempt
  /// from dynamic exclusivity checks; no access to them overlaps another. Internal: a slot is
  /// only meaningful for the element type, which ``set(_:at:)`` checks.
  @exclusivity(unchecked) var elements: [UInt64]
  /// The largest size the table may grow to (the declared maximum capped by
  /// ``ResourceLimits/maxTableElements``).
  public let maxElements: Int
  /// The budget this table's elements are taken from, if any: its store's, for the tables
  /// instances define.
  let budget: TableElementBudget?
  /// What of an index operand the interpreter reads: `0xFFFF_FFFF` for a 32-bit table, all
  /// ones for a 64-bit one. A constant, so `call_indirect` reads it without an access check.
  let addressMask: UInt64

  /// Creates a table of `type.limits.min` elements, each `initial` (null when `nil`), for an
  /// embedder to provide as an import.
  /// - Throws: ``LinkError`` when the element type is not a reference type, `initial` is not of
  ///   the element type, or the minimum exceeds the limit.
  public convenience init(type: TableType, initial: Value? = nil, limits: ResourceLimits)
    throws(LinkError)
  {
    guard type.elementType.isReference else {
      throw LinkError("table element type must be a reference type, not \(type.elementType)")
    }
    let value = initial ?? .defaultValue(of: type.elementType)
    guard value.type == type.elementType else {
      throw LinkError("table initial value \(value) is not of type \(type.elementType)")
    }
    try self.init(type: type, initialSlot: value.slot, limits: limits)
  }

  /// Creates a table of `type.limits.min` elements, each the slot `initialSlot`, taking them
  /// from `budget` if given.
  /// - Throws: ``LinkError`` when the minimum exceeds the limit or what `budget` has left.
  init(
    type: TableType, initialSlot: UInt64, limits: ResourceLimits,
    budget: TableElementBudget? = nil
  ) throws(LinkError) {
    let declaredMax =
      type.limits.max.map { Int(clamping: $0) }
      ?? (type.addressType == .i64 ? Int.max : Int(UInt32.max))
    self.maxElements = Swift.min(declaredMax, limits.maxTableElements)
    guard type.limits.min <= UInt64(maxElements) else {
      throw LinkError(
        "table of \(type.limits.min) elements exceeds the limit of \(maxElements) elements",
        limit: .tableElements)
    }
    // Within `maxElements`, so an `Int`. Checked before the elements are allocated.
    let count = Int(type.limits.min)
    if let budget, !budget.take(count) {
      throw LinkError(
        "table of \(count) elements exceeds the element budget of \(budget.totalElements) "
          + "elements shared by all tables (\(budget.usedElements) in use)",
        limit: .sharedTableElements)
    }
    self.budget = budget
    self.type = type
    self.addressMask = type.addressType.maxValue
    self.elements = Array(repeating: initialSlot, count: count)
  }

  deinit {
    budget?.giveBack(elements.count)
  }

  /// The current number of elements.
  public var size: Int { elements.count }

  /// The element at `index`, or `nil` when `index` is out of bounds (a null reference is
  /// `.funcref(nil)` or `.externref(nil)`).
  public func element(at index: Int) -> Value? {
    guard index >= 0, index < elements.count else { return nil }
    return Value(slot: elements[index], type: type.elementType)
  }

  /// Stores `value` at `index`.
  /// - Returns: `false` (and no change) when `index` is out of bounds or `value` is not of the
  ///   table's element type.
  public func set(_ value: Value, at index: Int) -> Bool {
    guard index >= 0, index < elements.count, value.type == type.elementType else {
      return false
    }
    elements[index] = value.slot
    return true
  }

  /// The most elements ``grow(by:initial:)`` can add now: what ``maxElements`` and the budget
  /// allow.
  var growRoom: Int {
    Swift.min(maxElements - elements.count, budget?.availableElements ?? Int.max)
  }

  /// Sets the elements back to `saved`, for a debugger going back in time
  /// (``ExecutionHistory``): a table that grew since shrinks back, giving the budget its
  /// elements back. `saved` is never longer than the table (tables only grow).
  func rewind(to saved: [UInt64]) {
    let change = elements.count - saved.count
    if change > 0 { budget?.giveBack(change) } else if change < 0 { _ = budget?.take(-change) }
    elements = saved
    type.limits.min = UInt64(saved.count)
  }

  /// Grows by `delta` elements set to the slot `initial`.
  /// - Returns: the previous size, or `nil` (and no change) past ``maxElements`` or what the
  ///   budget has left.
  func grow(by delta: UInt64, initial: UInt64) -> Int? {
    let old = elements.count
    guard growRoom >= 0, delta <= UInt64(growRoom) else { return nil }
    _ = budget?.take(Int(delta))
    elements.append(contentsOf: repeatElement(initial, count: Int(delta)))
    type.limits.min = UInt64(elements.count)
    return old
  }
}
