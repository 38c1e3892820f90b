import Foundation
import PluginHost
import Testing
import WasmVM

@Suite struct LifecycleTests {
  static func lib(factor: Int) -> String {
    """
    (module
      (global $state (mut i32) (i32.const 0))
      (func (export "scale") (param i32) (result i32)
        (i32.mul (local.get 0) (i32.const \(factor))))
      (func (export "remember") (param i32) (global.set $state (local.get 0)))
      (func (export "recall") (result i32) (global.get $state)))
    """
  }

  static let app = """
    (module
      (import "lib" "scale" (func $scale (param i32) (result i32)))
      (func (export "run") (param i32) (result i32) (call $scale (local.get 0))))
    """

  static func loaded() throws -> PluginHost {
    let host = PluginHost()
    try host.load([
      PluginSource(name: "lib", wat: lib(factor: 2)),
      PluginSource(name: "app", wat: app, links: .anyPlugin),
      PluginSource(name: "loop", wat: CallTests.counter),
    ])
    return host
  }

  @Test func unloadIsRefusedWhileDependentsExist() throws {
    let host = try Self.loaded()
    let error = hostError { try host.unload("lib") }
    #expect(
      error?.description
        == "cannot unload \"lib\": \"app\" import from it; unload them too (pass the option to "
        + "include dependents) or unload them first")
    #expect(host.plugins.map(\.name) == ["lib", "app", "loop"])
  }

  @Test func unloadWithDependentsRemovesThemAndCancelsTheirCalls() throws {
    let host = try Self.loaded()
    guard case .paused(let call) = try host.call("app", "run", [.i32(1)], budget: 1),
      case .paused(let unrelated) = try host.call("loop", "count", [.i32(100)], budget: 5)
    else { throw TestFailure("expected pauses") }
    let report = try host.unload("lib", includingDependents: true)
    #expect(report.plugins == ["app", "lib"])
    #expect(report.cancelledCalls.map(\.id) == [call.id])
    #expect(host.plugins.map(\.name) == ["loop"])
    #expect(host.pausedCalls.map(\.id) == [unrelated.id])
    guard case .unknownPausedCall? = hostError({ try host.resume(call.id, budget: 100) }) else {
      throw TestFailure("cancelled call resumed")
    }
    guard
      case .unknownPlugin("app")? = hostError({ try host.call("app", "run", [.i32(1)], budget: 9) })
    else { throw TestFailure("app still callable") }
    // The names are free again.
    try host.load(PluginSource(name: "lib", wat: Self.lib(factor: 5)))
    #expect(try host.run("lib", "scale", [.i32(2)]) == [.i32(10)])
  }

  @Test func reloadReplacesCodeAndResetsStateButKeepsKeyValueData() throws {
    let store = InMemoryKeyValueStore()
    let host = PluginHost(configuration: .init(keyValueStore: store))
    let kv = try KeyValuePlugin(host, name: "notes")
    #expect(try kv.set(bytes("k"), bytes("v")) == 0)
    try host.load(PluginSource(name: "lib", wat: Self.lib(factor: 2)))
    _ = try host.run("lib", "remember", [.i32(9)])
    let report = try host.reload(
      "lib", from: PluginSource(name: "ignored", wat: Self.lib(factor: 3)))
    #expect(report.plugins == ["lib"])
    #expect(try host.run("lib", "scale", [.i32(5)]) == [.i32(15)])
    #expect(try host.run("lib", "recall") == [.i32(0)])
    try host.reload("notes")
    #expect(try KeyValuePlugin.get(host, "notes", bytes("k")) == bytes("v"))
    #expect(host.plugins.map(\.name) == ["lib", "notes"])
  }

  @Test func reloadIsRefusedWhileDependentsExistUnlessTheyAreReloadedToo() throws {
    let host = try Self.loaded()
    let refused = hostError {
      try host.reload("lib", from: PluginSource(name: "lib", wat: Self.lib(factor: 10)))
    }
    #expect(refused?.description.hasPrefix("cannot reload \"lib\": \"app\" import from it") == true)
    #expect(try host.run("app", "run", [.i32(4)]) == [.i32(8)])

    guard case .paused(let appCall) = try host.call("app", "run", [.i32(1)], budget: 1),
      case .paused(let loopCall) = try host.call("loop", "count", [.i32(100)], budget: 5)
    else { throw TestFailure("expected pauses") }
    let report = try host.reload(
      "lib", from: PluginSource(name: "lib", wat: Self.lib(factor: 10)), reloadingDependents: true)
    #expect(report.plugins == ["lib", "app"])
    #expect(report.cancelledCalls.map(\.id) == [appCall.id])
    #expect(host.pausedCalls.map(\.id) == [loopCall.id])
    #expect(try host.run("app", "run", [.i32(4)]) == [.i32(40)])
    #expect(host.plugins.map(\.name) == ["loop", "lib", "app"])
  }

  @Test func failedReloadChangesNothing() throws {
    let host = try Self.loaded()
    guard case .paused(let call) = try host.call("app", "run", [.i32(3)], budget: 1) else {
      throw TestFailure("expected a pause")
    }
    let withoutScale = "(module (func (export \"other\")))"
    let error = linkError {
      try host.reload(
        "lib", from: PluginSource(name: "lib", wat: withoutScale), reloadingDependents: true)
    }
    #expect(error?.plugin == "app")
    #expect(error?.reason == .missingExport(available: ["other"]))
    #expect(try host.run("app", "run", [.i32(4)]) == [.i32(8)])
    guard case .completed([.i32(6)], _) = try host.resume(call.id, budget: 1000) else {
      throw TestFailure("paused call lost")
    }
  }

  @Test func reloadCannotIntroduceACycle() throws {
    let host = try Self.loaded()
    let cyclic = """
      (module (import "app" "run" (func (param i32) (result i32)))
        (func (export "scale") (param i32) (result i32) (local.get 0)))
      """
    let error = linkError {
      try host.reload(
        "lib", from: PluginSource(name: "lib", wat: cyclic), reloadingDependents: true)
    }
    #expect(error?.reason == .dependencyCycle(["lib", "app", "lib"]))
    #expect(try host.run("app", "run", [.i32(4)]) == [.i32(8)])
  }

  @Test func loadsFromFilesNamedByTheirStemAndReloadsTheFile() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-plugins-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let text = directory.appendingPathComponent("scaler.wat")
    try Self.lib(factor: 2).write(to: text, atomically: true, encoding: .utf8)
    let host = PluginHost()
    let plugin = try host.load(PluginSource(file: text))
    #expect(plugin.name == "scaler")
    #expect(try host.run("scaler", "scale", [.i32(3)]) == [.i32(6)])

    try Self.lib(factor: 7).write(to: text, atomically: true, encoding: .utf8)
    try host.reload("scaler")
    #expect(try host.run("scaler", "scale", [.i32(3)]) == [.i32(21)])

    let binary = directory.appendingPathComponent("empty.wasm")
    try Data([0, 0x61, 0x73, 0x6D, 1, 0, 0, 0]).write(to: binary)
    #expect(try host.load(PluginSource(file: binary)).name == "empty")
    #expect(try host.load(PluginSource(file: binary, name: "renamed")).name == "renamed")

    let other = directory.appendingPathComponent("notes.txt")
    try Data().write(to: other)
    guard
      case .unreadableFile(plugin: "notes", _, _)? = hostError({
        try host.load(PluginSource(file: other))
      })
    else { throw TestFailure("expected unreadableFile") }
    guard
      case .unreadableFile? = hostError({
        try host.load(PluginSource(file: directory.appendingPathComponent("missing.wasm")))
      })
    else { throw TestFailure("expected unreadableFile") }
  }
}

extension KeyValuePlugin {
  /// The value under `key` in a freshly looked-up plugin (after a reload).
  static func get(_ host: PluginHost, _ name: String, _ key: [UInt8]) throws -> [UInt8] {
    guard let memory = host.plugin(named: name)?.instance.exportedMemory("memory") else {
      throw TestFailure("no memory")
    }
    memory.write(key, at: 0)
    let result = try host.run(
      name, "get", [.i32(0), .i32(UInt32(key.count)), .i32(4096), .i32(256)])
    guard case .i32(let length)? = result.first, Int32(bitPattern: length) >= 0 else {
      throw TestFailure("kv.get failed: \(result)")
    }
    return memory.read(at: 4096, count: Int(length)) ?? []
  }
}
