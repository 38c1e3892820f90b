/// Typed lookups of exports, so embedders need not switch over ``ExternalValue`` themselves.
extension Instance {
  /// The exported memory called `name`, if there is one (a plugin's `memory`, typically).
  public func exportedMemory(_ name: String) -> Memory? {
    if case .memory(let memory)? = export(name) { return memory }
    return nil
  }

  /// The exported global called `name`, if any; reading or writing its ``Global/value`` is
  /// seen by every instance that imports it.
  public func exportedGlobal(_ name: String) -> Global? {
    if case .global(let global)? = export(name) { return global }
    return nil
  }

  /// The exported table called `name`, if any.
  public func exportedTable(_ name: String) -> Table? {
    if case .table(let table)? = export(name) { return table }
    return nil
  }
}
