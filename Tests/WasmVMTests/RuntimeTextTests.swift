import Testing
import WAT
import WasmVM

/// End-to-end runtime tests from WebAssembly text: decode, validate, instantiate, run. Shared
/// with the other suites that start from text (`LinearMemoryTests`).
struct Harness {
  let store: Store

  init(limits: ResourceLimits = ResourceLimits()) { store = Store(limits: limits) }

  func module(_ wat: String) throws -> ValidatedModule {
    try Module(bytes: wat2wasm(wat)).validate()
  }

  func instantiate(
    _ wat: String, imports: Imports = [:]
  ) throws -> Instance {
    try store.instantiate(module(wat), imports: imports)
  }

  /// The outcome of instantiating `wat`: `nil` on success, else the error.
  func failure(
    _ wat: String, imports: Imports = [:]
  ) throws -> InstantiationError? {
    let validated = try module(wat)
    do {
      _ = try store.instantiate(validated, imports: imports)
      return nil
    } catch {
      return error
    }
  }

  func call(_ instance: Instance, _ name: String, _ arguments: [Value] = []) throws -> [Value] {
    let function = try #require(instance.exportedFunction(name))
    switch try store.invoke(function, arguments: arguments).run(ticks: .max) {
    case .completed(let results): return results
    case .trapped(let trap): throw trap
    case .paused: throw Trap(.host("paused with an unlimited budget"))
    case .suspended(let call): throw Trap(.host("suspended on \(call.name)"))
    }
  }
}

extension InstantiationError {
  fileprivate var linkMessage: String? {
    if case .link(let error) = self { return error.message }
    return nil
  }
  fileprivate var trapMessage: String? {
    if case .trap(let trap) = self { return trap.message }
    return nil
  }
}

