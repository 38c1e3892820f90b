import Testing
import WAT
import WasmVM

/// SplitMix64: a tiny, seedable generator so every run mutates the same way and a failure
/// can be reproduced from the printed seed and iteration.
private struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Ways to damage a module binary, each shaped after a real class of malformed input.
private enum Mutation: CaseIterable {
  case flipBit, replaceByte, insertBytes, deleteBytes, truncate, duplicateRange, tweakLEB

  func apply(to bytes: inout [UInt8], using rng: inout SplitMix64) {
    guard !bytes.isEmpty else { return }
    // Mostly leave the 8-byte header alone so mutants reach the sections.
    let lower = bytes.count > 8 && rng.next() % 8 != 0 ? 8 : 0
    let index = Int.random(in: lower..<bytes.count, using: &rng)
    switch self {
    case .flipBit:
      bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
    case .replaceByte:
      let interesting: [UInt8] = [0x00, 0x01, 0x0B, 0x40, 0x7F, 0x80, 0xFF, 0xFC, 0x70]
      bytes[index] =
        rng.next() % 2 == 0
        ? interesting[Int.random(in: 0..<interesting.count, using: &rng)]
        : UInt8.random(in: 0...255, using: &rng)
    case .insertBytes:
      let count = Int.random(in: 1...4, using: &rng)
      let inserted = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
      bytes.insert(contentsOf: inserted, at: index)
    case .deleteBytes:
      let count = Swift.min(Int.random(in: 1...4, using: &rng), bytes.count - index)
      bytes.removeSubrange(index..<(index + count))
    case .truncate:
      bytes.removeSubrange(index...)
    case .duplicateRange:
      let count = Swift.min(Int.random(in: 1...16, using: &rng), bytes.count - index)
      let range = Array(bytes[index..<(index + count)])
      let target = Int.random(in: lower...bytes.count, using: &rng)
      bytes.insert(contentsOf: range, at: target)
    case .tweakLEB:
      // Turn a byte into an overlong or oversized LEB128 continuation, or grow a length.
      switch rng.next() % 3 {
      case 0: bytes[index] |= 0x80
      case 1: bytes.insert(contentsOf: [bytes[index] | 0x80, 0x80, 0x80, 0x80, 0x0F], at: index)
      default: bytes[index] = bytes[index] &+ UInt8.random(in: 1...3, using: &rng)
      }
    }
  }
}

/// Where a mutant stopped in the pipeline.
private enum Outcome {
  case malformed, unsupported, invalid, unlinkable, instantiated
}

@Suite struct RobustnessTests {
  /// Seed programs covering loops, memory, tables, calls, globals and bulk operations. They
  /// import nothing, so that mutants can get all the way to execution.
  static let programs = [
    """
    (module
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add
            (call $fib (i32.sub (local.get 0) (i32.const 1)))
            (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "loop") (param i64) (result i64) (local i64)
        (block $done
          (loop $again
            (br_if $done (i64.eqz (local.get 0)))
            (local.set 1 (i64.add (local.get 1) (local.get 0)))
            (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
            (br $again)))
        (local.get 1)))
    """,
    """
    (module
      (memory (export "mem") 1 4)
      (data (i32.const 8) "hello, wasbox")
      (func (export "sum") (param i32 i32) (result i32) (local i32)
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get 1)))
            (local.set 2 (i32.add (local.get 2) (i32.load8_u (local.get 0))))
            (local.set 0 (i32.add (local.get 0) (i32.const 1)))
            (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
            (br $next)))
        (local.get 2))
      (func (export "grow") (result i32)
        (memory.fill (i32.const 0) (i32.const 0x55) (i32.const 1000))
        (memory.copy (i32.const 100) (i32.const 0) (i32.const 500))
        (i64.store offset=16 (i32.const 0) (i64.const -1))
        (f64.store (i32.const 32) (f64.sqrt (f64.load (i32.const 16))))
        (memory.grow (i32.const 1))))
    """,
    """
    (module
      (type $unary (func (param i32) (result i32)))
      (table $t 4 8 funcref)
      (elem (table $t) (i32.const 0) func $double $square $negate)
      (elem $passive func $double)
      (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
      (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
      (func $negate (type $unary) (i32.sub (i32.const 0) (local.get 0)))
      (func (export "apply") (param i32 i32) (result i32)
        (call_indirect (type $unary) (local.get 1) (local.get 0)))
      (func (export "tables") (result i32)
        (table.init $t $passive (i32.const 3) (i32.const 0) (i32.const 1))
        (drop (table.grow $t (ref.null func) (i32.const 2)))
        (table.fill $t (i32.const 4) (ref.func $square) (i32.const 2))
        (table.copy $t $t (i32.const 0) (i32.const 4) (i32.const 2))
        (elem.drop $passive)
        (i32.add (table.size $t) (ref.is_null (table.get $t (i32.const 5)))))
      (func (export "tail") (param i32) (result i32)
        (return_call $double (local.get 0))))
    """,
    """
    (module
      (global $counter (mut i32) (i32.const 0))
      (global $base i64 (i64.const 40))
      (global $scaled i64 (i64.add (global.get $base) (i64.const 2)))
      (global (export "ref") (mut externref) (ref.null extern))
      (func $bump (result i32)
        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
        (global.get $counter))
      (func (export "run") (param f32 f64) (result i32 i64 f64)
        (drop (call $bump))
        (call $bump)
        (global.get $scaled)
        (f64.add (f64.promote_f32 (local.get 0)) (local.get 1)))
      (func (export "convert") (param f64) (result i32)
        (i32.add
          (i32.trunc_sat_f64_s (local.get 0))
          (i32.extend8_s (i32.trunc_f64_u (f64.abs (local.get 0))))))
      (func (export "spin") (loop $forever (br $forever)))
      (func $init (global.set $counter (i32.const 10)))
      (start $init))
    """,
  ]

