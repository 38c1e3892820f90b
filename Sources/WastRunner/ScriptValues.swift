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
    case .v128: throw .skip("simd")
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
    case .v128, .v128Pattern: throw .skip("simd")
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

  /// A value as the failure messages show it: type, decimal and, for floats, the bits.
  static func describe(_ value: Value) -> String {
    switch value {
    case .i32(let bits): "i32:\(Int32(bitPattern: bits))"
    case .i64(let bits): "i64:\(Int64(bitPattern: bits))"
    case .f32(let bits): "f32:\(Float(bitPattern: bits)) (0x\(hex(UInt64(bits), width: 8)))"
    case .f64(let bits): "f64:\(Double(bitPattern: bits)) (0x\(hex(bits, width: 16)))"
    case .funcref(let address): address.map { "ref.func@\($0)" } ?? "ref.null func"
    case .externref(let host): host.map { "ref.extern \($0)" } ?? "ref.null extern"
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
    case .v128, .v128Pattern: "v128"
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
