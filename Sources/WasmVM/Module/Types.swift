/// A WebAssembly value type within wasbox's supported feature set.
///
/// `v128` is the SIMD proposal's vector type. The public API carries it (``Value/v128(_:)``,
/// host function and global types), but the interpreter does not execute SIMD yet: the decoder
/// still reports a module using `v128` or a `0xFD` instruction as
/// ``DecodeError/unsupported(_:offset:)`` rather than pretending to support it.
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
  case i32
  case i64
  case f32
  case f64
  case funcref
  case externref
  /// The 128-bit SIMD vector (see ``V128``).
  case v128

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
    case .v128: "v128"
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

/// The type of the addresses (and sizes) of a memory or table: `i32`, or `i64` with the
/// memory64 and table64 proposals (Wasm 3.0). It is the type of every address, index, size
/// and grow delta that instructions on the entity take and return.
public enum AddressType: Hashable, Sendable, CustomStringConvertible {
  case i32
  case i64

  /// The value type of an address: `.i32` or `.i64`.
  public var valueType: ValueType { self == .i32 ? .i32 : .i64 }

  /// The largest address this type can hold, as an unsigned number.
  var maxValue: UInt64 { self == .i32 ? UInt64(UInt32.max) : UInt64.max }

  /// Of two entities' address types, the narrower: the type of a length that must fit both
  /// (`memory.copy` and `table.copy` between a 32-bit and a 64-bit one take an `i32` length).
  func narrower(_ other: AddressType) -> AddressType { self == .i64 ? other : .i32 }

  public var description: String { self == .i32 ? "i32" : "i64" }
}

/// A linear memory's type: its address type and its size bounds in pages. Shared memories
/// (threads) are out of scope.
public struct MemoryType: Hashable, Sendable {
  public var limits: Limits
  /// `.i64` for a 64-bit memory (memory64).
  public var addressType: AddressType
  public init(limits: Limits, addressType: AddressType = .i32) {
    self.limits = limits
    self.addressType = addressType
  }
}

/// A table's type: its element reference type, address type and size bounds.
public struct TableType: Hashable, Sendable {
  /// `.funcref` or `.externref`.
  public var elementType: ValueType
  public var limits: Limits
  /// `.i64` for a table with 64-bit indices (table64).
  public var addressType: AddressType
  public init(elementType: ValueType, limits: Limits, addressType: AddressType = .i32) {
    self.elementType = elementType
    self.limits = limits
    self.addressType = addressType
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
