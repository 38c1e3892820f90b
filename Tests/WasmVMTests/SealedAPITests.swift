import Testing
import WAT
import WasmVM

/// What an embedder can do with runtime objects through the public API alone (no
/// `@testable`): every access is checked, so a wrong index or type is refused, not a crash.
@Suite struct SealedAPITests {
  private func validate(_ text: String) throws -> ValidatedModule {
    try Module(bytes: try wat2wasm(text)).validate()
  }

  @Test func tableAccessChecksBoundsAndElementType() throws {
    let store = Store()
    let instance = try store.instantiate(
      try validate(
        """
        (module
          (table (export "t") 2 funcref)
          (func $f (export "f") (result i32) (i32.const 7))
          (elem (i32.const 1) func $f))
        """))
    let table = try #require(instance.exportedTable("t"))
    let f = try #require(instance.exportedFunction("f"))
    #expect(table.size == 2)
    #expect(table.element(at: 0) == .funcref(nil))
    #expect(table.element(at: 1) == .funcref(f.address))
    #expect(table.element(at: 2) == nil)
    #expect(table.element(at: -1) == nil)
    #expect(!table.set(.externref(1), at: 0))
    #expect(!table.set(.i32(1), at: 0))
    #expect(!table.set(.funcref(f.address), at: 2))
    #expect(table.set(.funcref(f.address), at: 0))
    #expect(table.element(at: 0) == .funcref(f.address))
  }

  @Test func embedderTablesAndGlobalsCheckTheirValues() throws {
    let limits = ResourceLimits()
    let funcrefs = TableType(elementType: .funcref, limits: Limits(min: 1))
    #expect(throws: LinkError.self) { try Table(type: funcrefs, initial: .i32(0), limits: limits) }
    #expect(throws: LinkError.self) {
      try Table(type: TableType(elementType: .i32, limits: Limits(min: 1)), limits: limits)
    }
    #expect(try Table(type: funcrefs, limits: limits).element(at: 0) == .funcref(nil))

    let constant = GlobalType(valueType: .i64, isMutable: false)
    #expect(throws: LinkError.self) { try Global(type: constant, value: .i32(1)) }
    let global = try Global(type: constant, value: .i64(3))
    #expect(!global.set(.i64(4)))
    #expect(global.value == .i64(3))

    let variable = try Global(type: GlobalType(valueType: .f32, isMutable: true), value: .f32(0))
    #expect(!variable.set(.i32(1)))
    #expect(variable.set(.f32(Float(1.5).bitPattern)))
    #expect(variable.value == .f32(Float(1.5).bitPattern))
  }

  @Test func defaultValuesAreZeroAndNull() {
    #expect(Value.defaultValue(of: .i32) == .i32(0))
    #expect(Value.defaultValue(of: .f64) == .f64(0))
    #expect(Value.defaultValue(of: .funcref) == .funcref(nil))
    #expect(Value.defaultValue(of: .externref) == .externref(nil))
  }

  @Test func aForgedFunctionReferenceTrapsInsteadOfCrashing() throws {
    let store = Store()
    let instance = try store.instantiate(
      try validate(
        """
        (module
          (type $r (func (result i32)))
          (table 1 funcref)
          (func (export "run") (param funcref) (result i32)
            (table.set (i32.const 0) (local.get 0))
            (call_indirect (type $r) (i32.const 0))))
        """))
    let run = try #require(instance.exportedFunction("run"))
    for forged in [-5, -1, 1_000_000, Int.max] {
      #expect(throws: Trap.self) { try store.call(run, [.funcref(forged)]) }
    }
  }

  @Test func startFunctionCanBeLeftToTheEmbedder() throws {
    let module = try validate(
      """
      (module
        (global $g (export "g") (mut i32) (i32.const 0))
        (func $start (global.set $g (i32.const 1)))
        (start $start))
      """)
    #expect(module.start == 0)
    let withoutStart = module.withoutStart()
    #expect(withoutStart.start == nil)
    #expect(withoutStart.exports.map(\.name) == ["g"])
    let store = Store()
    let instance = try store.instantiate(withoutStart)
    let global = try #require(instance.exportedGlobal("g"))
    #expect(global.value == .i32(0))
    _ = try store.call(try #require(instance.function(at: 0)), [])
    #expect(global.value == .i32(1))
    #expect(try store.instantiate(module).exportedGlobal("g")?.value == .i32(1))
  }

  @Test func negativeLimitsActAsZero() throws {
    let limits = ResourceLimits(
      maxMemoryPages: -1, maxTableElements: -1, maxCallDepth: -1, maxValueStackSlots: -1)
    #expect(
      limits
        == ResourceLimits(
          maxMemoryPages: 0, maxTableElements: 0, maxCallDepth: 0, maxValueStackSlots: 0))
    var changed = ResourceLimits()
    changed.maxTableElements = -5
    #expect(changed.maxTableElements == 0)
    let store = Store(limits: limits)
    let instance = try store.instantiate(
      try validate(
        """
        (module (memory 0) (table 0 funcref)
          (func (export "f") (result i32) (i32.const 1)))
        """))
    #expect(throws: LinkError.self) {
      try Table(type: TableType(elementType: .funcref, limits: Limits(min: 1)), limits: limits)
    }
    let f = try #require(instance.exportedFunction("f"))
    #expect(throws: Trap.self) { try store.call(f, []) }
  }
}
