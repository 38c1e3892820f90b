import WasmVM

/// A Swift type that stands for one WebAssembly value type in a capability function's typed
/// signature (see ``HostCapability/Function``): `Int32`/`UInt32` for `i32`, `Int64`/`UInt64`
/// for `i64`, `Float` for `f32`, `Double` for `f64`. Signed and unsigned read the same bits.
public protocol GuestValue: Sendable {
  /// The WebAssembly type it stands for.
  static var valueType: ValueType { get }
  /// The value, if `value` has type ``valueType``.
  init?(wasmValue value: Value)
  /// The WebAssembly value.
  var wasmValue: Value { get }
}

extension UInt32: GuestValue {
  public static var valueType: ValueType { .i32 }
  public init?(wasmValue value: Value) {
    guard case .i32(let bits) = value else { return nil }
    self = bits
  }
  public var wasmValue: Value { .i32(self) }
}

extension Int32: GuestValue {
  public static var valueType: ValueType { .i32 }
  public init?(wasmValue value: Value) {
    guard case .i32(let bits) = value else { return nil }
    self.init(bitPattern: bits)
  }
  public var wasmValue: Value { .i32(UInt32(bitPattern: self)) }
}

extension UInt64: GuestValue {
  public static var valueType: ValueType { .i64 }
  public init?(wasmValue value: Value) {
    guard case .i64(let bits) = value else { return nil }
    self = bits
  }
  public var wasmValue: Value { .i64(self) }
}

extension Int64: GuestValue {
  public static var valueType: ValueType { .i64 }
  public init?(wasmValue value: Value) {
    guard case .i64(let bits) = value else { return nil }
    self.init(bitPattern: bits)
  }
  public var wasmValue: Value { .i64(UInt64(bitPattern: self)) }
}

extension Float: GuestValue {
  public static var valueType: ValueType { .f32 }
  public init?(wasmValue value: Value) {
    guard case .f32(let bits) = value else { return nil }
    self.init(bitPattern: bits)
  }
  public var wasmValue: Value { .f32(bitPattern) }
}

extension Double: GuestValue {
  public static var valueType: ValueType { .f64 }
  public init?(wasmValue value: Value) {
    guard case .f64(let bits) = value else { return nil }
    self.init(bitPattern: bits)
  }
  public var wasmValue: Value { .f64(bitPattern) }
}

/// Typed arguments, derived from a closure's parameter pack.
enum GuestArguments {
  /// The WebAssembly types of `types`, in order.
  static func valueTypes<each P: GuestValue>(_ types: repeat (each P).Type) -> [ValueType] {
    var result: [ValueType] = []
    for type in repeat each types { result.append(type.valueType) }
    return result
  }

  /// `arguments` as the Swift values of `types`. The host checks arguments against the
  /// function's type before the call, so a mismatch means a broken invariant; it still traps.
  static func decode<each P: GuestValue>(
    _ arguments: [Value], as types: repeat (each P).Type, in function: String
  ) throws(Trap) -> (repeat each P) {
    var index = 0
    func next<T: GuestValue>(_ type: T.Type) throws(Trap) -> T {
      defer { index += 1 }
      guard index < arguments.count, let value = T(wasmValue: arguments[index]) else {
        throw Trap(.host("host call \(function): argument \(index) is not a \(T.valueType)"))
      }
      return value
    }
    return (repeat try next(each types))
  }
}
