import WasmVM

/// The input and output bytes of one call, held by the host (see docs/plugin-abi.md, `io`).
///
/// A plugin reads its input and appends its output through the `io` capability, so it needs no
/// allocator of its own: the host never writes into guest memory except into the buffer a
/// plugin names. The buffers belong to the call: a paused call keeps them until it is resumed
/// (or cancelled), a snapshot saves them with it, and two calls never see each other's.
final class CallIO {
  /// What the caller passed; fixed for the call's lifetime.
  let input: [UInt8]
  /// What the plugin has written so far.
  private(set) var output: [UInt8]
  /// The most bytes ``output`` may hold (``PluginHost/Configuration/maxOutputBytes``).
  let maxOutputBytes: Int

  init(input: [UInt8] = [], output: [UInt8] = [], maxOutputBytes: Int) {
    self.input = input
    self.output = output
    self.maxOutputBytes = maxOutputBytes
  }

  /// The bytes of the input from `offset` that fit in `capacity`: empty at or past its end.
  func inputRange(from offset: UInt32, capacity: UInt32) -> Range<Int> {
    let start = min(Int(offset), input.count)
    return start..<start + min(Int(capacity), input.count - start)
  }

  /// Whether `count` more bytes fit in the output.
  func outputFits(_ count: UInt32) -> Bool {
    Int(count) <= maxOutputBytes - output.count
  }

  /// Appends `bytes` to the output; the caller checked ``outputFits(_:)``.
  func append(_ bytes: [UInt8]) {
    output.append(contentsOf: bytes)
  }
}

/// The buffers of the call whose slice is running, if any: set by the host around every slice
/// (slices of one host never run at the same time), read by the `io` capability. Start
/// functions run with none.
final class CurrentCallIO {
  var buffers: CallIO?
  /// The tracer, while tracing is on (see `Debugging/TraceRecorder.swift`).
  var trace: TraceRecorder?
  /// Runs slices instead of ``Execution/run(ticks:)`` while a profile runs
  /// (see `Debugging/PluginHost+Profiling.swift`).
  var sliceRunner: ((Execution, UInt64) -> ExecutionResult)?
  /// The recording of the call whose slice runs, while the debugger records it: capability
  /// calls are logged there, or answered from it while it replays (see
  /// `Debugging/CallRecording.swift`).
  var recording: CallRecording?
  /// Held while the slice runs (see ``SliceLock``).
  let sliceLock = SliceLock()
}
