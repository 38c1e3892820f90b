import Logging
import WasmVM

/// Everything a host import needs to act on behalf of one plugin. Each plugin gets its own, so
/// a host import always logs under, and stores into the namespace of, the plugin that imported
/// it.
final class HostImportContext {
  let plugin: String
  let logger: Logger
  let clock: any HostClock
  /// What `clock.sleep` waits on: real time, or ``clock`` when it is a ``VirtualClock``.
  let sleepTimeline: SleepTimeline
  let keyValueStore: any KeyValueStore
  let keyValueLimits: KeyValueLimits
  /// Ticks charged per byte a host import moves (``PluginHost/Configuration/hostTicksPerByte``).
  let ticksPerByte: UInt64
  /// The longest `clock.sleep` allowed (``PluginHost/Configuration/maxSleepMilliseconds``).
  let maxSleepMilliseconds: UInt64
  /// The buffers of the call in progress, for the `io` capability.
  let currentCall: CurrentCallIO
  /// Held while the host runs a slice, for `async` capability bodies' memory accesses.
  var sliceLock: SliceLock { currentCall.sliceLock }
  /// The plugin's instance, set as soon as instantiation returns (before its start function
  /// runs, so host imports work from there too).
  var instance: Instance?

  init(
    plugin: String, logger: Logger, clock: any HostClock, keyValueStore: any KeyValueStore,
    keyValueLimits: KeyValueLimits, ticksPerByte: UInt64, maxSleepMilliseconds: UInt64,
    currentCall: CurrentCallIO
  ) {
    self.currentCall = currentCall
    self.plugin = plugin
    var logger = logger
    logger[metadataKey: "plugin"] = "\(plugin)"
    self.logger = logger
    self.clock = clock
    self.sleepTimeline = SleepTimeline(clock)
    self.keyValueStore = keyValueStore
    self.keyValueLimits = keyValueLimits
    self.ticksPerByte = ticksPerByte
    self.maxSleepMilliseconds = maxSleepMilliseconds
  }

  /// The plugin's memory (its first, defined or imported), through which strings and buffers
  /// pass. The host takes it from the instance itself, so a plugin need not export its memory
  /// (to every other plugin) to use a capability.
  func memory(in function: String) throws(Trap) -> Memory {
    guard let memory = instance?.memory(at: 0) else {
      throw Trap(.host("host call \(function): plugin \"\(plugin)\" has no memory"))
    }
    // ``GuestMemory`` takes 32-bit pointers; the built-ins refuse a memory64 plugin at link
    // time, an app's function finds out here.
    guard memory.type.addressType == .i32 else {
      throw Trap(
        .host(
          "host call \(function): plugin \"\(plugin)\" has a 64-bit memory (memory64), "
            + "which capabilities do not address"))
    }
    return memory
  }
}

/// Typed access to a host import's arguments. WasmVM checks arguments against the import's
/// type before the call, so a mismatch here means a broken invariant; it still traps rather
/// than crash.
extension Array where Element == Value {
  func i32(_ index: Int, in function: String) throws(Trap) -> UInt32 {
    guard index < count, case .i32(let value) = self[index] else {
      throw Trap(.host("host call \(function): argument \(index) is not an i32"))
    }
    return value
  }
}
