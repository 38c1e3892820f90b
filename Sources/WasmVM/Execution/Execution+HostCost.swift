/// A call to a host function with a cost (see ``HostCallCost``) or one that may suspend, handed
/// over by the loop and finished outside it once paid, possibly in a later slice. Its arguments stay on the stack
/// and `pc` stays on the call instruction until the body runs, so a trap reports the call.
struct PendingHostCall {
  let host: StoredHostFunction
  /// The `charge` after the call instruction, where the caller continues.
  let returnPC: Int
  let tail: Bool
}

/// How far paying a host function's cost got.
enum HostCostPayment {
  /// Paid in full (or there was nothing to pay); the body may run.
  case paid
  /// Fuel ran out first; ``Execution/hostCostOwed`` holds the rest.
  case paused
  /// The cost function threw; nothing was paid.
  case trap(TrapKind)
}

extension Execution {
  /// Pays for and runs the pending host call, if any, outside the loop.
  /// - Returns: `nil` when there was none or it finished (execution continues at `pc`),
  ///   otherwise how the slice ends.
  func finishPendingHostCall() -> ExecutionResult? {
    guard let call = pendingHostCall else { return nil }
    let arguments = argumentsOnStack(for: call.host)
    let context = hostCallContext()
    switch payHostCost(call.host, context: context, arguments: arguments) {
    case .paid: break
    case .paused: return .paused
    case .trap(let kind):
      pendingHostCall = nil
      return .trapped(Trap(kind, backtrace: backtrace()))
    }
    pendingHostCall = nil
    if call.host.suspendingBody != nil {
      return runSuspendingHostCall(call, arguments, context: context)
    }
    if let kind = completeHostCall(
      call.host, arguments, context: context, returnPC: call.returnPC, tail: call.tail)
    {
      return .trapped(Trap(kind, backtrace: backtrace()))
    }
    return nil
  }

  /// Pays `host`'s cost for this call from `fuel`: computes it on the first attempt, then pays
  /// what fuel allows, keeping the rest in ``hostCostOwed`` for the next slice. Like a grow,
  /// nothing takes effect until the whole cost is paid.
  func payHostCost(
    _ host: StoredHostFunction, context: HostCallContext, arguments: [Value]
  ) -> HostCostPayment {
    let owed: UInt64
    if let rest = hostCostOwed {
      owed = rest
    } else {
      guard let cost = host.cost else { return .paid }
      do throws(Trap) {
        owed = try cost(context, arguments)
      } catch {
        return .trap(error.kind)
      }
      memoryCacheOwner = nil
    }
    guard owed <= fuel else {
      hostCostOwed = owed - fuel
      fuel = 0
      return .paused
    }
    fuel -= owed
    hostCostOwed = nil
    return .paid
  }
}
