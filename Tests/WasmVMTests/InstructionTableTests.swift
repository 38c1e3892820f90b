import Foundation
import TestSupport
import Testing
import WasmISA

@testable import WasmVM

/// The instruction table (`Sources/WasmISA/NumericInstructions.swift`) is the one definition of
/// every numeric instruction: these tests check that what is generated from it is current, and
/// that every entry decodes, validates, translates to both code forms and executes in every
/// loop and slice size with the table's semantics and tick cost.
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
        var ticks: Set<UInt64> = []
        for (code, slice) in [
          (validated, UInt64.max), (stackOnly, .max), (validated, 1), (validated, 3),
        ] {
          let store = Store()
          let instance = try store.instantiate(code)
          let export = try #require(instance.exportedFunction("f"))
          let (run, withinBudget) = try runSliced(
            { try store.invoke(export, arguments: arguments) }, slice: slice)
          #expect(withinBudget)
          #expect(
            Self.sameOutcome(run.result, expected),
            "\(instruction.name)\(arguments) in slices of \(slice): \(run.result), want \(expected)"
          )
          ticks.insert(run.ticks)
        }
        #expect(ticks.count == 1, "\(instruction.name)\(arguments): ticks \(ticks)")
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

  /// `(func (export "f") (param operands…) (result result) local.get 0 … op)`, assembled from
  /// the entry's own encoding, so that the test needs no text parser that knows the name.
  private static func module(_ instruction: NumericInstruction) -> [UInt8] {
    func byte(_ type: NumericInstruction.ValueType) -> UInt8 {
      switch type {
      case .i32: 0x7F
      case .i64: 0x7E
      case .f32: 0x7D
      case .f64: 0x7C
      }
    }
    let opcode =
      instruction.prefix.map { [$0] + Binary.uleb(UInt64(instruction.code)) }
      ?? [UInt8(truncatingIfNeeded: instruction.code)]
    return Binary.exporting(
      operands: instruction.operands.map(byte), result: byte(instruction.result),
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
