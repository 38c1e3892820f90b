import Testing
import WastRunner

/// The runner's own verdicts, on tiny inline scripts.
@Suite("WastRunner")
struct WastRunnerTests {
  private func run(_ source: String, sliceTicks: UInt64? = nil) -> WastReport {
    WastRunner(sliceTicks: sliceTicks).run(source: source, name: "inline.wast")
  }

  @Test("Passing directives are counted, in slices too, with identical ticks")
  func passing() {
    let source = """
      (module
        (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
        (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
        (func (export "nan") (result f32) f32.const nan:0x200000 f32.const 1 f32.add))
      (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
      (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
      (assert_return (invoke "nan") (f32.const nan:arithmetic))
      """
    let unbounded = run(source)
    #expect(unbounded.failures == [])
    #expect(unbounded.passed == 4)
    let sliced = run(source, sliceTicks: 1)
    #expect(sliced.failures == [])
    #expect(sliced.invocationTicks == unbounded.invocationTicks)
    #expect(unbounded.totalTicks > 0)
  }

  @Test("A wrong assert_return is a failure naming the line, expected and actual values")
  func failingAssertReturn() throws {
    let report = run(
      """
      (module (func (export "one") (result i32) i32.const 1))

      (assert_return (invoke "one") (i32.const 2))
      """)
    #expect(report.passed == 1)
    let failure = try #require(report.failures.first)
    #expect(failure.line == 3)
    #expect(failure.reason.contains("i32:2"))
    #expect(failure.reason.contains("i32:1"))
    #expect(!report.isPassing)
  }

  @Test("A trap with the wrong message is a failure")
  func wrongTrapMessage() {
    let report = run(
      """
      (module (func (export "u") unreachable))
      (assert_trap (invoke "u") "integer overflow")
      """)
    #expect(report.failures.map(\.line) == [2])
  }

