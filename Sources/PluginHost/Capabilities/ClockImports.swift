import WasmVM

/// The `clock` capability: `clock.wall_ms() -> i64` (milliseconds since the Unix epoch),
/// `clock.monotonic_ns() -> i64` (nanoseconds from an arbitrary origin, never decreasing),
/// both read from the host's injectable ``HostClock``, and `clock.sleep(ms: i64)`, which
/// suspends the call for `ms` milliseconds of real time (see ``HostWait``).
enum ClockImports {
  static let all: [HostImport] = [
    HostImport(
      capability: .clock, name: "wall_ms", type: FuncType(parameters: [], results: [.i64]),
      body: { context in
        { _, _ throws(Trap) in
          [.i64(UInt64(bitPattern: context.clock.wallClockMilliseconds()))]
        }
      }),
    HostImport(
      capability: .clock, name: "monotonic_ns", type: FuncType(parameters: [], results: [.i64]),
      body: { context in
        { _, _ throws(Trap) in
          [.i64(context.clock.monotonicNanoseconds())]
        }
      }),
    HostImport(
      capability: .clock, name: "sleep", type: FuncType(parameters: [.i64], results: []),
      wait: { context, arguments throws(Trap) in
        guard case .i64(let milliseconds)? = arguments.first else {
          throw Trap(.host("host call clock.sleep: argument 0 is not an i64"))
        }
        let limit = context.maxSleepMilliseconds
        guard milliseconds <= limit else {
          throw Trap(
            .host(
              "host call clock.sleep: \(milliseconds) ms (read as unsigned) is longer than "
                + "this host allows (\(limit) ms; raise Configuration.maxSleepMilliseconds)"))
        }
        return .sleep(until: .now + .milliseconds(Int64(milliseconds)))
      }),
  ]
}
