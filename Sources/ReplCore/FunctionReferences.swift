import PluginHost
import WasmVM

/// How the REPL shows values that refer to functions: by plugin and name, never by the store
/// address a `funcref` carries, which means nothing to the user.
extension ReplSession {
  /// `value` as results, globals and table elements show it; guest names are escaped.
  func describe(_ value: Value) -> String {
    guard case .funcref(let address?) = value else { return ValueFormatting.format(value) }
    return GuestText.escape("funcref " + functionName(address: address))
  }

  /// `PLUGIN.EXPORT (function INDEX)` for the function at store `address`, or
  /// `PLUGIN.$NAME` from the name section, or `PLUGIN.func[INDEX]`; the first plugin in load
  /// order that has it wins, which is the one that defines it when others import it.
  func functionName(address: Int) -> String {
    for plugin in host.plugins {
      var index: UInt32 = 0
      while let function = plugin.instance.function(at: index) {
        defer { index += 1 }
        guard function.address == address else { continue }
        let exported = plugin.instance.exports.compactMap { name, value in
          if case .function(let candidate) = value, candidate == function { return name }
          return nil
        }.sorted().first
        let name =
          exported ?? plugin.instance.functionNames[index].map { "$" + $0 } ?? "func[\(index)]"
        return "\(plugin.name).\(name) (function \(index))"
      }
    }
    return "(a function of no loaded plugin)"
  }
}
