import PluginHost

/// A clock that always reads the same time, for transcripts that must not change from run to
/// run (`--fixed-clock`). The monotonic clock reads the same instant in nanoseconds.
public struct FixedClock: HostClock {
  public let milliseconds: Int64

  public init(milliseconds: Int64) { self.milliseconds = milliseconds }

  public func wallClockMilliseconds() -> Int64 { milliseconds }

  public func monotonicNanoseconds() -> UInt64 {
    UInt64(clamping: milliseconds).multipliedReportingOverflow(by: 1_000_000).partialValue
  }
}