  @Test func mutatedModulesNeverCrashTheEngine() throws {
    // Half the seeds carry a name section, so that its parser is exercised too.
    let seeds = try Self.programs.flatMap {
      [try wat2wasm($0), try wat2wasm($0, options: EncodeOptions(nameSection: true))]
    }
    var rng = SplitMix64(seed: 0x5EED_2026)
    var outcomes: [Outcome] = []
    let mutantCount = 5000
    for _ in 0..<mutantCount {
      var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
      for _ in 0..<Int.random(in: 1...2, using: &rng) {
        Mutation.allCases[Int.random(in: 0..<Mutation.allCases.count, using: &rng)]
          .apply(to: &bytes, using: &rng)
      }
      outcomes.append(Self.exercise(bytes))
    }
    // Make sure the test is not vacuous: many mutants must get past each stage.
    let decoded = outcomes.filter { $0 != .malformed && $0 != .unsupported }.count
    let instantiated = outcomes.filter { $0 == .instantiated }.count
    // (About one mutant in nine decodes and one in twenty-five runs with these seeds.)
    #expect(decoded > mutantCount / 20, "only \(decoded) of \(mutantCount) mutants decoded")
    #expect(instantiated > mutantCount / 50, "only \(instantiated) mutants instantiated")
  }

  @Test func unmutatedSeedsRunToCompletion() throws {
    for program in Self.programs {
      #expect(Self.exercise(try wat2wasm(program)) == .instantiated)
    }
  }

  /// Runs `bytes` through every stage, returning how far it got. Each stage may fail with its
  /// typed error; reaching the end of this function at all is what the test checks.
  private static func exercise(_ bytes: [UInt8]) -> Outcome {
    let module: Module
    do {
      module = try Module(bytes: bytes)
    } catch {
      return error.unsupportedProposal == nil ? .malformed : .unsupported
    }
    let validated: ValidatedModule
    do {
      validated = try module.validate()
    } catch {
      return .invalid
    }
    let store = Store()
    let instance: Instance
    do {
      instance = try store.instantiate(validated, imports: [:])
    } catch {
      return .unlinkable
    }
    for name in instance.exports.keys.sorted() {
      guard case .function(let function)? = instance.exports[name],
        let type = store.type(of: function)
      else { continue }
      run(function, arguments: type.parameters.map(zeroValue), in: store)
    }
    return .instantiated
  }

  /// Invokes `function` under a small budget, resuming a few times before giving up.
  private static func run(_ function: Function, arguments: [Value], in store: Store) {
    guard let execution = try? store.invoke(function, arguments: arguments) else { return }
    for _ in 0..<4 {
      switch execution.run(ticks: 2_000) {
      case .paused: continue
      case .completed, .trapped, .suspended: return
      }
    }
  }

  private static func zeroValue(_ type: ValueType) -> Value {
    switch type {
    case .i32: .i32(0)
    case .i64: .i64(0)
    case .f32: .f32(0)
    case .f64: .f64(0)
    case .funcref: .funcref(nil)
    case .externref: .externref(nil)
    case .v128: .v128(.zero)
    }
  }
}
