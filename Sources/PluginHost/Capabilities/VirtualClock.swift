/// A clock that moves only when the host moves it, for runs that must not depend on real time:
/// tests of sleeping, interleaving and time-outs, scripts whose output must be the same in
/// every run, simulations.
///
/// Give it to a host as its ``PluginHost/Configuration/clock``. `clock.wall_ms` and
/// `clock.monotonic_ns` then read it, and `clock.sleep` takes no real time:
///
/// - Under ``AsyncPluginHost``, time moves only when **every call in flight is parked on a
///   sleep**: no call is ready to run and none waits on an `async` capability function. It
///   then jumps to the earliest deadline, and the calls sleeping until then wake in the order
///   they went to sleep. So calls interleave the same way in every run, and a test of a minute
///   of sleeping runs in no wall time. ``AsyncPluginHost/holdsVirtualTime`` stops time
///   altogether (the REPL holds it between script commands).
/// - Under the synchronous ``PluginHost``, which runs one call at a time, a sleep moves the
///   clock to its deadline at once.
///
/// A documented class: one clock is shared by the host and whoever reads or moves it (a test
/// that advances it by hand with ``advance(byNanoseconds:)``); it is safe from any thread.
public final class VirtualClock: HostClock {
  private let elapsed = Locked<UInt64>(0)
  /// What ``wallClockMilliseconds()`` says at time zero.
  public let wallClockOrigin: Int64

  /// A clock at time zero, whose wall clock reads `wallClockOrigin` milliseconds since the Unix
  /// epoch then (by default, the epoch itself).
  public init(wallClockOrigin: Int64 = 0) {
    self.wallClockOrigin = wallClockOrigin
  }

  /// Nanoseconds since the clock was made: the sum of every move.
  public var nanoseconds: UInt64 { elapsed.withLock { $0 } }

  /// Moves the clock forward by `nanoseconds` (saturating at `UInt64.max`). Calls sleeping
  /// under an ``AsyncPluginHost`` whose deadline this passes wake the next time the host
  /// schedules (a call starts, pauses or resumes, or ``AsyncPluginHost/holdsVirtualTime`` is
  /// set), even while time is held.
  public func advance(byNanoseconds nanoseconds: UInt64) {
    elapsed.withLock { $0 = $0.saturatingAdd(nanoseconds) }
  }

  /// Moves the clock forward to `deadline`, if it is not there yet; never backwards.
  func advance(to deadline: UInt64) {
    elapsed.withLock { $0 = max($0, deadline) }
  }

  public func wallClockMilliseconds() -> Int64 {
    let milliseconds = Int64(clamping: nanoseconds / 1_000_000)
    let (sum, overflow) = wallClockOrigin.addingReportingOverflow(milliseconds)
    return overflow ? .max : sum
  }

  public func monotonicNanoseconds() -> UInt64 { nanoseconds }
}

/// The time sleeping calls wait on, in nanoseconds: real time (`ContinuousClock`, from a
/// process-wide origin) or the host's ``VirtualClock``. Deadlines are plain numbers on it, so
/// a paused call keeps its deadline and a saved one its time left.
enum SleepTimeline: Sendable, Hashable {
  case real
  case virtual(VirtualClock)

  static func == (a: Self, b: Self) -> Bool {
    switch (a, b) {
    case (.real, .real): true
    case (.virtual(let x), .virtual(let y)): x === y
    default: false
    }
  }

  func hash(into hasher: inout Hasher) {
    switch self {
    case .real: hasher.combine(0)
    case .virtual(let clock): hasher.combine(ObjectIdentifier(clock))
    }
  }

  /// The timeline of a host whose clock is `clock`: virtual when it is a ``VirtualClock``.
  init(_ clock: any HostClock) {
    if let clock = clock as? VirtualClock {
      self = .virtual(clock)
    } else {
      self = .real
    }
  }

  /// Where real time starts, for every host of the process.
  private static let origin = ContinuousClock.now

  /// Nanoseconds now.
  var now: UInt64 {
    switch self {
    case .real:
      let components = Self.origin.duration(to: .now).components
      let seconds = UInt64(clamping: components.seconds)
      let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
      return overflow ? .max : product.saturatingAdd(UInt64(components.attoseconds / 1_000_000_000))
    case .virtual(let clock):
      return clock.nanoseconds
    }
  }

  /// The deadline `milliseconds` from now (saturating: a sleep of 2⁶⁴−1 ms never ends).
  func deadline(afterMilliseconds milliseconds: UInt64) -> UInt64 {
    let (nanoseconds, overflow) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
    return overflow ? .max : now.saturatingAdd(nanoseconds)
  }

  /// Real time until `deadline`, as a `Duration` (zero when it is past).
  func realDuration(until deadline: UInt64) -> Duration {
    let now = self.now
    return deadline > now ? .nanoseconds(Int64(clamping: deadline - now)) : .zero
  }
}

extension UInt64 {
  /// `self + other`, or `UInt64.max` when that overflows.
  func saturatingAdd(_ other: UInt64) -> UInt64 {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? .max : sum
  }
}
