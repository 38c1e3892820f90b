/// A global variable. A class because an exported mutable global is shared by every importer.
///
/// Embedders read it through ``value`` and write it through ``set(_:)``, which refuses
/// immutable globals and values of another type.
public final class Global {
  public let type: GlobalType
  /// The value as an interpreter slot (see ``Op``). Exclusivity is unchecked because
  /// `global.set` writes it on the interpreter's hot path, where a dynamic access check would
  /// cost more than the store; nothing holds a long-lived access to it. Internal: the slot is
  /// only meaningful for ``type``.
  @exclusivity(unchecked) var slot: UInt64
  /// The high half of a `v128` global (see ``Value/highSlot``); 0 for every other type.
  var highSlot: UInt64 = 0

  /// Creates a global holding `value`, for an embedder to provide as an import.
  /// - Throws: ``LinkError`` when `value` is not of `type.valueType`.
  public convenience init(type: GlobalType, value: Value) throws(LinkError) {
    guard value.type == type.valueType else {
      throw LinkError("global initial value \(value) is not of type \(type.valueType)")
    }
    self.init(type: type, slot: value.slot)
    highSlot = value.highSlot
  }

  init(type: GlobalType, slot: UInt64) {
    self.type = type
    self.slot = slot
  }

  /// The typed value; every instance importing the global sees the same one.
  public var value: Value { Value(slot: slot, highSlot: highSlot, type: type.valueType) }

  /// Replaces the value, as `global.set` would.
  /// - Returns: `false` (and no change) when the global is immutable or `value` is not of its
  ///   type.
  public func set(_ value: Value) -> Bool {
    guard type.isMutable, value.type == type.valueType else { return false }
    slot = value.slot
    highSlot = value.highSlot
    return true
  }
}
