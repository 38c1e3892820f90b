/// A host call an execution is suspended on: which function was called, with which arguments,
/// and the result types an answer must have.
///
/// Plain data: an embedder keys the work it starts on ``function`` and ``arguments`` alone
/// (a timer for `sleep(ms)`, a fetch for `get(url)`), so that nothing but this value has to be
/// kept (or saved) while the call waits.
public struct SuspendedHostCall: Hashable, Sendable, CustomStringConvertible {
  /// The host function called, by its address in the store.
  public let function: Function
  /// The name it was registered under.
  public let name: String
  /// The arguments of the call, typed by the function's parameters.
  public let arguments: [Value]
  /// What ``Execution/resume(returning:)`` must supply: the function's result types.
  public let resultTypes: [ValueType]

  public var description: String {
    "\(name)(\(arguments.map(\.description).joined(separator: ", ")))"
  }
}

/// Why an answer to a suspended host call was refused; the execution is unchanged.
public enum HostCallResumeError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The execution is not suspended on a host call (it is paused, running or finished).
  case notSuspended
  /// The results do not have the types the suspended function's type promises.
  case resultTypeMismatch(function: String, expected: [ValueType], got: [ValueType])

  public var description: String {
    switch self {
    case .notSuspended:
      "the execution is not suspended on a host call: answer a call only after run(ticks:) "
        + "returned .suspended"
    case .resultTypeMismatch(let function, let expected, let got):
      "result type mismatch: host function \(function) returns \(expected), "
        + "but the answer has \(got)"
    }
  }
}

/// The state of an execution suspended on a host call: plain data (the call, its arguments,
/// where the caller continues), the value stack and frames holding everything else.
struct HostSuspension {
  /// The call from wasm code, with where its caller continues; `nil` when the host function
  /// was invoked directly. Its arguments are still on the value stack and `pc` is still on
  /// the call instruction, as while its cost was being paid.
  let call: PendingHostCall?
  let request: SuspendedHostCall
}

extension Execution {
  /// The host call this execution is suspended on, if it is.
  public var suspendedHostCall: SuspendedHostCall? {
    phase == .suspended ? suspension?.request : nil
  }

  /// Answers the host call the execution is suspended on with its results. The execution is
  /// then paused: the next ``run(ticks:)`` continues after the call, as if the host function
  /// had returned `results`. Answering costs no ticks (the call's were paid before its body
  /// ran).
  /// - Throws: ``HostCallResumeError`` when the execution is not suspended or `results` do not
  ///   match the function's result types; the execution is unchanged then.
  public func resume(returning results: [Value]) throws(HostCallResumeError) {
    guard phase == .suspended, let suspension else { throw .notSuspended }
    let request = suspension.request
    guard results.map(\.type) == request.resultTypes else {
      throw .resultTypeMismatch(
        function: request.name, expected: request.resultTypes, got: results.map(\.type))
    }
    self.suspension = nil
    guard let call = suspension.call else {
      finish(.completed(results))
      return
    }
    if let kind = returnFromHostCall(
      call.host, results, argumentSlots: call.host.type.parameterSlots, returnPC: call.returnPC,
      tail: call.tail)
    {
      finish(.trapped(Trap(kind, backtrace: backtrace())))
      return
    }
    phase = .paused
  }

  /// Answers the host call the execution is suspended on with a trap: the execution ends
  /// trapped, with `trap`'s kind and the wasm backtrace at the call, as if the host function
  /// had thrown it. ``run(ticks:)`` then reports it, at no cost.
  /// - Throws: ``HostCallResumeError/notSuspended`` when there is no call to answer.
  public func resume(throwing trap: Trap) throws(HostCallResumeError) {
    guard phase == .suspended, suspension != nil else { throw .notSuspended }
    suspension = nil
    finish(.trapped(Trap(trap.kind, backtrace: backtrace(), elementIndex: trap.elementIndex)))
  }

  /// Ends the execution with `result` outside a slice.
  private func finish(_ result: ExecutionResult) {
    outcome = result
    phase = .finished
  }

  /// Runs the body of a paid-for call to a host function that may suspend.
  /// - Returns: `nil` when it returned and execution continues at `pc`, otherwise how the
  ///   slice ends (a trap, or the suspension).
  func runSuspendingHostCall(
    _ call: PendingHostCall, _ arguments: [Value], context: HostCallContext
  ) -> ExecutionResult? {
    let answer: HostCallAnswer
    do throws(Trap) {
      answer = try call.host.answer(context, arguments)
    } catch {
      return .trapped(Trap(error.kind, backtrace: backtrace()))
    }
    switch answer {
    case .results(let results):
      if let kind = returnFromHostCall(
        call.host, results, argumentSlots: call.host.type.parameterSlots, returnPC: call.returnPC,
        tail: call.tail)
      {
        return .trapped(Trap(kind, backtrace: backtrace()))
      }
      return nil
    case .suspend:
      return suspend(on: call.host, arguments: arguments, call: call)
    }
  }

  /// Records that the execution waits on a call of `host` (`call` when from wasm code) and
  /// ends the slice (a restored execution is put back so, and then marked suspended).
  @discardableResult
  func suspend(on host: StoredHostFunction, arguments: [Value], call: PendingHostCall? = nil)
    -> ExecutionResult
  {
    memoryCacheOwner = nil
    let request = SuspendedHostCall(
      function: Function(address: host.address), name: host.name, arguments: arguments,
      resultTypes: host.type.results)
    suspension = HostSuspension(call: call, request: request)
    return .suspended(request)
  }
}
