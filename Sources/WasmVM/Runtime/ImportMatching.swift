/// The spec's import matching rules (external type subtyping), one per kind of entity.
///
/// Each check compares what the importing module declares with what the embedder provides and
/// returns a description of the mismatch, or `nil` when the import is acceptable. Keeping the
/// rules free of the store makes them easy to read against the spec.
enum ImportMatching {
  /// Functions match only when their types are equal.
  static func matches(provided: FuncType, declared: FuncType) -> Bool {
    provided == declared
  }

  /// Tables match when their element types and address types are equal and the provided
  /// limits fit within the declared ones.
  static func matches(provided: TableType, declared: TableType) -> Bool {
    provided.elementType == declared.elementType
      && provided.addressType == declared.addressType
      && matches(provided: provided.limits, declared: declared.limits)
  }

  /// Memories match when their address types are equal (a 64-bit memory never links as a
  /// 32-bit one, nor the reverse) and the provided limits fit within the declared ones (all
  /// in-scope memories are unshared).
  static func matches(provided: MemoryType, declared: MemoryType) -> Bool {
    provided.addressType == declared.addressType
      && matches(provided: provided.limits, declared: declared.limits)
  }

  /// Globals match when value type and mutability are equal. Mutable globals must agree
  /// exactly because both sides may write; with only `funcref`/`externref` in scope there is
  /// no reference subtyping to allow for immutable ones.
  static func matches(provided: GlobalType, declared: GlobalType) -> Bool {
    provided == declared
  }

  /// Limits subtyping: the provided size (the entity's *current* size) is at least the declared
  /// minimum, and when a maximum is declared, the provided entity has one no larger.
  static func matches(provided: Limits, declared: Limits) -> Bool {
    guard provided.min >= declared.min else { return false }
    guard let declaredMax = declared.max else { return true }
    guard let providedMax = provided.max else { return false }
    return providedMax <= declaredMax
  }
}

/// Text forms of external types for link error messages, in the WebAssembly text syntax so
/// a reader can compare them with the module source.
enum ExternalTypeText {
  static func function(_ type: FuncType) -> String { type.description }

  static func table(_ type: TableType) -> String {
    "(table \(address(type.addressType))\(limits(type.limits)) \(type.elementType))"
  }

  static func memory(_ type: MemoryType) -> String {
    "(memory \(address(type.addressType))\(limits(type.limits)))"
  }

  /// `i64 ` for a 64-bit entity; nothing for a 32-bit one, as the text format writes them.
  private static func address(_ type: AddressType) -> String { type == .i64 ? "i64 " : "" }

  static func global(_ type: GlobalType) -> String {
    type.isMutable ? "(global (mut \(type.valueType)))" : "(global \(type.valueType))"
  }

  private static func limits(_ limits: Limits) -> String {
    limits.max.map { "\(limits.min) \($0)" } ?? "\(limits.min)"
  }
}
