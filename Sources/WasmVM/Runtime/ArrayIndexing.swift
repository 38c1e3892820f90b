extension Array {
  /// The element at a module-supplied index, or `nil` when it is out of range. Indices taken
  /// from a module are untrusted (a hand-built module may skip validation), so the runtime
  /// never subscripts with them directly.
  func element(ifPresentAt index: UInt32) -> Element? {
    let i = Int(index)
    return i < count ? self[i] : nil
  }
}
