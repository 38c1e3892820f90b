import WasmVM

/// A call run under an ``ExecutionProfiler`` (``PluginHost/profile(_:_:_:input:budget:)``): how
/// it ended, what it wrote, and where its ticks went, with plugin names.
public struct CallProfile: Sendable {
  /// One of the hottest instructions.
  public struct Instruction: Hashable, Sendable {
    /// `plugin.function` (see ``CallProfile/name(of:)``). Guest-controlled text.
    public var function: String
    /// Where it starts, from the start of its function's body (as `disasm` shows it).
    public var bodyOffset: Int
    /// Its text (``Module/instructionText(functionIndex:codeOffset:)``), `?` if the module
    /// has none there. Guest names in it are not escaped.
    public var text: String
    public var ticks: UInt64
  }

  /// How the call ended, and its output (`io`); a call that ran out of budget is paused,
  /// and whatever runs of it later is not profiled.
  public var result: CallResult
  /// The profile of the ticks it used in this call (all of them, unless it paused).
  public var profile: ExecutionProfile
  /// The plugin of each instance the profile names, by index in the store.
  public var plugins: [Int: String]
  /// The hottest instructions, most ticks first, with their text.
  public var instructions: [Instruction]

  /// `plugin.function`: the function's name (``ObservedFunction/displayName``) after its
  /// plugin's, `?` for an instance of no loaded plugin. Guest-controlled text.
  public func name(of function: ObservedFunction) -> String {
    "\(plugins[function.instanceIndex] ?? "?").\(function.displayName)"
  }

  /// The call stacks in the folded format of flame graph tools, frames named by
  /// ``name(of:)`` (see ``ExecutionProfile/foldedStacks(naming:)``).
  public var foldedStacks: String { profile.foldedStacks(naming: name(of:)) }
}

extension PluginHost {
  /// Calls `plugin`'s export `export` as ``call(_:_:_:input:budget:)-([UInt8])`` does, under an
  /// ``ExecutionProfiler``: the result and ticks are those of an unprofiled call, and the
  /// profile says exactly which stacks, functions and instructions used them. The call runs in
  /// slices of one tick, 40–140 times slower than unprofiled (see ``ExecutionProfiler``).
  /// Only this call is profiled; a trace, if one is on, does not see it. `instructions` caps
  /// ``CallProfile/instructions``.
  /// - Throws: as ``call(_:_:_:input:budget:)-([UInt8])``; no guest code ran then.
  public func profile(
    _ plugin: String, _ export: String, _ arguments: [Value] = [], input: [UInt8] = [],
    budget: UInt64, instructions: Int = 20
  ) throws(PluginHostError) -> CallProfile {
    let call = try start(plugin, export, arguments, input: input)
    let profiler = ExecutionProfiler(call.execution)
    let previous = currentCall.sliceRunner
    // The trace, if on, sees nothing of a profiled call (its capability calls neither).
    let trace = currentCall.trace
    currentCall.trace = nil
    currentCall.sliceRunner = { execution, ticks in
      execution === profiler.execution
        ? profiler.run(ticks: ticks) : previous?(execution, ticks) ?? execution.run(ticks: ticks)
    }
    let outcome = run(call, budget: budget)
    currentCall.sliceRunner = previous
    currentCall.trace = trace
    let profile = profiler.profile
    var plugins: [Int: String] = [:]
    for function in profile.functions {
      plugins[function.function.instanceIndex] = pluginName(
        instanceIndex: function.function.instanceIndex)
    }
    var result = CallProfile(
      result: call.result(outcome), profile: profile, plugins: plugins, instructions: [])
    var modules: [Fingerprint: Module?] = [:]
    for hot in profile.instructions.prefix(max(0, instructions)) {
      let fingerprint = hot.function.moduleFingerprint
      if modules[fingerprint] == nil {
        modules[fingerprint] = .some(try? recordedModule(fingerprint, plugin: plugin))
      }
      let text = modules[fingerprint]??.instructionText(
        functionIndex: hot.function.functionIndex, codeOffset: hot.codeOffset)
      result.instructions.append(
        CallProfile.Instruction(
          function: result.name(of: hot.function), bodyOffset: hot.bodyOffset, text: text ?? "?",
          ticks: hot.ticks))
    }
    return result
  }
}
