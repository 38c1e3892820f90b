import WasmVM

/// The `clock` capability: `clock.wall_ms() -> i64` (milliseconds since the Unix epoch) and
/// `clock.monotonic_ns() -> i64` (nanoseconds from an arbitrary origin, never decreasing).
/// Both read the host's injectable ``HostClock``.
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
  ]
}
