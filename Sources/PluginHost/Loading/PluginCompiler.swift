import Foundation
import WAT
import WasmVM

/// A plugin's source turned into a validated module, ready to link.
struct CompiledPlugin {
  let source: PluginSource
  let module: ValidatedModule

  var name: String { source.name }

  /// The plugins it imports from (import module names that are not capabilities), in the
  /// order of their first import.
  var pluginDependencies: [String] {
    var seen: Set<String> = []
    return module.module.imports.map(\.module).filter {
      Capability(rawValue: $0) == nil && seen.insert($0).inserted
    }
  }
}

/// Reads, parses, decodes and validates plugin sources. Pure: touches no host state, so a
/// failure here cannot leave anything behind.
enum PluginCompiler {
  static func compile(_ source: PluginSource) throws(PluginHostError) -> CompiledPlugin {
    let bytes = try binary(of: source)
    let module: Module
    do {
      module = try Module(bytes: bytes)
    } catch {
      throw .invalidModule(plugin: source.name, message: error.description)
    }
    do {
      return CompiledPlugin(source: source, module: try module.validate())
    } catch {
      throw .invalidModule(plugin: source.name, message: error.description)
    }
  }

  private static func binary(of source: PluginSource) throws(PluginHostError) -> [UInt8] {
    switch source.code {
    case .wasm(let bytes):
      return bytes
    case .wat(let text):
      return try assemble(text, plugin: source.name)
    case .file(let url):
      let data: Data
      do {
        data = try Data(contentsOf: url)
      } catch {
        throw .unreadableFile(
          plugin: source.name, path: url.path, reason: error.localizedDescription)
      }
      switch url.pathExtension.lowercased() {
      case "wasm":
        return [UInt8](data)
      case "wat":
        return try assemble(String(decoding: data, as: UTF8.self), plugin: source.name)
      default:
        throw .unreadableFile(
          plugin: source.name, path: url.path,
          reason: "the extension must be .wasm (binary) or .wat (text)")
      }
    }
  }

  /// Text to binary, keeping the name section so that trap backtraces show function names.
  private static func assemble(_ text: String, plugin: String) throws(PluginHostError)
    -> [UInt8]
  {
    do {
      return try wat2wasm(text, options: EncodeOptions(nameSection: true))
    } catch {
      throw .invalidText(plugin: plugin, message: error.description)
    }
  }
}
