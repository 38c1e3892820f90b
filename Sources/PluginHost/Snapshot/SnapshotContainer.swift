import Foundation
import WasmVM

/// The byte layout of a host snapshot: magic `\0wbxhost`, a 4-byte version, the manifest (JSON,
/// length-prefixed), each module's bytes (length-prefixed, in the manifest's order), WasmVM's
/// store snapshot (length-prefixed), then a checksum of everything before it. Lengths and the
/// checksum are little-endian 8-byte words.
enum SnapshotContainer {
  /// Checks and splits a host snapshot; every length is checked against what is there.
  static func open(_ bytes: [UInt8]) throws(PluginHostError)
    -> (HostSnapshotManifest, [Fingerprint: [UInt8]], [UInt8])
  {
    func fail(_ kind: SnapshotError.Kind, _ message: String) -> PluginHostError {
      .snapshot(SnapshotError(kind, message))
    }
    let magic = PluginHost.snapshotMagic
    guard bytes.count >= magic.count + 4 + 8 + 8, Array(bytes.prefix(magic.count)) == magic else {
      throw fail(.malformed, "not a wasbox host snapshot")
    }
    var position = magic.count
    func word(_ size: Int = 8) throws(PluginHostError) -> UInt64 {
      guard bytes.count - 8 - position >= size else {
        throw fail(.malformed, "unexpected end of snapshot")
      }
      var value: UInt64 = 0
      for i in 0..<size { value |= UInt64(bytes[position + i]) << UInt64(i * 8) }
      position += size
      return value
    }
    func chunk() throws(PluginHostError) -> [UInt8] {
      let length = try word()
      guard length <= UInt64(bytes.count - 8 - position) else {
        throw fail(.malformed, "a length runs past the end of the snapshot")
      }
      defer { position += Int(length) }
      return Array(bytes[position..<position + Int(length)])
    }
    let version = try word(4)
    guard version == UInt64(PluginHost.snapshotVersion) else {
      throw fail(
        .unsupportedVersion,
        "host snapshot version \(version); this wasbox reads version \(PluginHost.snapshotVersion)")
    }
    let end = bytes.count - 8
    guard Fingerprint.isSealed(bytes) else {
      throw fail(.checksumMismatch, "checksum mismatch: the file is damaged or was changed")
    }
    let manifest: HostSnapshotManifest
    do {
      manifest = try JSONDecoder().decode(HostSnapshotManifest.self, from: Data(try chunk()))
    } catch let error as PluginHostError {
      throw error
    } catch {
      throw fail(.malformed, "the host manifest is not readable: \(error)")
    }
    var modules: [Fingerprint: [UInt8]] = [:]
    for expected in manifest.modules {
      let module = try chunk()
      let fingerprint = Fingerprint(of: module)
      guard fingerprint.description == expected else {
        throw fail(.mismatch, "module \(expected) does not match its bytes")
      }
      modules[fingerprint] = module
    }
    let vm = try chunk()
    guard position == end else { throw fail(.malformed, "unexpected bytes after the snapshot") }
    return (manifest, modules, vm)
  }
}

/// Lower-case hexadecimal text for bytes, as the manifest stores `kv` keys and values.
enum Hex {
  static func encode(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  static func decode(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var i = 0
    while i < digits.count {
      guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
      bytes.append(high << 4 | low)
      i += 2
    }
    return bytes
  }

  private static func value(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    default: nil
    }
  }
}
