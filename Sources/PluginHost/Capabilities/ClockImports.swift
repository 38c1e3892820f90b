import WasmVM

/// The `clock` capability: `clock.wall_ms() -> i64` (milliseconds since the Unix epoch),
/// `clock.monotonic_ns() -> i64` (nanoseconds from an arbitrary origin, never decreasing),
/// both read from the host's injectable ``HostClock``, and `clock.sleep(ms: i64)`, which
/// suspends the call for `ms` milliseconds of real time, or of the host's ``VirtualClock``
/// (see ``HostWait``).
enum ClockImports {
  static let capability = HostCapability(
    Capability.clock.moduleName,
    functions: [
      HostCapability.Function("wall_ms") { (call: CapabilityCall) -> Int64 in
        call.context.clock.wallClockMilliseconds()
      },
      HostCapability.Function("monotonic_ns") { (call: CapabilityCall) -> UInt64 in
        call.context.clock.monotonicNanoseconds()
      },
      HostCapability.Function(
        name: "sleep", type: FuncType(parameters: [.i64], results: []), cost: .free,
        kind: .wait { call, arguments throws(Trap) in
          guard case .i64(let milliseconds)? = arguments.first else {
            throw Trap(.host("host call clock.sleep: argument 0 is not an i64"))
          }
          let limit = call.context.maxSleepMilliseconds
          guard milliseconds <= limit else {
            throw Trap(
              .host(
                "host call clock.sleep: \(milliseconds) ms (read as unsigned) is longer than "
                  + "this host allows (\(limit) ms; raise Configuration.maxSleepMilliseconds)"))
          }
          let timeline = call.context.sleepTimeline
          return .sleep(
            until: timeline.deadline(afterMilliseconds: milliseconds), milliseconds: milliseconds,
            on: timeline)
        }),
    ])
}
