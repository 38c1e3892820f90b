import WasmVM

/// A watchpoint set with ``PluginHost/setWatchpoint(plugin:offset:length:)``: bytes of a
/// plugin's memory (its memory 0), named by plugin and offset so that it survives reloading
/// the plugin (it then watches the new instance's memory).
public struct HostWatchpoint: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Its number, shared with breakpoints: never reused.
  public var number: Int
  /// The plugin whose memory it watches.
  public var plugin: String
  /// The first byte watched.
  public var offset: Int
  /// How many bytes are watched.
  public var length: Int

  /// `2 calc[0x100, 4 bytes]`. Guest-controlled text (the plugin name): a terminal front
  /// end escapes it.
  public var description: String {
    "\(number) \(plugin)[0x\(String(offset, radix: 16)), \(length) bytes]"
  }
}

/// A call stopped because a watchpoint's bytes changed: which one, and what they held before
/// and after the instruction (or host call) that changed them.
public struct WatchpointHit: Hashable, Sendable, Codable {
  /// The watchpoint.
  public var watchpoint: HostWatchpoint
  /// The bytes before.
  public var old: [UInt8]
  /// The bytes after.
  public var new: [UInt8]

  /// The bytes as hex, before and after: `00 00 → 07 00`.
  public var change: String {
    func hex(_ bytes: [UInt8]) -> String {
      bytes.isEmpty
        ? "(outside memory)"
        : bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }
    return "\(hex(old)) → \(hex(new))"
  }

  /// A hit of `watchpoint`, its bytes changed from `old` to `new`.
  public init(watchpoint: HostWatchpoint, old: [UInt8], new: [UInt8]) {
    self.watchpoint = watchpoint
    self.old = old
    self.new = new
  }
}

/// Watchpoints: the WasmVM API (``Execution/debugRun(ticks:breakpoints:step:watchpoints:)``)
/// with plugin names. A call runs under the debugger while any is set, each store or bulk
/// memory operation as the last instruction of its slice, and pauses right after the one that
/// changes watched bytes (``CallStop/watchpoint(_:)``); ticks are an ordinary run's.
extension PluginHost {
  /// The most bytes one watchpoint covers.
  public static let maxWatchLength = 4096

  /// The watchpoints set, oldest first.
  public var watchpoints: [HostWatchpoint] { watchpointList }

  /// Watches the `length` bytes at `offset` of `plugin`'s memory.
  /// - Returns: the watchpoint, numbered with the breakpoints.
  /// - Throws: ``PluginHostError/unknownPlugin(_:)``, ``PluginHostError/noMemory(plugin:)``,
  ///   ``PluginHostError/badWatchRange(plugin:offset:length:memoryBytes:)`` for a length
  ///   outside `1...maxWatchLength` or a range not inside the memory.
  @discardableResult
  public func setWatchpoint(plugin: String, offset: Int, length: Int = 4)
    throws(PluginHostError) -> HostWatchpoint
  {
    guard let loaded = loaded[plugin] else { throw .unknownPlugin(plugin) }
    guard let memory = loaded.instance.memory(at: 0) else { throw .noMemory(plugin: plugin) }
    guard length >= 1, length <= Self.maxWatchLength, memory.contains(offset: offset, count: length)
    else {
      throw .badWatchRange(
        plugin: plugin, offset: offset, length: length, memoryBytes: memory.byteCount)
    }
    lastBreakpointNumber += 1
    let watchpoint = HostWatchpoint(
      number: lastBreakpointNumber, plugin: plugin, offset: offset, length: length)
    watchpointList.append(watchpoint)
    return watchpoint
  }

  /// The watchpoints set, as WasmVM watchpoints on the memories of the plugins loaded now.
  func activeWatchpoints() -> [(Watchpoint, HostWatchpoint)] {
    watchpointList.compactMap { watchpoint in
      loaded[watchpoint.plugin]?.instance.memory(at: 0).map {
        (Watchpoint(memory: $0, offset: watchpoint.offset, length: watchpoint.length), watchpoint)
      }
    }
  }
}
