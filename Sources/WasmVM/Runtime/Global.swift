/// A global variable. A class because an exported mutable global is shared by every importer.
public final class Global {
  public let type: GlobalType
  /// The value as an interpreter slot (see ``Op``). Exclusivity is unchecked because
  /// `global.set` writes it on the interpreter's hot path, where a dynamic access check would
  /// cost more than the store; nothing holds a long-lived access to it.
  @exclusivity(unchecked) public var slot: UInt64

  public init(type: GlobalType, slot: UInt64) {
    self.type = type
    self.slot = slot
  }

  /// The typed value.
  public var value: Value {
    get { Value(slot: slot, type: type.valueType) }
    set { slot = newValue.slot }
  }
}
