import PluginHost

/// The output (`io.output_write`) of calls that ended, posted from the host's thread with
/// their outcome and taken when the outcome prints.
final class CallOutputs: Sendable {
  private let outputs = Locked<[PausedCallID: [UInt8]]>([:])

  func post(_ id: PausedCallID, _ output: [UInt8]) {
    guard !output.isEmpty else { return }
    outputs.withLock { $0[id] = output }
  }

  /// What `id` wrote, if anything; forgotten once taken.
  func take(_ id: PausedCallID) -> [UInt8] {
    outputs.withLock { $0.removeValue(forKey: id) } ?? []
  }
}
