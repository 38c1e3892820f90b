import WAT
import WasmVM

/// Conversions between the script's constants and WasmVM's ``Value``, and the matching of
/// results against `assert_return` expectations.
enum ScriptValues {
  /// The WasmVM value for an `invoke` argument.
  static func argument(_ constant: WASTConstValue) throws(DirectiveStop) -> Value {
    switch constant {
    case .i32(let bits): return .i32(bits)
    case .i64(let bits): return .i64(bits)
    case .f32(let bits): return .f32(bits)
    case .f64(let bits): return .f64(bits)
    case .v128(let vector):
      guard let value = WasmVM.V128(bytes: vector.bytes) else {
        throw .fail("a v128 argument of \(vector.bytes.count) bytes")
      }
      return .v128(value)
    case .refNull(let heapType):
      switch heapType {
      case .abstract(.funcRef), .abstract(.noFunc): return .funcref(nil)
      case .abstract(.externRef), .abstract(.noExtern): return .externref(nil)
      case .abstract(.exnRef), .abstract(.noExn): throw .skip("exception-handling")
      case .abstract: throw .skip("gc")
      case .concrete: throw .skip("function-references")
      }
    case .refExtern(let host): return .externref(host)
    case .refHost: throw .skip("gc")
    case .refFunc(let index):
      throw .fail("unsupported argument ref.func \(index) (a script cannot name a function)")
    }
  }

  /// Whether `actual` satisfies `expected`. Floats compare by bit pattern, as the reference
  /// interpreter does; `nan:canonical` and `nan:arithmetic` accept the NaN classes the spec
  /// defines.
  static func matches(_ actual: Value, _ expected: WASTExpectValue) throws(DirectiveStop) -> Bool {
    switch expected {
    case .i32(let bits): return actual == .i32(bits)
    case .i64(let bits): return actual == .i64(bits)
    case .f32(let bits): return actual == .f32(bits)
    case .f64(let bits): return actual == .f64(bits)
    case .f32CanonicalNaN:
      guard case .f32(let bits) = actual else { return false }
      return bits & 0x7fff_ffff == 0x7fc0_0000
    case .f32ArithmeticNaN:
      guard case .f32(let bits) = actual else { return false }
      return bits & 0x7fc0_0000 == 0x7fc0_0000
    case .f64CanonicalNaN:
      guard case .f64(let bits) = actual else { return false }
      return bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
    case .f64ArithmeticNaN:
      guard case .f64(let bits) = actual else { return false }
      return bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
    case .v128(let vector):
      guard case .v128(let actualVector) = actual else { return false }
      return actualVector.bytes == vector.bytes
    case .v128Pattern(let pattern):
      guard case .v128(let actualVector) = actual else { return false }
      return lanesMatch(actualVector, pattern)
    case .refI31, .refStruct, .refArray, .refEq, .refHost: throw .skip("gc")
    case .refNull(let heapType):
      switch heapType {
      case nil: return actual == .funcref(nil) || actual == .externref(nil)
      case .abstract(.funcRef)?, .abstract(.noFunc)?: return actual == .funcref(nil)
      case .abstract(.externRef)?, .abstract(.noExtern)?: return actual == .externref(nil)
      case .abstract(.exnRef)?, .abstract(.noExn)?: throw .skip("exception-handling")
      case .abstract?: throw .skip("gc")
      case .concrete?: throw .skip("function-references")
      }
    case .refFunc:
      // `(ref.func)` accepts any non-null function reference; an index, if given, is not
      // checked because a script cannot know which store address a function index maps to.
      guard case .funcref(let address) = actual else { return false }
      return address != nil
    case .refExtern(let host):
      guard case .externref(let actualHost) = actual, actualHost != nil else { return false }
      return host == nil || host == actualHost
    case .either(let alternatives):
      for alternative in alternatives where try matches(actual, alternative) { return true }
      return false
    }
  }

  /// Whether `actual` satisfies a `v128.const f32x4 …`/`f64x2 …` expectation lane by lane: a
  /// lane the pattern marks NaN (`nan:canonical` or `nan:arithmetic`, which the parser does not
  /// tell apart) accepts any arithmetic NaN, that is one with the quiet bit set — which covers
  /// every canonical NaN; any other lane compares by bit pattern.
  static func lanesMatch(_ actual: WasmVM.V128, _ pattern: V128Expectation) -> Bool {
    let bytes = actual.bytes
    let laneBytes = pattern.shape == .f64x2 ? 8 : 4
    for lane in 0..<(16 / laneBytes) {
      let range = (lane * laneBytes)..<((lane + 1) * laneBytes)
      if pattern.shape != nil, pattern.nanLaneMask & (1 << lane) != 0 {
        let bits = bytes[range].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let quietExponent: UInt64 = laneBytes == 8 ? 0x7ff8_0000_0000_0000 : 0x7fc0_0000
        guard bits & quietExponent == quietExponent else { return false }
      } else if Array(bytes[range]) != Array(pattern.bytes[range]) {
        return false
      }
    }
    return true
  }

  /// A value as the failure messages show it: type, decimal and, for floats, the bits.
  static func describe(_ value: Value) -> String {
    switch value {
    case .i32(let bits): "i32:\(Int32(bitPattern: bits))"
    case .i64(let bits): "i64:\(Int64(bitPattern: bits))"
    case .f32(let bits): "f32:\(Float(bitPattern: bits)) (0x\(hex(UInt64(bits), width: 8)))"
    case .f64(let bits): "f64:\(Double(bitPattern: bits)) (0x\(hex(bits, width: 16)))"
    case .funcref(let address): address.map { "ref.func@\($0)" } ?? "ref.null func"
    case .externref(let host): host.map { "ref.extern \($0)" } ?? "ref.null extern"
    case .v128(let vector): "v128:\(vector) (\(vector.hex))"
    }
  }

  /// An expectation as the failure messages show it.
  static func describe(_ expected: WASTExpectValue) -> String {
    switch expected {
    case .i32(let bits): describe(Value.i32(bits))
    case .i64(let bits): describe(Value.i64(bits))
    case .f32(let bits): describe(Value.f32(bits))
    case .f64(let bits): describe(Value.f64(bits))
    case .f32CanonicalNaN: "f32:nan:canonical"
    case .f32ArithmeticNaN: "f32:nan:arithmetic"
    case .f64CanonicalNaN: "f64:nan:canonical"
    case .f64ArithmeticNaN: "f64:nan:arithmetic"
    case .refNull(let heapType): heapType.map { "ref.null \($0)" } ?? "ref.null"
    case .refFunc: "ref.func"
    case .refExtern(let host): host.map { "ref.extern \($0)" } ?? "ref.extern"
    case .either(let alternatives): "either(\(alternatives.map(describe).joined(separator: " | ")))"
    case .v128(let vector):
      WasmVM.V128(bytes: vector.bytes).map { describe(Value.v128($0)) } ?? "v128"
    case .v128Pattern(let pattern):
      "v128 pattern \(pattern.shape.map { "\($0)" } ?? "") NaN lanes 0b"
        + String(pattern.nanLaneMask, radix: 2) + " bytes "
        + pattern.bytes.map { String($0, radix: 16) }.joined(separator: " ")
    case .refI31: "ref.i31"
    case .refStruct: "ref.struct"
    case .refArray: "ref.array"
    case .refEq: "ref.eq"
    case .refHost(let host): "ref.host \(host)"
    }
  }

  private static func hex(_ value: UInt64, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
