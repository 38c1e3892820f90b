import Testing
import WAT

@testable import WasmVM

/// The fused forms of the translator (see "Fusion" in `Op.swift`): each one gives the results
/// and tick counts of the instructions it stands for, and a run sliced at any budget from one
/// tick up to one more than the whole call agrees with the unbounded run.
@Suite struct FusionTests {
  /// A fusible i32 operator: its text name, its opcode and its meaning.
  struct Operator: CustomTestStringConvertible, Sendable {
    var name: String
    var op: Op
    var apply: @Sendable (UInt32, UInt32) -> UInt32
    var testDescription: String { "i32.\(name)" }
  }

  static let operators: [Operator] = [
    Operator(name: "add", op: .i32Add) { $0 &+ $1 },
    Operator(name: "sub", op: .i32Sub) { $0 &- $1 },
    Operator(name: "mul", op: .i32Mul) { $0 &* $1 },
    Operator(name: "and", op: .i32And) { $0 & $1 },
    Operator(name: "or", op: .i32Or) { $0 | $1 },
    Operator(name: "xor", op: .i32Xor) { $0 ^ $1 },
    Operator(name: "shl", op: .i32Shl) { $0 << ($1 & 31) },
    Operator(name: "shr_s", op: .i32ShrS) { UInt32(bitPattern: signed($0) >> ($1 & 31)) },
    Operator(name: "shr_u", op: .i32ShrU) { $0 >> ($1 & 31) },
    Operator(name: "eq", op: .i32Eq) { bit($0 == $1) },
    Operator(name: "ne", op: .i32Ne) { bit($0 != $1) },
    Operator(name: "lt_s", op: .i32LtS) { bit(signed($0) < signed($1)) },
    Operator(name: "lt_u", op: .i32LtU) { bit($0 < $1) },
    Operator(name: "gt_s", op: .i32GtS) { bit(signed($0) > signed($1)) },
    Operator(name: "gt_u", op: .i32GtU) { bit($0 > $1) },
    Operator(name: "le_s", op: .i32LeS) { bit(signed($0) <= signed($1)) },
    Operator(name: "le_u", op: .i32LeU) { bit($0 <= $1) },
    Operator(name: "ge_s", op: .i32GeS) { bit(signed($0) >= signed($1)) },
    Operator(name: "ge_u", op: .i32GeU) { bit($0 >= $1) },
  ]

  /// Operands that reach the edges of every operator (sign, shift counts of 31, 32 and 33).
  static let operands: [UInt32] = [0, 1, 7, 31, 32, 33, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]

  @Test func everyFusibleOperatorHasOneFusedOpcodePerForm() {
    #expect(Op.fusibleBinaryOperators == Self.operators.map(\.op))
    var fused: Set<Op> = []
    for op in Op.fusibleBinaryOperators {
      for (first, second) in [(Op.localGet, Op.localGet), (.localGet, .`const`)] {
        if let f = Op.fused(first, second, op) { fused.insert(f) }
      }
      if let f = Op.fused(.`const`, nil, op) { fused.insert(f) }
    }
    #expect(fused.count == 3 * Op.fusibleBinaryOperators.count)
    #expect(fused.allSatisfy { $0.fixedImmediateCount == 1 })
    #expect(Op.fused(.localGet, .localGet, .i32DivS) == nil)
    #expect(Op.fused(.localGet, .localGet, .i64Add) == nil)
  }

  /// The loop decodes an opcode by bit-casting the low byte (two bytes past 256 opcodes) of
  /// its word, with no range check: sound only while raw values are dense in declaration
  /// order and the enum's size is what the cast assumes.
  @Test func opcodesDecodeByBitCast() {
    let count = Op.allCases.count
    #expect(MemoryLayout<Op>.size == (count <= 256 ? 1 : 2))
    #expect(Op.allCases.map(\.rawValue) == Array(0..<UInt16(count)))
    #expect(Op.allCases.last == Op.last)
    #expect(Op.allCases.allSatisfy { Op(word: CodeWord($0.rawValue)) == $0 })
    #expect(Op(word: CodeWord(count)) == nil)
    #expect(Op(word: .max) == nil)
  }

