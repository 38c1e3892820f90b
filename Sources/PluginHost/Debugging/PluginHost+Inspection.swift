import WasmVM

/// A debugger's view of paused calls and plugins' code: the WasmVM inspection API
/// (`Sources/WasmVM/Debugging`) with plugin names, for a front end to present. Nothing here
/// changes a call, and none of it costs ticks.
extension PluginHost {
  /// The wasm call stack of paused call `id`, innermost first, each frame with its plugin.
  /// A call waiting on a host import (``PausedCall/waitingOn``) shows the frame making it.
  /// Each frame comes with its next instruction (and a caller's call) as text, read from its
  /// module, which the host decodes again from the bytes it keeps of every module it
  /// instantiated.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``.
  public func callStack(of id: PausedCallID) throws(PluginHostError) -> [PausedCallFrame] {
    let (call, frames) = try pausedFrames(id)
    // Each module decoded once, however many frames run in it.
    var modules: [Fingerprint: Module] = [:]
    var result: [PausedCallFrame] = []
    result.reserveCapacity(frames.count)
    for frame in frames {
      let fingerprint = frame.moduleFingerprint
      let module: Module
      if let decoded = modules[fingerprint] {
        module = decoded
      } else {
        module = try recordedModule(fingerprint, plugin: call.plugin)
        modules[fingerprint] = module
      }
      result.append(describe(frame, in: module))
    }
    return result
  }

  /// The typed locals, operand stack and next instruction of frame `depth` (0: the
  /// innermost) of paused call `id`. Decodes the frame's module again from the bytes the host
  /// keeps of every module it instantiated, and validates the frame's function up to its
  /// position for the operand types.
  /// - Throws: ``PluginHostError/unknownPausedCall(_:)``, or
  ///   ``PluginHostError/inspection(_:)`` when the call has no frame `depth`.
  public func inspectFrame(_ depth: Int, of id: PausedCallID) throws(PluginHostError)
    -> PausedCallFrameState
  {
    let (call, frames) = try pausedFrames(id)
    guard frames.indices.contains(depth) else {
      throw .inspection(.noSuchFrame(depth: depth, frameCount: frames.count))
    }
    let module = try recordedModule(frames[depth].moduleFingerprint, plugin: call.plugin)
    do {
      return PausedCallFrameState(
        frame: describe(frames[depth], in: module),
        state: try call.execution.inspectFrame(depth, module: module))
    } catch {
      throw .inspection(error)
    }
  }

  /// The body of `plugin`'s function `function` as text instructions with their offsets.
  /// `function` is an export name, else a name from the module's `name` section, else
  /// `func[INDEX]` (how ``PausedCallFrame/description`` names a function without a name).
  /// - Throws: ``PluginHostError/unknownPlugin(_:)``, ``PluginHostError/unknownExport(plugin:export:available:)``
  ///   when no function goes by that name, ``PluginHostError/inspection(_:)`` for an imported one.
  public func disassemble(_ plugin: String, _ function: String) throws(PluginHostError)
    -> [DisassembledInstruction]
  {
    guard let loaded = loaded[plugin] else { throw .unknownPlugin(plugin) }
    let module = try recordedModule(loaded.instance.moduleFingerprint, plugin: plugin)
    guard let index = Self.functionIndex(function, in: module) else {
      throw .unknownExport(
        plugin: plugin, export: function, available: loaded.exportedFunctions.keys.sorted())
    }
    do {
      return try module.disassemble(functionIndex: index)
    } catch {
      throw .inspection(error)
    }
  }

  /// The index `name` gives a function of `module` (see ``disassemble(_:_:)``).
  static func functionIndex(_ name: String, in module: Module) -> UInt32? {
    let nameBytes = Array(name.utf8)
    for export in module.exports where Array(export.name.utf8) == nameBytes {
      if case .function(let index) = export.descriptor { return index }
    }
    if let named = module.functionNames.filter({ Array($0.value.utf8) == nameBytes }).keys.min() {
      return named
    }
    guard name.hasPrefix("func["), name.hasSuffix("]") else { return nil }
    return UInt32(name.dropFirst(5).dropLast())
  }

  /// Paused call `id` and its WasmVM frames.
  private func pausedFrames(_ id: PausedCallID) throws(PluginHostError) -> (
    PendingCall, [PausedFrame]
  ) {
    guard let call = registry.call(id) else { throw .unknownPausedCall(id) }
    do {
      return (call, try call.execution.callStack())
    } catch {
      throw .inspection(error)
    }
  }

  /// `frame` with its plugin and instructions, read from `module` (its instance's).
  func describe(_ frame: PausedFrame, in module: Module) -> PausedCallFrame {
    let text = { (offset: Int) in
      module.instructionText(functionIndex: frame.functionIndex, codeOffset: offset) ?? "?"
    }
    return PausedCallFrame(
      frame: frame, plugin: pluginName(runningIn: frame), nextInstruction: text(frame.codeOffset),
      callInstruction: frame.callCodeOffset.map(text))
  }

  /// The loaded plugin whose instance runs `frame`, if any.
  private func pluginName(runningIn frame: PausedFrame) -> String? {
    guard store.instances.indices.contains(frame.instanceIndex) else { return nil }
    let instance = store.instances[frame.instanceIndex]
    return order.first { loaded[$0]?.instance === instance }
  }

  /// The module with `fingerprint`, decoded from the bytes the host kept when it
  /// instantiated it.
  func recordedModule(_ fingerprint: Fingerprint, plugin: String) throws(PluginHostError)
    -> Module
  {
    guard let bytes = history.modules[fingerprint] else {
      throw .inspection(.wrongModule(expected: fingerprint, given: fingerprint))
    }
    do {
      return try Module(bytes: bytes, limits: configuration.resourceLimits)
    } catch {
      throw .invalidModule(plugin: plugin, error: .malformed(error))
    }
  }
}
