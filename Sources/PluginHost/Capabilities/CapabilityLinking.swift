import WasmVM

extension Trap {
  /// What a capability function's error becomes: a trap is kept as it is; any other error
  /// becomes a host trap naming the function (`module.name`) and the error.
  static func capability(_ error: any Error, in function: String) -> Trap {
    if let trap = error as? Trap { return trap }
    return Trap(.host("host call \(function): \(error)"))
  }
}

/// A capability function as linked for one plugin: the pieces of its WasmVM host function.
struct LinkedCapabilityFunction {
  enum Body {
    case returning(HostFunctionBody)
    case suspending(SuspendingHostFunctionBody)
  }
  let cost: HostCallCost?
  let body: Body
  /// For a function that suspends, the wait to register (``HostWaits``) under its address.
  let wait: HostWaits.Wait?

  /// The WasmVM host function, under `name` with `type`.
  func hostFunction(type: FuncType, name: String) -> HostFunction {
    switch body {
    case .returning(let body): HostFunction(type: type, name: name, cost: cost, body: body)
    case .suspending(let body): .suspending(type: type, name: name, cost: cost, body: body)
    }
  }
}

extension HostCapability.Function {
  /// Whether a call suspends (an `async` function or a wait) rather than returning at once.
  var maySuspend: Bool {
    if case .returning = kind { return false }
    return true
  }

  /// Whether a call costs anything beyond its tick under `ticksPerByte`: decided by the
  /// definition and the configuration alone, so linking and restoring make the same choice
  /// and charge the same ticks.
  func hasCost(ticksPerByte: UInt64) -> Bool {
    cost.ticks > 0 || (ticksPerByte > 0 && cost.bytes != nil)
  }

  /// The function one plugin gets for this import, acting through `call`.
  func linked(for call: CapabilityCall, ticksPerByte: UInt64) -> LinkedCapabilityFunction {
    let cost = self.cost(for: call, ticksPerByte: ticksPerByte)
    let name = call.function
    switch kind {
    case .returning(let body):
      return LinkedCapabilityFunction(
        cost: cost,
        body: .returning { _, arguments throws(Trap) in
          try call.traced(arguments) { () throws(Trap) in
            do {
              return try body(call, arguments)
            } catch {
              throw Trap.capability(error, in: name)
            }
          }
        }, wait: nil)
    case .async(let body):
      return suspending(cost: cost, call: call) { call, arguments throws(Trap) in
        .task(AsyncAnswer(body: body, call: call, arguments: arguments))
      }
    case .wait(let wait):
      return suspending(cost: cost, call: call, wait: wait)
    }
  }

  /// A function that suspends: its body checks the arguments (a call it refuses traps before
  /// suspending); the host derives the wait from them again when it answers the suspension.
  private func suspending(
    cost: HostCallCost?, call: CapabilityCall, wait: @escaping HostWaits.Wait
  ) -> LinkedCapabilityFunction {
    LinkedCapabilityFunction(
      cost: cost,
      body: .suspending { [results = type.results] _, arguments throws(Trap) in
        try call.tracedSuspension(arguments, results: results) { () throws(Trap) in
          _ = try wait(call, arguments)
        }
        return .suspend
      }, wait: wait)
  }

  /// The WasmVM cost of a call: the fixed ticks plus `ticksPerByte` per byte moved,
  /// saturating; `nil` when a call costs nothing beyond its tick.
  func cost(for call: CapabilityCall, ticksPerByte: UInt64) -> HostCallCost? {
    guard hasCost(ticksPerByte: ticksPerByte) else { return nil }
    let fixed = cost.ticks
    let bytes = ticksPerByte > 0 ? cost.bytes : nil
    let name = call.function
    return { _, arguments throws(Trap) in
      guard let bytes else { return fixed }
      let measure = { () throws(Trap) -> UInt64 in
        do {
          return try bytes(call, arguments)
        } catch {
          throw Trap.capability(error, in: name)
        }
      }
      // What a call moves may depend on host state (`kv`): a recorded call logs it, so that
      // running it again costs the same (see `Debugging/CallRecording.swift`).
      let moved: UInt64
      if let recording = call.context.currentCall.recording {
        moved = try recording.cost(name, measure)
      } else {
        moved = try measure()
      }
      let (perByte, overflow) = moved.multipliedReportingOverflow(by: ticksPerByte)
      let (total, overflowAgain) = perByte.addingReportingOverflow(fixed)
      return overflow || overflowAgain ? .max : total
    }
  }
}
