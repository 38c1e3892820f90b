import Foundation
import PluginHost
import WasmVM

/// What a plugin imports, read from its source when it is (re)loaded.
///
/// PluginHost exposes a plugin's dependencies but not its import list, so the REPL decodes the
/// same source once more, only to show it; linking stays entirely PluginHost's business.
struct PluginImport: Equatable {
  var module: String
  var field: String
  var kind: String

  var isCapability: Bool { Capability(rawValue: module) != nil }
}

enum ImportListing {
  static func imports(of source: PluginSource) -> [PluginImport] {
    guard let bytes = try? source.moduleBytes(), let module = try? Module(bytes: bytes) else {
      return []
    }
    return module.imports.map { entry in
      let kind: String
      switch entry.descriptor {
      case .function: kind = "func"
      case .memory: kind = "memory"
      case .table: kind = "table"
      case .global: kind = "global"
      }
      return PluginImport(module: entry.module, field: entry.name, kind: kind)
    }
  }
}