  @Test("A module of an out-of-scope proposal is skipped, and so are the actions on it")
  func outOfScopeModuleSkipped() {
    let report = run(
      """
      (module (memory 1 1 shared) (func (export "v") (result i32) (i32.atomic.load (i32.const 0))))
      (assert_return (invoke "v") (i32.const 0))
      (module (func (export "f") (result i32) i32.const 7))
      (assert_return (invoke "f") (i32.const 7))
      """)
    #expect(report.failures == [])
    #expect(
      report.skips == [WastNote(line: 1, reason: "threads"), WastNote(line: 2, reason: "threads")])
    #expect(report.passed == 2)
    #expect(report.hasNoFailure)
    #expect(report.outOfScopeProposals == ["threads"])
    #expect(!report.isPassing, "a script that needs threads is not wholly in scope")
  }

  @Test("A SIMD module runs, its v128 results compared lane by lane")
  func simdRuns() {
    let report = run(
      """
      (module (func (export "v") (result v128) v128.const i32x4 1 2 3 4))
      (assert_return (invoke "v") (v128.const i32x4 1 2 3 4))
      (assert_return (invoke "v") (v128.const i64x2 0x0000000200000001 0x0000000400000003))
      """)
    #expect(report.failures == [])
    #expect(report.skips == [])
    #expect(report.passed == 3)
    #expect(report.isPassing)
  }

  @Test("Text the WAT parser cannot read is classified by its words")
  func unparseableText() {
    let report = run(
      """
      (assert_malformed (module quote "(func i32.const)") "unexpected token")
      (module (func (throw_ref_bogus $x)))
      (module (func (i32.bogus)))
      (module (func (try_table (catch_bogus))))
      """)
    #expect(report.textParserVerdicts.map(\.line) == [1])
    #expect(report.failures.map(\.line) == [2, 3])
    #expect(report.skips.map(\.reason) == ["exception-handling"])
  }

  @Test("Malformed text that the WAT parser rejects passes on the parser's verdict")
  func textParserVerdicts() {
    let report = run(
      """
      (assert_malformed (module quote "(func i32.const)") "unexpected token")
      (assert_malformed (module (func (i32.bogus))) "unknown operator")
      (assert_malformed (module binary "\\00asm") "unexpected end")
      """)
    #expect(report.failures == [])
    #expect(report.skips == [])
    #expect(report.passed == 3)
    #expect(report.isPassing)
    // The two text-form directives are the parser's verdicts, and named as such; the binary
    // one is wasbox's.
    #expect(report.textParserVerdicts.map(\.line) == [1, 2])
    #expect(report.textParserVerdicts.allSatisfy { $0.reason.hasPrefix("WAT parser rejected") })
  }

  @Test("Malformed text that the WAT parser accepts, and binary it cannot read, are not passed")
  func malformedTextParserAccepts() {
    let report = run(
      """
      (assert_malformed (module quote "(func)") "unexpected token")
      (assert_malformed (module binary "\\00asm" bogus) "unexpected end")
      """)
    #expect(report.passed == 0)
    #expect(report.textParserVerdicts == [])
    #expect(
      report.skips == [
        WastNote(
          line: 1, reason: "text-form malformation the WAT parser accepted (wasbox cannot judge it)"
        )
      ])
    #expect(report.failures.map(\.line) == [2])
  }

  @Test("Exception handling's reference types are classified as exception handling")
  func exceptionReferenceTypes() {
    let report = run(
      """
      (module (func (param exnref)))
      (module (global (ref null exn) (ref.null noexn)))
      (module (func (param nullexnref)))
      (module (func (param (ref exn))))
      (module (func (param anyref)))
      (module (type $t (func)) (func (param (ref $t))))
      """)
    #expect(report.failures == [])
    #expect(
      report.skips.map(\.reason) == [
        "exception-handling", "exception-handling", "exception-handling", "exception-handling",
        "gc", "function-references",
      ])
  }

  @Test("A select whose result arity WAT cannot encode is skipped; a typed one is validated")
  func typedSelectArity() {
    let report = run(
      """
      (assert_invalid (module (func (select (result) (nop) (nop) (i32.const 1)))) "arity")
      (assert_invalid
        (module (func (result i32 i32)
          (select (result i32 i32) (i32.const 0) (i32.const 0)
            (i32.const 0) (i32.const 0) (i32.const 1))))
        "invalid result arity")
      (assert_invalid
        (module (func (select (result i32) (i64.const 0) (i32.const 0) (i32.const 1))))
        "type mismatch")
      """)
    #expect(report.failures == [])
    #expect(report.passed == 1)
    #expect(report.isPassing, "parser limits are not out-of-scope proposals")
    #expect(
      report.skips.map(\.reason) == [
        "select with 0 result types (WAT encodes only one)",
        "select with 2 result types (WAT encodes only one)",
      ])
  }

  @Test("A start function that outruns the invocation limit fails its module, not the run")
  func endlessStartFunction() {
    let report = WastRunner(maxTicksPerInvocation: 1000).run(
      source: """
        (module (func $spin (loop $l (br $l))) (start $spin))
        (assert_trap (module (func $spin (loop $l (br $l))) (start $spin)) "unreachable")
        (module (func (export "f") (result i32) i32.const 7))
        (assert_return (invoke "f") (i32.const 7))
        """, name: "inline.wast")
    #expect(
      report.failures == [
        WastNote(line: 1, reason: "start function did not finish within 1000 ticks"),
        WastNote(
          line: 2,
          reason: "expected trap \"unreachable\", got a start function over 1000 ticks"),
      ])
    #expect(report.passed == 2)
  }

  @Test("Binary modules go through wasbox's decoder")
  func binaryMalformed() {
    let report = run(
      """
      (assert_malformed (module binary "\\00asm" "\\02\\00\\00\\00") "unknown binary version")
      (assert_malformed (module binary "\\00asm") "unexpected end")
      (assert_invalid (module (func (result i32))) "type mismatch")
      """)
    #expect(report.failures == [])
    #expect(report.passed == 3)
  }

  @Test("spectest imports, register and named modules link")
  func linking() {
    let report = run(
      """
      (module $A
        (import "spectest" "global_i32" (global i32))
        (import "spectest" "print_i32" (func (param i32)))
        (import "spectest" "memory" (memory 1 2))
        (import "spectest" "table" (table 10 funcref))
        (func (export "g") (result i32) global.get 0))
      (register "a" $A)
      (module $B (import "a" "g" (func (result i32))) (func (export "h") (result i32) call 0))
      (assert_return (invoke $B "h") (i32.const 666))
      (assert_return (get $A "missing") (i32.const 0))
      (assert_unlinkable (module (import "a" "nope" (func))) "unknown import")
      """)
    #expect(report.passed == 5)
    #expect(report.failures.map(\.line) == [10])
  }

  @Test("A script that cannot be read is reported, not thrown")
  func unreadable() {
    let report = WastRunner().run(path: "/nonexistent/x.wast")
    #expect(report.readError != nil)
    #expect(!report.isPassing)
  }
}

/// Text nested past `TextNesting.maxDepth` is a failure of its directive, not a crash of the
/// runner (WasmKit's WAT parser overflowed the stack on it).
@Suite("WastRunner nesting")
struct WastRunnerNestingTests {
  static let deep =
    String(repeating: "(block ", count: 7_000) + String(repeating: ")", count: 7_000)

  @Test("A deeply nested module and a deeply nested quoted module fail, naming the limit")
  func deeplyNestedText() throws {
    let source = """
      (module (func \(Self.deep)))
      (module quote "(func \(Self.deep))")
      (module (func (export "ok")))
      (assert_return (invoke "ok"))
      """
    let report = WastRunner().run(source: source, name: "deep.wast")
    #expect(report.passed == 2)
    #expect(report.failures.map(\.line) == [1, 2])
    for failure in report.failures {
      #expect(failure.reason.contains("parentheses nest deeper than 200 levels"))
    }
  }
}
