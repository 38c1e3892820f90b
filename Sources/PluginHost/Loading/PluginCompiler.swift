import Foundation
import TextNesting
import WAT
import WasmVM

/// A plugin's source turned into a validated module, ready to link.
struct CompiledPlugin {
  let source: PluginSource
  let module: ValidatedModule
  /// The binary the module was decoded from, which a snapshot keeps.
  let bytes: [UInt8]

  var name: String { source.name }

  /// The plugins it imports from (import module names that are not capabilities), in the
  /// order of their first import.
  func pluginDependencies(_ capabilities: CapabilityTable) -> [String] {
    var seen: Set<String> = []
    return module.module.imports.map(\.module).filter {
      !capabilities.isCapability($0) && seen.insert($0).inserted
    }
  }
}

/// Reads, parses, decodes and validates plugin sources. Pure: touches no host state, so a
/// failure here cannot leave anything behind.
enum PluginCompiler {
  /// - Throws: ``PluginHostError/limitExceeded(plugin:limit:message:)`` for a module larger
  ///   than `limits` allow (its bytes, a function body, its functions), before what it declares
  ///   is allocated; otherwise `invalidText`, `invalidModule` or `unreadableFile`.
  static func compile(_ source: PluginSource, limits: ResourceLimits) throws(PluginHostError)
    -> CompiledPlugin
  {
    let bytes = try source.moduleBytes()
    let module: Module
    do {
      module = try Module(bytes: bytes, limits: limits)
    } catch {
      if let limit = error.limit {
        throw .limitExceeded(
          plugin: source.name, limit: PluginHost.Limit(limit), message: error.description)
      }
      throw .invalidModule(plugin: source.name, error: .malformed(error))
    }
    do {
      return CompiledPlugin(source: source, module: try module.validate(), bytes: bytes)
    } catch {
      throw .invalidModule(plugin: source.name, error: .invalid(error))
    }
  }
}

extension PluginSource {
  /// The binary module: the bytes given, the text assembled, or the file read (and assembled
  /// when it is text). A `.wat` file that starts with the binary magic `\0asm` is taken as
  /// binary.
  public func moduleBytes() throws(PluginHostError) -> [UInt8] {
    switch code {
    case .wasm(let bytes):
      return bytes
    case .wat(let text):
      return try Self.assemble(text, plugin: name, file: nil)
    case .file(let url):
      let data: Data
      do {
        data = try Data(contentsOf: url)
      } catch {
        var isDirectory: ObjCBool = false
        let directory =
          FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
          && isDirectory.boolValue
        throw .unreadableFile(
          plugin: name, path: url.path,
          reason: directory ? "it is a directory" : error.localizedDescription)
      }
      switch url.pathExtension.lowercased() {
      case "wasm":
        return [UInt8](data)
      case "wat":
        if data.starts(with: [0x00, 0x61, 0x73, 0x6D]) { return [UInt8](data) }
        return try Self.assemble(
          String(decoding: data, as: UTF8.self), plugin: name, file: url.path)
      default:
        throw .unreadableFile(
          plugin: name, path: url.path,
          reason: "the extension must be .wasm (binary) or .wat (text)")
      }
    }
  }

  /// Text to binary, keeping the name section so that trap backtraces show function names.
  /// Text nested deeper than ``TextNesting/maxDepth`` is refused before the parser, which
  /// would overflow the stack on it, sees it.
  private static func assemble(_ text: String, plugin: String, file: String?)
    throws(PluginHostError) -> [UInt8]
  {
    if let deep = TextNesting.violation(in: text) {
      throw .invalidText(
        plugin: plugin,
        error: TextSyntaxError(
          file: file, line: deep.line, column: deep.column, message: deep.message))
    }
    do {
      return try wat2wasm(text, options: EncodeOptions(nameSection: true))
    } catch {
      throw .invalidText(plugin: plugin, error: TextSyntaxError(error, file: file))
    }
  }
}