  /// `local.get 0; load offset=3`: in bounds, at the very end of the memory, and out of
  /// bounds, where the trap costs what the unfused code's does.
  @Test func localGetLoad() throws {
    let fixture = try Fixture(
      """
      (memory 1)
      (data (i32.const 0) "\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10")
      (func (export "f0") (param i32) (result i32) local.get 0 i32.load offset=3)
      (func (export "f1") (param i32) (result i32) local.get 0 i32.load8_u offset=3)
      (func (export "f2") (param i32) (result i32) local.get 0 i64.load offset=3 i32.wrap_i64)
      """)
    for (index, load) in [Op.i32Load, .i32Load8U, .i64Load].enumerated() {
      try fixture.expectFused(Op.fused(localGetThen: load), in: index)
    }
    try fixture.expectRun("f0", [1], result: 0x0807_0605, ticks: 3)
    try fixture.expectRun("f1", [1], result: 5, ticks: 3)
    try fixture.expectRun("f2", [1], result: 0x0807_0605, ticks: 4)
    try fixture.expectRun("f0", [65529], result: 0, ticks: 3)
    try fixture.expectRun("f1", [65532], result: 0, ticks: 3)
    for (name, address) in [("f0", 65530), ("f1", 65533), ("f2", 65526), ("f0", 0xFFFF_FFFF)]
      as [(String, UInt32)]
    {
      try fixture.expectTrap(name, [address], .outOfBoundsMemoryAccess, ticks: 2)
    }
  }

  /// `local.get 0; local.get 1; op`: two ticks for the operands, one for the operator, one
  /// for the return.
  @Test(arguments: operators) func localLocal(_ o: Operator) throws {
    let fixture = try Fixture(
      "(func (export \"f0\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.\(o.name))")
    try fixture.expectFused(Op.fused(.localGet, .localGet, o.op), in: 0)
    for a in Self.operands {
      for b in Self.operands {
        try fixture.expectRun("f0", [a, b], result: o.apply(a, b), ticks: 4)
      }
    }
  }

  /// `local.get 0; i32.const c; op`, one function per constant.
  @Test(arguments: operators) func localConst(_ o: Operator) throws {
    let functions = Self.operands.enumerated().map { i, c in
      "(func (export \"f\(i)\") (param i32) (result i32) local.get 0 i32.const \(c) i32.\(o.name))"
    }
    let fixture = try Fixture(functions.joined(separator: "\n"))
    try fixture.expectFused(Op.fused(.localGet, .`const`, o.op), in: 0)
    for (i, c) in Self.operands.enumerated() {
      for a in Self.operands {
        try fixture.expectRun("f\(i)", [a], result: o.apply(a, c), ticks: 4)
      }
    }
  }

  /// `i32.const c; op` on a computed operand: `(a ^ b) ^ b` is `a`, by a fused
  /// `local.get; local.get; i32.xor`, then a lone `local.get` and `i32.xor`.
  @Test(arguments: operators) func const(_ o: Operator) throws {
    let functions = Self.operands.enumerated().map { i, c in
      """
      (func (export "f\(i)") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.xor local.get 1 i32.xor i32.const \(c) i32.\(o.name))
      """
    }
    let fixture = try Fixture(functions.joined(separator: "\n"))
    try fixture.expectFused(Op.fused(.`const`, nil, o.op), in: 0)
    for (i, c) in Self.operands.enumerated() {
      for a in [0, 1, 0x8000_0000, 0xFFFF_FFFF] as [UInt32] {
        try fixture.expectRun("f\(i)", [a, 0x5A5A_5A5A], result: o.apply(a, c), ticks: 8)
      }
    }
  }

  /// A fused sequence inside a loop whose block is entered mid-way after a pause: the
  /// component instructions after the fused opcode run on their own and cost the same.
  @Test func loopOfFusedSequencesAgreesAtEverySlice() throws {
    let fixture = try Fixture(
      """
      (func (export "f0") (param i32 i32) (result i32) (local i32)
        (loop $next
          (local.set 2 (i32.add (i32.mul (local.get 2) (i32.const 31)) (local.get 0)))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br_if $next (i32.gt_s (local.get 0) (local.get 1))))
        (local.get 2))
      """)
    var expected: UInt32 = 0
    var i: UInt32 = 20
    repeat {
      expected = expected &* 31 &+ i
      i -= 1
    } while Int32(bitPattern: i) > 3
    try fixture.expectRun("f0", [20, 3], result: expected, ticks: 17 * 14 + 2)
  }

