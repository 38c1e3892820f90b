/// Budgets of 1, 2, 3, … 997, 1, 2, … adding up to exactly `total`: slices that end at ever
/// different points of a run, for checking that slicing never changes an outcome.
public func oddSlices(total: UInt64) -> [UInt64] {
  var budgets: [UInt64] = []
  var left = total
  var next: UInt64 = 1
  while left > 0 {
    let budget = min(next, left)
    budgets.append(budget)
    left -= budget
    next = next % 997 + 1
  }
  return budgets
}
