import Testing
import WasmVM

@testable import ReplCore

/// `v128` arguments and results at the prompt: the spec's lane forms, hex, and the argument
/// grouping that lets `i32x4 1 2 3 4` count as one argument.
@Suite struct VectorValueTests {
  @Test func parsesEveryLaneShape() throws {
    let ones = Value.v128(V128(low: 0x0000_0001_0000_0001, high: 0x0000_0001_0000_0001))
    #expect(try ValueParsing.parse("i32x4 1 1 1 1", as: .v128) == ones)
    #expect(try ValueParsing.parse("i64x2 0x100000001 0x100000001", as: .v128) == ones)
    #expect(try ValueParsing.parse("i16x8 1 0 1 0 1 0 1 0", as: .v128) == ones)
    #expect(
      try ValueParsing.parse("i8x16 1 0 0 0 1 0 0 0 1 0 0 0 1 0 0 0", as: .v128) == ones)
    #expect(
      try ValueParsing.parse("0x00000001000000010000000100000001", as: .v128) == ones)
    // Negative lanes wrap to their width; float lanes are bit patterns, NaN payloads kept.
    #expect(
      try ValueParsing.parse("i8x16 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 -128", as: .v128)
        == .v128(V128(low: 0xff, high: 0x8000_0000_0000_0000)))
    #expect(
      try ValueParsing.parse("f32x4 1.5 -0 nan:0x1 inf", as: .v128)
        == .v128(V128(low: 0x8000_0000_3fc0_0000, high: 0x7f80_0000_7f80_0001)))
    #expect(
      try ValueParsing.parse("f64x2 -inf 1", as: .v128)
        == .v128(V128(low: 0xfff0_0000_0000_0000, high: 0x3ff0_0000_0000_0000)))
  }

  @Test func rejectsMalformedVectors() {
    for text in [
      "i32x4 1 2 3", "i32x4 1 2 3 4 5", "i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", "0x1234",
      "i33x4 1 2 3 4", "f32x4 1 2 x 4", "", "1",
    ] {
      #expect(throws: ReplError.self) { try ValueParsing.parse(text, as: .v128) }
    }
  }

  @Test func groupsLaneWordsIntoOneArgument() {
    let grouped = ValueParsing.groupingVectors(
      ["7", "i32x4", "1", "2", "3", "4", "0x00000000000000000000000000000000", "\"in\""],
      for: [.i32, .v128, .v128])
    #expect(grouped == ["7", "i32x4 1 2 3 4", "0x00000000000000000000000000000000", "\"in\""])
    // Too few words stay together, for the parser to report; other types are untouched.
    #expect(ValueParsing.groupingVectors(["i32x4", "1"], for: [.v128]) == ["i32x4 1"])
    #expect(ValueParsing.groupingVectors(["i32x4", "1"], for: [.i32, .i32]) == ["i32x4", "1"])
  }

  @Test func printsLanesAndHexThatParseBack() throws {
    let vector = V128(low: 0xffff_ffff_0000_0001, high: 0x8000_0000_0000_0003)
    let text = ValueFormatting.format(.v128(vector))
    #expect(text == "v128 i32x4 1 -1 3 -2147483648 (0x8000000000000003ffffffff00000001)")
    #expect(try ValueParsing.parse(ValueFormatting.lanes(vector), as: .v128) == .v128(vector))
    #expect(try ValueParsing.parse(vector.hex, as: .v128) == .v128(vector))
  }
}
