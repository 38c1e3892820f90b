import Testing
import WAT
import WasmVM

@testable import WastRunner

/// `v128` results against the spec's float-lane patterns (`v128.const f32x4 1 nan:canonical …`):
/// a NaN lane accepts any quiet NaN, every other lane compares by bits. The interpreter does
/// not produce v128 results yet, so these checks are what shows the comparison right.
@Suite struct VectorExpectationTests {
  /// 16 little-endian bytes of `lanes`, each `width` bytes wide.
  func bytes(_ lanes: [UInt64], width: Int) -> [UInt8] {
    lanes.flatMap { lane in (0..<width).map { UInt8(truncatingIfNeeded: lane >> (8 * $0)) } }
  }

  func vector(_ lanes: [UInt64], width: Int) throws -> WasmVM.V128 {
    let made = WasmVM.V128(bytes: bytes(lanes, width: width))
    return try #require(made)
  }

  @Test func f32LanesMarkedNaNAcceptAnyQuietNaNAndTheOthersCompareByBits() throws {
    let one: UInt64 = 0x3F80_0000
    let two: UInt64 = 0x4000_0000
    let pattern = V128Expectation(
      shape: .f32x4, bytes: bytes([one, 0, two, 0], width: 4), nanLaneMask: 0b1010)
    let canonical: UInt64 = 0x7FC0_0000
    let negativeArithmetic: UInt64 = 0xFFC0_0001
    let signalling: UInt64 = 0x7F80_0001
    #expect(
      ScriptValues.lanesMatch(
        try vector([one, canonical, two, negativeArithmetic], width: 4), pattern))
    #expect(
      !ScriptValues.lanesMatch(try vector([one, signalling, two, canonical], width: 4), pattern))
    #expect(
      !ScriptValues.lanesMatch(try vector([two, canonical, two, canonical], width: 4), pattern))
    #expect(!ScriptValues.lanesMatch(try vector([one, one, two, canonical], width: 4), pattern))
  }

  @Test func f64LanesAndExactPatterns() throws {
    let one: UInt64 = 0x3FF0_0000_0000_0000
    let pattern = V128Expectation(
      shape: .f64x2, bytes: bytes([0, one], width: 8), nanLaneMask: 0b01)
    #expect(ScriptValues.lanesMatch(try vector([0x7FF8_0000_0000_0000, one], width: 8), pattern))
    #expect(!ScriptValues.lanesMatch(try vector([0x7FF0_0000_0000_0001, one], width: 8), pattern))
    #expect(!ScriptValues.lanesMatch(try vector([0x7FF8_0000_0000_0000, 0], width: 8), pattern))
    // Without a float shape the whole vector compares by bits, NaN mask or not.
    let exact = V128Expectation(shape: nil, bytes: bytes([1, 2], width: 8), nanLaneMask: 0)
    #expect(ScriptValues.lanesMatch(try vector([1, 2], width: 8), exact))
    #expect(!ScriptValues.lanesMatch(try vector([1, 3], width: 8), exact))
  }
}
