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
    let bytes = try source.moduleBytes(limits: limits)
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
  /// The most bytes of text a `.wat` plugin may hold under `limits`: four times the bytes of
  /// a module (``WasmVM/ResourceLimits/maxModuleBytes``), 16 MiB by default. Checked before
  /// WAT parses any: its parser holds the whole module's syntax at once, so the text it is
  /// given is what bounds what it allocates.
  public static func maxTextBytes(_ limits: ResourceLimits) -> Int {
    limits.maxModuleBytes.multipliedReportingOverflow(by: 4).overflow
      ? Int.max : limits.maxModuleBytes * 4
  }

  /// The binary module: the bytes given, the text assembled, or the file read (and assembled
  /// when it is text). A `.wat` file that starts with the binary magic `\0asm` is taken as
  /// binary. A file is read no further than `limits` allow (its module's bytes, or the text
  /// of ``maxTextBytes(_:)``), so a huge file or a device that never ends is refused after
  /// that many bytes; text longer than that is refused before it is parsed.
  /// - Throws: ``PluginHostError/limitExceeded(plugin:limit:message:)`` (`.moduleBytes`)
  ///   for a file or text over those limits, `unreadableFile` or `invalidText`.
  public func moduleBytes(limits: ResourceLimits = ResourceLimits()) throws(PluginHostError)
    -> [UInt8]
  {
    let textLimit = Self.maxTextBytes(limits)
    switch code {
    case .wasm(let bytes):
      return bytes
    case .wat(let text):
      return try Self.assemble(text, plugin: name, file: nil, limit: textLimit)
    case .file(let url):
      let isText = url.pathExtension.lowercased() == "wat"
      let limit = isText ? max(textLimit, limits.maxModuleBytes) : limits.maxModuleBytes
      let data: Data
      do {
        data = try Self.read(url, upTo: limit)
      } catch {
        var isDirectory: ObjCBool = false
        let directory =
          FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
          && isDirectory.boolValue
        throw .unreadableFile(
          plugin: name, path: url.path,
          reason: directory ? "it is a directory" : error.localizedDescription)
      }
      guard data.count <= limit else {
        throw .limitExceeded(
          plugin: name, limit: .moduleBytes,
          message: "\(url.path) holds more than the \(limit) bytes "
            + (isText
              ? "of text a .wat plugin may hold (4 times maxModuleBytes)" : "a module may hold"))
      }
      switch url.pathExtension.lowercased() {
      case "wasm":
        return [UInt8](data)
      case "wat":
        if data.starts(with: [0x00, 0x61, 0x73, 0x6D]) { return [UInt8](data) }
        return try Self.assemble(
          String(decoding: data, as: UTF8.self), plugin: name, file: url.path, limit: textLimit)
      default:
        throw .unreadableFile(
          plugin: name, path: url.path,
          reason: "the extension must be .wasm (binary) or .wat (text)")
      }
    }
  }

  /// At most `limit` + 1 bytes of the file at `url`: enough to tell that it holds more.
  private static func read(_ url: URL, upTo limit: Int) throws -> Data {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    return try handle.read(upToCount: limit == Int.max ? limit : limit + 1) ?? Data()
  }

  /// Text to binary, keeping the name section so that trap backtraces show function names.
  /// Text longer than `limit` bytes, or nested deeper than ``TextNesting/maxDepth``, is
  /// refused before the parser sees it (it would allocate in proportion to the text, and
  /// overflow the stack on deep nesting).
  private static func assemble(_ text: String, plugin: String, file: String?, limit: Int)
    throws(PluginHostError) -> [UInt8]
  {
    guard text.utf8.count <= limit else {
      throw .limitExceeded(
        plugin: plugin, limit: .moduleBytes,
        message: "text of \(text.utf8.count) bytes is more than the \(limit) bytes a .wat "
          + "plugin may hold (4 times maxModuleBytes)")
    }
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
