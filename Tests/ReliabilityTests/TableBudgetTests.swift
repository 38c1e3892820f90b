import PluginHost
import TestSupport
import Testing
import WasmVM

/// Tables count against a budget of elements shared by every table of a host, as memories'
/// pages do: 1,000 tables of 1,000,000 `funcref`s (a 5 KB plugin) would need 8 GB, and the
/// tables of unloaded, reloaded and failed plugins used to stay allocated.
@Suite struct TableBudgetTests {
  /// A module defining `count` tables of `elements` funcrefs each, and exporting a function
  /// `grow` (param i32) (result i32) that grows table 0 by its argument.
  static func tables(_ count: Int, of elements: Int) -> [UInt8] {
    let table: [UInt8] = [0x70, 0x00] + Binary.uleb(UInt64(elements))
    // ref.null func; local.get 0; table.grow 0
    let body: [UInt8] = [0x00, 0xD0, 0x70, 0x20, 0x00, 0xFC, 0x0F, 0x00, 0x0B]
    return Binary.module(
      Binary.section(1, [0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F]),
      Binary.section(3, [0x01, 0x00]),
      Binary.section(4, Binary.uleb(UInt64(count)) + (0..<count).flatMap { _ in table }),
      Binary.section(7, [0x01] + Binary.name("grow") + [0x00, 0x00]),
      Binary.section(10, [0x01] + Binary.uleb(UInt64(body.count)) + body))
  }

  func loadError(_ host: PluginHost, _ source: PluginSource) -> PluginHostError? {
    do {
      try host.load(source)
      return nil
    } catch {
      return error
    }
  }

  func grow(_ host: PluginHost, _ plugin: String, by delta: UInt32) throws -> Int32? {
    guard
      case .completed(let values, _) = try host.call(
        plugin, "grow", [.i32(delta)], budget: 10_000_000),
      case .i32(let old)? = values.first
    else { return nil }
    return Int32(bitPattern: old)
  }

  @Test func thePluginOfTheReportIsRefusedForItsTableCount() throws {
    let host = PluginHost()
    let bytes = Self.tables(1_000, of: 1_000_000)
    #expect(bytes.count < 6_000)
    let error = try #require(loadError(host, PluginSource(name: "tables", wasm: bytes)))
    guard case .limitExceeded("tables", .tables, _) = error else {
      Issue.record("expected the table count limit, got \(error)")
      return
    }
    #expect(
      error.description
        == "plugin \"tables\" could not be loaded: module declares more than the limit of 100 "
        + "tables (imported and defined) (at offset 0x17); raise "
        + "Configuration.resourceLimits.maxTables")
    #expect(host.tableElementsInUse == 0)
  }

  @Test func tablesPastTheHostTotalFailTheLoadAndGiveTheirElementsBack() throws {
    // 100 tables of 1,000,000 elements took 788 MB; the default budget is 10,000,000.
    let host = PluginHost()
    #expect(host.configuration.maxTotalTableElements == 10_000_000)
    let error = try #require(
      loadError(host, PluginSource(name: "tables", wasm: Self.tables(100, of: 1_000_000))))
    guard case .limitExceeded("tables", .totalTableElements, _) = error else {
      Issue.record("expected the element budget, got \(error)")
      return
    }
    #expect(
      error.description
        == "plugin \"tables\" could not be instantiated: table of 1000000 elements exceeds the "
        + "element budget of 10000000 elements shared by all tables (10000000 in use); raise "
        + "Configuration.maxTotalTableElements")
    #expect(host.tableElementsInUse == 0)
    #expect(host.plugins.isEmpty)
    // Ten fit exactly, and then nothing more does.
    try host.load(PluginSource(name: "ten", wasm: Self.tables(10, of: 1_000_000)))
    #expect(host.tableElementsInUse == 10_000_000)
    #expect(loadError(host, PluginSource(name: "one", wasm: Self.tables(1, of: 1))) != nil)
  }

  @Test func aGrowPastTheHostTotalReturnsMinusOne() throws {
    var configuration = PluginHost.Configuration()
    configuration.maxTotalTableElements = 100
    let host = PluginHost(configuration: configuration)
    try host.load(PluginSource(name: "a", wasm: Self.tables(1, of: 60)))
    try host.load(PluginSource(name: "b", wasm: Self.tables(1, of: 30)))
    #expect(try grow(host, "a", by: 11) == -1)
    #expect(host.tableElementsInUse == 90)
    #expect(try grow(host, "a", by: 10) == 60)
    #expect(host.tableElementsInUse == 100)
    #expect(try grow(host, "b", by: 1) == -1)
    try host.unload("a")
    #expect(host.tableElementsInUse == 30)
    #expect(try grow(host, "b", by: 70) == 30)
  }

  @Test func unloadingReloadingAndFailingLoadsDoNotAccumulate() throws {
    let host = PluginHost()
    let baseline = host.tableElementsInUse
    let source = PluginSource(name: "t", wasm: Self.tables(2, of: 50_000))
    try host.load(source)
    #expect(host.tableElementsInUse == baseline + 100_000)
    for _ in 0..<100 { try host.reload("t") }
    #expect(host.tableElementsInUse == baseline + 100_000)
    try host.unload("t")
    #expect(host.tableElementsInUse == baseline)
    for _ in 0..<100 {
      try host.load(source)
      try host.unload("t")
    }
    #expect(host.tableElementsInUse == baseline)
    // A load whose start function traps fails after its tables exist.
    let trapping = PluginSource(
      name: "trap",
      wat: "(module (table 50000 funcref) (func $s unreachable) (start $s))")
    for _ in 0..<100 { #expect(loadError(host, trapping) != nil) }
    #expect(host.tableElementsInUse == baseline)
  }

  @Test func aTableSharedByTwoPluginsCountsOnceAndGoesWithTheLast() throws {
    let host = PluginHost()
    try host.load(
      PluginSource(name: "owner", wat: #"(module (table (export "t") 1000 funcref))"#))
    try host.load(
      PluginSource(
        name: "user", wat: #"(module (import "owner" "t" (table 1000 funcref)))"#,
        links: .anyPlugin))
    #expect(host.tableElementsInUse == 1000)
    try host.unload("user")
    #expect(host.tableElementsInUse == 1000)
    try host.unload("owner")
    #expect(host.tableElementsInUse == 0)
  }

  @Test func aStoreCountsItsTablesAndRetireGivesThemBack() throws {
    let store = Store(limits: ResourceLimits(maxTotalTableElements: 5))
    let module = try Module(bytes: Self.tables(1, of: 3)).validate()
    let first = try store.instantiate(module, imports: [:])
    #expect(store.tableBudget.usedElements == 3)
    #expect(throws: InstantiationError.self) { try store.instantiate(module, imports: [:]) }
    store.retire(first)
    #expect(store.tableBudget.usedElements == 0)
    _ = try store.instantiate(module, imports: [:])
    #expect(store.tableBudget.usedElements == 3)
  }
}