  /// The instruction after a fused sequence that the fast loop completes along with it: a
  /// `local.tee` after arithmetic, a `jumpIfZero` (`if`) after a comparison; and a comparison
  /// whose outcome is pushed for `select`.
  @Test func followersOfFusedSequencesAgreeAtEverySlice() throws {
    let fixture = try Fixture(
      """
      (func (export "f0") (param i32 i32) (result i32) (local i32)
        (if (result i32) (i32.lt_s (local.get 0) (local.get 1))
          (then (i32.add (local.tee 2 (i32.mul (local.get 0) (i32.const 3))) (local.get 2)))
          (else
            (select (i32.sub (local.get 1) (local.get 0)) (i32.const 9)
              (i32.ge_u (local.get 0) (i32.const 100))))))
      """)
    for (a, b) in [(1, 5), (5, 1), (200, 3), (0xFFFF_FFFF, 0), (7, 7)] as [(UInt32, UInt32)] {
      let result = signed(a) < signed(b) ? a &* 6 : (a >= 100 ? b &- a : 9)
      try fixture.expectRun("f0", [a, b], result: result)
    }
  }
}

/// Per-test store and instance, with helpers to check translation and sliced runs.
private struct Fixture {
  let store = Store()
  let instance: Instance
  let module: ValidatedModule

  init(_ functions: String) throws {
    module = try Module(bytes: try wat2wasm("(module \(functions))")).validate()
    instance = try store.instantiate(module, imports: [:])
  }

  /// The translated code of function `index` contains `fused`. (No immediate in these tests
  /// comes near an opcode's value.)
  func expectFused(_ fused: Op?, in index: Int) throws {
    let op = try #require(fused)
    #expect(module.functions[index].code.contains(CodeWord(op.rawValue)))
  }

  /// Calls `name` unbounded and sliced at every budget from 1 to `ticks + 1`: the results
  /// and total ticks must all be `result` and `ticks` (by default, the unbounded run's).
  func expectRun(
    _ name: String, _ arguments: [UInt32], result: UInt32, ticks: UInt64? = nil
  ) throws {
    let function = try #require(instance.exportedFunction(name))
    let unbounded = try store.invoke(function, arguments: arguments.map { .i32($0) })
    _ = unbounded.run(ticks: .max)
    let ticks = ticks ?? unbounded.ticksConsumed
    for budget in [UInt64.max] + Array(1...(ticks + 1)) {
      let (outcome, execution) = try runSliced(function, arguments, budget: budget, ticks: ticks)
      #expect(outcome == .completed([.i32(result)]), "\(name)\(arguments) budget \(budget)")
      #expect(execution.ticksConsumed == ticks, "\(name)\(arguments) budget \(budget)")
    }
  }

  /// Like ``expectRun``, for a call that traps with `kind` after `ticks` ticks.
  func expectTrap(_ name: String, _ arguments: [UInt32], _ kind: TrapKind, ticks: UInt64) throws {
    let function = try #require(instance.exportedFunction(name))
    for budget in [UInt64.max] + Array(1...(ticks + 1)) {
      let (outcome, execution) = try runSliced(function, arguments, budget: budget, ticks: ticks)
      guard case .trapped(let trap) = outcome else {
        Issue.record("\(name)\(arguments) budget \(budget): \(outcome)")
        continue
      }
      #expect(trap.kind == kind, "\(name)\(arguments) budget \(budget)")
      #expect(execution.ticksConsumed == ticks, "\(name)\(arguments) budget \(budget)")
    }
  }

  /// Invokes `function` and runs it in slices of `budget` ticks until it ends, giving up
  /// after `ticks + 1` slices (every slice of a correct run makes progress).
  private func runSliced(
    _ function: Function, _ arguments: [UInt32], budget: UInt64, ticks: UInt64
  ) throws -> (ExecutionResult, Execution) {
    let execution = try store.invoke(function, arguments: arguments.map { .i32($0) })
    var outcome = ExecutionResult.paused
    var slices: UInt64 = 0
    while outcome == .paused, slices <= ticks {
      outcome = execution.run(ticks: budget)
      slices += 1
    }
    return (outcome, execution)
  }
}

private func signed(_ x: UInt32) -> Int32 { Int32(bitPattern: x) }
private func bit(_ b: Bool) -> UInt32 { b ? 1 : 0 }
