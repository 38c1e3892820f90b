import Foundation
import WasmVM

/// Edits a host snapshot's JSON manifest and seals the bytes again, as an attacker can: the
/// checksum is a public digest, not a signature. The layout is `docs/snapshot-format.md`'s:
/// magic and version (12 bytes), the manifest's length (8) and JSON, the rest, the checksum (8).
public enum CraftedSnapshot {
  public struct NotASnapshot: Error {}

  public static func editing(_ bytes: [UInt8], _ edit: (inout [String: Any]) -> Void) throws
    -> [UInt8]
  {
    guard bytes.count >= 28 else { throw NotASnapshot() }
    var length = 0
    for i in 0..<8 { length |= Int(bytes[12 + i]) << (8 * i) }
    guard length >= 0, 20 + length <= bytes.count - 8 else { throw NotASnapshot() }
    guard
      var manifest = try JSONSerialization.jsonObject(with: Data(bytes[20..<20 + length]))
        as? [String: Any]
    else { throw NotASnapshot() }
    edit(&manifest)
    let json = [UInt8](try JSONSerialization.data(withJSONObject: manifest))
    var crafted = Array(bytes[0..<12])
    for i in 0..<8 { crafted.append(UInt8(truncatingIfNeeded: json.count >> (8 * i))) }
    crafted += json
    crafted += bytes[(20 + length)..<(bytes.count - 8)]
    return Fingerprint.sealing(crafted)
  }

  public static func editPlugins(
    _ manifest: inout [String: Any], _ edit: (inout [[String: Any]]) -> Void
  ) {
    var plugins = manifest["plugins"] as? [[String: Any]] ?? []
    edit(&plugins)
    manifest["plugins"] = plugins
  }

  public static func editCalls(
    _ manifest: inout [String: Any], _ edit: (inout [[String: Any]]) -> Void
  ) {
    var calls = manifest["pausedCalls"] as? [[String: Any]] ?? []
    edit(&calls)
    manifest["pausedCalls"] = calls
  }
}
