import TestSupport
import Testing
import WAT

@testable import WasmVM

/// Builders for hand-written binaries.
/// The error decoding `bytes` fails with, or `nil` if it decodes.
private func decodeError(_ bytes: [UInt8]) -> DecodeError? {
  do {
    _ = try Module(bytes: bytes)
    return nil
  } catch {
    return error
  }
}

/// Expects `bytes` to be malformed with a message starting with `message`.
private func expectMalformed(
  _ bytes: [UInt8], _ message: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let error = decodeError(bytes) else {
    Issue.record("decoded, expected \"\(message)\"", sourceLocation: sourceLocation)
    return
  }
  #expect(error.message.hasPrefix(message), "\(error)", sourceLocation: sourceLocation)
  #expect(error.unsupportedProposal == nil, sourceLocation: sourceLocation)
}

/// Expects `bytes` to be rejected as using `proposal`.
private func expectUnsupported(
  _ bytes: [UInt8], _ proposal: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  let error = decodeError(bytes)
  #expect(
    error?.unsupportedProposal == proposal, "\(String(describing: error))",
    sourceLocation: sourceLocation)
}

@Suite struct DecoderTests {
  @Test func decodesEntitiesOfATextModule() throws {
    let bytes = try wat2wasm(
      """
      (module
        (type $binary (func (param i32 i32) (result i32)))
        (import "env" "log" (func $log (param i32)))
        (import "env" "mem" (memory 1 2))
        (import "env" "g" (global $g (mut i64)))
        (table $t 2 10 funcref)
        (memory $m 1)
        (global $counter (mut i32) (i32.const 7))
        (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
        (func $main (export "main") (result i32)
          (local i32 i64 i64)
          (call $log (i32.const 1))
          (call $add (i32.const 2) (i32.const 3)))
        (export "table" (table $t))
        (start 1)
        (elem (table $t) (i32.const 0) func $add $main)
        (data (memory $m) (i32.const 16) "hi")
      )
      """)
    let module = try Module(bytes: bytes)
    #expect(module.types.contains(FuncType(parameters: [.i32, .i32], results: [.i32])))
    #expect(module.imports.map(\.name) == ["log", "mem", "g"])
    #expect(
      module.imports[1].descriptor == .memory(MemoryType(limits: Limits(min: 1, max: 2))))
    #expect(
      module.imports[2].descriptor == .global(GlobalType(valueType: .i64, isMutable: true)))
    #expect(module.functionTypeIndices.count == 2)
    #expect(module.codes.count == 2)
    #expect(
      module.tables == [
        TableDefinition(type: TableType(elementType: .funcref, limits: Limits(min: 2, max: 10)))
      ])
    #expect(module.memories == [MemoryType(limits: Limits(min: 1))])
    #expect(
      module.globals == [
        GlobalDefinition(
          type: GlobalType(valueType: .i32, isMutable: true),
          initializer: ConstExpression([.i32Const(7)]))
      ])
    #expect(module.exports.map(\.name) == ["main", "table"])
    #expect(module.exports[0].descriptor == .function(2))
    #expect(module.start == 1)
    #expect(
      module.elements == [
        ElementSegment(
          type: .funcref,
          items: [ConstExpression([.refFunc(1)]), ConstExpression([.refFunc(2)])],
          mode: .active(table: 0, offset: ConstExpression([.i32Const(0)])))
      ])
    #expect(
      module.data == [
        DataSegment(
          bytes: Array("hi".utf8),
          mode: .active(memory: 1, offset: ConstExpression([.i32Const(16)])))
      ])

    let main = module.codes[1]
    #expect(main.locals == [.i32, .i64, .i64])
    #expect(
      main.instructions == [
        .i32Const(1), .call(0), .i32Const(2), .i32Const(3), .call(1), .end,
      ])
    #expect(main.instructionOffsets.count == main.instructions.count)
    #expect(main.instructionOffsets == main.instructionOffsets.sorted())
    #expect(bytes[main.instructionOffsets[1]] == 0x10)
  }

  @Test func decodesControlFlowAndImmediates() throws {
    let bytes = try wat2wasm(
      """
      (module
        (memory 1)
        (func (param i32) (result i64)
          (block $out (result i64)
            (loop $again
              (br_if $again (i32.eqz (local.get 0)))
              (br_table $again $out 0 (i64.const -1) (local.get 0)))
            (if (result i64) (local.get 0)
              (then (i64.load16_s offset=8 align=1 (i32.const 0)))
              (else (i64.const 0x7fffffffffffffff)))
            (i64.trunc_sat_f64_u (f64.const -0.5))
            (drop)
            (select (result i64) (i64.const 1) (i32.const 0)))
          (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
          (drop))
      )
      """)
    let instructions = try #require(try Module(bytes: bytes).codes.first).instructions
    #expect(instructions.contains(.block(.value(.i64))))
    #expect(instructions.contains(.loop(.empty)))
    #expect(instructions.contains(.brTable(targets: [0, 1], default: 0)))
    #expect(instructions.contains(.memoryAccess(.i64Load16S, MemArg(align: 0, offset: 8))))
    #expect(instructions.contains(.i64Const(UInt64(Int64.max))))
    #expect(instructions.contains(.i64Const(UInt64.max)))
    #expect(instructions.contains(.f64Const((-0.5).bitPattern)))
    #expect(instructions.contains(.numeric(.i64TruncSatF64U)))
    #expect(instructions.contains(.selectTyped([.i64])))
    #expect(instructions.contains(.memoryFill(0)))
    #expect(instructions.contains(.else))
    #expect(instructions.last == .end)
  }

  @Test func decodesAllElementSegmentEncodings() throws {
    let bytes = try wat2wasm(
      """
      (module
        (table $t 4 funcref)
        (table $u 4 externref)
        (func $f)
        (elem (i32.const 0) func $f)
        (elem func $f)
        (elem (table $t) (i32.const 1) func $f)
        (elem declare func $f)
        (elem (i32.const 2) funcref (ref.func $f) (ref.null func))
        (elem externref (ref.null extern))
        (elem (table $u) (i32.const 0) externref (ref.null extern))
        (elem declare funcref (ref.func $f))
      )
      """)
    let elements = try Module(bytes: bytes).elements
    #expect(elements.count == 8)
    let offset = { (value: UInt32) in ConstExpression([.i32Const(value)]) }
    #expect(
      elements.map(\.mode) == [
        .active(table: 0, offset: offset(0)), .passive, .active(table: 0, offset: offset(1)),
        .declarative, .active(table: 0, offset: offset(2)), .passive,
        .active(table: 1, offset: offset(0)), .declarative,
      ])
    #expect(
      elements.map(\.type) == [
        .funcref, .funcref, .funcref, .funcref, .funcref, .externref, .externref, .funcref,
      ])
    #expect(
      elements[4].items == [
        ConstExpression([.refFunc(0)]), ConstExpression([.refNull(.funcref)]),
      ])
  }

  @Test func decodesEveryEncodingByHand() throws {
    // Element flags 0-7 and data flags 0-2, written out byte by byte.
    let refFunc: [UInt8] = [0xD2, 0x00, 0x0B]
    let offsetZero: [UInt8] = [0x41, 0x00, 0x0B]
    let elements: [UInt8] =
      [0x08]
      + [0x00] + offsetZero + [0x01, 0x00]
      + [0x01, 0x00, 0x01, 0x00]
      + [0x02, 0x00] + offsetZero + [0x00, 0x01, 0x00]
      + [0x03, 0x00, 0x01, 0x00]
      + [0x04] + offsetZero + [0x01] + refFunc
      + [0x05, 0x63, 0x70, 0x01] + refFunc
      + [0x06, 0x00] + offsetZero + [0x70, 0x01] + refFunc
      + [0x07, 0x70, 0x01] + refFunc
    let data: [UInt8] =
      [0x03]
      + [0x00] + offsetZero + [0x01, 0xAA]
      + [0x01, 0x02, 0xBB, 0xCC]
      + [0x02, 0x01] + offsetZero + [0x00]
    // memory.init 1 of memory 1, data.drop 2, i32.load with an explicit memory index 1.
    let body: [UInt8] = [
      0x00,
      0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x01, 0x01,
      0xFC, 0x09, 0x02,
      0x41, 0x00, 0x28, 0x42, 0x01, 0x04, 0x1A,
      0x0B,
    ]
    let bytes = Binary.module(
      Binary.section(1, [0x01, 0x60, 0x00, 0x00]),
      Binary.section(3, [0x01, 0x00]),
      // One table with an initializer expression (0x40 0x00 tabletype expr).
      Binary.section(4, [0x01, 0x40, 0x00, 0x70, 0x01, 0x01, 0x02] + refFunc),
      Binary.section(5, [0x02, 0x00, 0x01, 0x00, 0x01]),
      Binary.section(9, elements),
      Binary.section(12, [0x03]),
      Binary.section(10, [0x01] + Binary.uleb(UInt64(body.count)) + body),
      Binary.section(11, data))
    let module = try Module(bytes: bytes)
    #expect(module.tables[0].initializer == ConstExpression([.refFunc(0)]))
    #expect(module.tables[0].type.limits == Limits(min: 1, max: 2))
    #expect(module.elements.count == 8)
    #expect(module.elements[5].type == .funcref)
    #expect(module.data.map(\.bytes) == [[0xAA], [0xBB, 0xCC], []])
    #expect(module.data[2].mode == .active(memory: 1, offset: ConstExpression([.i32Const(0)])))
    #expect(module.dataCount == 3)
    let instructions = module.codes[0].instructions
    #expect(instructions.contains(.memoryInit(data: 1, memory: 1)))
    #expect(instructions.contains(.dataDrop(2)))
    #expect(instructions.contains(.memoryAccess(.i32Load, MemArg(align: 2, offset: 4, memory: 1))))
  }

  @Test func readsTheNameSection() throws {
    let bytes = try wat2wasm(
      """
      (module $demo
        (import "env" "f" (func $imported))
        (func $first)
        (func $second))
      """, options: EncodeOptions(nameSection: true))
    let module = try Module(bytes: bytes)
    #expect(module.moduleName == "demo")
    #expect(module.functionNames == [0: "imported", 1: "first", 2: "second"])
    #expect(module.customSections.map(\.name) == ["name"])
  }

  @Test func ignoresAMalformedNameSectionButKeepsIt() throws {
    // Function-names subsection claiming 5 entries with one present.
    let payload = Binary.name("name") + [0x01, 0x04, 0x05, 0x00, 0x01, 0x61]
    let module = try Module(bytes: Binary.module(Binary.section(0, payload)))
    #expect(module.functionNames.isEmpty)
    #expect(module.customSections == [CustomSection(name: "name", bytes: Array(payload[5...]))])
  }

  @Test func keepsCustomSectionsAnywhere() throws {
    let custom = Binary.section(0, Binary.name("a") + [1, 2, 3])
    let bytes = Binary.module(
      custom, Binary.section(1, [0x00]), custom, Binary.section(3, [0x00]), custom)
    let module = try Module(bytes: bytes)
    #expect(module.customSections.count == 3)
    #expect(module.customSections[0] == CustomSection(name: "a", bytes: [1, 2, 3]))
  }

  @Test func rejectsBadHeaders() {
    expectMalformed([], "unexpected end")
    expectMalformed([0x00, 0x61, 0x73], "unexpected end")
    expectMalformed([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00], "unexpected end")
    expectMalformed([0x01, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00], "magic header not detected")
    expectMalformed([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unknown binary version")
    #expect(decodeError(Binary.header) == nil)
  }

  @Test func checksUnsignedLEB128() {
    // Memory minimum: a u64, so up to ten bytes.
    let padded: [UInt8] = [0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
    #expect(decodeError(Binary.module(Binary.section(5, [0x01, 0x00] + padded))) == nil)
    expectMalformed(
      Binary.module(Binary.section(5, [0x01, 0x00] + padded.dropLast() + [0x80, 0x00])),
      "integer representation too long")
    expectMalformed(
      Binary.module(Binary.section(5, [0x01, 0x00] + padded.dropLast() + [0x02])),
      "integer too large")
    // A u32 count in five bytes with bits above 32 set.
    expectMalformed(
      Binary.module(Binary.section(1, [0x80, 0x80, 0x80, 0x80, 0x10])), "integer too large")
    expectMalformed(
      Binary.module(Binary.section(1, [0x80, 0x80, 0x80, 0x80, 0x80, 0x00])),
      "integer representation too long")
  }

  @Test func checksSignedLEB128() {
    func global(_ constant: [UInt8]) -> [UInt8] {
      Binary.module(Binary.section(6, [0x01, 0x7F, 0x00, 0x41] + constant + [0x0B]))
    }
    // -1 padded to five bytes: the unused bits of the last byte copy the sign.
    #expect(decodeError(global([0xFF, 0xFF, 0xFF, 0xFF, 0x7F])) == nil)
    expectMalformed(global([0xFF, 0xFF, 0xFF, 0xFF, 0x4F]), "integer too large")
    expectMalformed(global([0x80, 0x80, 0x80, 0x80, 0x70]), "integer too large")
    expectMalformed(
      global([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]), "integer representation too long")
    let decoded = try? Module(bytes: global([0xC0, 0xBB, 0x78]))
    let expected = ConstExpression([.i32Const(UInt32(bitPattern: -123456))])
    #expect(decoded?.globals.first?.initializer == expected)
  }

  @Test func enforcesSectionOrderAndSizes() {
    expectMalformed(Binary.module(Binary.section(14, [])), "malformed section id")
    expectMalformed(
      Binary.module(Binary.section(3, [0x00]), Binary.section(1, [0x00])),
      "unexpected content after last section")
    expectMalformed(
      Binary.module(Binary.section(1, [0x00]), Binary.section(1, [0x00])),
      "unexpected content after last section")
    // Data count (12) comes before code (10).
    expectMalformed(
      Binary.module(Binary.section(10, [0x00]), Binary.section(12, [0x00])),
      "unexpected content after last section")
    let ordered = Binary.module(Binary.section(12, [0x00]), Binary.section(10, [0x00]))
    #expect(decodeError(ordered) == nil)
    expectMalformed(Binary.module([0x01, 0x03, 0x00, 0x00, 0x00]), "section size mismatch")
    expectMalformed(Binary.module([0x01, 0x09, 0x00]), "length out of bounds")
  }

  @Test func sizesMayOverrunTheBinaryByTheirOwnEncoding() throws {
    // A size is checked against the bytes left counted from its own first byte, so these
    // pass that check yet end one byte past the binary; they must fail, not crash.
    expectMalformed(Binary.module([0x00, 0x02, 0x00]), "unexpected end")
    expectMalformed(Binary.module([0x0B, 0x02, 0x01]), "unexpected end")
    let payload = Binary.name("name") + [0x01, 0x02, 0x00]
    let module = try Module(bytes: Binary.module(Binary.section(0, payload)))
    #expect(module.functionNames.isEmpty)
  }

  @Test func failsFastOnHugeCounts() {
    // A count of 2^32 - 1 with three bytes left must not reserve anything.
    expectMalformed(
      Binary.module([0x01, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60, 0x00, 0x00]),
      "length out of bounds")
    expectMalformed(
      Binary.oneFunction(body: [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B]),
      "too many locals")
    expectMalformed(
      Binary.oneFunction(body: [0x02, 0x80, 0xB5, 0x18, 0x7F, 0x80, 0xB5, 0x18, 0x7E, 0x0B]),
      "too many locals")
  }

  @Test func checksCrossSectionCounts() {
    expectMalformed(
      Binary.module(Binary.section(1, [0x01, 0x60, 0x00, 0x00]), Binary.section(3, [0x01, 0x00])),
      "function and code section have inconsistent lengths")
    expectMalformed(
      Binary.module(Binary.section(12, [0x01])),
      "data count and data section have inconsistent lengths")
    // memory.init without a data count section.
    expectMalformed(
      Binary.oneFunction(body: [
        0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00,
        0x0B,
      ]),
      "data count section required")
  }

  @Test func validatesUTF8InNames() {
    func importing(_ name: [UInt8]) -> [UInt8] {
      Binary.module(
        Binary.section(
          2, [0x01] + Binary.uleb(UInt64(name.count)) + name + [0x00, 0x02, 0x00, 0x01]))
    }
    #expect(decodeError(importing(Array("héllo €𝄞".utf8))) == nil)
    expectMalformed(importing([0xC0, 0x80]), "malformed UTF-8 encoding")
    expectMalformed(importing([0xED, 0xA0, 0x80]), "malformed UTF-8 encoding")
    expectMalformed(importing([0xF4, 0x90, 0x80, 0x80]), "malformed UTF-8 encoding")
    expectMalformed(importing([0xE2, 0x82]), "malformed UTF-8 encoding")
    expectMalformed(importing([0x80]), "malformed UTF-8 encoding")
    expectMalformed(
      Binary.module(Binary.section(0, [0x01, 0xFF])), "malformed UTF-8 encoding")
  }

  @Test func rejectsMalformedFunctionBodies() {
    expectMalformed(Binary.oneFunction(body: [0x00, 0x0C]), "unexpected end")
    expectMalformed(Binary.oneFunction(body: [0x00, 0xFF, 0x0B]), "illegal opcode ff")
    expectMalformed(Binary.oneFunction(body: [0x00, 0xFC, 0x20, 0x0B]), "illegal opcode fc 20")
    expectMalformed(Binary.oneFunction(body: [0x00, 0x05, 0x0B]), "END opcode expected")
    expectMalformed(
      Binary.oneFunction(body: [0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1A, 0x0B]),
      "malformed memop flags")
    // The final end is missing and the body is the last thing in the binary.
    expectMalformed(Binary.oneFunction(body: [0x00, 0x02, 0x40, 0x0B]), "unexpected end")
    // An end before the declared size is used up.
    expectMalformed(Binary.oneFunction(body: [0x00, 0x0B, 0x01]), "section size mismatch")
    expectMalformed(
      Binary.oneFunction(body: [0x00, 0xD0, 0x7F, 0x1A, 0x0B]), "malformed heap type")
  }

  @Test func truncationsNeverCrash() throws {
    let bytes = try wat2wasm(
      """
      (module
        (import "env" "f" (func (param i32)))
        (memory 1) (table 1 funcref) (global (mut f64) (f64.const 1.5))
        (func (export "run") (param i32) (result i32)
          (loop (br_if 0 (i32.load (local.get 0))))
          (i32.const 3))
        (elem (i32.const 0) 1)
        (data (i32.const 0) "abc"))
      """)
    #expect(decodeError(bytes) == nil)
    // A prefix ending exactly between sections can still be well-formed (sections are
    // optional); every other prefix must fail, and never as "unsupported".
    var decoded = 0
    for length in 0..<bytes.count {
      let error = decodeError(Array(bytes[..<length]))
      if error == nil { decoded += 1 }
      #expect(error?.unsupportedProposal == nil)
    }
    #expect(decoded < 8)
  }

  /// SIMD is in scope: `v128` decodes as a value type, a `0xFD` sub-opcode through the SIMD
  /// table, and one the table lacks is an illegal opcode, not an unsupported proposal.
  @Test func decodesSIMDAndRejectsUnknownSubOpcodes() throws {
    let typeWithV128 = Binary.section(1, [0x01, 0x60, 0x01, 0x7B, 0x00])
    #expect(decodeError(Binary.module(typeWithV128)) == nil)
    let v128Const: [UInt8] = [0xFD, 0x0C] + [UInt8](repeating: 0, count: 16)
    #expect(decodeError(Binary.oneFunction(body: [0x00] + v128Const + [0x1A, 0x0B])) == nil)
    // 0xFD 0x9A 0x01 (sub-opcode 0x9A) is unassigned.
    let unknown = decodeError(Binary.oneFunction(body: [0x00, 0xFD, 0x9A, 0x01, 0x0B]))
    #expect(unknown?.unsupportedProposal == nil)
    #expect(unknown?.message.contains("illegal opcode fd 9a") == true)
    // A constant cut short is malformed.
    let cut = decodeError(Binary.oneFunction(body: [0x00, 0xFD, 0x0C, 0x01, 0x02]))
    #expect(cut != nil && cut?.unsupportedProposal == nil)
  }

  @Test func reportsUnsupportedProposals() throws {
    expectUnsupported(Binary.oneFunction(body: [0x00, 0xFE, 0x03, 0x00, 0x0B]), "threads")
    expectUnsupported(Binary.module(Binary.section(5, [0x01, 0x03, 0x01, 0x01])), "threads")
    expectUnsupported(Binary.module(Binary.section(13, [0x01, 0x00, 0x00])), "exception-handling")
    expectUnsupported(Binary.module(Binary.section(13, [])), "exception-handling")
    expectUnsupported(
      Binary.oneFunction(body: [0x00, 0x1F, 0x40, 0x00, 0x0B, 0x0B]),
      "exception-handling")
    expectUnsupported(Binary.oneFunction(body: [0x00, 0x08, 0x00, 0x0B]), "exception-handling")
    expectUnsupported(Binary.module(Binary.section(1, [0x01, 0x5F, 0x00])), "gc")
    expectUnsupported(Binary.module(Binary.section(1, [0x01, 0x4E, 0x00])), "gc")
    expectUnsupported(Binary.module(Binary.section(1, [0x01, 0x60, 0x01, 0x6E, 0x00])), "gc")
    expectUnsupported(Binary.oneFunction(body: [0x00, 0xFB, 0x00, 0x0B]), "gc")
    expectUnsupported(Binary.oneFunction(body: [0x00, 0xD0, 0x6B, 0x1A, 0x0B]), "gc")
    // exnref, nullexnref, (ref null exn), (ref exn), ref.null exn: exception handling's.
    for type: [UInt8] in [[0x69], [0x74], [0x63, 0x69], [0x64, 0x69], [0x63, 0x74]] {
      expectUnsupported(
        Binary.module(Binary.section(1, [0x01, 0x60, 0x01] + type + [0x00])),
        "exception-handling")
    }
    expectUnsupported(
      Binary.oneFunction(body: [0x00, 0xD0, 0x69, 0x1A, 0x0B]), "exception-handling")
    expectUnsupported(
      Binary.module(Binary.section(1, [0x01, 0x60, 0x01, 0x64, 0x70, 0x00])),
      "function-references")
    expectUnsupported(
      Binary.module(Binary.section(1, [0x01, 0x60, 0x01, 0x63, 0x00, 0x00])),
      "function-references")
    expectUnsupported(Binary.oneFunction(body: [0x00, 0x14, 0x00, 0x0B]), "function-references")
    // Nullable abstract references spelled with 0x63 are in scope.
    let nullable = Binary.module(
      Binary.section(1, [0x01, 0x60, 0x02, 0x63, 0x70, 0x63, 0x6F, 0x00]))
    #expect(decodeError(nullable) == nil)
    #expect(try Module(bytes: nullable).types[0].parameters == [.funcref, .externref])
  }
}
