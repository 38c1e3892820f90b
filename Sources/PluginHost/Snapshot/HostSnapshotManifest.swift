import Foundation
import WasmVM

/// The host's part of a snapshot, beside the WasmVM store snapshot: plugins and how they were
/// loaded, paused calls with their ids, and the `kv` data (entries, or the SQLite file that
/// holds them). None of it is trusted on restore: `PluginHost.init(restoring:configuration:)`
/// checks every field against the restored modules and the restoring host's configuration
/// (`docs/snapshot-format.md` lists each check).
struct HostSnapshotManifest: Codable {
  struct PluginRecord: Codable {
    var name: String
    /// The file it was loaded from, so that `reload` reads it again; `nil` for bytes or text.
    var file: String?
    var capabilities: [String]
    /// maxKeyBytes, maxValueBytes, maxBytesPerPlugin, maxKeysPerPlugin; `nil`: the host's.
    var keyValueLimits: [Int]?
    /// Index of its instance in the store, in creation order.
    var instance: Int
    /// The plugins it may import from (``LinkGrant``): these names, or any plugin when
    /// `linksAnyPlugin`; absent fields grant none.
    var links: [String]?
    var linksAnyPlugin: Bool?
  }

  struct PausedCallRecord: Codable {
    var id: UInt64
    var plugin: String
    var export: String
    /// Each argument as its value type's binary code and its slot.
    var arguments: [[UInt64]]
    var pausedAt: Double
    /// The call's input and the output it wrote so far (hex), absent when empty.
    var input: String?
    var output: String?
    /// For a call sleeping in `clock.sleep`: the milliseconds it asked for and the nanoseconds
    /// still to sleep when saved (`[ms, left]`).
    var sleep: [UInt64]?
    /// For a call running (in flight) when saved: the budget it had left.
    var runningBudget: UInt64?
    /// For a call a debugger stopped: why (``PausedCall/stop``), and the budget it had left
    /// (``PausedCall/budgetLeft``). Absent in snapshots from before stepping.
    var stop: StopRecord?
    var budgetLeft: UInt64?
  }

  /// A ``CallStop``: `stepped`, or the breakpoint's fields.
  struct StopRecord: Codable {
    var stepped: Bool?
    var breakpoint: HostBreakpoint?
    var watchpoint: WatchpointHit?
  }

  enum KeyValueRecord: Codable {
    /// The entries of each namespace (hex key → hex value), for a store held in memory.
    case entries([String: [String: String]])
    /// The SQLite database the data lives in.
    case sqlite(path: String)
  }

  var plugins: [PluginRecord]
  /// Fingerprints (hex) of the module bytes that follow the manifest, in order.
  var modules: [String]
  var pausedCalls: [PausedCallRecord]
  var lastCallID: UInt64
  var keyValue: KeyValueRecord
}

extension Value {
  /// The value as `[type code, payload]`, a null reference's payload 0, another's its number + 1;
  /// a `v128` as `[type code, low half, high half]`.
  var savedForm: [UInt64] {
    switch self {
    case .i32(let bits): [UInt64(type.binaryCode), UInt64(bits)]
    case .i64(let bits): [UInt64(type.binaryCode), bits]
    case .f32(let bits): [UInt64(type.binaryCode), UInt64(bits)]
    case .f64(let bits): [UInt64(type.binaryCode), bits]
    case .funcref(let address):
      [UInt64(type.binaryCode), address.map { UInt64(clamping: $0) + 1 } ?? 0]
    case .externref(let value): [UInt64(type.binaryCode), value.map { UInt64($0) + 1 } ?? 0]
    case .v128(let vector): [UInt64(type.binaryCode), vector.low, vector.high]
    }
  }

  /// The value ``savedForm`` describes, if it describes one.
  init?(savedForm form: [UInt64]) {
    guard form.count >= 2, let code = UInt8(exactly: form[0]),
      let type = ValueType(binaryCode: code), form.count == (type == .v128 ? 3 : 2)
    else { return nil }
    let payload = form[1]
    switch type {
    case .v128: self = .v128(V128(low: payload, high: form[2]))
    case .i32, .f32:
      guard let bits = UInt32(exactly: payload) else { return nil }
      self = type == .i32 ? .i32(bits) : .f32(bits)
    case .i64: self = .i64(payload)
    case .f64: self = .f64(payload)
    case .funcref:
      guard payload <= UInt64(Int.max) else { return nil }
      self = .funcref(payload == 0 ? nil : Int(payload - 1))
    case .externref:
      guard payload <= UInt64(UInt32.max) + 1 else { return nil }
      self = .externref(payload == 0 ? nil : UInt32(payload - 1))
    }
  }
}

extension HostSnapshotManifest.StopRecord {
  init(_ stop: CallStop) {
    switch stop {
    case .stepped: self.init(stepped: true)
    case .breakpoint(let breakpoint): self.init(breakpoint: breakpoint)
    case .watchpoint(let hit): self.init(watchpoint: hit)
    }
  }

  /// The stop it records, or `nil` for a record that names none (only a crafted one).
  var stop: CallStop? {
    breakpoint.map(CallStop.breakpoint) ?? watchpoint.map(CallStop.watchpoint)
      ?? (stepped == true ? .stepped : nil)
  }
}
