import PluginHost
import TestSupport
import Testing
import WasmVM

/// A batch whose plugins import each other in one long chain: ordering it must not recurse
/// once per plugin, which overflowed the thread's stack at about 10,000 plugins.
@Suite struct PluginChainTests {
  /// Plugin `p0` exports `f` returning 0; plugin `pN` imports `f` from `p(N-1)` and exports an
  /// `f` returning its result plus 1, so `pN.f` returns N only if every link is in place.
  static func chainLink(_ index: Int) -> [UInt8] {
    let type = Binary.section(1, [0x01, 0x60, 0x00, 0x01, 0x7F])
    let function = Binary.section(3, [0x01, 0x00])
    guard index > 0 else {
      let body: [UInt8] = [0x00, 0x41, 0x00, 0x0B]
      return Binary.module(
        type, function, Binary.section(7, [0x01] + Binary.name("f") + [0x00, 0x00]),
        Binary.section(10, [0x01] + Binary.uleb(UInt64(body.count)) + body))
    }
    let imported = Binary.name("p\(index - 1)") + Binary.name("f") + [0x00, 0x00]
    // call 0; i32.const 1; i32.add
    let body: [UInt8] = [0x00, 0x10, 0x00, 0x41, 0x01, 0x6A, 0x0B]
    return Binary.module(
      type, Binary.section(2, [0x01] + imported), function,
      Binary.section(7, [0x01] + Binary.name("f") + [0x00, 0x01]),
      Binary.section(10, [0x01] + Binary.uleb(UInt64(body.count)) + body))
  }

  @Test func aChainOfTenThousandPluginsLoadsInOneBatch() throws {
    let count = 10_000
    // Last plugin first: ordering has to walk the whole chain from its far end.
    let sources = (0..<count).reversed().map { index in
      PluginSource(
        name: "p\(index)", wasm: Self.chainLink(index), capabilities: [],
        links: index > 0 ? .plugins(["p\(index - 1)"]) : .none)
    }
    let host = PluginHost()
    let loaded = try host.load(sources)
    #expect(loaded.map(\.name) == (0..<count).map { "p\($0)" })
    let outcome = try host.call("p\(count - 1)", "f", budget: 1_000_000)
    guard case .completed(let values, _) = outcome else {
      Issue.record("p\(count - 1).f did not complete: \(outcome)")
      return
    }
    #expect(values == [.i32(UInt32(count - 1))])
  }

  @Test func aCycleAtTheEndOfALongChainIsReportedAsFound() {
    // p0 imports from p(count-1), closing the chain into one cycle through every plugin.
    let count = 2_000
    var sources = (1..<count).map { index in
      PluginSource(name: "p\(index)", wasm: Self.chainLink(index), links: .anyPlugin)
    }
    let closing = Binary.module(
      Binary.section(1, [0x01, 0x60, 0x00, 0x01, 0x7F]),
      Binary.section(2, [0x01] + Binary.name("p\(count - 1)") + Binary.name("f") + [0x00, 0x00]),
      Binary.section(7, [0x01] + Binary.name("f") + [0x00, 0x00]))
    sources.insert(PluginSource(name: "p0", wasm: closing, links: .anyPlugin), at: 0)
    let host = PluginHost()
    do {
      try host.load(sources)
      Issue.record("a cycle loaded")
    } catch {
      guard case .link(let link) = error, case .dependencyCycle(let cycle) = link.reason else {
        Issue.record("expected a cycle, got \(error)")
        return
      }
      #expect(cycle.count == count + 1)
      #expect(cycle.first == "p0" && cycle.last == "p0")
      #expect(cycle.dropFirst().first == "p\(count - 1)")
    }
    #expect(host.plugins.isEmpty)
  }
}
