import Testing
import WAT

@testable import WasmVM

/// A snapshot may hand no instance a function of an instance it is not linked to: not in a
/// table, a global, a saved call's arguments or stack, nor as a frame of a saved call. Each
/// state is made here the one way an embedder can (handing a reference over itself), which a
/// crafted snapshot can reach without the embedder; every one restored before, giving the
/// holder a function of an instance it never imported.
struct LinkGroupSnapshotTests {
  /// A body's first instructions: 50 turns of a loop, so that a call can pause there.
  static let spin = """
    (local $spin i32)
    (local.set $spin (i32.const 50))
    (loop $again
      (local.set $spin (i32.sub (local.get $spin) (i32.const 1)))
      (br_if $again (local.get $spin)))
    """

  /// `vault` keeps a secret that only its own code reads; `peek` loops `spin` times first, so
  /// that a call can pause inside it.
  static let vault = """
    (module
      (global $secret i32 (i32.const 42))
      (func (export "peek") (result i32)
        \(spin)
        (global.get $secret)))
    """

  /// `spy` imports nothing. It calls what its table or global holds, and `keep` spins while
  /// it holds a reference in a local.
  static let spy = """
    (module
      (type $answer (func (result i32)))
      (table (export "table") 1 funcref)
      (global (export "held") (mut funcref) (ref.null func))
      (func (export "steal") (result i32) (call_indirect (type $answer) (i32.const 0)))
      (func (export "keep") (param $f funcref) (result i32)
        \(spin)
        (ref.is_null (local.get $f))))
    """

  /// `friend` imports `peek`, so it is linked to `vault` and may hold it anywhere.
  static let friend = """
    (module
      (type $answer (func (result i32)))
      (import "vault" "peek" (func $peek (result i32)))
      (table (export "table") 1 funcref)
      (elem (table 0) (i32.const 0) func $peek)
      (func (export "keep") (param $f funcref) (result i32)
        \(spin)
        (call_indirect (type $answer) (i32.const 0))))
    """

  struct Session {
    let store = Store()
    let modules: [Fingerprint: ValidatedModule]
    let vault: Instance
    let other: Instance
    let peek: Function

    init(other source: String) throws {
      let vaultModule = try Module(bytes: wat2wasm(LinkGroupSnapshotTests.vault)).validate()
      let otherModule = try Module(bytes: wat2wasm(source)).validate()
      modules = [
        vaultModule.module.fingerprint: vaultModule, otherModule.module.fingerprint: otherModule,
      ]
      vault = try store.instantiate(vaultModule)
      peek = try #require(vault.exportedFunction("peek"))
      other = try store.instantiate(otherModule, imports: ["vault": ["peek": .function(peek)]])
    }

    /// A call of `export` paused 20 ticks in.
    func paused(_ export: String, _ arguments: [Value] = []) throws -> Execution {
      let call = try store.invoke(
        try #require(other.exportedFunction(export)), arguments: arguments)
      #expect(call.run(ticks: 20) == .paused)
      return call
    }

    func restore(_ executions: [Execution] = []) throws -> RestoredStore {
      let bytes = try store.snapshot(of: executions)
      return try Store.restore(
        bytes, modules: { modules[$0] }, hostFunctions: { _ in nil })
    }
  }

  /// Expects `body` to throw a `mismatch` whose message contains `text`.
  static func expectRefusal(
    containing text: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> RestoredStore
  ) {
    do {
      _ = try body()
      Issue.record("restored", sourceLocation: sourceLocation)
    } catch let error as SnapshotError {
      #expect(error.kind == .mismatch, sourceLocation: sourceLocation)
      #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
    } catch {
      Issue.record(error, sourceLocation: sourceLocation)
    }
  }

  @Test func aTableHoldingAFunctionOfAnUnlinkedInstanceIsRefused() throws {
    let session = try Session(other: Self.spy)
    let table = try #require(session.other.exportedTable("table"))
    #expect(table.set(.funcref(session.peek.address), at: 0))
    let steal = try #require(session.other.exportedFunction("steal"))
    #expect(try session.store.call(steal, []) == [.i32(42)])
    Self.expectRefusal(containing: "table 0 of instance 1") { try session.restore() }
  }

  @Test func aGlobalHoldingAFunctionOfAnUnlinkedInstanceIsRefused() throws {
    let session = try Session(other: Self.spy)
    let global = try #require(session.other.exportedGlobal("held"))
    #expect(global.set(.funcref(session.peek.address)))
    Self.expectRefusal(containing: "global 0 of instance 1") { try session.restore() }
  }

  @Test func aSavedCallHoldingAFunctionOfAnUnlinkedInstanceIsRefused() throws {
    let session = try Session(other: Self.spy)
    let holding = try session.paused("keep", [.funcref(session.peek.address)])
    Self.expectRefusal(containing: "a saved call's stack holds a reference") {
      try session.restore([holding])
    }
    // The same call holding null restores and finishes.
    let empty = try session.paused("keep", [.funcref(nil)])
    let restored = try session.restore([empty])
    #expect(restored.executions.first?.run(ticks: 1_000) == .completed([.i32(1)]))
  }

  @Test func aSavedCallRunningInAnUnlinkedInstanceIsRefused() throws {
    let session = try Session(other: Self.spy)
    let table = try #require(session.other.exportedTable("table"))
    #expect(table.set(.funcref(session.peek.address), at: 0))
    let call = try session.paused("steal")
    // Nothing holds the reference any more, but the call runs vault's code.
    #expect(table.set(.funcref(nil), at: 0))
    Self.expectRefusal(containing: "a frame runs function") { try session.restore([call]) }
  }

  /// A call of spy's paused while it pays for a host function that only vault imports, which
  /// spy reached through a reference the embedder put in its table and has since removed.
  @Test func aSavedCallPayingForAnUnlinkedHostFunctionIsRefused() throws {
    let store = Store()
    let pay = HostFunction(
      type: FuncType(parameters: [], results: []), name: "pay", cost: { _, _ in 1_000 }
    ) { _, _ in [] }
    let host = store.add(pay)
    let vault = try Module(
      bytes: wat2wasm(#"(module (import "host" "pay" (func)) (func (export "use") (call 0)))"#)
    ).validate()
    let spy = try Module(
      bytes: wat2wasm(
        """
        (module
          (type $nothing (func))
          (table (export "table") 1 funcref)
          (func (export "pay") (call_indirect (type $nothing) (i32.const 0))))
        """)
    ).validate()
    _ = try store.instantiate(vault, imports: ["host": ["pay": .function(host)]])
    let thief = try store.instantiate(spy)
    let table = try #require(thief.exportedTable("table"))
    #expect(table.set(.funcref(host.address), at: 0))
    let call = try store.invoke(try #require(thief.exportedFunction("pay")), arguments: [])
    #expect(call.run(ticks: 20) == .paused)
    #expect(table.set(.funcref(nil), at: 0))
    let modules = [vault.module.fingerprint: vault, spy.module.fingerprint: spy]
    let bytes = try store.snapshot(of: [call])
    Self.expectRefusal(containing: "the pending host call") {
      try Store.restore(bytes, modules: { modules[$0] }, hostFunctions: { _ in pay })
    }
  }

  @Test func referencesWithinALinkGroupRestoreAndRun() throws {
    let session = try Session(other: Self.friend)
    let call = try session.paused("keep", [.funcref(session.peek.address)])
    let restored = try session.restore([call])
    #expect(restored.executions.first?.run(ticks: 10_000) == .completed([.i32(42)]))
  }
}
