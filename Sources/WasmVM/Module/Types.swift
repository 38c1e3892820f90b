/// A WebAssembly value type within wasbox's supported feature set.
///
/// `v128` is absent on purpose: SIMD is outside the supported scope, and the decoder reports
/// it as ``DecodeError/unsupported(_:offset:)`` rather than pretending to support it.
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
  case i32
  case i64
  case f32
  case f64
  case funcref
  case externref

  /// Whether the type is a reference type (`funcref` or `externref`).
  public var isReference: Bool { self == .funcref || self == .externref }

  public var description: String {
    switch self {
    case .i32: "i32"
    case .i64: "i64"
    case .f32: "f32"
    case .f64: "f64"
    case .funcref: "funcref"
    case .externref: "externref"
    }
  }
}

/// The signature of a function: parameter and result types.
public struct FuncType: Hashable, Sendable, CustomStringConvertible {
  public var parameters: [ValueType]
  public var results: [ValueType]

  public init(parameters: [ValueType], results: [ValueType]) {
    self.parameters = parameters
    self.results = results
  }

  public var description: String {
    let p = parameters.map(\.description).joined(separator: " ")
    let r = results.map(\.description).joined(separator: " ")
    return "(func (param \(p)) (result \(r)))"
  }
}

/// Size bounds of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Hashable, Sendable {
  public var min: UInt64
  public var max: UInt64?

  public init(min: UInt64, max: UInt64? = nil) {
    self.min = min
    self.max = max
  }
}

/// A linear memory's type. Only 32-bit, non-shared memories are in scope.
public struct MemoryType: Hashable, Sendable {
  public var limits: Limits
  public init(limits: Limits) { self.limits = limits }
}

/// A table's type: its element reference type and size bounds.
public struct TableType: Hashable, Sendable {
  /// `.funcref` or `.externref`.
  public var elementType: ValueType
  public var limits: Limits
  public init(elementType: ValueType, limits: Limits) {
    self.elementType = elementType
    self.limits = limits
  }
}

/// A global's type: its value type and whether it may be written.
public struct GlobalType: Hashable, Sendable {
  public var valueType: ValueType
  public var isMutable: Bool
  public init(valueType: ValueType, isMutable: Bool) {
    self.valueType = valueType
    self.isMutable = isMutable
  }
}

/// The type of a block, `loop` or `if`.
enum BlockType: Hashable, Sendable {
  /// `[] -> []`
  case empty
  /// `[] -> [t]`
  case value(ValueType)
  /// `[params] -> [results]` given by the module's type section (multi-value).
  case typeIndex(UInt32)
}
