/// Why a debugger's question about an execution or a module has no answer (see
/// ``Execution/callStack()``, ``Execution/inspectFrame(_:module:)`` and
/// ``Module/disassemble(functionIndex:)``). The cases carry what a front end needs to word the
/// problem its own way; ``description`` is one wording.
public enum InspectionError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The execution is running (`running` is `true`) or finished: only a paused execution, or
  /// one suspended on a host call, has frames to inspect.
  case notPaused(running: Bool)
  /// There is no frame at `depth`; the call stack has `frameCount`.
  case noSuchFrame(depth: Int, frameCount: Int)
  /// The module given (`given`) is not the one the frame's instance was made from
  /// (`expected`), or its function at the frame's index has another shape.
  case wrongModule(expected: Fingerprint, given: Fingerprint)
  /// The module defines no function at `index` (an imported function has no body).
  case noSuchFunction(index: UInt32)
  /// The module does not validate, so its operand types are unknown.
  case invalidModule(ValidationError)
  /// A frame of function `functionIndex` is at a position with no wasm offset. An execution
  /// this engine ran never is: the case keeps a broken invariant an error rather than a crash.
  case unmappedPosition(functionIndex: UInt32)

  /// The problem in words.
  public var description: String {
    switch self {
    case .notPaused(let running):
      "the execution is \(running ? "running" : "finished"); only a paused call has frames"
    case .noSuchFrame(let depth, let count):
      "no frame \(depth): the call stack has \(count) frame\(count == 1 ? "" : "s")"
    case .wrongModule(let expected, let given):
      "the frame runs in an instance of module \(expected), not of \(given)"
    case .noSuchFunction(let index): "the module defines no function \(index)"
    case .invalidModule(let error): "the frame's module does not validate: \(error)"
    case .unmappedPosition(let index): "function \(index) is at a position with no wasm offset"
    }
  }
}
