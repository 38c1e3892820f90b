import PluginHost
import Testing

/// A plugin that imported another's memory or table and was then reloaded or unloaded leaves a
/// retired instance whose memories and tables ``WasmVM/Store/retire(_:)`` swapped for empty
/// ones. Restoring a snapshot rebuilds that instance by linking its module's imports again, and
/// an empty memory or table does not match the imported type, so the restore failed; now
/// `Store.restore` links a retired instance's memory and table imports to empty placeholders
/// without matching their sizes (retiring it again swaps them anyway).
@Suite struct RetiredImporterSnapshotTests {
  @Test(arguments: [("memory", "1"), ("table", "10 funcref")])
  func aSnapshotAfterReloadingAnImporterRestores(_ kind: String, _ type: String) throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "owner", wat: "(module (\(kind) (export \"x\") \(type)))"))
    try host.load(
      PluginSource(
        name: "user", wat: "(module (import \"owner\" \"x\" (\(kind) \(type))))",
        links: .anyPlugin))
    try host.reload("user")
    let bytes = try host.snapshot()
    let restored = try PluginHost(
      restoring: bytes, configuration: .init(restoredLinks: { _ in .anyPlugin }))
    #expect(restored.plugins.map(\.name) == ["owner", "user"])
    // The restored host saves and restores again, and unloading the new importer too.
    try restored.unload("user")
    _ = try PluginHost(
      restoring: try restored.snapshot(), configuration: .init(restoredLinks: { _ in .anyPlugin }))
  }
}
