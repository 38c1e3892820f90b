import Testing
import WAT

@testable import WasmVM

@Suite struct TranslatorTests {
  private func translate(
    _ type: FuncType, locals: [ValueType] = [], _ instructions: [Instruction],
    configure: (inout Module) -> Void = { _ in }
  ) throws -> CompiledFunction {
    let module = singleFunctionModule(
      type, locals: locals, instructions, configure: configure)
    let validated = try module.validate()
    return try #require(validated.functions.first)
  }

  @Test func straightLineCodeIsOneChargedBlock() throws {
    let f = try translate(
      FuncType(parameters: [.i32, .i32], results: [.i32]),
      [.localGet(0), .localGet(1), .numeric(.i32Add)])
    #expect(
      f.code == [
        word(.charge), 4, word(.localLocalI32Add), 0, word(.localGet), 1, word(.i32Add),
        word(.return),
      ])
    #expect(f.maxStackHeight == 2)
    #expect(f.localCount == 0)
  }

  @Test func constantsAreRawBits() throws {
    let f = try translate(
      FuncType(parameters: [], results: [.f32, .i64, .externref]),
      [.f32Const(0x7FC0_0001), .i64Const(UInt64.max), .refNull(.externref)])
    #expect(
      f.code == [
        word(.charge), 4, word(.const), 0x7FC0_0001, word(.const), UInt64.max, word(.const), 0,
        word(.return),
      ])
    #expect(f.maxStackHeight == 3)
  }

  @Test func brIfKeepsResultsAndDropsTheRest() throws {
    let f = try translate(
      i32ToI32,
      [
        .block(.value(.i32)), .i32Const(1), .i32Const(2), .localGet(0), .brIf(0), .drop, .end,
      ])
    #expect(
      f.code == [
        word(.charge), 4, word(.const), 1, word(.const), 2, word(.localGet), 0,
        word(.brIf), 15, 1, 1,
        word(.charge), 1, word(.drop),
        word(.charge), 1, word(.return),
      ])
    #expect(f.maxStackHeight == 3)
  }

  @Test func loopBranchesBackToItsHeader() throws {
    let f = try translate(
      i32ToI32,
      [
        .loop(.empty), .localGet(0), .i32Const(1), .numeric(.i32Sub), .localTee(0), .brIf(0),
        .end, .localGet(0),
      ])
    #expect(
      f.code == [
        word(.charge), 5, word(.localConstI32Sub), 0, word(.const), 1, word(.i32Sub),
        word(.localTee), 0,
        word(.jumpIfNonZero), 0,
        word(.charge), 2, word(.localGet), 0, word(.return),
      ])
  }

  @Test func ifElseJumpsAroundTheArms() throws {
    let f = try translate(
      i32ToI32,
      [.localGet(0), .if(.value(.i32)), .i32Const(10), .else, .i32Const(20), .end])
    #expect(
      f.code == [
        word(.charge), 2, word(.localGet), 0, word(.jumpIfZero), 12,
        word(.charge), 2, word(.const), 10, word(.jump), 16,
        word(.charge), 1, word(.const), 20,
        word(.charge), 1, word(.return),
      ])
  }

  @Test func ifWithoutElseJumpsPastItsEnd() throws {
    let f = try translate(
      FuncType(parameters: [.i32], results: []),
      [.localGet(0), .if(.empty), .return, .end, .nop])
    #expect(
      f.code == [
        word(.charge), 2, word(.localGet), 0, word(.jumpIfZero), 9,
        word(.charge), 1, word(.return),
        word(.charge), 1, word(.return),
      ])
  }

  @Test func deadCodeAfterBranchIsNotEmitted() throws {
    let f = try translate(
      FuncType(parameters: [], results: [.i32]),
      [
        .block(.value(.i32)), .i32Const(1), .br(0), .i32Const(2), .drop, .block(.empty),
        .i32Const(3), .drop, .end, .end,
      ])
    #expect(
      f.code == [
        word(.charge), 2, word(.const), 1, word(.jump), 6,
        word(.charge), 1, word(.return),
      ])
  }

  @Test func unreachableEndsTheFunctionWithoutReturn() throws {
    let f = try translate(
      FuncType(parameters: [], results: [.i32]), [.unreachable, .numeric(.i32Eqz)])
    #expect(f.code == [word(.charge), 1, word(.unreachable)])
  }

  @Test func branchToTheFunctionLabelIsAReturn() throws {
    let f = try translate(
      i32ToI32, [.i32Const(1), .br(0), .localGet(0)])
    #expect(f.code == [word(.charge), 2, word(.const), 1, word(.return)])
  }

  @Test func brIfToTheFunctionLabelTargetsTheFinalReturn() throws {
    let f = try translate(
      i32ToI32, [.i32Const(1), .localGet(0), .brIf(0), .drop, .i32Const(2)])
    #expect(
      f.code == [
        word(.charge), 3, word(.const), 1, word(.localGet), 0, word(.jumpIfNonZero), 13,
        word(.charge), 2, word(.drop), word(.const), 2,
        word(.charge), 1, word(.return),
      ])
  }

  @Test func brTableHasAnEntryPerLabelPlusDefault() throws {
    let f = try translate(
      i32ToI32,
      [
        .block(.value(.i32)), .block(.value(.i32)), .i32Const(5), .i32Const(7), .localGet(0),
        .brTable(targets: [0, 1], default: 0), .end, .i32Const(1), .numeric(.i32Add), .end,
      ])
    #expect(
      f.code == [
        word(.charge), 4, word(.const), 5, word(.const), 7, word(.localGet), 0,
        word(.brTable), 2, 19, 1, 1, 24, 1, 1, 19, 1, 1,
        word(.charge), 2, word(.constI32Add), 1, word(.i32Add),
        word(.charge), 1, word(.return),
      ])
  }

  @Test func blockParametersStayOnTheStack() throws {
    let f = try translate(
      FuncType(parameters: [], results: [.i32]),
      [.i32Const(1), .i32Const(2), .block(.typeIndex(1)), .numeric(.i32Add), .end],
      configure: { $0.types.append(FuncType(parameters: [.i32, .i32], results: [.i32])) })
    #expect(
      f.code == [
        word(.charge), 4, word(.const), 1, word(.constI32Add), 2, word(.i32Add), word(.return),
      ])
  }

  @Test func branchToLoopCarriesItsParameters() throws {
    let f = try translate(
      FuncType(parameters: [], results: [.i32]),
      [.i32Const(9), .i32Const(1), .loop(.typeIndex(1)), .i32Const(0), .brIf(0), .end, .drop],
      configure: { $0.types.append(FuncType(parameters: [.i32], results: [.i32])) })
    #expect(
      f.code == [
        word(.charge), 2, word(.const), 9, word(.const), 1,
        word(.charge), 2, word(.const), 0, word(.jumpIfNonZero), 6,
        word(.charge), 2, word(.drop), word(.return),
      ])
  }

  @Test func branchOutOfLoopDropsItsOperands() throws {
    let f = try translate(
      FuncType(parameters: [], results: [.i32]),
      [
        .block(.value(.i32)), .i32Const(3), .loop(.empty), .i32Const(4), .i32Const(5), .br(1),
        .end, .end,
      ])
    #expect(
      f.code == [
        word(.charge), 1, word(.const), 3,
        word(.charge), 3, word(.const), 4, word(.const), 5, word(.br), 14, 2, 1,
        word(.charge), 1, word(.return),
      ])
  }

  @Test func callsEndTheirBlock() throws {
    let f = try translate(
      i32ToI32, [.localGet(0), .call(0), .i32Const(1), .numeric(.i32Add)])
    #expect(
      f.code == [
        word(.charge), 2, word(.localGet), 0, word(.call), 0,
        word(.charge), 3, word(.constI32Add), 1, word(.i32Add), word(.return),
      ])
  }

  @Test func tailCallsEndTheFunction() throws {
    let f = try translate(i32ToI32, [.localGet(0), .returnCall(0), .i32Const(1)])
    #expect(f.code == [word(.charge), 2, word(.localGet), 0, word(.returnCall), 0])
  }

  @Test func memoryAccessCarriesOffsetAndMemory() throws {
    let f = try translate(
      i32ToI32,
      [
        .localGet(0), .memoryAccess(.i32Load8U, MemArg(align: 0, offset: 16, memory: 1)),
        .localGet(0), .i64Const(5), .memoryAccess(.i64Store32, MemArg(align: 2, offset: 8)),
        .memorySize(0), .numeric(.i32Add),
      ],
      configure: {
        $0.memories = [MemoryType(limits: Limits(min: 1)), MemoryType(limits: Limits(min: 0))]
      })
    #expect(
      f.code == [
        word(.charge), 8, word(.localGetI32Load8U), 0, word(.i32Load8U), 16, 1,
        word(.localGet), 0, word(.const), 5, word(.i64Store32), 8, 0,
        word(.memorySize), 0, word(.i32Add), word(.return),
      ])
    #expect(f.maxStackHeight == 3)
  }

  @Test func recursiveFactorialFromText() throws {
    let bytes = try wat2wasm(
      """
      (module
        (func $fac (export "fac") (param i64) (result i64)
          (if (result i64) (i64.eqz (local.get 0))
            (then (i64.const 1))
            (else
              (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
      """)
    let validated = try Module(bytes: bytes).validate()
    let f = try #require(validated.functions.first)
    #expect(
      f.code == [
        word(.charge), 3, word(.localGet), 0, word(.i64Eqz), word(.jumpIfZero), 13,
        word(.charge), 2, word(.const), 1, word(.jump), 27,
        word(.charge), 5, word(.localGet), 0, word(.localGet), 0, word(.const), 1, word(.i64Sub),
        word(.call), 0,
        word(.charge), 1, word(.i64Mul),
        word(.charge), 1, word(.return),
      ])
    #expect(f.maxStackHeight == 3)
    try checkChargeInvariant(f.code)
  }

  @Test func textModuleWithEveryControlConstructKeepsTheChargeInvariant() throws {
    let bytes = try wat2wasm(
      """
      (module
        (memory 1)
        (table 2 funcref)
        (type $t (func (param i32) (result i32)))
        (func $id (type $t) (local.get 0))
        (elem (i32.const 0) $id)
        (func (export "run") (param i32) (result i32) (local i64)
          (block $out (result i32)
            (i32.const 5)
            (loop $again (param i32) (result i32)
              (br_if $out (local.get 0) (i32.eqz (local.get 0)))
              (drop)
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br_table $again $out $again
                (call_indirect (type $t) (local.get 0) (i32.const 0))
                (i32.and (local.get 0) (i32.const 1))))
            (unreachable)))
        (func (param i32) (result i32)
          (return_call $id (memory.grow (local.get 0)))))
      """)
    let validated = try Module(bytes: bytes).validate()
    #expect(validated.functions.count == 3)
    for function in validated.functions { try checkChargeInvariant(function.code) }
  }

  @Test func everyChargeCountsItsBlock() throws {
    let f = try translate(
      i32ToI32,
      [
        .block(.empty), .localGet(0), .brIf(0), .localGet(0), .if(.empty), .nop, .else,
        .localGet(0), .call(0), .drop, .end, .end, .localGet(0),
      ])
    try checkChargeInvariant(f.code)
  }

  /// Walks the code: each `charge n` must be followed by exactly `n` instructions before the
  /// next `charge` or the end, and every jump target must be a `charge`.
  private func checkChargeInvariant(_ code: [CodeWord]) throws {
    var pc = 0
    var remaining = 0
    var targets: [Int] = []
    while pc < code.count {
      let length = try #require(
        code.withUnsafeBufferPointer { instructionLength(code: $0, at: pc) })
      let op = try #require(Op(rawValue: UInt16(code[pc])))
      if op == .charge {
        #expect(remaining == 0)
        remaining = Int(code[pc + 1])
      } else {
        remaining -= 1
        #expect(remaining >= 0)
      }
      switch op {
      case .jump, .jumpIfZero, .jumpIfNonZero, .br, .brIf: targets.append(Int(code[pc + 1]))
      case .brTable:
        for entry in 0...Int(code[pc + 1]) { targets.append(Int(code[pc + 2 + 3 * entry])) }
      default: break
      }
      pc += length
    }
    #expect(remaining == 0)
    for target in targets {
      #expect(target < code.count && code[target] == word(.charge))
    }
  }
}
