import Foundation
import PluginHost
import Testing

/// Plugin files: text errors carry their file and position as fields, a `.wat` file holding a
/// binary module loads as binary, a directory is an unreadable file.
@Suite struct SourceFileTests {
  /// Writes `data` to a fresh temporary directory as `name`.
  static func file(_ name: String, _ data: Data) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-source-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try data.write(to: url)
    return url
  }

  @Test func textErrorsNameFileLineAndColumn() throws {
    let text = "(module\n  (func (result i32)\n    (i32.addd (i32.const 2))))\n"
    let file = try Self.file("syntax.wat", Data(text.utf8))
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    let error = try #require(hostError { try PluginHost().load(PluginSource(file: file)) })
    guard case .invalidText(plugin: "syntax", let syntax) = error else {
      Issue.record("expected invalidText, got \(error)")
      return
    }
    #expect(
      syntax
        == TextSyntaxError(
          file: file.path, line: 3, column: 14, message: "unknown instruction i32.addd"))
    #expect(
      error.description
        == "plugin \"syntax\" is not valid WebAssembly text: \(file.path):3:14: unknown "
        + "instruction i32.addd")
  }

  @Test func binaryModuleInAWatFileLoadsAsBinary() throws {
    // (module (func (export "f") (result i32) (i32.const 55)))
    let bytes: [UInt8] = [
      0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,
      0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0A, 0x06, 0x01, 0x04,
      0x00, 0x41, 0x37, 0x0B,
    ]
    let file = try Self.file("binary.wat", Data(bytes))
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    let host = PluginHost()
    try host.load(PluginSource(file: file))
    let outcome = try host.call("binary", "f", [], budget: 100)
    guard case .completed(let values, _) = outcome else {
      Issue.record("f did not complete: \(outcome)")
      return
    }
    #expect(values == [.i32(55)])
  }

  @Test func aDirectoryIsAnUnreadableFile() throws {
    let file = try Self.file("x.wat", Data())
    let directory = file.deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: directory) }
    let error = hostError { try PluginHost().load(PluginSource(file: directory, name: "d")) }
    #expect(
      error?.description == "cannot load plugin \"d\" from \(directory.path): it is a directory")
  }
}
