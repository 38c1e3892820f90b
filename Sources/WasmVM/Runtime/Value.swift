/// A typed WebAssembly value at the API boundary (arguments, results, globals).
///
/// Floats are kept as raw bits so that NaN payloads round-trip exactly.
public enum Value: Hashable, Sendable, CustomStringConvertible {
  case i32(UInt32)
  case i64(UInt64)
  /// An f32 as its IEEE-754 bit pattern.
  case f32(UInt32)
  /// An f64 as its IEEE-754 bit pattern.
  case f64(UInt64)
  /// A function reference: the function's address in its ``Store``, or `nil` for null.
  case funcref(Int?)
  /// An external (host) reference: an opaque host value, or `nil` for null.
  case externref(UInt32?)
  /// A 128-bit SIMD vector, as its raw bits (see ``V128`` for its lane views).
  case v128(V128)

  /// The value's type.
  public var type: ValueType {
    switch self {
    case .i32: .i32
    case .i64: .i64
    case .f32: .f32
    case .f64: .f64
    case .funcref: .funcref
    case .externref: .externref
    case .v128: .v128
    }
  }

  public var description: String {
    switch self {
    case .i32(let v): "i32:\(Int32(bitPattern: v))"
    case .i64(let v): "i64:\(Int64(bitPattern: v))"
    case .f32(let v): "f32:\(Float(bitPattern: v))"
    case .f64(let v): "f64:\(Double(bitPattern: v))"
    case .funcref(let a): a.map { "funcref:\($0)" } ?? "funcref:null"
    case .externref(let h): h.map { "externref:\($0)" } ?? "externref:null"
    case .v128(let v): "v128:\(v)"
    }
  }

  /// The untyped slot the interpreter stores (see ``Op``). Internal: slots are the
  /// interpreter's encoding, which embedders neither need nor may rely on. A `v128` takes two
  /// slots: this is its low half, ``highSlot`` the other.
  var slot: UInt64 {
    switch self {
    case .i32(let v): UInt64(v)
    case .i64(let v): v
    case .f32(let v): UInt64(v)
    case .f64(let v): v
    // A negative address (no function has one) becomes a slot no function answers to, which
    // `call_indirect` rejects, instead of trapping the conversion.
    case .funcref(let a): a.map { $0 >= 0 ? UInt64($0) + 1 : .max } ?? 0
    case .externref(let h): h.map { UInt64($0) + 1 } ?? 0
    case .v128(let v): v.low
    }
  }

  /// The second slot of a `v128` (its high half); 0 for every one-slot value.
  var highSlot: UInt64 {
    if case .v128(let v) = self { v.high } else { 0 }
  }

  /// Rebuilds a typed value from an interpreter slot (and, for a `v128`, the slot after it).
  init(slot: UInt64, highSlot: UInt64 = 0, type: ValueType) {
    switch type {
    case .i32: self = .i32(UInt32(truncatingIfNeeded: slot))
    case .i64: self = .i64(slot)
    case .f32: self = .f32(UInt32(truncatingIfNeeded: slot))
    case .f64: self = .f64(slot)
    case .funcref: self = .funcref(slot == 0 ? nil : Int(truncatingIfNeeded: slot - 1))
    case .externref: self = .externref(slot == 0 ? nil : UInt32(truncatingIfNeeded: slot - 1))
    case .v128: self = .v128(V128(low: slot, high: highSlot))
    }
  }

  /// The default value of `type` (zero, or a null reference), which WebAssembly gives locals,
  /// new table elements and memories; what an embedder uses for a stub import's results or a
  /// fresh global.
  public static func defaultValue(of type: ValueType) -> Value {
    Value(slot: 0, type: type)
  }
}
