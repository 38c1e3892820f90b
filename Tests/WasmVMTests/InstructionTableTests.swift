import Foundation
import TestSupport
import Testing
import WasmISA

@testable import WasmVM

/// The instruction table (`Sources/WasmISA/NumericInstructions.swift` and
/// `MemoryInstructions.swift`) is the one definition of every numeric instruction, load and
/// store: these tests check that what is generated from it is current, and that every entry
/// decodes, validates, translates to both code forms (fast paths included) and executes in
/// every loop and slice size with the table's semantics and tick cost.
@Suite struct InstructionTableTests {
  /// The package root, from this file's path.
  private static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test(arguments: GeneratedSource.all.map(\.path))
  func generatedSourceIsCurrent(_ path: String) throws {
    let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    for source in GeneratedSource.all where source.path == path {
      let expected = try source.expectedContents(current: text)
      #expect(
        expected == text,
        "\(path)\(source.region.map { " (\($0))" } ?? "") is stale: run `swift run wasbox-isa`")
    }
  }

  @Test func tableAndEnumAgree() {
    #expect(numericInstructions.count == NumericOp.allCases.count)
    for (instruction, op) in zip(numericInstructions, NumericOp.allCases) {
      #expect(op.description == instruction.name)
      #expect(op.entry.ticks == instruction.ticks)
      #expect(
        op.binaryOpcode.prefix == instruction.prefix && op.binaryOpcode.code == instruction.code)
      // Every code form starts with the numeric instructions, raw value for raw value.
      #expect(Op(op) != .unreachable && Op(op).rawValue == op.rawValue)
      #expect(RegOp(rawValue: op.rawValue) != nil)
    }
    // Encodings are unique, so decoding is unambiguous.
    let encodings = Set(numericInstructions.map { "\($0.prefix ?? 0)/\($0.code)" })
    #expect(encodings.count == numericInstructions.count)
  }

  /// Every entry, in its own module: decoded as itself, typed as the table says, translated
  /// to stack and register code, and run unbounded in the register loop, in the stack fast
  /// loop (register code removed) and in slices of 1 and 3 ticks (the exact loop), on sample
  /// operands; each run must give `Semantics.evaluate`'s result or trap, and all runs of an
  /// entry the same ticks, which exceed the table's cost by the same amount for every entry.
  @Test func everyEntryRunsInEveryLoop() throws {
    var overheads: Set<UInt64> = []
    for (index, instruction) in numericInstructions.enumerated() {
      let op = try #require(NumericOp(rawValue: UInt16(index)))
      let module = try Module(bytes: Self.module(instruction))
      #expect(
        module.codes[0].instructions.contains(.numeric(op)), "\(instruction.name) decodes")

      let validated = try module.validate()
      let function = validated.functions[0]
      #expect(function.code.contains(CodeWord(op.rawValue)), "\(instruction.name) stack code")
      let register = try #require(function.registerCode, "\(instruction.name) register code")
      #expect(
        register.code.contains { RegisterWord.opcode($0)?.rawValue == op.rawValue },
        "\(instruction.name) register code")
      var stackFunction = function
      stackFunction.registerCode = nil
      let stackOnly = ValidatedModule(module: validated.module, functions: [stackFunction])

      for operands in Self.samples(instruction.operands) {
        let expected: ExecutionResult
        do {
          let result = try Semantics.evaluate(op, operands[0], operands.last ?? 0)
          expected = .completed([Self.value(result, instruction.result)])
        } catch {
          expected = .trapped(Trap(error.kind))
        }
        let arguments = zip(operands, instruction.operands).map { Self.value($0, $1) }
        let ticks = try Self.ticksInEveryLoop(
          validated, stackOnly: stackOnly, "f", arguments, expected: expected,
          "\(instruction.name)\(arguments)")
        if let total = ticks.first, case .completed = expected {
          overheads.insert(total - UInt64(instruction.ticks) - UInt64(instruction.operands.count))
        }
      }
    }
    #expect(overheads.count == 1, "every entry costs what the table says: \(overheads)")
  }

  /// Each entry rejects an operand of the wrong type.
  @Test func everyEntryTypeChecksItsOperands() throws {
    for instruction in numericInstructions {
      let mismatched: NumericInstruction.ValueType = instruction.operands[0] == .i32 ? .i64 : .i32
      let wrong = NumericInstruction(
        instruction.name, instruction.code, prefix: instruction.prefix,
        [mismatched] + instruction.operands.dropFirst(), instruction.result, instruction.form,
        instruction.semantics)
      let module = try Module(bytes: Self.module(wrong))
      #expect(throws: ValidationError.self, "\(instruction.name)") { try module.validate() }
    }
  }

  @Test func memoryTableAndEnumAgree() {
    #expect(memoryInstructions.count == MemoryOp.allCases.count)
    for (instruction, op) in zip(memoryInstructions, MemoryOp.allCases) {
      let entry = op.entry
      #expect(op.description == instruction.name)
      #expect(entry.code == instruction.code && entry.ticks == instruction.ticks)
      #expect(entry.bytes == instruction.bytes && entry.value == Self.type(instruction.value))
      #expect((entry.kind == .load) == (instruction.kind == .load))
      #expect(instruction.immediates == [.memArg])
      // Decoding finds the entry by its opcode; both code forms have a case of the same name.
      #expect(MemoryOp.fromSingleByte(UInt8(instruction.code)) == op)
      #expect(MemoryOp(op.stackOp) == op && "\(op.stackOp)" == instruction.caseName)
      #expect("\(op.registerOp)" == instruction.caseName)
      // A fast path is there exactly when the entry lists it (constant values: per width).
      #expect((op.constantAddressForm != nil) == instruction.fastPaths.contains(.constantAddress))
      #expect((op.afterLocalGetForm != nil) == instruction.fastPaths.contains(.afterLocalGet))
      let widthHasConstantForm = memoryInstructions.contains {
        $0.kind == .store && $0.bytes == instruction.bytes && $0.fastPaths.contains(.constantValue)
      }
      #expect((op.constantValueForm != nil) == (instruction.kind == .store && widthHasConstantForm))
      #expect(instruction.fastPaths.contains(.constantAddress) ? instruction.isFullWidth : true)
      // Each operator a load feeds is a binary numeric instruction of the load's type.
      for name in instruction.loadingOperators {
        let numeric = numericInstructions.first { $0.name == name }
        #expect(
          numeric?.operands == [instruction.value, instruction.value]
            && numeric?.result == instruction.value && instruction.isFullWidth, "\(name)")
        let operatorOp = numeric.flatMap { n in
          NumericOp.allCases.first { $0.description == n.name }
        }
        let fused = operatorOp.flatMap {
          RegOp(rawValue: $0.rawValue)?.withLoadedOperand(op.registerOp)
        }
        #expect(fused != nil, "\(name) takes \(instruction.name)")
      }
    }
    // Encodings are unique and none is a numeric instruction's.
    let codes = Set(memoryInstructions.map(\.code))
    #expect(codes.count == memoryInstructions.count)
    #expect(numericInstructions.allSatisfy { $0.prefix != nil || !codes.contains($0.code) })
  }

  /// The type vocabulary: widths, slots and binary codes, each decoding in WasmVM as itself.
  /// The numeric and memory tables hold scalars only: every instruction on a `v128` is an
  /// entry of the SIMD table (`SIMDSemanticsTests`), so the scalar tests below need no vectors.
  @Test func valueTypeVocabulary() throws {
    #expect(InstructionValueType.allCases.map(\.bytes) == [4, 8, 4, 8, 16])
    #expect(InstructionValueType.allCases.map(\.slots) == [1, 1, 1, 1, 2])
    for type in InstructionValueType.allCases {
      // `(func (param type))`
      let bytes = Binary.module(
        Binary.section(1, [0x01, 0x60, 0x01, type.binaryCode, 0x00]),
        Binary.section(3, [0x01, 0x00]), Binary.section(10, [0x01, 0x02, 0x00, 0x0B]))
      #expect(try Module(bytes: bytes).types.first?.parameters == [Self.type(type)], "\(type)")
    }
    let used =
      numericInstructions.flatMap { $0.operands + [$0.result] } + memoryInstructions.map(\.value)
    #expect(!used.contains(.v128), "a scalar entry uses v128: it belongs in the SIMD table")
  }

  /// Every load and store, in its own module with one page of memory whose first and last 16
  /// bytes hold a pattern: decoded as itself, typed as the table says, and run in every loop
  /// and slice size at addresses inside, at the very end of and past the memory, with the
  /// address from a local (the plain forms and `local.get` fusion), as a constant (`…At`), and
  /// for stores with a constant value (`…Constant`). Each run must give what a byte-level
  /// model of the access gives (a store is read back as an `i64.load`) or trap, and all runs of
  /// a case the same ticks, which exceed its instruction count by the same amount everywhere.
  @Test func everyMemoryEntryRunsInEveryLoop() throws {
    var overheads: Set<UInt64> = []
    for (index, instruction) in memoryInstructions.enumerated() {
      let op = try #require(MemoryOp(rawValue: UInt16(index)))
      let module = try Module(bytes: Self.memoryModule(instruction))
      #expect(
        module.codes[0].instructions.contains(.memoryAccess(op, MemArg(align: 0, offset: 1))),
        "\(instruction.name) decodes")
      let validated = try module.validate()
      #expect(
        validated.functions.allSatisfy { $0.code.contains(CodeWord(op.stackOp.rawValue)) },
        "\(instruction.name) stack code")
      let plain = try #require(validated.functions[0].registerCode)
      #expect(
        plain.code.contains { RegisterWord.opcode($0) == op.registerOp },
        "\(instruction.name) register code")
      if let form = op.constantAddressForm {
        let code = try #require(validated.functions[1].registerCode)
        #expect(code.code.contains { RegisterWord.opcode($0) == form }, "\(form)")
      }
      if let form = op.constantValueForm {
        let code = try #require(validated.functions[2].registerCode)
        #expect(code.code.contains { RegisterWord.opcode($0) == form }, "\(form)")
      }
      if let form = op.afterLocalGetForm {
        #expect(validated.functions[0].code.contains(CodeWord(form.rawValue)), "\(form)")
      }
      var stackFunctions = validated.functions
      for i in stackFunctions.indices { stackFunctions[i].registerCode = nil }
      let stackOnly = ValidatedModule(module: validated.module, functions: stackFunctions)

      for (export, arguments, address) in Self.memoryCases(instruction) {
        let expected = Self.expectedAccess(
          instruction, export, address: address, arguments: arguments)
        let ticks = try Self.ticksInEveryLoop(
          validated, stackOnly: stackOnly, export, arguments, expected: expected,
          "\(instruction.name) \(export)\(arguments)")
        if let total = ticks.first, case .completed = expected {
          // Besides the access: a load's address (1); a store's address and value, then the
          // read-back's address and load (4).
          let others: UInt64 = instruction.kind == .load ? 1 : 4
          overheads.insert(total - UInt64(instruction.ticks) - others)
        }
      }
    }
    #expect(overheads.count == 1, "every entry costs what the table says: \(overheads)")
  }

  /// Each load and store validates with its value type, and rejects a value of another type
  /// and an alignment above its natural one.
  @Test func everyMemoryEntryTypeChecks() throws {
    for instruction in memoryInstructions {
      let wrong: NumericInstruction.ValueType = instruction.value == .i32 ? .i64 : .i32
      func module(_ type: NumericInstruction.ValueType, align: UInt8 = 0) -> [UInt8] {
        let access: [UInt8] = [UInt8(instruction.code), align, 0x00]
        let signature: [UInt8]
        let body: [UInt8]
        switch instruction.kind {
        case .load:
          signature = [0x60, 0x00, 0x01, type.binaryCode]
          body = [0x00, 0x41, 0x00] + access + [0x0B]
        case .store:
          signature = [0x60, 0x00, 0x00]
          body = [0x00, 0x41, 0x00] + Self.constant(type) + access + [0x0B]
        }
        return Binary.module(
          Binary.section(1, [0x01] + signature), Binary.section(3, [0x01, 0x00]),
          Binary.section(5, [0x01, 0x00, 0x01]),
          Binary.section(10, [0x01] + Binary.uleb(UInt64(body.count)) + body))
      }
      let natural = UInt8(instruction.bytes.trailingZeroBitCount)
      #expect(throws: Never.self, "\(instruction.name)") {
        try Module(bytes: module(instruction.value, align: natural)).validate()
      }
      #expect(throws: ValidationError.self, "\(instruction.name) with \(wrong)") {
        try Module(bytes: module(wrong)).validate()
      }
      #expect(throws: ValidationError.self, "\(instruction.name) align") {
        try Module(bytes: module(instruction.value, align: natural + 1)).validate()
      }
    }
  }

  /// The pattern in the first and last 16 bytes of the memory of ``memoryModule(_:)``: high
  /// bits set in most bytes, so that sign extension shows.
  private static let pattern: [UInt8] = (0..<16).map { UInt8(truncatingIfNeeded: 0x81 + 0x11 * $0) }

  /// One module per load or store, with functions (all with `offset=1`):
  /// - load: `f(address) = load(address)`, `c() = load(3)`;
  /// - store: `f(address, value, readBack) = { store(address, value); i64.load(readBack) }`,
  ///   `c(value, readBack)` the same at address 3, `k(address, readBack)` with a constant value.
  private static func memoryModule(_ instruction: MemoryInstruction) -> [UInt8] {
    let value = instruction.value.binaryCode
    let access: [UInt8] = [UInt8(instruction.code), 0x00, 0x01]
    let readBack: [UInt8] = [0x29, 0x00, 0x00]  // i64.load align=0 offset=0
    let get = { (i: UInt8) -> [UInt8] in [0x20, i] }
    let types: [[UInt8]]
    let bodies: [[UInt8]]
    let exports: [String]
    switch instruction.kind {
    case .load:
      types = [[0x60, 0x01, 0x7F, 0x01, value], [0x60, 0x00, 0x01, value]]
      bodies = [get(0) + access, [0x41, 0x03] + access]
      exports = ["f", "c"]
    case .store:
      types = [
        [0x60, 0x03, 0x7F, value, 0x7F, 0x01, 0x7E], [0x60, 0x02, value, 0x7F, 0x01, 0x7E],
        [0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7E],
      ]
      bodies = [
        get(0) + get(1) + access + get(2) + readBack,
        [0x41, 0x03] + get(0) + access + get(1) + readBack,
        get(0) + constant(instruction.value) + access + get(1) + readBack,
      ]
      exports = ["f", "c", "k"]
    }
    let code = bodies.flatMap { body -> [UInt8] in
      let full = [0x00] + body + [0x0B]
      return Binary.uleb(UInt64(full.count)) + full
    }
    let exportEntries: [UInt8] = exports.enumerated().flatMap { i, name -> [UInt8] in
      Binary.name(name) + [0x00, UInt8(i)]
    }
    let segments: [UInt8] =
      [0x02, 0x00, 0x41, 0x00, 0x0B, 0x10] + pattern
      + [0x00, 0x41] + sleb(65520) + [0x0B, 0x10] + pattern
    return Binary.module(
      Binary.section(1, Binary.uleb(UInt64(types.count)) + types.flatMap { $0 }),
      Binary.section(3, Binary.uleb(UInt64(bodies.count)) + (0..<UInt8(bodies.count)).map { $0 }),
      Binary.section(5, [0x01, 0x00, 0x01]),
      Binary.section(7, Binary.uleb(UInt64(exports.count)) + exportEntries),
      Binary.section(10, Binary.uleb(UInt64(bodies.count)) + code),
      Binary.section(11, segments))
  }

  /// The constant a `k` function stores, and its encoding: below 2^32 for the 8-byte types
  /// (the f64 one a denormal) so that the register form of an 8-byte store of a constant applies.
  private static func constantBits(_ type: NumericInstruction.ValueType) -> UInt64 {
    switch type {
    case .i32: 0x8765_4321
    case .i64: 0xFEDC_BA98
    case .f32: 0xC020_0000
    case .f64: 0x0000_0000_C020_0000
    case .v128: 0  // in no scalar entry (`valueTypeVocabulary`)
    }
  }

  private static func constant(_ type: NumericInstruction.ValueType) -> [UInt8] {
    let bits = constantBits(type)
    switch type {
    case .i32: return [0x41] + sleb(Int64(Int32(truncatingIfNeeded: bits)))
    case .i64: return [0x42] + sleb(Int64(bitPattern: bits))
    case .f32: return [0x43] + (0..<4).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
    case .f64: return [0x44] + (0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
    case .v128: return []  // in no scalar entry (`valueTypeVocabulary`)
    }
  }

  private static func sleb(_ value: Int64) -> [UInt8] {
    var value = value
    var bytes: [UInt8] = []
    while true {
      let byte = UInt8(truncatingIfNeeded: value & 0x7F)
      value >>= 7
      if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
        return bytes + [byte]
      }
      bytes.append(byte | 0x80)
    }
  }

  /// The cases of an entry: export, arguments, and the effective address accessed (address +
  /// offset 1, 64-bit): inside, at the very end, one byte past and far past the memory.
  private static func memoryCases(_ instruction: MemoryInstruction) -> [(String, [Value], UInt64)] {
    let width = UInt64(instruction.bytes)
    let addresses: [UInt64] = [5, 65535 - width, 65536 - width, 0xFFFF_FFFF]
    let stored = value(0x1122_3344_8899_AABB, instruction.value)
    /// Reads back the 8 bytes that cover the access, inside the memory.
    let readBack = { (ea: UInt64) in Value.i32(UInt32(min(ea, 65528))) }
    switch instruction.kind {
    case .load:
      return addresses.map { ("f", [.i32(UInt32($0))], $0 + 1) } + [("c", [], 4)]
    case .store:
      return addresses.flatMap { address -> [(String, [Value], UInt64)] in
        [
          ("f", [.i32(UInt32(address)), stored, readBack(address + 1)], address + 1),
          ("k", [.i32(UInt32(address)), readBack(address + 1)], address + 1),
        ]
      } + [("c", [stored, readBack(4)], 4)]
    }
  }

  /// What a byte-level model of memory gives for a case of ``memoryCases(_:)``.
  private static func expectedAccess(
    _ instruction: MemoryInstruction, _ export: String, address ea: UInt64, arguments: [Value]
  ) -> ExecutionResult {
    let width = instruction.bytes
    guard ea + UInt64(width) <= 65536 else { return .trapped(Trap(.outOfBoundsMemoryAccess)) }
    var memory = [UInt8](repeating: 0, count: 65536)
    memory.replaceSubrange(0..<16, with: pattern)
    memory.replaceSubrange(65520..<65536, with: pattern)
    func read(_ at: Int, _ count: Int) -> UInt64 {
      (0..<count).reduce(0) { $0 | UInt64(memory[at + $1]) << (8 * $1) }
    }
    switch instruction.kind {
    case .load:
      var bits = read(Int(ea), width)
      if instruction.extending == .signed, bits >> (8 * width - 1) & 1 == 1 {
        bits |= ~0 << (8 * width)
      }
      return .completed([value(bits, instruction.value)])
    case .store:
      // `f` stores its second argument, `c` its first, `k` its constant.
      let bits =
        export == "k" ? constantBits(instruction.value) : slot(arguments[export == "f" ? 1 : 0])
      for i in 0..<width { memory[Int(ea) + i] = UInt8(truncatingIfNeeded: bits >> (8 * i)) }
      guard case .i32(let back) = arguments.last else { return .trapped(Trap(.unreachable)) }
      return .completed([.i64(read(Int(back), 8))])
    }
  }

  private static func slot(_ value: Value) -> UInt64 {
    switch value {
    case .i32(let v), .f32(let v): UInt64(v)
    case .i64(let v), .f64(let v): v
    default: 0
    }
  }

  /// WasmVM's type for a table type.
  private static func type(_ type: NumericInstruction.ValueType) -> ValueType {
    switch type {
    case .i32: .i32
    case .i64: .i64
    case .f32: .f32
    case .f64: .f64
    case .v128: .v128
    }
  }

  /// Runs `export` of `code` unbounded in the register loop, in the stack fast loop
  /// (`stackOnly`: register code removed) and in slices of 1 and 3 ticks (the exact loop),
  /// expecting `expected` (or a trap of its kind) from each; returns the runs' ticks, which must
  /// all be the same.
  private static func ticksInEveryLoop(
    _ code: ValidatedModule, stackOnly: ValidatedModule, _ export: String, _ arguments: [Value],
    expected: ExecutionResult, _ label: String
  ) throws -> Set<UInt64> {
    var ticks: Set<UInt64> = []
    for (code, slice) in [(code, UInt64.max), (stackOnly, .max), (code, 1), (code, 3)] {
      let store = Store()
      let instance = try store.instantiate(code)
      let function = try #require(instance.exportedFunction(export))
      let (run, withinBudget) = try runSliced(
        { try store.invoke(function, arguments: arguments) }, slice: slice)
      #expect(withinBudget, "\(label)")
      #expect(
        sameOutcome(run.result, expected),
        "\(label) in slices of \(slice): \(run.result), want \(expected)")
      ticks.insert(run.ticks)
    }
    #expect(ticks.count == 1, "\(label): ticks \(ticks)")
    return ticks
  }

  /// `(func (export "f") (param operands…) (result result) local.get 0 … op)`, assembled from
  /// the entry's own encoding, so that the test needs no text parser that knows the name.
  private static func module(_ instruction: NumericInstruction) -> [UInt8] {
    let opcode =
      instruction.prefix.map { [$0] + Binary.uleb(UInt64(instruction.code)) }
      ?? [UInt8(truncatingIfNeeded: instruction.code)]
    return Binary.exporting(
      operands: instruction.operands.map(\.binaryCode), result: instruction.result.binaryCode,
      instruction: opcode)
  }

  /// Slot values for each operand type: zero, small, sign-bit and all-ones integers; signed
  /// zeros, fractions, out-of-range magnitudes, infinity and NaN for floats.
  private static func samples(_ types: [NumericInstruction.ValueType]) -> [[UInt64]] {
    func values(_ type: NumericInstruction.ValueType) -> [UInt64] {
      switch type {
      case .i32: [0, 7, 0x8000_0000, 0xFFFF_FFFF]
      case .i64: [0, 7, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF]
      case .f32: [0, 0x8000_0000, 0x3FC0_0000, 0xC020_0000, 0x4F32_D05E, 0x7F80_0000, 0x7FC0_0000]
      case .f64:
        [
          0, 0x8000_0000_0000_0000, 0x3FF8_0000_0000_0000, 0xC004_0000_0000_0000,
          0x43E6_5A0B_C000_0000, 0x7FF0_0000_0000_0000, 0x7FF8_0000_0000_0000,
        ]
      case .v128: []  // in no scalar entry (`valueTypeVocabulary`)
      }
    }
    guard let first = types.first else { return [] }
    let firsts = values(first)
    guard types.count == 2 else { return firsts.map { [$0] } }
    return firsts.flatMap { a in values(types[1]).prefix(4).map { [a, $0] } }
  }

  private static func value(_ slot: UInt64, _ type: NumericInstruction.ValueType) -> Value {
    switch type {
    case .i32: .i32(UInt32(truncatingIfNeeded: slot))
    case .i64: .i64(slot)
    case .f32: .f32(UInt32(truncatingIfNeeded: slot))
    case .f64: .f64(slot)
    case .v128: .i64(slot)  // in no scalar entry (`valueTypeVocabulary`)
    }
  }

  /// Equal results, or traps of the same kind.
  private static func sameOutcome(_ a: ExecutionResult, _ b: ExecutionResult) -> Bool {
    switch (a, b) {
    case (.trapped(let x), .trapped(let y)): x.kind == y.kind
    default: a == b
    }
  }
}
