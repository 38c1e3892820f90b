import Foundation
import PluginHost
import TestSupport
import Testing
import WasmVM

/// A host snapshot's checksum is a public digest, so an attacker can edit its manifest and seal
/// it again. Each test crafts one such edit (issue 25's findings) and checks that restore
/// refuses it, or restores nothing the edit asked for.
struct CraftedSnapshotTests {
  static let counter: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../plugins/counter.wat")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  }()

  /// Two copies of the counter: `vault` at 5, `spy` at 1, each in its own kv namespace.
  static func twoCounters(
    configuration: PluginHost.Configuration = PluginHost.Configuration()
  ) throws -> PluginHost {
    let host = PluginHost(configuration: configuration)
    try host.load(PluginSource(name: "vault", wat: counter))
    try host.load(PluginSource(name: "spy", wat: counter))
    for _ in 0..<5 { _ = try host.run("vault", "next") }
    _ = try host.run("spy", "next")
    return host
  }

  static func restoreError(
    _ bytes: [UInt8], configuration: PluginHost.Configuration = PluginHost.Configuration()
  ) -> String? {
    hostError { try PluginHost(restoring: bytes, configuration: configuration) }?.description
  }

  @Test func theManifestCannotHandOnePluginsKeyValueImportsToAnother() throws {
    let bytes = try Self.twoCounters().snapshot()
    // The old format's owner map: every capability function "acts for" vault.
    let crafted = try CraftedSnapshot.editing(bytes) { manifest in
      manifest["hostImportOwners"] = Dictionary(
        uniqueKeysWithValues: (0..<64).map { ("\($0)", "vault") })
    }
    let restored = try PluginHost(restoring: crafted)
    // spy's kv.delete acts on spy's namespace, not vault's.
    #expect(try restored.run("spy", "reset") == [.i32(0)])
    #expect(try restored.run("vault", "current") == [.i64(5)])
    #expect(try restored.run("spy", "current") == [.i64(0)])
  }

  /// A plugin with no capability and no link holds, in its own table, vault's `kv.delete`,
  /// which acts for vault. Only the embedder can hand it over live, but the VM part of a
  /// snapshot can be edited to the same state, and restoring it let the thief delete vault's
  /// count.
  @Test func aSnapshotCannotHandAPluginAnotherPluginsCapabilityFunction() throws {
    let host = try Self.twoCounters()
    try host.load(
      PluginSource(
        name: "thief",
        wat: """
          (module
            (type $delete (func (param i32 i32) (result i32)))
            (table 1 funcref)
            (func (export "plant") (param funcref) (table.set (i32.const 0) (local.get 0)))
            (func (export "strike") (result i32)
              (call_indirect (type $delete) (i32.const 0) (i32.const 5) (i32.const 0))))
          """, capabilities: []))
    let vaultDelete = try #require(host.plugin(named: "vault")?.instance.function(at: 2))
    _ = try host.run("thief", "plant", [.funcref(vaultDelete.address)])
    let bytes = try host.snapshot()
    #expect(try host.run("thief", "strike") == [.i32(0)])
    #expect(try host.run("vault", "current") == [.i64(0)])
    let error = Self.restoreError(bytes)
    #expect(error?.contains("not linked") == true, "\(error ?? "restored")")
  }

  @Test func pluginNamesAreCheckedAsLoadChecksThem() throws {
    let bytes = try Self.twoCounters().snapshot()
    for name in ["vault", "kv", ""] {
      let crafted = try CraftedSnapshot.editing(bytes) { manifest in
        CraftedSnapshot.editPlugins(&manifest) { plugins in plugins[1]["name"] = name }
      }
      #expect(Self.restoreError(crafted) != nil, "a second plugin named \"\(name)\" restored")
    }
    let shared = try CraftedSnapshot.editing(bytes) { manifest in
      CraftedSnapshot.editPlugins(&manifest) { plugins in
        plugins[1]["instance"] = plugins[0]["instance"]
      }
    }
    #expect(Self.restoreError(shared)?.contains("share instance") == true)
  }

  @Test func aPluginKeepsOnlyTheCapabilitiesItWasGranted() throws {
    let bytes = try Self.twoCounters().snapshot()
    let crafted = try CraftedSnapshot.editing(bytes) { manifest in
      CraftedSnapshot.editPlugins(&manifest) { plugins in plugins[1]["capabilities"] = [] }
    }
    #expect(Self.restoreError(crafted)?.contains("not granted") == true)
  }

