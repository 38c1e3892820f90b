import Foundation
import FuzzSupport
import WasmVM

/// Runs a module for scripts/differential.py: `wasbox-run MODULE.wasm < calls.json`.
///
/// Reads `[{"export": NAME, "args": [[TYPE, BITS], …]}, …]` from standard input, calls each
/// export in order on one instance and prints one JSON object: `{"instantiate": "ok"}` or an
/// error message, and `"calls"`, one entry per call: `{"results": [[TYPE, BITS], …]}`,
/// `{"trap": MESSAGE}` or `{"exhausted": TICKS}`. Numbers travel as decimal strings of their
/// bit patterns so that NaN payloads survive; references as `"null"` or `"ref"`.
@main
struct WasboxRun {
  static func main() {
    let arguments = CommandLine.arguments
    guard arguments.count == 2, let data = FileManager.default.contents(atPath: arguments[1])
    else {
      FileHandle.standardError.write(Data("usage: wasbox-run MODULE.wasm < calls.json\n".utf8))
      exit(2)
    }
    let input = FileHandle.standardInput.readDataToEndOfFile()
    let calls = (try? JSONSerialization.jsonObject(with: input)) as? [[String: Any]] ?? []
    emit(run(bytes: [UInt8](data), calls: calls))
  }

  static func run(bytes: [UInt8], calls: [[String: Any]]) -> [String: Any] {
    let module: ValidatedModule
    do {
      module = try Module(bytes: bytes).validate()
    } catch {
      return ["instantiate": "invalid: \(error)"]
    }
    let sandbox = Sandbox(
      limits: ResourceLimits(maxCallDepth: 10_000), sliceTicks: 10_000_000, slices: 10)
    let ready: Instantiated
    switch sandbox.instantiate(module) {
    case .success(let instantiated): ready = instantiated
    case .failure(let failure): return ["instantiate": "\(failure)"]
    }
    var outcomes: [[String: Any]] = []
    for call in calls {
      guard let name = call["export"] as? String,
        let function = ready.instance.exportedFunction(name),
        let raw = call["args"] as? [[String]]
      else {
        outcomes.append(["error": "bad call \(call)"])
        continue
      }
      let arguments = raw.compactMap(decode)
      switch sandbox.call(function, in: ready.store, arguments: arguments) {
      case .values(let values, _): outcomes.append(["results": values.map(encode)])
      case .trap(let kind, _): outcomes.append(["trap": kind.message])
      case .exhausted(let ticks): outcomes.append(["exhausted": ticks])
      case .invalidCall(let message): outcomes.append(["error": message])
      }
    }
    return ["instantiate": "ok", "calls": outcomes, "state": state(of: ready.instance, module)]
  }

  /// Exported globals' values and exported memories' sizes and CRC-32s after the calls.
  static func state(of instance: Instance, _ module: ValidatedModule) -> [String: Any] {
    var state: [String: Any] = [:]
    for export in module.module.exports {
      switch export.descriptor {
      case .global:
        if let global = instance.exportedGlobal(export.name) {
          state["global " + export.name] = encode(global.value)
        }
      case .memory:
        if let memory = instance.exportedMemory(export.name) {
          let bytes = memory.read(at: 0, count: memory.byteCount) ?? []
          state["memory " + export.name] = [String(memory.byteCount), String(crc32(bytes))]
        }
      default:
        continue
      }
    }
    return state
  }

  /// CRC-32 (IEEE), as Python's `zlib.crc32` computes it.
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var table = [UInt32](repeating: 0, count: 256)
    for index in 0..<256 {
      var entry = UInt32(index)
      for _ in 0..<8 { entry = entry & 1 == 1 ? 0xEDB8_8320 ^ (entry >> 1) : entry >> 1 }
      table[index] = entry
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }

  static func decode(_ pair: [String]) -> Value? {
    guard pair.count == 2 else { return nil }
    let bits = UInt64(pair[1]) ?? 0
    switch pair[0] {
    case "i32": return .i32(UInt32(truncatingIfNeeded: bits))
    case "i64": return .i64(bits)
    case "f32": return .f32(UInt32(truncatingIfNeeded: bits))
    case "f64": return .f64(bits)
    case "funcref": return .funcref(nil)
    case "externref": return pair[1] == "null" ? .externref(nil) : .externref(UInt32(bits))
    case "v128":
      // `LOW:HIGH`, the two little-endian halves in decimal, as `encode` writes them.
      let halves = pair[1].split(separator: ":").compactMap { UInt64($0) }
      return halves.count == 2 ? .v128(V128(low: halves[0], high: halves[1])) : nil
    default: return nil
    }
  }

  static func encode(_ value: Value) -> [String] {
    switch value {
    case .i32(let bits): ["i32", "\(bits)"]
    case .i64(let bits): ["i64", "\(bits)"]
    case .f32(let bits): ["f32", "\(bits)"]
    case .f64(let bits): ["f64", "\(bits)"]
    case .funcref(let address): ["funcref", address == nil ? "null" : "ref"]
    case .externref(let host): ["externref", host.map { "\($0)" } ?? "null"]
    case .v128(let vector): ["v128", "\(vector.low):\(vector.high)"]
    }
  }

  static func emit(_ object: [String: Any]) {
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
      ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
  }
}
