import PluginHost
import Testing
import WasmVM

/// The host-wide cap on all plugins' memory pages, and the per-memory and per-table caps.
@Suite struct MemoryQuotaTests {
  /// A plugin with a memory of `pages` pages (at most `max`) whose `grow(n)` is `memory.grow`.
  static func plugin(_ name: String, pages: Int, max: Int? = nil) -> PluginSource {
    PluginSource(
      name: name,
      wat: """
        (module
          (memory (export "memory") \(pages) \(max.map(String.init) ?? ""))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """)
  }

  static func grow(_ host: PluginHost, _ name: String, _ pages: UInt32) throws -> CallOutcome {
    try host.call(name, "grow", [.i32(pages)], budget: 1000)
  }

  @Test func aLoadPastTheHostTotalFailsNamingTheLimitAndUnloadingGivesPagesBack() throws {
    let host = PluginHost(configuration: .init(maxTotalMemoryPages: 10))
    try host.load(Self.plugin("a", pages: 6))
    #expect {
      try host.load(Self.plugin("b", pages: 5))
    } throws: { error in
      guard case PluginHostError.limitExceeded("b", .totalMemoryPages, _) = error else {
        return false
      }
      return "\(error)".contains("page budget of 10 pages")
        && "\(error)".contains("raise Configuration.maxTotalMemoryPages")
    }
    #expect(host.plugin(named: "b") == nil)
    _ = try host.unload("a")
    try host.load(Self.plugin("b", pages: 5))
  }

  @Test func aGrowPastTheHostTotalFailsLikeAnyFailedGrow() throws {
    let host = PluginHost(configuration: .init(maxTotalMemoryPages: 10))
    try host.load(Self.plugin("a", pages: 4))
    try host.load(Self.plugin("b", pages: 4))
    try host.load(Self.plugin("capped", pages: 0, max: 0))
    let pastTotal = try Self.grow(host, "a", 3)
    let pastMax = try Self.grow(host, "capped", 3)
    guard case .completed(let values, let ticks) = pastTotal,
      case .completed(let cappedValues, let cappedTicks) = pastMax
    else {
      Issue.record("grows did not complete: \(pastTotal), \(pastMax)")
      return
    }
    #expect(values == [.i32(UInt32.max)])
    #expect(values == cappedValues)
    #expect(ticks == cappedTicks)
    guard case .completed(let grown, _) = try Self.grow(host, "a", 2) else {
      Issue.record("grow did not complete")
      return
    }
    #expect(grown == [.i32(4)])
    guard case .completed(let refused, _) = try Self.grow(host, "b", 1) else {
      Issue.record("grow did not complete")
      return
    }
    #expect(refused == [.i32(UInt32.max)])
  }

  @Test func perMemoryAndPerTableCapsNameTheirFields() throws {
    var configuration = PluginHost.Configuration()
    configuration.maxMemoryPages = 4
    configuration.maxTableElements = 8
    configuration.maxCallDepth = 100
    #expect(configuration.resourceLimits.maxMemoryPages == 4)
    #expect(configuration.resourceLimits.maxTableElements == 8)
    #expect(configuration.resourceLimits.maxCallDepth == 100)
    let host = PluginHost(configuration: configuration)
    #expect {
      try host.load(Self.plugin("big", pages: 5))
    } throws: { error in
      guard case PluginHostError.limitExceeded("big", .memoryPages, _) = error else { return false }
      return "\(error)".contains("raise Configuration.maxMemoryPages")
    }
    #expect {
      try host.load(PluginSource(name: "table", wat: "(module (table 9 funcref))"))
    } throws: { error in
      guard case PluginHostError.limitExceeded("table", .tableElements, _) = error else {
        return false
      }
      return "\(error)".contains("raise Configuration.maxTableElements")
    }
  }
}
