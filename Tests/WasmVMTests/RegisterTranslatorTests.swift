import TestSupport
import Testing
import WAT

@testable import WasmVM

/// The register translation's shape: operands read in place, results redirected into locals,
/// comparisons fused with their branches, and block costs carried by the branches.
@Suite struct RegisterTranslatorTests {
  /// The opcodes of a function's register code, in order, skipping immediate words.
  private func opcodes(_ wat: String, function: Int = 0) throws -> [RegOp] {
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let register = try #require(module.functions[function].registerCode)
    var result: [RegOp] = []
    var pc = 0
    while pc < register.code.count {
      let op = try #require(RegisterWord.opcode(register.code[pc]))
      result.append(op)
      pc += 1 + immediateWords(op, register.code, pc)
    }
    return result
  }

  /// Runs export `name` of a fresh instance of `module` once per slice size, resuming until
  /// it ends: each outcome with the ticks it took.
  private func runSliced(
    _ module: ValidatedModule, _ name: String, _ arguments: [Value],
    slices: [UInt64] = [.max, 1, 2, 3, 7]
  ) throws -> [(slice: UInt64, outcome: ExecutionResult, ticks: UInt64)] {
    try slices.map { slice in
      let store = Store()
      let instance = try store.instantiate(module)
      let function = try #require(instance.exportedFunction(name))
      let execution = try store.invoke(function, arguments: arguments)
      var outcome = execution.run(ticks: slice)
      while outcome == .paused { outcome = execution.run(ticks: slice) }
      return (slice, outcome, execution.ticksConsumed)
    }
  }

  /// An outcome as its results (`[7, 1.5]`: integers unsigned, floats as numbers) or its
  /// trap's kind.
  private func outcomeText(_ outcome: ExecutionResult) -> String {
    switch outcome {
    case .completed(let values):
      let texts = values.map { value -> String in
        switch value {
        case .i32(let v): "\(v)"
        case .i64(let v): "\(v)"
        case .f32(let bits): "\(Float(bitPattern: bits))"
        case .f64(let bits): "\(Double(bitPattern: bits))"
        default: "\(value)"
        }
      }
      return "[\(texts.joined(separator: ", "))]"
    case .trapped(let trap): return "\(trap.kind)"
    case .paused: return "paused"
    case .suspended(let call): return "suspended on \(call.name)"
    }
  }

