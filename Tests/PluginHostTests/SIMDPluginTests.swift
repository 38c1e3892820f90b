import Foundation
import PluginHost
import TestSupport
import Testing
import WasmVM

/// The SIMD example plugin, plugins/simd/simdstats.c, committed built as
/// plugins/simd/simdstats.wasm (plugins/c/build.sh builds it with -msimd128, as it does any
/// source that includes <wasm_simd128.h>). Its answers are checked against the same
/// arithmetic in Swift, and a rebuild from the source must answer alike, as for the other C
/// examples (CExamplePluginTests).
@Suite struct SIMDPluginTests {
  static let module = PackageRoot.url.appendingPathComponent("plugins/simd/simdstats.wasm")
  static let source = PackageRoot.url.appendingPathComponent("plugins/simd/simdstats.c")

  /// What `fill(count, seed)` stores: the generator's top 24 bits minus 2^23, at most 16384.
  static func numbers(_ count: Int, seed: UInt32) -> [Int32] {
    var state = seed
    return (0..<min(max(count, 0), 16384)).map { _ in
      state = state &* 1_664_525 &+ 1_013_904_223
      return Int32(state >> 8) - (1 << 23)
    }
  }

  /// Fill sizes around the four-lane loop's edges, an empty fill, and one past the capacity.
  static let fills: [(count: Int32, seed: UInt32)] = [
    (0, 1), (1, 5), (3, 2), (4, 9), (7, 7), (1000, 7), (16384, 99), (20000, 3),
  ]

  /// Inputs around the sixteen-byte loop's edges, with every byte value.
  static let inputs: [[UInt8]] = [
    [], Array("hello".utf8), Array(repeating: 0x6C, count: 16), Array(repeating: 0x6C, count: 17),
    Array((0...255).map { UInt8($0) }) + Array("xyz".utf8),
  ]

  /// Every call of the checks and what it returned, in a fresh host with `module` loaded.
  static func observe(_ module: URL) throws -> [String] {
    let test = TestHost()
    try test.host.load(PluginSource(file: module, name: "simdstats"))
    func call(_ export: String, _ arguments: [Value] = [], input: [UInt8] = []) throws -> Value {
      let call = try test.host.call(
        "simdstats", export, arguments, input: input, budget: 10_000_000)
      guard case .completed(let values, _) = call.outcome, values.count == 1 else {
        throw TestFailure("simdstats.\(export): \(call.outcome)")
      }
      return values[0]
    }
    var observed: [String] = []
    for (count, seed) in fills {
      observed.append(
        "fill \(count) \(seed): \(try call("fill", [.i32(UInt32(bitPattern: count)), .i32(seed)]))")
      for export in ["sum", "min", "max"] { observed.append("\(export): \(try call(export))") }
    }
    for input in inputs {
      observed.append("byte_sum \(input.count): \(try call("byte_sum", input: input))")
      for byte: UInt32 in [0x6C, 0xFF, 0xFFFF_FFFF] {
        observed.append(
          "count_byte \(byte) \(input.count): \(try call("count_byte", [.i32(byte)], input: input))"
        )
      }
    }
    return observed
  }

  /// What `observe` must see, computed in Swift.
  static var expected: [String] {
    var lines: [String] = []
    for (count, seed) in fills {
      let numbers = numbers(Int(count), seed: seed)
      let sum = numbers.reduce(Int64(0)) { $0 + Int64($1) }
      lines.append("fill \(count) \(seed): \(Value.i32(UInt32(numbers.count)))")
      lines.append("sum: \(Value.i64(UInt64(bitPattern: sum)))")
      lines.append("min: \(Value.i32(UInt32(bitPattern: numbers.min() ?? 0)))")
      lines.append("max: \(Value.i32(UInt32(bitPattern: numbers.max() ?? 0)))")
    }
    for input in inputs {
      let sum = input.reduce(UInt32(0)) { $0 + UInt32($1) }
      lines.append("byte_sum \(input.count): \(Value.i32(sum))")
      for byte: UInt32 in [0x6C, 0xFF, 0xFFFF_FFFF] {
        let count = input.filter { $0 == UInt8(truncatingIfNeeded: byte) }.count
        lines.append("count_byte \(byte) \(input.count): \(Value.i32(UInt32(count)))")
      }
    }
    return lines
  }

  @Test func theCommittedModuleAnswersAsTheSwiftArithmetic() throws {
    #expect(try Self.observe(Self.module) == Self.expected)
  }

  @Test(.enabled(if: CToolchain.clang != nil, "needs clang with the wasm32 target"))
  func theCommittedModuleIsBuiltFromItsSource() throws {
    let rebuilt = try CToolchain.withPlugin(
      try String(contentsOf: Self.source, encoding: .utf8), named: "simdstats"
    ) { try Self.observe($0) }
    #expect(rebuilt == Self.expected)
  }
}
