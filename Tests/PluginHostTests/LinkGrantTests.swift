import PluginHost
import TestSupport
import Testing
import WasmVM

/// Linking between plugins is a grant (issue 25, item 14): a plugin reaches another's memory,
/// functions, tables or globals only when the app granted it links to that plugin, and a
/// capability reaches a plugin's memory without the plugin exporting it.
@Suite struct LinkGrantTests {
  /// Keeps a secret in its private `kv` namespace and fetches it into its memory at 100.
  static let vault = """
    (module
      (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
      (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "secret")
      (data (i32.const 16) "hunter2")
      (func (export "store") (result i32)
        (call $set (i32.const 0) (i32.const 6) (i32.const 16) (i32.const 7)))
      (func (export "fetch") (result i32)
        (call $get (i32.const 0) (i32.const 6) (i32.const 100) (i32.const 16))))
    """

  /// Reads the vault's memory where the secret was fetched to.
  static let spy = """
    (module
      (import "vault" "memory" (memory 1))
      (func (export "peek") (result i64) (i64.load (i32.const 100))))
    """

  static func vaultHost() throws -> PluginHost {
    let host = PluginHost()
    try host.load(PluginSource(name: "vault", wat: vault))
    #expect(try host.run("vault", "store") == [.i32(0)])
    #expect(try host.run("vault", "fetch") == [.i32(7)])
    return host
  }

  @Test func aSpyCannotReadAnotherPluginsMemoryWithoutAGrant() throws {
    let host = try Self.vaultHost()
    let error = linkError { try host.load(PluginSource(name: "spy", wat: Self.spy)) }
    #expect(error?.reason == .linkNotGranted)
    #expect(
      error?.description
        == "plugin \"spy\" imports \"vault.memory\", but was not granted links to plugin "
        + "\"vault\": grant them when loading (PluginSource.links) or remove the import")
    #expect(host.plugin(named: "spy") == nil)
    // Nor its functions: a spy cannot make the vault fetch or store for it.
    let functions = linkError {
      try host.load(
        PluginSource(name: "spy", wat: #"(module (import "vault" "store" (func (result i32))))"#))
    }
    #expect(functions?.reason == .linkNotGranted)
  }

  @Test func aGrantNamesThePluginsItAllows() throws {
    let host = try Self.vaultHost()
    let elsewhere = linkError {
      try host.load(PluginSource(name: "spy", wat: Self.spy, links: .plugins(["other"])))
    }
    #expect(elsewhere?.reason == .linkNotGranted)
    let granted = try host.load(
      PluginSource(name: "spy", wat: Self.spy, links: .plugins(["vault"])))
    #expect(granted.source.links == .plugins(["vault"]))
    // What the grant allows: "hunter2" as little-endian bytes.
    #expect(try host.run("spy", "peek") == [.i64(0x0032_7265_746E_7568)])
  }

  @Test func theDefaultGrantIsNone() {
    #expect(PluginSource(name: "p", wat: "(module)").links == .none)
    #expect(PluginSource(name: "p", wasm: []).links == .plugins([]))
    #expect(LinkGrant.none.description == "no plugin")
    #expect(LinkGrant.anyPlugin.allows("anything"))
  }

  @Test func capabilitiesReachAMemoryThatIsNotExported() throws {
    let host = PluginHost()
    try host.load(
      PluginSource(
        name: "private",
        wat: """
          (module
            (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
            (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
            (memory 1)
            (data (i32.const 0) "key" "value")
            (func (export "run") (result i32)
              (drop (call $set (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))
              (call $get (i32.const 0) (i32.const 3) (i32.const 32) (i32.const 16))))
          """))
    #expect(try host.run("private", "run") == [.i32(5)])
    #expect(try host.keyValueStore.value(forKey: bytes("key"), in: "private") == bytes("value"))
    // Nothing exported, so nothing for another plugin to import even with a grant.
    let error = linkError {
      try host.load(
        PluginSource(
          name: "spy", wat: #"(module (import "private" "memory" (memory 1)))"#,
          links: .anyPlugin))
    }
    #expect(error?.reason == .missingExport(available: ["run"]))
  }

  @Test func aSnapshotKeepsTheGrantsTheRestoringHostAllows() throws {
    let host = try Self.vaultHost()
    try host.load(PluginSource(name: "spy", wat: Self.spy, links: .plugins(["vault"])))
    try host.load(PluginSource(name: "any", wat: "(module)", links: .anyPlugin))
    let bytes = try host.snapshot()
    var configuration = PluginHost.Configuration()
    configuration.restoredLinks = { _ in .anyPlugin }
    let restored = try PluginHost(restoring: bytes, configuration: configuration)
    #expect(restored.plugin(named: "spy")?.source.links == .plugins(["vault"]))
    #expect(restored.plugin(named: "any")?.source.links == .anyPlugin)
    #expect(restored.plugin(named: "vault")?.source.links == LinkGrant.none)
    #expect(try restored.run("spy", "peek") == [.i64(0x0032_7265_746E_7568)])
  }

  @Test func aRestoringHostGrantsNoLinksUnlessItSaysSo() throws {
    let host = try Self.vaultHost()
    try host.load(PluginSource(name: "spy", wat: Self.spy, links: .plugins(["vault"])))
    let bytes = try host.snapshot()
    let refused = hostError { try PluginHost(restoring: bytes) }?.description
    #expect(refused?.contains("spy's import vault.memory is from plugin vault") == true)
    var configuration = PluginHost.Configuration()
    configuration.restoredLinks = { $0 == "spy" ? .plugins(["vault"]) : .none }
    #expect(throws: Never.self) { try PluginHost(restoring: bytes, configuration: configuration) }
  }

  @Test func aSnapshotCannotWidenAGrant() throws {
    let host = try Self.vaultHost()
    try host.load(PluginSource(name: "spy", wat: Self.spy, links: .plugins(["vault"])))
    let crafted = try CraftedSnapshot.editing(try host.snapshot()) { manifest in
      CraftedSnapshot.editPlugins(&manifest) { plugins in
        for index in plugins.indices { plugins[index]["linksAnyPlugin"] = true }
      }
    }
    var configuration = PluginHost.Configuration()
    configuration.restoredLinks = { $0 == "spy" ? .plugins(["vault", "other"]) : .none }
    let restored = try PluginHost(restoring: crafted, configuration: configuration)
    #expect(restored.plugin(named: "spy")?.source.links == .plugins(["vault", "other"]))
    #expect(restored.plugin(named: "vault")?.source.links == LinkGrant.none)
    // A saved grant of any plugin is still only what the host allows: here, nothing for spy.
    configuration.restoredLinks = { _ in .none }
    let refused = hostError { try PluginHost(restoring: crafted, configuration: configuration) }
    #expect(refused?.description.contains("not granted links") == true)
  }
}