  @Test func keyValueDataOnlyGoesToRestoredPluginsAndAllOrNothing() throws {
    let bytes = try Self.twoCounters().snapshot()
    let store = InMemoryKeyValueStore()
    try store.setValue(
      Array("mine".utf8), forKey: Array("secret".utf8), in: "other",
      quota: KeyValueLimits().quota)
    let configuration = PluginHost.Configuration(keyValueStore: store)

    let foreign = try CraftedSnapshot.editing(bytes) { manifest in
      manifest["keyValue"] = ["entries": ["_0": ["other": ["736563726574": "7468656972"]]]]
    }
    #expect(Self.restoreError(foreign, configuration: configuration) != nil)
    #expect(store.value(forKey: Array("secret".utf8), in: "other") == Array("mine".utf8))

    // Three keys against a quota of two: nothing at all is written.
    var limits = KeyValueLimits()
    limits.maxKeysPerPlugin = 2
    let tight = PluginHost.Configuration(keyValueStore: store, keyValueLimits: limits)
    let overQuota = try CraftedSnapshot.editing(bytes) { manifest in
      manifest["keyValue"] = ["entries": ["_0": ["vault": ["61": "01", "62": "02", "63": "03"]]]]
    }
    #expect(Self.restoreError(overQuota, configuration: tight) != nil)
    #expect(store.keys(in: "vault").isEmpty)
  }

  @Test func savedKeyValueLimitsNeverLoosenTheHosts() throws {
    let host = try Self.twoCounters()
    let crafted = try CraftedSnapshot.editing(try host.snapshot()) { manifest in
      CraftedSnapshot.editPlugins(&manifest) { plugins in
        plugins[0]["keyValueLimits"] = [256, 1 << 30, 1 << 40, 1 << 20]
      }
    }
    let restored = try PluginHost(restoring: crafted)
    let limits = try #require(restored.plugins.first { $0.name == "vault" }?.source.keyValueLimits)
    let host_ = KeyValueLimits()
    #expect(limits.maxValueBytes <= host_.maxValueBytes)
    #expect(limits.maxBytesPerPlugin <= host_.maxBytesPerPlugin)
    #expect(limits.maxKeysPerPlugin <= host_.maxKeysPerPlugin)
  }

  @Test func callIDsAreCheckedAndCannotOverflow() throws {
    let host = try Self.twoCounters()
    _ = try host.call("vault", "next", [], budget: 3)
    let bytes = try host.snapshot()
    for edit: (inout [String: Any]) -> Void in [
      { $0["lastCallID"] = UInt64.max },
      { CraftedSnapshot.editCalls(&$0) { calls in calls[0]["id"] = UInt64.max } },
      {
        $0["lastCallID"] = UInt64.max
        CraftedSnapshot.editCalls(&$0) { calls in calls[0]["id"] = UInt64.max }
      },
      { CraftedSnapshot.editCalls(&$0) { calls in calls[0]["id"] = 0 } },
      { CraftedSnapshot.editCalls(&$0) { calls in calls.append(calls[0]) } },
    ] {
      #expect(Self.restoreError(try CraftedSnapshot.editing(bytes, edit)) != nil)
    }
  }

  /// A host restored with the highest `lastCallID` restore accepts starts no more calls, so
  /// that its own snapshots restore: its next call got id 2^63 before, and its snapshot was
  /// then refused ("call id 9223372036854775808 is above 9223372036854775807"; found by
  /// FuzzHostRestore).
  @Test func aHostAtTheLastCallIDStartsNoCallsAndStillSaves() throws {
    let host = try Self.twoCounters()
    _ = try host.call("vault", "next", [], budget: 3)
    let crafted = try CraftedSnapshot.editing(try host.snapshot()) { manifest in
      manifest["lastCallID"] = UInt64(Int64.max) - 1
    }
    let restored = try PluginHost(restoring: crafted)
    guard case .paused(let last) = try restored.call("spy", "next", [], budget: 3) else {
      Issue.record("the call did not pause")
      return
    }
    #expect(last.id.rawValue == UInt64(Int64.max))
    guard case .callIDsExhausted? = hostError({ try restored.call("spy", "next", [], budget: 3) })
    else {
      Issue.record("a call past the last id started")
      return
    }
    let again = try PluginHost(restoring: try restored.snapshot())
    #expect(again.pausedCalls.map(\.id) == restored.pausedCalls.map(\.id))
    guard case .completed? = try? again.resume(last.id, budget: 1_000_000) else {
      Issue.record("the restored call did not complete")
      return
    }
  }