@Suite("Runtime: modules from text")
struct RuntimeTextTests {
  @Test func linkErrorsNameTheImport() throws {
    let h = Harness()
    let exporter = try h.instantiate(
      #"(module (func (export "f") (param i32) (result i32) local.get 0))"#)
    let missing = try h.failure(#"(module (import "m" "g" (func)))"#, imports: [:])
    #expect(missing?.linkMessage == "unknown import: m.g")
    let wrongType = try h.failure(
      #"(module (import "m" "f" (func (param i64) (result i32))))"#,
      imports: ["m": exporter.exports])
    #expect(
      wrongType?.linkMessage
        == "incompatible import type for m.f: expected (func (param i64) (result i32)), "
        + "found (func (param i32) (result i32))")
    #expect(
      try h.failure(#"(module (import "m" "f" (memory 1)))"#, imports: ["m": exporter.exports])?
        .linkMessage?.hasPrefix("incompatible import type for m.f") == true)
  }

  @Test func exportNamesCompareAsBytes() throws {
    // Canonically equivalent in Swift, distinct in wasm.
    let names = ["\u{C5}", "A\u{30A}", "\u{212B}"]
    let h = Harness()
    let funcs = names.enumerated().map { index, name in
      "(func (export \"\(name)\") (result i32) (i32.const \(index)))"
    }
    let instance = try h.instantiate("(module \(funcs.joined(separator: " ")))")
    for (index, name) in names.enumerated() {
      #expect(try h.call(instance, name) == [.i32(UInt32(index))])
    }
  }

  @Test func memoryLimitsSubtyping() throws {
    let h = Harness()
    let exporter = try h.instantiate(#"(module (memory (export "mem") 2 4))"#)
    var imports = Imports()
    imports.define("m", exportsOf: exporter)
    #expect(try h.failure(#"(module (import "m" "mem" (memory 1 5)))"#, imports: imports) == nil)
    #expect(try h.failure(#"(module (import "m" "mem" (memory 2)))"#, imports: imports) == nil)
    #expect(try h.failure(#"(module (import "m" "mem" (memory 3)))"#, imports: imports) != nil)
    #expect(try h.failure(#"(module (import "m" "mem" (memory 1 3)))"#, imports: imports) != nil)
    #expect(try #require(exporter.exportedMemory("mem")).grow(by: 1) == 2)
    #expect(try h.failure(#"(module (import "m" "mem" (memory 3)))"#, imports: imports) == nil)
  }

  @Test func importedMemoryIsShared() throws {
    let h = Harness()
    let owner = try h.instantiate(
      #"""
      (module
        (memory (export "mem") 1)
        (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
      """#)
    _ = try h.instantiate(
      #"""
      (module (import "owner" "mem" (memory 1)) (data (i32.const 8) "hi"))
      """#, imports: ["owner": owner.exports])
    #expect(try h.call(owner, "load", [.i32(8)]) == [.i32(UInt32(UInt8(ascii: "h")))])
    #expect(try h.call(owner, "load", [.i32(9)]) == [.i32(UInt32(UInt8(ascii: "i")))])
  }

  @Test func importedMutableGlobalIsShared() throws {
    let h = Harness()
    let owner = try h.instantiate(
      #"""
      (module
        (global $g (export "g") (mut i32) (i32.const 1))
        (global (export "base") i32 (i32.const 21))
        (func (export "get") (result i32) (global.get $g)))
      """#)
    let user = try h.instantiate(
      #"""
      (module
        (global $g (import "owner" "g") (mut i32))
        (global $base (import "owner" "base") i32)
        (global $twice i32 (i32.mul (global.get $base) (i32.const 2)))
        (func (export "set") (param i32) (global.set $g (local.get 0)))
        (func (export "twice") (result i32) (global.get $twice)))
      """#, imports: ["owner": owner.exports])
    #expect(try h.call(user, "twice") == [.i32(42)])
    _ = try h.call(user, "set", [.i32(5)])
    #expect(try h.call(owner, "get") == [.i32(5)])
    #expect(try #require(owner.exportedGlobal("g")).set(.i32(7)))
    #expect(try h.call(owner, "get") == [.i32(7)])
  }

  @Test func importedTableIsShared() throws {
    let h = Harness()
    let owner = try h.instantiate(
      #"""
      (module
        (type $r (func (result i32)))
        (table (export "tab") 2 funcref)
        (func (export "call") (param i32) (result i32)
          (call_indirect (type $r) (local.get 0))))
      """#)
    _ = try h.instantiate(
      #"""
      (module
        (import "owner" "tab" (table 2 funcref))
        (elem (i32.const 1) $f)
        (func $f (result i32) (i32.const 99)))
      """#, imports: ["owner": owner.exports])
    #expect(try h.call(owner, "call", [.i32(1)]) == [.i32(99)])
    #expect(throws: Trap.self) { try h.call(owner, "call", [.i32(0)]) }
  }

  @Test func activeSegmentsBeforeATrapStayWritten() throws {
    let h = Harness()
    let owner = try h.instantiate(
      #"""
      (module
        (type $r (func (result i32)))
        (table (export "tab") 10 funcref)
        (memory (export "mem") 1)
        (func (export "call") (param i32) (result i32)
          (call_indirect (type $r) (local.get 0)))
        (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
      """#)
    let elemTrap = try h.failure(
      #"""
      (module
        (table (import "owner" "tab") 10 funcref)
        (func $f (result i32) (i32.const 5))
        (elem (i32.const 7) $f)
        (elem (i32.const 8) $f $f $f $f $f))
      """#, imports: ["owner": owner.exports])
    #expect(elemTrap?.trapMessage == "out of bounds table access")
    #expect(try h.call(owner, "call", [.i32(7)]) == [.i32(5)])
    #expect(throws: Trap.self) { try h.call(owner, "call", [.i32(8)]) }

    let dataTrap = try h.failure(
      #"""
      (module
        (memory (import "owner" "mem") 1)
        (data (i32.const 0) "a")
        (data (i32.const 65535) "bc")
        (data (i32.const 1) "d"))
      """#, imports: ["owner": owner.exports])
    #expect(dataTrap?.trapMessage == "out of bounds memory access")
    #expect(try h.call(owner, "load", [.i32(0)]) == [.i32(UInt32(UInt8(ascii: "a")))])
    #expect(try h.call(owner, "load", [.i32(1)]) == [.i32(0)])
    #expect(try h.call(owner, "load", [.i32(65535)]) == [.i32(0)])
  }

  @Test func startFunctionRunsAfterSegments() throws {
    let h = Harness()
    let instance = try h.instantiate(
      #"""
      (module
        (memory 1)
        (global $g (mut i32) (i32.const 0))
        (data (i32.const 0) "\2a")
        (func $start (global.set $g (i32.load8_u (i32.const 0))))
        (start $start)
        (func (export "get") (result i32) (global.get $g)))
      """#)
    #expect(try h.call(instance, "get") == [.i32(42)])
  }

  @Test func trappingStartFunctionFailsInstantiation() throws {
    let h = Harness()
    let owner = try h.instantiate(#"(module (memory (export "mem") 1))"#)
    let failure = try h.failure(
      #"""
      (module
        (memory (import "owner" "mem") 1)
        (data (i32.const 0) "z")
        (func $start unreachable)
        (start $start))
      """#, imports: ["owner": owner.exports])
    #expect(failure?.trapMessage == "unreachable")
    #expect(try #require(owner.exportedMemory("mem")).read(at: 0, count: 1) == [UInt8(ascii: "z")])
  }

  @Test func startFunctionRunsWithinItsBudget() throws {
    let h = Harness()
    // The start function counts $g up to 100 (about 8 ticks per round), then the data stays.
    let module = try h.module(
      #"""
      (module
        (global $g (export "g") (mut i32) (i32.const 0))
        (func $start
          (loop $again
            (global.set $g (i32.add (global.get $g) (i32.const 1)))
            (br_if $again (i32.lt_u (global.get $g) (i32.const 100)))))
        (start $start))
      """#)
    func outcome(_ budget: UInt64) -> String {
      do {
        let instance = try h.store.instantiate(module, startBudget: budget)
        return "g=\(instance.exportedGlobal("g")?.value ?? .i32(0))"
      } catch {
        return "\(error)"
      }
    }
    #expect(outcome(50) == "start function did not finish within 50 ticks")
    #expect(outcome(10_000) == "g=i32:100")
    #expect(outcome(.max) == "g=i32:100")
  }

  @Test func resourceLimitsAreLinkErrors() throws {
    let h = Harness(limits: ResourceLimits(maxMemoryPages: 1, maxTableElements: 4))
    #expect(try h.failure("(module (memory 2))")?.linkMessage != nil)
    #expect(try h.failure("(module (table 5 funcref))")?.linkMessage != nil)
    #expect(try h.failure("(module (memory 1) (table 4 funcref))") == nil)
  }
}
