import Foundation
import WasmVM

/// What a host import that suspends waits for, as data: WasmVM suspends the call
/// (``SuspendedHostCall``), the host derives its wait from the call's arguments and answers the
/// call with ``results`` once the wait is over. ``PluginHost`` blocks its thread for it;
/// ``AsyncPluginHost`` parks the call without holding a thread.
enum HostWait: Sendable, Hashable {
  /// `clock.sleep`: until this moment of the continuous clock.
  case sleep(until: ContinuousClock.Instant)

  /// The results the suspended call returns once the wait is over.
  var results: [Value] { [] }

  /// Whether there is nothing left to wait for.
  var isOver: Bool {
    switch self {
    case .sleep(let deadline): ContinuousClock.now >= deadline
    }
  }

  /// Waits on the calling thread.
  func block() {
    switch self {
    case .sleep(let deadline):
      while true {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return }
        let (seconds, attoseconds) = left.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
      }
    }
  }

  /// Waits without holding a thread.
  /// - Throws: `CancellationError` when the task is cancelled first.
  func wait() async throws {
    switch self {
    case .sleep(let deadline): try await Task.sleep(until: deadline, clock: .continuous)
    }
  }
}

/// The host imports that suspend, by the store address of the function each plugin got, with
/// the context they act for: how a host turns a ``SuspendedHostCall`` into a ``HostWait``.
final class HostWaits {
  private var byAddress: [Int: (wait: HostImport.Wait, context: HostImportContext)] = [:]

  func register(
    _ function: Function, _ wait: @escaping HostImport.Wait, _ context: HostImportContext
  ) {
    register(address: function.address, wait, context)
  }

  func register(
    address: Int, _ wait: @escaping HostImport.Wait, _ context: HostImportContext
  ) {
    byAddress[address] = (wait, context)
  }

  /// The wait for `call`, from its arguments as they are now (a sleep ends `ms` from now).
  /// - Throws: a trap when the call is not to a host import that suspends, or its arguments
  ///   are refused.
  func wait(for call: SuspendedHostCall) throws(Trap) -> HostWait {
    guard let entry = byAddress[call.function.address] else {
      throw Trap(.host("host call \(call.name) suspended, which this host cannot answer"))
    }
    return try entry.wait(entry.context, call.arguments)
  }
}
