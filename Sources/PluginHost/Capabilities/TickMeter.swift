/// Ticks that host imports charge for the bytes they move, collected for the call running now.
///
/// WasmVM charges one tick for the call instruction of a host import but offers no way for the
/// import to charge more, so PluginHost keeps this extra cost itself and adds it to the ticks it
/// reports for the call. The charge therefore cannot stop a slice early: a slice may end up to
/// one host call's charge beyond its budget, and the overrun is reported, never hidden.
final class TickMeter {
  /// Ticks per byte moved between guest memory and the host.
  let ticksPerByte: UInt64
  /// Ticks charged since the last ``take()``.
  private var pending: UInt64 = 0

  init(ticksPerByte: UInt64) { self.ticksPerByte = ticksPerByte }

  /// Charges for `bytes` bytes moved, saturating on overflow.
  func charge(bytes: Int) {
    let (cost, overflow) = UInt64(clamping: bytes).multipliedReportingOverflow(by: ticksPerByte)
    let (sum, sumOverflow) = pending.addingReportingOverflow(cost)
    pending = overflow || sumOverflow ? .max : sum
  }

  /// Returns the ticks charged since the last call and starts over.
  func take() -> UInt64 {
    defer { pending = 0 }
    return pending
  }
}