  @Test func aPausedCallMustBeACallOfThePluginItIsFiledUnder() throws {
    let host = try Self.twoCounters()
    _ = try host.call("vault", "next", [], budget: 3)
    let bytes = try host.snapshot()
    let moved = try CraftedSnapshot.editing(bytes) { manifest in
      CraftedSnapshot.editCalls(&manifest) { calls in calls[0]["plugin"] = "spy" }
    }
    #expect(Self.restoreError(moved)?.contains("is not a call of spy.next") == true)
    let renamed = try CraftedSnapshot.editing(bytes) { manifest in
      CraftedSnapshot.editCalls(&manifest) { calls in calls[0]["export"] = "reset" }
    }
    #expect(Self.restoreError(renamed) != nil)
  }

  @Test func aSnapshotCannotPointReloadAtAnotherFile() throws {
    let bytes = try Self.twoCounters().snapshot()
    let crafted = try CraftedSnapshot.editing(bytes) { manifest in
      CraftedSnapshot.editPlugins(&manifest) { plugins in plugins[0]["file"] = "/etc/passwd" }
    }
    let restored = try PluginHost(restoring: crafted)
    let source = try #require(restored.plugins.first { $0.name == "vault" }?.source)
    if case .file = source.code { Issue.record("restored with a file the snapshot named") }
  }

  @Test func keyValueDataNeverOverwritesWhatTheRestoringStoreHolds() throws {
    let bytes = try Self.twoCounters().snapshot()
    let store = InMemoryKeyValueStore()
    try store.setValue([9], forKey: Array("count".utf8), in: "spy", quota: KeyValueLimits().quota)
    let configuration = PluginHost.Configuration(keyValueStore: store)
    #expect(
      Self.restoreError(bytes, configuration: configuration)?.contains("already holds data")
        == true)
    #expect(store.value(forKey: Array("count".utf8), in: "spy") == [9])
    #expect(store.keys(in: "vault").isEmpty)
  }

  @Test func aStoreThatFailsMidRestoreIsLeftAsItWas() throws {
    let bytes = try Self.twoCounters().snapshot()
    // Namespaces are written in order (spy, then vault); the second write, vault's, fails.
    let store = FailingKeyValueStore(failingWrite: 2)
    #expect(Self.restoreError(bytes, configuration: .init(keyValueStore: store)) != nil)
    #expect(store.writes == 2)
    #expect(store.inner.keys(in: "spy").isEmpty)
    #expect(store.inner.keys(in: "vault").isEmpty)
  }
}

/// An in-memory store whose `failingWrite`-th write fails with a storage error.
final class FailingKeyValueStore: KeyValueStore, @unchecked Sendable {
  let inner = InMemoryKeyValueStore()
  private let lock = NSLock()
  private let failingWrite: Int
  private var count = 0

  init(failingWrite: Int) { self.failingWrite = failingWrite }

  var writes: Int { lock.withLock { count } }

  func value(forKey key: [UInt8], in namespace: String) throws(KeyValueStoreError) -> [UInt8]? {
    inner.value(forKey: key, in: namespace)
  }

  func setValue(
    _ value: [UInt8], forKey key: [UInt8], in namespace: String, quota: KeyValueQuota
  ) throws(KeyValueStoreError) {
    let number = lock.withLock {
      count += 1
      return count
    }
    guard number != failingWrite else { throw .storage("disk full (test)") }
    try inner.setValue(value, forKey: key, in: namespace, quota: quota)
  }

  func removeValue(forKey key: [UInt8], in namespace: String) throws(KeyValueStoreError) -> Bool {
    inner.removeValue(forKey: key, in: namespace)
  }

  func keys(in namespace: String) throws(KeyValueStoreError) -> [[UInt8]] {
    inner.keys(in: namespace)
  }

  func usage(of namespace: String) throws(KeyValueStoreError) -> KeyValueUsage {
    inner.usage(of: namespace)
  }
}

/// A stop record that names neither a step nor a breakpoint comes only from a crafted file:
/// the call restores as one paused for its budget and finishes as a plain call does.
@Suite struct CraftedStopRecordTests {
  @Test func aStopRecordNamingNothingRestoresAsABudgetPause() throws {
    let host = try CraftedSnapshotTests.twoCounters()
    try host.setBreakpoint("vault", "next")
    guard case .paused(let call) = try host.call("vault", "next", [], budget: 1000) else {
      Issue.record("vault.next did not stop at its breakpoint")
      return
    }
    #expect(call.stop != nil)
    let crafted = try CraftedSnapshot.editing(try host.snapshot()) { manifest in
      CraftedSnapshot.editCalls(&manifest) { calls in calls[0]["stop"] = [String: Any]() }
    }
    let restored = try PluginHost(restoring: crafted)
    let saved = try #require(restored.pausedCalls.first)
    #expect(saved.stop == nil)
    guard case .completed(let values, _) = try restored.resume(saved.id, budget: 1000) else {
      Issue.record("the restored call did not finish")
      return
    }
    #expect(values == [.i64(6)])
  }
}
