/// A global variable. A class because an exported mutable global is shared by every importer.
public final class Global {
  public let type: GlobalType
  /// The value as an interpreter slot (see ``Op``).
  public var slot: UInt64

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
