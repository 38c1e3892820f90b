/// A table of references (untyped slots, see ``Op``: 0 is null). A class because importers
/// share it.
public final class Table {
  /// The declared type; `limits.min` tracks the current size for import matching.
  public private(set) var type: TableType
  /// The elements as interpreter slots. Every `call_indirect` reads them, so they are exempt
  /// from dynamic exclusivity checks; no access to them overlaps another.
  @exclusivity(unchecked) public var elements: [UInt64]
  /// The largest size ``grow(by:initial:)`` may reach.
  public let maxElements: Int

  /// Creates a table of `type.limits.min` elements, each `initial`.
  /// - Throws: ``LinkError`` when the minimum exceeds the limit.
  public init(type: TableType, initial: UInt64 = 0, limits: ResourceLimits) throws(LinkError) {
    let declaredMax = type.limits.max.map { Int(clamping: $0) } ?? Int(UInt32.max)
    self.maxElements = Swift.min(declaredMax, limits.maxTableElements)
    guard type.limits.min <= UInt64(maxElements) else {
      throw LinkError(
        "table of \(type.limits.min) elements exceeds the limit of \(maxElements) elements")
    }
    self.type = type
    self.elements = Array(repeating: initial, count: Int(type.limits.min))
  }

  /// Grows by `delta` elements set to `initial`.
  /// - Returns: the previous size, or `nil` (and no change) past ``maxElements``.
  public func grow(by delta: UInt64, initial: UInt64) -> Int? {
    let old = elements.count
    guard delta <= UInt64(maxElements - old) else { return nil }
    elements.append(contentsOf: repeatElement(initial, count: Int(delta)))
    type.limits.min = UInt64(elements.count)
    return old
  }
}