  /// Runs each case (export, arguments, expected ``outcomeText(_:)``) once per slice size and
  /// expects that outcome, and the same ticks, every time.
  private func expectSlicingAgrees(
    _ module: ValidatedModule, _ cases: [(String, [Value], String)],
    slices: [UInt64] = [.max, 1, 2, 3, 7]
  ) throws {
    for (name, arguments, expected) in cases {
      let runs = try runSliced(module, name, arguments, slices: slices)
      for run in runs {
        #expect(
          outcomeText(run.outcome) == expected, "\(name)\(arguments) in slices of \(run.slice)")
      }
      #expect(Set(runs.map(\.ticks)).count == 1, "\(name)\(arguments): \(runs.map(\.ticks))")
    }
  }

  /// A fresh store with `wat` instantiated, its import `host.twice` doubling an i32.
  private func instantiateWithTwice(_ wat: String) throws -> (Store, Instance) {
    let store = Store()
    let twice = store.add(
      HostFunction(type: FuncType(parameters: [.i32], results: [.i32])) {
        _, arguments throws(Trap) in
        guard case .i32(let n) = arguments.first else { throw Trap(.host("bad argument")) }
        return [.i32(n &* 2)]
      })
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let instance = try store.instantiate(module, imports: ["host": ["twice": .function(twice)]])
    return (store, instance)
  }

  private func immediateWords(_ op: RegOp, _ code: [CodeWord], _ pc: Int) -> Int {
    switch op {
    case .copy, .unreachable, .return: return 0
    case .call, .callIndirect, .returnCall, .returnCallIndirect: return 2
    case .callAfterAddImm: return 3
    case .incrementJumpIfNonZero, .incrementBrI32LtU: return 2
    case .incrementBrI32NeImm, .incrementBrI32LtUImm: return 3
    case .brTable: return 1 + 2 * (Int(code[pc + 1]) + 1)
    default:
      if op.rawValue < UInt16(NumericOp.allCases.count) { return 0 }
      if op.rawValue >= RegOp.brI32EqImm.rawValue, op.rawValue < RegOp.charge.rawValue {
        return 2
      }
      return 1
    }
  }

  @Test func countedLoopReadsLocalsInPlace() throws {
    let ops = try opcodes(
      """
      (module
        (func (export "run") (param $n i32) (result i64)
          (local $i i32) (local $sum i64)
          (block $done
            (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
          (local.get $sum)))
      """)
    // The `br $next` tests like the header, inverted, and steps `$i` first; the `charge` and
    // `jump` after it are the way out.
    #expect(
      ops == [
        .charge, .brI32GeU, .charge, .i64ExtendI32U, .i64Add, .incrementBrI32LtU, .charge,
        .jump, .charge, .return,
      ])
  }

  @Test func constantOnTheLeftOfAComparisonMovesRight() throws {
    let ops = try opcodes(
      """
      (module
        (func (param $x i32) (result i32)
          (if (result i32) (i32.lt_s (i32.const 5) (local.get $x))
            (then (i32.const 1)) (else (i32.const 0)))))
      """)
    #expect(ops.first == .charge)
    #expect(ops.dropFirst().first == .brI32LeSImm)
  }

  @Test func localReadBeforeItIsOverwrittenKeepsItsOldValue() throws {
    let module = try Module(
      bytes: try wat2wasm(
        """
        (module
          (func (export "swap") (param $a i32) (param $b i32) (result i32)
            (local.get $a)
            (local.set $a (local.get $b))
            (i32.sub (local.get $a))))
        """)
    ).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let swap = try #require(instance.exportedFunction("swap"))
    let result = try store.invoke(swap, arguments: [.i32(10), .i32(3)]).run(ticks: 100)
    #expect(result == .completed([.i32(7)]))
  }

  /// Calls and returns inside the register loop pay the block they land in; whatever the
  /// slicing, the ticks add up to the unbounded run's, which the stack code's blocks fix.
  @Test func callsAndReturnsChargeTheSameTicksWhateverTheSlicing() throws {
    let module = try Module(bytes: try wat2wasm(ProfilingModules.fib)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let fib = try #require(instance.exportedFunction("fib"))
    let whole = try store.invoke(fib, arguments: [.i32(12)])
    #expect(whole.run(ticks: .max) == .completed([.i32(144)]))
    // fib(n) runs 7 instructions when n < 2 (`local.get`, `i32.const`, `i32.lt_u`, `if`,
    // `local.get`, the jump over the else-arm, `return`) and 14 otherwise (the first four, then
    // two of `local.get`, `i32.const`, `i32.sub`, `call`, then `i32.add` and `return`).
    var calls: [Int] = Array(repeating: 0, count: 13)
    var small: [Int] = Array(repeating: 0, count: 13)
    for n in 0...12 {
      calls[n] = n < 2 ? 1 : 1 + calls[n - 1] + calls[n - 2]
      small[n] = n < 2 ? 1 : small[n - 1] + small[n - 2]
    }
    let expected = UInt64(7 * small[12] + 14 * (calls[12] - small[12]))
    #expect(whole.ticksConsumed == expected)
    for slice: UInt64 in [1, 2, 3, 7, 100] {
      let sliced = try store.invoke(fib, arguments: [.i32(12)])
      var outcome = sliced.run(ticks: slice)
      while outcome == .paused { outcome = sliced.run(ticks: slice) }
      #expect(outcome == .completed([.i32(144)]))
      #expect(sliced.ticksConsumed == expected, "slices of \(slice)")
    }
  }

  /// An instruction without a register form escapes to the stack loop for the rest of its
  /// block; the register loop takes over again at the next block, with the same ticks.
  @Test func escapedInstructionsFinishTheirBlockOnTheStackLoop() throws {
    let wat = """
      (module
        (memory 1 100)
        (func (export "grow") (param $n i32) (result i32)
          (local $total i32)
          (loop $again
            (local.set $total
              (i32.add (local.get $total) (i32.add (memory.grow (i32.const 1)) (memory.size))))
            (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
          (local.get $total)))
      """
    #expect(try opcodes(wat).contains(.escape))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    var outcomes: [ExecutionResult] = []
    var ticks: [UInt64] = []
    for slice: UInt64 in [.max, 1, 2, 5] {
      let store = Store()
      let instance = try store.instantiate(module)
      let grow = try #require(instance.exportedFunction("grow"))
      let execution = try store.invoke(grow, arguments: [.i32(10)])
      var outcome = execution.run(ticks: slice)
      while outcome == .paused { outcome = execution.run(ticks: slice) }
      outcomes.append(outcome)
      ticks.append(execution.ticksConsumed)
    }
    // Old sizes 1...10 plus new sizes 2...11.
    #expect(outcomes == Array(repeating: .completed([.i32(120)]), count: 4))
    #expect(Set(ticks).count == 1)
  }

  /// A register `call` names its callee by store address, filled in per instance: two
  /// instances of one module, linked to different providers, each call their own provider
  /// and their own functions, with the same ticks unbounded and in slices.
  @Test func callsReachEachInstancesOwnCallees() throws {
    let provider = { (factor: Int) in
      try Module(
        bytes: try wat2wasm(
          """
          (module (func (export "scale") (param i32) (result i32)
            (i32.mul (local.get 0) (i32.const \(factor)))))
          """)
      ).validate()
    }
    let user = try Module(
      bytes: try wat2wasm(
        """
        (module
          (import "lib" "scale" (func $scale (param i32) (result i32)))
          (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func (export "run") (param $n i32) (result i32)
            (local $acc i32)
            (loop $next
              (local.set $acc (call $inc (call $scale (local.get $acc))))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $acc)))
        """)
    ).validate()
    let store = Store()
    var runs: [Function] = []
    for factor in [2, 3] {
      let lib = try store.instantiate(try provider(factor))
      let scale = try #require(lib.export("scale"))
      let instance = try store.instantiate(user, imports: ["lib": ["scale": scale]])
      runs.append(try #require(instance.exportedFunction("run")))
    }
    // acc -> acc * factor + 1, five times from 0.
    for (run, expected) in zip(runs, [31, 121]) {
      var ticks: Set<UInt64> = []
      for slice: UInt64 in [.max, 1, 3] {
        let execution = try store.invoke(run, arguments: [.i32(5)])
        var outcome = execution.run(ticks: slice)
        while outcome == .paused { outcome = execution.run(ticks: slice) }
        #expect(outcome == .completed([.i32(UInt32(expected))]), "slices of \(slice)")
        ticks.insert(execution.ticksConsumed)
      }
      #expect(ticks.count == 1)
    }
  }

  /// A register `call` enters a wasm callee with register code directly and takes the general
  /// path for every other callee: a host function, a callee that finishes in the stack loop
  /// (its `memory.grow` escapes, so it returns through a frame the register loop pushed), and
  /// recursion deeper than the frame array first holds. Same answer and ticks in any slicing.
  @Test func registerCallsReachEveryKindOfCallee() throws {
    let wat = """
      (module
        (import "host" "twice" (func $twice (param i32) (result i32)))
        (memory 1)
        (func $grow (param i32) (result i32)
          (drop (memory.grow (i32.const 0)))
          (i32.add (local.get 0) (i32.const 1)))
        (func $down (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0))
            (then (i32.const 0))
            (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
        (func (export "run") (param $n i32) (result i32)
          (call $twice (call $grow (call $down (local.get $n))))))
      """
    #expect(try opcodes(wat, function: 0).contains(.escape))
    #expect(try opcodes(wat, function: 2).filter { $0 == .call }.count == 3)
    let (store, instance) = try instantiateWithTwice(wat)
    let run = try #require(instance.exportedFunction("run"))
    var ticks: Set<UInt64> = []
    for slice: UInt64 in [.max, 1, 2, 7] {
      let execution = try store.invoke(run, arguments: [.i32(40)])
      var outcome = execution.run(ticks: slice)
      while outcome == .paused { outcome = execution.run(ticks: slice) }
      #expect(outcome == .completed([.i32(82)]), "slices of \(slice)")
      ticks.insert(execution.ticksConsumed)
    }
    #expect(ticks.count == 1)
  }

  /// `(i32.add p K)` folded into a load or store still wraps modulo 2^32 before the offset is
  /// added, so a wrapped address traps exactly as the separate addition would make it.
  @Test func foldedAddressKeepsTheWrapAround() throws {
    let wat = """
      (module
        (memory 1)
        (func (export "load") (param $p i32) (result i32)
          (i32.load8_u offset=3 (i32.add (local.get $p) (i32.const -4))))
        (func (export "store") (param $p i32)
          (i32.store8 offset=3 (i32.add (local.get $p) (i32.const -4)) (i32.const 7)))
        (data (i32.const 0) "ABCDEF"))
      """
    #expect(try opcodes(wat, function: 0) == [.charge, .i32Load8U, .return])
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    let load = try #require(instance.exportedFunction("load"))
    let write = try #require(instance.exportedFunction("store"))
    func run(_ function: Function, _ p: UInt32) throws -> ExecutionResult {
      try store.invoke(function, arguments: [.i32(p)]).run(ticks: 100)
    }
    #expect(try run(load, 4) == .completed([.i32(68)]))
    for wrapped: UInt32 in [0, 2] {
      guard case .trapped(let trap) = try run(load, wrapped) else {
        Issue.record("load at \(wrapped) did not trap")
        continue
      }
      #expect(trap.kind == .outOfBoundsMemoryAccess)
    }
    #expect(try run(write, 5) == .completed([]))
    #expect(try run(load, 5) == .completed([.i32(7)]))
  }

  /// Full-width loads and stores at an `i32.const` address read the address from their code,
  /// and f64 operators take a constant right operand the same way; every access still checks
  /// the bounds (at the memory's last bytes, just past them, and with an offset that takes
  /// the address past 2^32), traps where the stack code does and costs the same ticks sliced.
  @Test func constantAddressesAndFloatConstantsStayInTheCode() throws {
    let wat = """
      (module
        (memory 1)
        (func (export "roundTrip") (param $x f64) (result f64)
          (f64.store offset=8 (i32.const 65520) (f64.mul (local.get $x) (f64.const 0.5)))
          (i32.store (i32.const 16) (i32.const 7))
          (i64.store (i32.const 24) (i64.const -2))
          (f32.store (i32.const 32) (f32.const 1.5))
          (f64.add
            (f64.sub (f64.load offset=8 (i32.const 65520)) (f64.const 1))
            (f64.div
              (f64.convert_i32_u (i32.add (i32.load (i32.const 16)) (i32.wrap_i64 (i64.load (i32.const 24)))))
              (f64.promote_f32 (f32.load (i32.const 32))))))
        (func (export "loadPast") (result i32) (i32.load (i32.const 65533)))
        (func (export "loadWrapped") (result i32) (i32.load offset=8 (i32.const -4)))
        (func (export "storePast") (f64.store offset=1 (i32.const 65528) (f64.const 1))))
      """
    let ops = try opcodes(wat, function: 0)
    for op: RegOp in [
      .f64StoreAt, .i32StoreAt, .i64StoreAt, .f32StoreAt, .f64LoadAt, .i32LoadAt,
      .i64LoadAt, .f32LoadAt, .f64MulImm, .f64SubImm,
    ] {
      #expect(ops.contains(op), "\(op)")
    }
    // Only the three constant values stored need a slot; no address or f64 operand does.
    #expect(ops.filter { $0 == .const }.count == 3)
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    func run(_ name: String, _ arguments: [Value], slice: UInt64) throws -> (
      ExecutionResult, UInt64
    ) {
      let execution = try store.invoke(
        try #require(instance.exportedFunction(name)), arguments: arguments)
      var outcome = execution.run(ticks: slice)
      while outcome == .paused { outcome = execution.run(ticks: slice) }
      return (outcome, execution.ticksConsumed)
    }
    var ticks: Set<UInt64> = []
    for slice: UInt64 in [.max, 1, 3] {
      let (outcome, used) = try run("roundTrip", [.f64(Double(10).bitPattern)], slice: slice)
      // 10 * 0.5 - 1 + (7 + (2^32 - 2) mod 2^32) / 1.5 = 4 + 5 / 1.5
      #expect(outcome == .completed([.f64((4 + 5 / 1.5).bitPattern)]), "slices of \(slice)")
      ticks.insert(used)
    }
    #expect(ticks.count == 1)
    for name in ["loadPast", "loadWrapped", "storePast"] {
      var trapTicks: Set<UInt64> = []
      for slice: UInt64 in [.max, 1] {
        let (outcome, used) = try run(name, [], slice: slice)
        guard case .trapped(let trap) = outcome else {
          Issue.record("\(name) did not trap")
          continue
        }
        #expect(trap.kind == .outOfBoundsMemoryAccess, "\(name)")
        trapTicks.insert(used)
      }
      #expect(trapTicks.count == 1, "\(name)")
    }
  }

  /// A frame beyond the operand fields' reach (50,000 locals and 20,000 operands, past slot
  /// 65,535) keeps to the stack loops, and still runs, sliced or not.
  @Test func framesTooLargeForOperandFieldsRunOnTheStackLoops() throws {
    let depth = 20_000
    var body: [UInt8] = leb(1) + leb(50_000) + [0x7F]
    for _ in 0..<depth { body += [0x41, 0x01] }
    for _ in 0..<(depth - 1) { body += [0x6A] }
    body += [0x0B]
    let bytes: [UInt8] =
      [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
      + section(1, [0x01, 0x60, 0x00, 0x01, 0x7F]) + section(3, [0x01, 0x00])
      + section(7, [0x01, 0x01, 0x66, 0x00, 0x00])
      + section(10, [0x01] + leb(body.count) + body)
    let module = try Module(bytes: bytes).validate()
    #expect(module.functions[0].registerCode == nil)
    let store = Store()
    let instance = try store.instantiate(module)
    let function = try #require(instance.exportedFunction("f"))
    let whole = try store.invoke(function, arguments: []).run(ticks: .max)
    #expect(whole == .completed([.i32(UInt32(depth))]))
    let sliced = try store.invoke(function, arguments: [])
    var outcome = sliced.run(ticks: 100_003)
    while outcome == .paused { outcome = sliced.run(ticks: 100_003) }
    #expect(outcome == whole)
    #expect(sliced.ticksConsumed == UInt64(2 * depth))
  }

  private func leb(_ value: Int) -> [UInt8] {
    var value = value
    var bytes: [UInt8] = []
    repeat {
      let byte = UInt8(value & 0x7F)
      value >>= 7
      bytes.append(value == 0 ? byte : byte | 0x80)
    } while value != 0
    return bytes
  }

  private func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
    [id] + leb(content.count) + content
  }

  /// A branch to, or a fall into, a block that only returns becomes one `chargeAndReturn`
  /// (a single result still in a local is returned from the local). When fuel runs out right
  /// there, the results move to where the stack code expects them. Same answers, traps and
  /// ticks in any slicing.
  @Test func branchesToAReturnReturnInPlace() throws {
    let wat = """
      (module
        (func (export "pick") (param $c i32) (param $a i32) (result i32)
          (if (result i32) (local.get $c)
            (then (local.get $a))
            (else (i32.sub (i32.const 0) (local.get $a)))))
        (func (export "find") (param $n i32) (result i32)
          (local $i i32)
          (block $found
            (loop $next
              (br_if $found (i32.eq (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
            (return (i32.const -1)))
          (local.get $i))
        (func (export "quotient") (param $a i32) (param $b i32) (result i32)
          (if (result i32) (local.get $a)
            (then (i32.div_u (local.get $a) (local.get $b)))
            (else (i32.const 0))))
        (func (export "passOn") (param $x i32) (result i32)
          (local.get $x)
          (br_if 0 (i32.eqz (local.get $x)))))
      """
    // The arm that jumps returns its local where it is; the other falls into the return.
    let pick = try opcodes(wat, function: 0)
    #expect(
      pick == [
        .charge, .jumpIfZero, .charge, .chargeAndReturn, .charge, .i32SubFromImm,
        .chargeAndReturn, .charge, .return,
      ])
    #expect(try opcodes(wat, function: 2).filter { $0 == .chargeAndReturn }.count == 2)
    // A conditional branch that falls into the returning block pays for it and skips its
    // `charge`, so that block stays as it is.
    let passOn = try opcodes(wat, function: 3)
    #expect(!passOn.contains(.chargeAndReturn) && passOn.suffix(2) == [.charge, .return])
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let cases: [(String, [Value], String)] = [
      ("pick", [.i32(1), .i32(12)], "[12]"),
      ("pick", [.i32(0), .i32(1)], "[4294967295]"),
      ("find", [.i32(49)], "[7]"),
      ("find", [.i32(50)], "[4294967295]"),
      ("quotient", [.i32(17), .i32(5)], "[3]"),
      ("quotient", [.i32(0), .i32(0)], "[0]"),
      ("quotient", [.i32(17), .i32(0)], "integerDivideByZero"),
      ("passOn", [.i32(0)], "[0]"),
      ("passOn", [.i32(5)], "[5]"),
    ]
    try expectSlicingAgrees(module, cases)
  }

  /// A full-width load that feeds a binary operator right away becomes the operator's `…Load`
  /// form: as its right operand, or as either operand of a commutative integer operator. A
  /// constant other operand, or a loaded value that a local keeps, leaves the load on its
  /// own. Results, out-of-bounds traps and ticks are the same however the call is sliced.
  @Test func loadsFoldIntoTheOperatorTheyFeed() throws {
    let wat = """
      (module
        (memory 1)
        (func (export "mix") (param $p i32) (param $a i32) (param $b i64) (param $x f64)
          (param $y f32) (result f64)
          (i32.store (i32.const 0) (i32.const 40))
          (i64.store (i32.const 8) (i64.const 0xF0F))
          (f32.store (i32.const 16) (f32.const 4))
          (f64.store (i32.const 24) (f64.const 0.5))
          (f64.add
            (f64.add
              (f64.sub (local.get $x) (f64.load offset=24 (local.get $p)))
              (f64.convert_i32_s (i32.add (i32.load (local.get $p)) (local.get $a))))
            (f64.add
              (f64.convert_i64_u (i64.xor (local.get $b) (i64.load offset=8 (local.get $p))))
              (f64.promote_f32 (f32.div (local.get $y) (f32.load offset=16 (local.get $p)))))))
        (func (export "kept") (param $p i32) (result f64)
          (local $t f64)
          (f64.sub (f64.const 1) (f64.load (local.get $p)))
          (f64.mul (local.tee $t (f64.load offset=8 (local.get $p))) (local.get $t))
          (f64.add))
        (func (export "late") (param $p i32) (result i32)
          (i32.mul (i32.add (local.get $p) (i32.const 3))
            (i32.load offset=65531 (i32.add (local.get $p) (i32.const 1))))))
      """
    let mix = try opcodes(wat, function: 0)
    for op: RegOp in [.f64SubLoad, .i32AddLoad, .i64XorLoad, .f32DivLoad] {
      #expect(mix.contains(op), "\(op)")
    }
    #expect(!mix.contains { [.i32Load, .i64Load, .f32Load, .f64Load].contains($0) })
    let kept = try opcodes(wat, function: 1)
    #expect(kept.filter { $0 == .f64Load }.count == 2)
    #expect(
      !kept.contains {
        (RegOp.i32AddLoad.rawValue...RegOp.f64DivLoad.rawValue).contains($0.rawValue)
      })
    #expect(try opcodes(wat, function: 2).contains(.i32MulLoad))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let two = Float(2).bitPattern
    let oob = "\(TrapKind.outOfBoundsMemoryAccess)"
    let cases: [(String, [Value], String)] = [
      // 10 - 0.5 + (40 + 2) + (0xFF ^ 0xF0F) + 2 / 4
      ("mix", [.i32(0), .i32(2), .i64(0xFF), .f64(10.0.bitPattern), .f32(two)], "[4132.0]"),
      // Zeros up there: 2 / 0 is infinite.
      ("mix", [.i32(65504), .i32(2), .i64(0xFF), .f64(10.0.bitPattern), .f32(two)], "[inf]"),
      ("mix", [.i32(65505), .i32(2), .i64(0xFF), .f64(10.0.bitPattern), .f32(two)], oob),
      ("kept", [.i32(0)], "[1.0]"),
      ("kept", [.i32(65529)], oob),
      ("late", [.i32(0)], "[0]"),
      ("late", [.i32(1)], oob),
      ("late", [.i32(0xFFFF_FFFF)], "[0]"),
    ]
    try expectSlicingAgrees(module, cases)
  }

  /// A `br` back to a loop whose header only tests and leaves becomes the header's test,
  /// inverted, paying the header with the body or with the exit. Whatever the slicing (fuel
  /// running out at the header, in the body or on the way out) results and ticks agree.
  @Test func whileLoopsTestAtTheirBackEdge() throws {
    let wat = """
      (module
        (func (export "sum") (param $n i32) (result i32)
          (local $i i32) (local $s i32)
          (block $done
            (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $s (i32.add (local.get $s) (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
          (local.get $s))
        (func (export "countdown") (param $n i32) (param $stop i32) (result i32)
          (local $steps i32)
          (block $done
            (loop $next
              (br_if $done (local.get $stop))
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
              (local.set $stop (i32.eq (local.get $steps) (i32.const 1000)))
              (br $next)))
          (local.get $steps))
        (func (export "divide") (param $n i32) (result i32)
          (local $i i32) (local $s i32)
          (block $done
            (loop $next
              (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
              (local.set $s
                (i32.add (local.get $s) (i32.div_u (i32.const 100) (i32.sub (i32.const 5) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
          (local.get $s)))
      """
    let sum = try opcodes(wat, function: 0)
    #expect(sum.filter { $0 == .brI32GeU }.count == 1 && sum.contains(.incrementBrI32LtU))
    let countdown = try opcodes(wat, function: 1)
    #expect(countdown.contains(.jumpIfZero) && countdown.contains(.jumpIfNonZero))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let cases: [(String, [Value], String)] = [
      ("sum", [.i32(0)], "[0]"),
      ("sum", [.i32(10)], "[45]"),
      ("countdown", [.i32(7), .i32(0)], "[7]"),
      ("countdown", [.i32(7), .i32(1)], "[0]"),
      ("countdown", [.i32(5000), .i32(0)], "[1000]"),
      ("divide", [.i32(3)], "[128]"),
      ("divide", [.i32(0xFFFF_FFFF)], "[0]"),
      ("divide", [.i32(8)], "integerDivideByZero"),
    ]
    try expectSlicingAgrees(module, cases, slices: [.max, 1, 2, 3, 4, 5, 7, 11])
  }

  /// A store of a constant keeps the constant in its own word (`…StoreConstant`): the bits the
  /// store writes, or a 64-bit constant below 2^32; a larger one still goes through a slot.
  /// Each store writes exactly its bytes, and traps and ticks agree however the call is sliced.
  @Test func constantsAreStoredFromTheCode() throws {
    let wat = """
      (module
        (memory 1)
        (func (export "fill") (param $p i32) (result i64)
          (i64.store (local.get $p) (i64.const -1))
          (i64.store offset=8 (local.get $p) (i64.const -1))
          (i32.store8 (local.get $p) (i32.const 0x1FF))
          (i64.store16 offset=2 (local.get $p) (i64.const 0x7_1234))
          (i32.store16 offset=4 (i32.add (local.get $p) (i32.const 2)) (i32.const 0x5678))
          (f32.store offset=8 (local.get $p) (f32.const 1.5))
          (i64.store32 offset=12 (local.get $p) (i64.const 0x1_0000_0002))
          (i64.store offset=16 (local.get $p) (i64.const 0x1_0000_0000))
          (i64.store offset=24 (local.get $p) (i64.const 0xFFFF_FFFF))
          (i64.xor
            (i64.xor (i64.load (local.get $p)) (i64.load offset=8 (local.get $p)))
            (i64.add (i64.load offset=16 (local.get $p)) (i64.load offset=24 (local.get $p))))))
      """
    let fill = try opcodes(wat)
    for op: RegOp in [
      .i32StoreConstant, .i32Store8Constant, .i32Store16Constant, .i64StoreConstant,
    ] {
      #expect(fill.contains(op), "\(op)")
    }
    // -1 twice and 2^32 do not fit 32 bits.
    #expect(fill.filter { $0 == .i64Store }.count == 3)
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    // Bytes 0-7: FF FF 34 12 FF FF 78 56; 8-15: 1.5 as f32 (0x3FC00000), then 2.
    let low: UInt64 = 0x5678_FFFF_1234_FFFF
    let high: UInt64 = 0x0000_0002_3FC0_0000
    let expected = (low ^ high) ^ (0xFFFF_FFFF + 0x1_0000_0000)
    // At 65505 only the last store (a constant one) is out of bounds; at 65536 the first is.
    let oob = "\(TrapKind.outOfBoundsMemoryAccess)"
    try expectSlicingAgrees(
      module,
      [
        ("fill", [.i32(0)], "[\(expected)]"), ("fill", [.i32(65504)], "[\(expected)]"),
        ("fill", [.i32(65505)], oob), ("fill", [.i32(65536)], oob),
      ])
  }

  @Test func bitTestsBranchWithoutTheirAnd() throws {
    let wat = """
      (module
        (func (export "bits") (param $x i32) (param $y i64) (result i32)
          (local $r i32) (local $t i32)
          (if (i32.and (local.get $x) (i32.const 1))
            (then (local.set $r (i32.or (local.get $r) (i32.const 1)))))
          (if (i32.eqz (i32.and (local.get $x) (i32.const 6)))
            (then (local.set $r (i32.or (local.get $r) (i32.const 2)))))
          (if (i64.ne (i64.and (local.get $y) (i64.const 0x1_0000_0000)) (i64.const 0))
            (then (local.set $r (i32.or (local.get $r) (i32.const 4)))))
          (block $skip
            (br_if $skip (i64.eqz (i64.and (local.get $y) (i64.const 8))))
            (local.set $r (i32.or (local.get $r) (i32.const 8))))
          (if (i32.eq (i32.and (local.get $x) (i32.const 8)) (i32.const 0))
            (then (local.set $r (i32.or (local.get $r) (i32.const 16)))))
          ;; The and's value is kept in $t, so it stays.
          (if (i32.eqz (local.tee $t (i32.and (local.get $x) (i32.const 16))))
            (then (local.set $r (i32.or (local.get $r) (i32.const 32)))))
          (i32.add (local.get $r) (local.get $t))))
      """
    let ops = try opcodes(wat)
    #expect(ops.filter { $0 == .brI32TestImm || $0 == .brI32TestZeroImm }.count == 3)
    #expect(ops.filter { $0 == .brI64TestImm || $0 == .brI64TestZeroImm }.count == 2)
    #expect(ops.filter { $0 == .i32AndImm }.count == 1)
    #expect(!ops.contains(.i64AndImm))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    func expected(_ x: UInt32, _ y: UInt64) -> UInt32 {
      var r: UInt32 = 0
      if x & 1 != 0 { r |= 1 }
      if x & 6 == 0 { r |= 2 }
      if y & 0x1_0000_0000 != 0 { r |= 4 }
      if y & 8 != 0 { r |= 8 }
      if x & 8 == 0 { r |= 16 }
      if x & 16 == 0 { r |= 32 }
      return r &+ (x & 16)
    }
    let inputs: [(UInt32, UInt64)] = [
      (0, 0), (1, 8), (6, 0x1_0000_0000), (0x1F, 0x1_0000_0008), (2, 7), (16, 0xFFFF_FFFF),
    ]
    try expectSlicingAgrees(
      module, inputs.map { x, y in ("bits", [.i32(x), .i64(y)], "[\(expected(x, y))]") })
  }

  @Test func productsFoldIntoTheOperatorTheyFeed() throws {
    let wat = """
      (module
        (func (export "mac") (param $a f64) (param $b f64) (param $c f64) (result f64)
          (local $t f64)
          ;; a - b*c, then b*c + t (the product on the left), then (b*c) * t, then t * (b*c)
          (local.set $t (f64.sub (local.get $a) (f64.mul (local.get $b) (local.get $c))))
          (local.set $t (f64.add (f64.mul (local.get $b) (local.get $c)) (local.get $t)))
          (local.set $t (f64.mul (f64.mul (local.get $b) (local.get $c)) (local.get $t)))
          (f64.mul (local.get $t) (f64.mul (local.get $a) (local.get $c))))
        (func (export "notFolded") (param $a f64) (param $b f64) (result f64)
          ;; The product on the left of a sub, and a constant other operand, keep the multiply.
          (f64.add
            (f64.sub (f64.mul (local.get $a) (local.get $b)) (local.get $a))
            (f64.add (f64.const 2) (f64.mul (local.get $a) (local.get $b))))))
      """
    let folded = try opcodes(wat, function: 0)
    #expect(folded.filter { $0 == .f64MulSub }.count == 1)
    #expect(folded.filter { $0 == .f64MulAdd }.count == 1)
    #expect(folded.filter { $0 == .f64MulMul }.count == 2)
    #expect(!folded.contains(.f64Mul))
    let notFolded = try opcodes(wat, function: 1)
    #expect(notFolded.filter { $0 == .f64Mul }.count == 2)
    #expect(!notFolded.contains(where: { [.f64MulAdd, .f64MulSub, .f64MulMul].contains($0) }))

    func expected(_ a: Double, _ b: Double, _ c: Double) -> Double {
      var t = a - b * c
      t = b * c + t
      t = b * c * t
      return t * (a * c)
    }
    // 1 + 2^-30 squared needs 2^-60 that a fused multiply-add would keep: rounding the
    // product first, as wasm does, cancels it exactly.
    let near = 1 + 0x1p-30
    let inputs: [(Double, Double, Double)] = [
      (near * near, near, near), (-(1 + 0x1p-29), near, near), (3, 0.5, -4),
      (.infinity, 2, 3), (1, 0, .infinity),
    ]
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    try expectSlicingAgrees(
      module,
      inputs.map { a, b, c in
        (
          "mac", [.f64(a.bitPattern), .f64(b.bitPattern), .f64(c.bitPattern)],
          "[\(expected(a, b, c))]"
        )
      })
    try expectSlicingAgrees(
      module,
      [("notFolded", [.f64(Double(3).bitPattern), .f64(Double(0.5).bitPattern)], "[2.0]")])
  }

  @Test func constantsOnTheLeftOfSubAndDivStayInTheCode() throws {
    let wat = """
      (module
        (func (export "left") (param $a i32) (param $b i64) (param $x f64) (result f64)
          (f64.add
            (f64.add
              (f64.convert_i32_s (i32.sub (i32.const 0) (local.get $a)))
              (f64.convert_i64_s (i64.sub (i64.const 10) (local.get $b))))
            (f64.add
              (f64.sub (f64.const 1.5) (local.get $x))
              (f64.div (f64.const 1) (local.get $x))))))
      """
    let ops = try opcodes(wat)
    for op: RegOp in [.i32SubFromImm, .i64SubFromImm, .f64SubFromImm, .f64DivIntoImm] {
      #expect(ops.contains(op), "\(op)")
    }
    #expect(!ops.contains(.const))
    func expected(_ a: Int32, _ b: Int64, _ x: Double) -> Double {
      (Double(0 &- a) + Double(10 &- b)) + ((1.5 - x) + 1 / x)
    }
    let inputs: [(Int32, Int64, Double)] = [
      (7, 3, 4), (.min, .min, 0), (-5, -20, -0.25), (1, 11, .infinity),
    ]
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    try expectSlicingAgrees(
      module,
      inputs.map { a, b, x in
        (
          "left", [.i32(UInt32(bitPattern: a)), .i64(UInt64(bitPattern: b)), .f64(x.bitPattern)],
          "[\(expected(a, b, x))]"
        )
      })
  }

  @Test func teesLeaveTheirSourceOnTheStack() throws {
    let wat = """
      (module
        (func (export "tee") (param $a i32) (param $b i32) (result i32)
          (local $c i32) (local $d i32)
          ;; The tee leaves $a itself on the stack, and $a changes before the add reads it.
          (local.tee $c (local.get $a))
          (local.set $a (i32.const 100))
          (i32.add (local.get $a))
          ;; A tee of a constant compares as an immediate.
          (i32.lt_s (local.tee $d (i32.const 5)) (local.get $b))
          (i32.add)
          (i32.add (local.get $c))
          (i32.add (local.get $d))))
      """
    #expect(try opcodes(wat).contains(.i32GtSImm))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let inputs: [(Int32, Int32)] = [(1, 2), (7, 6), (-3, 9), (.max, .min)]
    try expectSlicingAgrees(
      module,
      inputs.map { a, b in
        let sum = (a &+ 100) &+ (5 < b ? 1 : 0) &+ a &+ 5
        return (
          "tee", [.i32(UInt32(bitPattern: a)), .i32(UInt32(bitPattern: b))],
          "[\(UInt32(bitPattern: sum))]"
        )
      })
  }

  @Test func constantShiftsFoldIntoTheAddTheyFeed() throws {
    let wat = """
      (module
        (memory 1)
        (func (export "index") (param $base i32) (param $i i32) (param $w i64) (result i64)
          ;; base + (i << 2) loads an element; (i << 35) + base shifts by 35 mod 32 = 3.
          (i32.store (i32.const 64) (i32.const 7))
          (i64.add
            (i64.extend_i32_u
              (i32.add
                (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))
                (i32.add (i32.shl (local.get $i) (i32.const 35)) (local.get $base))))
            (i64.add (local.get $w) (i64.shl (local.get $w) (i64.const 70)))))
        (func (export "kept") (param $a i32) (result i32)
          ;; A shift under a sub keeps its own instruction; with a constant beside it, the add
          ;; joins the shift instead.
          (i32.sub (local.get $a) (i32.shl (local.get $a) (i32.const 1)))
          (i32.add (i32.const 5) (i32.shl (local.get $a) (i32.const 3)))
          (i32.add)))
      """
    let folded = try opcodes(wat, function: 0)
    #expect(folded.filter { $0 == .i32AddShlImm }.count == 2)
    #expect(folded.filter { $0 == .i64AddShlImm }.count == 1)
    #expect(!folded.contains(.i32ShlImm) && !folded.contains(.i64ShlImm))
    let kept = try opcodes(wat, function: 1)
    #expect(kept.filter { $0 == .i32ShlImm }.count == 1 && kept.contains(.i32ShlImmAddImm))
    func index(_ base: UInt32, _ i: UInt32, _ w: UInt64) -> UInt64 {
      let loaded: UInt32 = base &+ i &<< 2 == 64 ? 7 : 0
      let sum = loaded &+ (i &<< 3 &+ base)
      return UInt64(sum) &+ (w &+ w &<< 6)
    }
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let inputs: [(UInt32, UInt32, UInt64)] = [
      (60, 1, 3), (0, 16, .max), (100, 3, 1 << 60), (0xFFFF_FFF0, 0x4000_0014, 5),
    ]
    try expectSlicingAgrees(
      module,
      inputs.map { b, i, w in ("index", [.i32(b), .i32(i), .i64(w)], "[\(index(b, i, w))]") })
    try expectSlicingAgrees(module, [("kept", [.i32(10)], "[\(10 - 20 + 5 + 80)]")])
  }

  @Test func constantRotatesAndShiftsFoldIntoTheXorTheyFeed() throws {
    // SHA-256's sigma0: rotr 7 ^ rotr 18 ^ shr 3, written as wasm compilers do (rotl by 32 - n).
    let wat = """
      (module
        (func (export "sigma") (param $x i32) (result i32)
          (i32.xor
            (i32.xor (i32.rotl (local.get $x) (i32.const 25)) (i32.rotl (local.get $x) (i32.const 14)))
            (i32.shr_u (local.get $x) (i32.const 3)))))
      """
    let ops = try opcodes(wat)
    #expect(ops.filter { $0 == .i32XorRotlImm }.count == 1)
    #expect(ops.filter { $0 == .i32XorShrUImm }.count == 1)
    #expect(!ops.contains(.i32Xor))
    func sigma(_ x: UInt32) -> UInt32 {
      (x >> 7 | x << 25) ^ (x >> 18 | x << 14) ^ (x >> 3)
    }
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    try expectSlicingAgrees(
      module,
      [0, 1, 0x8000_0000, 0xDEAD_BEEF, 0x1234_5678].map { x in
        ("sigma", [.i32(x)], "[\(sigma(x))]")
      })
  }

  @Test func consecutiveIncrementsPairUp() throws {
    let wat = """
      (module
        (func (export "steps") (param $n i32) (result i32)
          (local $i i32) (local $p i32) (local $q i32)
          (loop $next
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const -3)))
            (local.set $q (i32.add (local.get $q) (i32.const 10)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
          (i32.add (i32.mul (local.get $p) (i32.const 3)) (i32.add (local.get $q) (local.get $i)))))
      """
    let ops = try opcodes(wat)
    #expect(ops.filter { $0 == .i32AddImmPair }.count == 3)
    #expect(!ops.contains(.i32AddImm))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    try expectSlicingAgrees(
      module,
      [UInt32(0), 1, 5, 1000].map { n in
        let steps = UInt32(max(n, 1))
        return ("steps", [.i32(n)], "[\(3 &* 7 &* steps &+ 7 &* steps &+ steps)]")
      })
  }

  @Test func loopCountersStepInTheirBranch() throws {
    let wat = """
      (module
        (func (export "down") (param $n i32) (result i32)
          (local $sum i32)
          (loop $next
            (local.set $sum (i32.add (local.get $sum) (local.get $n)))
            (local.set $n (i32.add (local.get $n) (i32.const -1)))
            (br_if $next (local.get $n)))
          (local.get $sum))
        (func (export "below") (param $j i32) (result i32)
          (local $i i32) (local $sum i32)
          (loop $next
            (local.set $sum (i32.xor (local.get $sum) (i32.mul (local.get $i) (i32.const 7))))
            ;; The test reads $i before the step: the branch tests another slot.
            (i32.lt_s (local.get $i) (local.get $j))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $next))
          (i32.add (local.get $sum) (local.get $i)))
        (func (export "upTo") (param $n i32) (result i32)
          (local $i i32) (local $k i32) (local $sum i32)
          (loop $ten
            (local.set $sum (i32.add (local.get $sum) (local.get $i)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $ten (i32.ne (local.get $i) (i32.const 10))))
          (loop $hundred
            (local.set $sum (i32.add (local.get $sum) (local.get $n)))
            (local.set $k (i32.add (local.get $k) (i32.const 3)))
            (br_if $hundred (i32.lt_u (local.get $k) (i32.const 100))))
          (local.get $sum)))
      """
    #expect(try opcodes(wat, function: 0).contains(.incrementJumpIfNonZero))
    #expect(try opcodes(wat, function: 1).contains(.incrementJumpIfNonZero))
    let upTo = try opcodes(wat, function: 2)
    #expect(upTo.contains(.incrementBrI32NeImm) && upTo.contains(.incrementBrI32LtUImm))
    #expect(!upTo.contains(.i32AddImm))
    func below(_ j: Int32) -> UInt32 {
      var (i, sum): (Int32, Int32) = (0, 0)
      while true {
        sum ^= i &* 7
        let again = i < j
        i &+= 1
        if !again { break }
      }
      return UInt32(bitPattern: sum &+ i)
    }
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    try expectSlicingAgrees(
      module,
      [
        ("down", [.i32(1)], "[1]"), ("down", [.i32(100)], "[5050]"),
        ("below", [.i32(0)], "[\(below(0))]"), ("below", [.i32(37)], "[\(below(37))]"),
        ("below", [.i32(UInt32(bitPattern: -5))], "[\(below(-5))]"),
        ("upTo", [.i32(2)], "[\(45 + 2 * 34)]"),
      ])
  }

  @Test func aConstantAddStoredTwiceIsOneInstruction() throws {
    let wat = """
      (module
        (func (export "walk") (param $p i32) (param $n i32) (result i32)
          (local $q i32) (local $sum i32)
          (loop $next
            ;; The pointer steps down and keeps the stepped value in $q as well.
            (local.set $p (local.tee $q (i32.add (local.get $p) (i32.const -4))))
            (local.set $sum (i32.add (local.get $sum) (i32.add (local.get $p) (local.get $q))))
            ;; An add into $n, copied into $q right after: the same.
            (local.set $n (i32.add (local.get $n) (i32.const -1)))
            (local.set $q (local.get $n))
            (br_if $next (local.get $q)))
          (i32.add (local.get $sum) (local.get $p))))
      """
    #expect(try opcodes(wat).filter { $0 == .i32AddImmTwice }.count == 2)
    func walk(_ p: UInt32, _ n: UInt32) -> UInt32 {
      var (p, n, sum): (UInt32, UInt32, UInt32) = (p, n, 0)
      repeat {
        p &-= 4
        sum &+= p &+ p
        n &-= 1
      } while n != 0
      return sum &+ p
    }
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    try expectSlicingAgrees(
      module,
      [(UInt32(100), UInt32(1)), (1000, 20), (3, 7)].map { p, n in
        ("walk", [.i32(p), .i32(n)], "[\(walk(p, n))]")
      })
  }

  @Test func constantMultipliesFoldIntoTheAddTheyFeed() throws {
    let wat = """
      (module
        (func (export "mix") (param $a i32) (param $b i32) (result i32)
          (i32.add (i32.mul (local.get $a) (i32.const 31)) (local.get $b)))
        (func (export "step") (param $x f64) (param $v f64) (result f64)
          (f64.sub
            (f64.add (local.get $x) (f64.mul (local.get $v) (f64.const 0.01)))
            (f64.mul (local.get $v) (f64.const 0.1))))
        (func (export "kept") (param $x f64) (param $v f64) (result f64)
          ;; The product on the left of a sub keeps its multiply.
          (f64.sub (f64.mul (local.get $v) (f64.const 0.1)) (local.get $x))))
      """
    #expect(try opcodes(wat, function: 0).contains(.i32AddMulImm))
    let step = try opcodes(wat, function: 1)
    #expect(step.contains(.f64AddMulImm) && step.contains(.f64SubMulImm))
    #expect(!step.contains(.f64MulImm))
    #expect(try opcodes(wat, function: 2).contains(.f64MulImm))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    try expectSlicingAgrees(
      module,
      [(UInt32(7), UInt32(5)), (0x8000_0001, 0xFFFF_FFFF)].map { a, b in
        ("mix", [.i32(a), .i32(b)], "[\(a &* 31 &+ b)]")
      })
    try expectSlicingAgrees(
      module,
      [(1.5, 0.25), (-3, 1e300), (0.1, 0.2)].map { (x: Double, v: Double) in
        (
          "step", [.f64(x.bitPattern), .f64(v.bitPattern)],
          "[\((x + v * 0.01) - v * 0.1)]"
        )
      })
    try expectSlicingAgrees(
      module, [("kept", [.f64(Double(1).bitPattern), .f64(Double(20).bitPattern)], "[1.0]")])
  }

  @Test func aLastArgumentAddedJustBeforeACallRidesInTheCall() throws {
    let wat = """
      (module
        (import "host" "twice" (func $twice (param i32) (result i32)))
        (func $deep (export "deep") (param i32) (result i32)
          (call $deep (i32.add (local.get 0) (i32.const 1))))
        (func (export "viaHost") (param i32) (result i32)
          (call $twice (i32.sub (local.get 0) (i32.const 5))))
        (func $count (export "count") (param $n i32) (result i32)
          (if (result i32) (i32.eqz (local.get $n))
            (then (i32.const 0))
            (else (i32.add (call $count (i32.sub (local.get $n) (i32.const 1))) (i32.const 2))))))
      """
    for function in 0..<3 {
      let ops = try opcodes(wat, function: function)
      #expect(ops.contains(.callAfterAddImm) && !ops.contains(.call), "function \(function)")
    }
    let (store, instance) = try instantiateWithTwice(wat)
    for (name, argument, expected) in [
      ("viaHost", UInt32(12), ExecutionResult.completed([.i32(14)])),
      ("count", 300, .completed([.i32(600)])),
      ("deep", 0, .trapped(Trap(.callStackExhausted))),
    ] {
      var ticks: Set<UInt64> = []
      for slice: UInt64 in [.max, 1, 7] {
        let execution = try store.invoke(
          try #require(instance.exportedFunction(name)), arguments: [.i32(argument)])
        var outcome = execution.run(ticks: slice)
        while outcome == .paused { outcome = execution.run(ticks: slice) }
        if case .trapped(let trap) = expected, case .trapped(let got) = outcome {
          #expect(got.kind == trap.kind, "\(name) in slices of \(slice)")
        } else {
          #expect(outcome == expected, "\(name) in slices of \(slice)")
        }
        ticks.insert(execution.ticksConsumed)
      }
      #expect(ticks.count == 1, "\(name): \(ticks)")
    }
  }

  @Test func aConstantAddTakesAConstantShiftOrMultiplyWithIt() throws {
    let wat = """
      (module
        (func (export "odd") (param $k i32) (result i32)
          (i32.add (i32.shl (local.get $k) (i32.const 33)) (i32.const 1)))
        (func (export "lcg") (param $seed i32) (result i32)
          (i32.add (i32.const 12345) (i32.mul (local.get $seed) (i32.const 1103515245)))))
      """
    #expect(try opcodes(wat, function: 0).contains(.i32ShlImmAddImm))
    #expect(try opcodes(wat, function: 1).contains(.i32MulImmAddImm))
    let module = try Module(bytes: try wat2wasm(wat)).validate()
    let inputs: [UInt32] = [0, 7, 0x7FFF_FFFF, 0xFFFF_FFFF]
    try expectSlicingAgrees(module, inputs.map { k in ("odd", [.i32(k)], "[\(k &<< 1 &+ 1)]") })
    try expectSlicingAgrees(
      module, inputs.map { s in ("lcg", [.i32(s)], "[\(s &* 1_103_515_245 &+ 12345)]") })
  }
}
