import Testing

@testable import WasmVM

/// `V128` and `Value.v128`: the public form of a SIMD vector, which the API carries ahead of
/// the interpreter executing SIMD (the decoder still rejects `v128` in a module).
@Suite struct V128Tests {
  @Test func bytesAreLittleEndianHalves() throws {
    let vector = try #require(V128(bytes: Array(0..<16)))
    #expect(vector.low == 0x0706_0504_0302_0100)
    #expect(vector.high == 0x0f0e_0d0c_0b0a_0908)
    #expect(vector.bytes == Array(0..<16))
    #expect(V128(bytes: [UInt8](repeating: 0, count: 15)) == nil)
    #expect(vector.hex == "0x0f0e0d0c0b0a09080706050403020100")
  }

  @Test func lanesOfEveryWidth() throws {
    let vector = try #require(V128(lanes: [1, 0xffff_ffff, 3, 0x8000_0000], bits: 32))
    #expect(vector.lanes(bits: 32) == [1, 0xffff_ffff, 3, 0x8000_0000])
    #expect(vector.lanes(bits: 64) == [0xffff_ffff_0000_0001, 0x8000_0000_0000_0003])
    #expect(vector.lanes(bits: 16).prefix(4) == [1, 0, 0xffff, 0xffff])
    #expect(vector.lanes(bits: 8).count == 16)
    #expect(vector.lanes(bits: 12).isEmpty)
    // A lane wider than its width is truncated; a wrong lane count is refused.
    #expect(V128(lanes: [0x1ff] + [UInt64](repeating: 0, count: 15), bits: 8)?.low == 0xff)
    #expect(V128(lanes: [1, 2, 3], bits: 32) == nil)
    #expect(V128(lanes: [1, 2], bits: 7) == nil)
    #expect(vector.description == "i32x4:0x00000001 0xffffffff 0x00000003 0x80000000")
  }

  @Test func standardLibraryVectorViews() {
    let vector = V128(low: 0x8000_0000_7fc0_0000, high: 0xffff_ffff_0000_0001)
    #expect(vector.i32x4 == SIMD4(0x7fc0_0000, 0x8000_0000, 1, 0xffff_ffff))
    #expect(vector.i64x2 == SIMD2(0x8000_0000_7fc0_0000, 0xffff_ffff_0000_0001))
    #expect(V128(vector.i8x16) == vector)
    #expect(V128(vector.i16x8) == vector)
    #expect(V128(vector.i32x4) == vector)
    #expect(V128(vector.i64x2) == vector)
    // f32x4 lanes are bit patterns, so a NaN payload survives.
    #expect(Float(bitPattern: vector.i32x4[0]).isNaN)
    #expect(vector.i16x8[1] == 0x7fc0)
    #expect(vector.i8x16[7] == 0x80)
  }

  @Test func valueCarriesVectorsExactly() {
    let vector = V128(low: 0x7ff4_0000_0000_0001, high: .max)
    let value = Value.v128(vector)
    #expect(value.type == .v128)
    #expect(ValueType.v128.description == "v128")
    #expect(Value(slot: value.slot, highSlot: value.highSlot, type: .v128) == value)
    #expect(Value.defaultValue(of: .v128) == .v128(.zero))
    #expect(Value.i64(1).highSlot == 0)
    #expect(ValueType(binaryCode: ValueType.v128.binaryCode) == .v128)
    #expect(ValueType.v128.binaryCode == 0x7B)
  }

  @Test func globalsHoldBothHalves() throws {
    let vector = V128(low: 1, high: 2)
    let global = try Global(
      type: GlobalType(valueType: .v128, isMutable: true), value: .v128(vector))
    #expect(global.value == .v128(vector))
    #expect(global.set(.v128(V128(low: 3, high: 4))))
    #expect(global.value == .v128(V128(low: 3, high: 4)))
    #expect(!global.set(.i64(3)))
    #expect(throws: LinkError.self) {
      try Global(type: GlobalType(valueType: .v128, isMutable: false), value: .i32(0))
    }
  }

  /// A host function is the one function an embedder can call with a `v128` today.
  @Test func hostFunctionTakesAndReturnsVectors() throws {
    let store = Store()
    let swapHalves = store.add(
      HostFunction(type: FuncType(parameters: [.v128, .i32], results: [.v128]), name: "swap") {
        _, arguments throws(Trap) in
        guard case .v128(let v)? = arguments.first else { return [.v128(.zero)] }
        return [.v128(V128(low: v.high, high: v.low))]
      })
    let results = try store.call(swapHalves, [.v128(V128(low: 1, high: 2)), .i32(0)])
    #expect(results == [.v128(V128(low: 2, high: 1))])
    #expect(throws: InvocationError.argumentTypeMismatch(index: 0, expected: .v128, got: .i64)) {
      try store.invoke(swapHalves, arguments: [.i64(1), .i32(0)])
    }
  }
}
