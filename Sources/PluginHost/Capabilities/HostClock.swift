import Foundation

/// The time source behind the `clock` capability. Injectable so that tests (and embedders that
/// want reproducible runs) control what guests observe.
public protocol HostClock: Sendable {
  /// Milliseconds since the Unix epoch (1970-01-01 00:00 UTC).
  func wallClockMilliseconds() -> Int64
  /// Nanoseconds on a clock that never goes backwards, from an unspecified origin.
  func monotonicNanoseconds() -> UInt64
}

/// The real clocks: the system wall clock and `ContinuousClock`, measured from the moment the
/// clock was created so that values fit comfortably in an `i64`.
public struct SystemClock: HostClock {
  private let origin: ContinuousClock.Instant

  /// Starts the monotonic clock at zero now.
  public init() { origin = ContinuousClock.now }

  public func wallClockMilliseconds() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
  }

  public func monotonicNanoseconds() -> UInt64 {
    let elapsed = origin.duration(to: ContinuousClock.now).components
    let seconds = UInt64(clamping: elapsed.seconds)
    let nanos = UInt64(clamping: elapsed.attoseconds / 1_000_000_000)
    return seconds &* 1_000_000_000 &+ nanos
  }
}
