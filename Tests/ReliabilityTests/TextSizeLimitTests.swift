import Foundation
import PluginHost
import Testing
import WasmVM

/// `.wat` text is bounded before WAT parses it (``PluginSource/maxTextBytes(_:)``, four times
/// `maxModuleBytes`), and a plugin file is read no further than its limit: a text of any size
/// went to the parser before, and a file was read whole, however large (a `.wasm` link to
/// `/dev/zero` never finished loading).
@Suite struct TextSizeLimitTests {
  static let module = "(module (func (export \"one\") (result i32) (i32.const 1)))"

  /// `module` padded with a comment to exactly `count` bytes.
  static func text(bytes count: Int) -> String {
    let padding = count - module.utf8.count - 4
    return module + "\n;; " + String(repeating: "x", count: padding)
  }

  static func host(maxModuleBytes: Int) -> PluginHost {
    var configuration = PluginHost.Configuration()
    configuration.resourceLimits.maxModuleBytes = maxModuleBytes
    return PluginHost(configuration: configuration)
  }

  static func limitError(_ body: () throws -> Void) -> PluginHostError? {
    do {
      try body()
      return nil
    } catch let error as PluginHostError {
      guard case .limitExceeded(_, .moduleBytes, _) = error else { return nil }
      return error
    } catch {
      return nil
    }
  }

  @Test func textOverTheLimitIsRefusedBeforeItIsParsed() throws {
    #expect(PluginSource.maxTextBytes(ResourceLimits()) == 16 << 20)
    #expect(PluginSource.maxTextBytes(ResourceLimits(maxModuleBytes: 1_000)) == 4_000)
    #expect(PluginSource.maxTextBytes(ResourceLimits(maxModuleBytes: .max)) == .max)
    let host = Self.host(maxModuleBytes: 1_000)
    try host.load(PluginSource(name: "fits", wat: Self.text(bytes: 4_000)))
    let error = Self.limitError {
      try host.load(PluginSource(name: "long", wat: Self.text(bytes: 4_001)))
    }
    #expect(
      error?.description
        == "plugin \"long\" could not be loaded: text of 4001 bytes is more than the 4000 bytes "
        + "a .wat plugin may hold (4 times maxModuleBytes); raise "
        + "Configuration.resourceLimits.maxModuleBytes")
  }

  @Test func filesAreReadNoFurtherThanTheirLimit() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("text-size-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let host = Self.host(maxModuleBytes: 1_000)

    let fits = folder.appendingPathComponent("fits.wat")
    try Self.text(bytes: 4_000).write(to: fits, atomically: true, encoding: .utf8)
    try host.load(PluginSource(file: fits))
    let long = folder.appendingPathComponent("long.wat")
    try Self.text(bytes: 4_001).write(to: long, atomically: true, encoding: .utf8)
    let text = Self.limitError { try host.load(PluginSource(file: long)) }
    #expect(text?.description.contains("holds more than the 4000 bytes of text") == true)

    let binary = folder.appendingPathComponent("big.wasm")
    try Data(count: 1_001).write(to: binary)
    let big = Self.limitError { try host.load(PluginSource(file: binary)) }
    #expect(big?.description.contains("holds more than the 1000 bytes a module may hold") == true)

    // A device that never ends: read up to the limit, then refused.
    let zero = folder.appendingPathComponent("zero.wasm")
    try FileManager.default.createSymbolicLink(
      at: zero, withDestinationURL: URL(fileURLWithPath: "/dev/zero"))
    let endless = Self.limitError { try host.load(PluginSource(file: zero)) }
    #expect(endless?.description.contains("zero.wasm holds more than the 1000 bytes") == true)
  }
}
