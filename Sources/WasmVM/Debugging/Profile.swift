/// Where the ticks of an execution went, as an ``ExecutionProfiler`` counted them: exactly,
/// tick by tick, per call stack, per function and per instruction.
///
/// Every tick is attributed to the call stack and the instruction that were current before
/// the one-tick slice that spent it: for an instruction, itself; for a host call's cost,
/// which is paid a tick per slice before the host function runs, the call instruction.
/// So ``stacks`` and ``instructions`` each add up to ``totalTicks``, and so do the functions'
/// ``FunctionTicks/selfTicks`` (except for an execution of a host function invoked directly,
/// whose ticks have a stack of no frames and no function).
public struct ExecutionProfile: Hashable, Sendable {
  /// The ticks of one function.
  public struct FunctionTicks: Hashable, Sendable {
    public var function: ObservedFunction
    /// Ticks spent in the function's own instructions (and its host calls).
    public var selfTicks: UInt64
    /// Ticks spent while the function was on the stack, once however often it is (so a
    /// recursive function's total is not counted once per frame).
    public var totalTicks: UInt64
  }

  /// The ticks of one instruction.
  public struct InstructionTicks: Hashable, Sendable {
    public var function: ObservedFunction
    /// Where the instruction starts, in bytes from the start of the code section's contents
    /// (as ``PausedFrame/codeOffset``): what ``Module/instructionText(functionIndex:codeOffset:)``
    /// takes.
    public var codeOffset: Int
    /// The same position from the start of the function's body (as
    /// ``PausedFrame/bodyOffset``).
    public var bodyOffset: Int
    public var ticks: UInt64
  }

  /// The ticks spent with one call stack.
  public struct StackTicks: Hashable, Sendable {
    /// The functions on the stack, outermost (the entry function) first.
    public var frames: [ObservedFunction]
    public var ticks: UInt64
  }

  /// Every tick the profiled slices used.
  public var totalTicks: UInt64
  /// Functions by self ticks, most first (ties by total ticks, then instance and index).
  public var functions: [FunctionTicks]
  /// Instructions by ticks, most first (ties by instance, function and offset).
  public var instructions: [InstructionTicks]
  /// Call stacks, in the order of their frames (instance and function index, outermost first).
  public var stacks: [StackTicks]

  /// The stacks in the folded format flame graph tools read (`flamegraph.pl`, inferno,
  /// speedscope): one line per stack, `outer;middle;inner TICKS`, outermost frame first.
  ///
  /// `name` names each frame (e.g. `plugin.function`); a `;` in a name, which would split
  /// the frame, becomes `:`, and line breaks and tabs become spaces. Stacks that come out
  /// with the same text are merged, and lines are sorted, so equal profiles give equal text.
  /// Stacks of no frames (a host function invoked directly) are left out.
  public func foldedStacks(naming name: (ObservedFunction) -> String) -> String {
    var weights: [String: UInt64] = [:]
    for stack in stacks where !stack.frames.isEmpty {
      let line = stack.frames.map { Self.foldedName(name($0)) }.joined(separator: ";")
      weights[line, default: 0] += stack.ticks
    }
    return weights.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
      .map { "\($0.key) \($0.value)\n" }.joined()
  }

  /// `name` as one frame of a folded line.
  static func foldedName(_ name: String) -> String {
    String(
      String.UnicodeScalarView(
        name.unicodeScalars.map { scalar -> Unicode.Scalar in
          switch scalar {
          case ";": ":"
          case "\n", "\r", "\t": " "
          default: scalar
          }
        }))
  }
}
