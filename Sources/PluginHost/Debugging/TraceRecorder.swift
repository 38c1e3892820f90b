import WasmVM

/// The host's tracer while tracing is on (``PluginHost/startTracing(plugin:)``): it runs every
/// slice of every call through a ``CallWatcher`` (one-tick slices, so calls between plugins,
/// which are direct in the store, are seen between them), and the capability functions report
/// their calls to it (``CapabilityTracing``). With tracing off there is no recorder and none of
/// this runs: a slice costs one optional check, a capability call one more.
final class TraceRecorder {
  /// The plugin whose calls are kept (into it, out of it, and its capability calls), or all.
  let plugin: String?
  private(set) var events: [TraceEvent] = []
  /// Per execution being traced: its watcher and its wasm frames, bottom first.
  private var traced: [ObjectIdentifier: Traced] = [:]
  /// The execution whose slice is running.
  private var current: Traced?

  /// A wasm frame: the plugin it runs in, and whether its call was traced (entered from
  /// another plugin or the embedder) and shown (the filter keeps it).
  struct Frame {
    let plugin: String?
    let target: String
    let shown: Bool
  }

  final class Traced {
    let watcher: CallWatcher
    var frames: [Frame] = []
    /// A suspending capability call that has not answered yet: its target, result types and
    /// depth, closed when the execution next runs.
    var pendingHostCall: (target: String, results: [ValueType], depth: Int)?
    init(_ watcher: CallWatcher) { self.watcher = watcher }
    var shownDepth: Int { frames.count { $0.shown } }
  }

  init(plugin: String?) { self.plugin = plugin }

  func takeEvents() -> [TraceEvent] {
    defer { events = [] }
    return events
  }

  private func keeps(_ plugins: String?...) -> Bool {
    guard let plugin else { return true }
    return plugins.contains(plugin)
  }

  /// A call the embedder starts: its entry, before any of it runs.
  func started(_ execution: Execution, plugin: String, export: String, arguments: [Value]) {
    let state = Traced(CallWatcher(execution))
    let shown = keeps(plugin)
    state.frames = [Frame(plugin: plugin, target: "\(plugin).\(export)", shown: shown)]
    traced[ObjectIdentifier(execution)] = state
    if shown {
      events.append(
        TraceEvent(target: "\(plugin).\(export)", depth: 0, kind: .entered(arguments: arguments)))
    }
  }

  /// Runs one slice of `execution` (as ``Execution/run(ticks:)``), recording its calls.
  func runSlice(_ execution: Execution, ticks: UInt64, host: PluginHost) -> ExecutionResult {
    let state = traced[ObjectIdentifier(execution)] ?? adopt(execution, host: host)
    if let pending = state.pendingHostCall, execution.suspendedHostCall == nil {
      state.pendingHostCall = nil
      events.append(
        TraceEvent(
          target: pending.target, depth: pending.depth,
          kind: .returned(results: state.watcher.topOperands(pending.results))))
    }
    current = state
    defer { current = nil }
    let result = state.watcher.run(ticks: ticks)
    for event in state.watcher.takeEvents() { record(event, in: state, host: host) }
    switch result {
    case .completed, .trapped: traced[ObjectIdentifier(execution)] = nil
    case .paused, .suspended: break
    }
    return result
  }

  /// An execution that started before tracing did (or was restored): its frames as they
  /// stand, none of them shown.
  private func adopt(_ execution: Execution, host: PluginHost) -> Traced {
    let state = Traced(CallWatcher(execution))
    let frames = (try? execution.callStack()) ?? []
    state.frames = frames.reversed().map {
      Frame(plugin: host.pluginName(instanceIndex: $0.instanceIndex), target: "", shown: false)
    }
    traced[ObjectIdentifier(execution)] = state
    return state
  }

  private func record(_ event: CallEvent, in state: Traced, host: PluginHost) {
    switch event {
    case .entered(let function, let arguments, _):
      let plugin = host.pluginName(instanceIndex: function.instanceIndex)
      let caller = state.frames.last?.plugin
      let target = "\(plugin ?? "?").\(function.displayName)"
      let shown = (state.frames.isEmpty || plugin != caller) && keeps(plugin, caller)
      if shown {
        events.append(
          TraceEvent(
            target: target, depth: state.shownDepth, kind: .entered(arguments: arguments)))
      }
      state.frames.append(Frame(plugin: plugin, target: target, shown: shown))
    case .returned(_, let results, _):
      guard let frame = state.frames.popLast() else { return }
      if frame.shown {
        events.append(
          TraceEvent(
            target: frame.target, depth: state.shownDepth, kind: .returned(results: results)))
      }
    }
  }

  /// A capability call from `plugin` to `target` (`log.write`): its entry; returns its
  /// depth when the trace keeps it (``hostCallReturned(_:depth:results:)`` then reports its
  /// exit), `nil` otherwise.
  func hostCallEntered(_ target: String, plugin: String, arguments: [Value]) -> Int? {
    let capability = target.split(separator: ".", maxSplits: 1).first.map(String.init)
    guard keeps(plugin, capability) else { return nil }
    let depth = current?.shownDepth ?? 0
    events.append(TraceEvent(target: target, depth: depth, kind: .entered(arguments: arguments)))
    return depth
  }

  func hostCallReturned(_ target: String, depth: Int, results: [Value]?) {
    events.append(TraceEvent(target: target, depth: depth, kind: .returned(results: results)))
  }

  /// A capability call that suspended: its exit is recorded when the execution runs again.
  func hostCallSuspended(_ target: String, depth: Int, results: [ValueType]) {
    current?.pendingHostCall = (target, results, depth)
  }
}

extension PluginHost {
  /// Starts tracing calls (see ``TraceEvent``): every call the embedder makes, every call from
  /// one plugin into another and every call into a host capability, with arguments and
  /// results, until ``stopTracing()``; with `plugin`, only calls into or out of that plugin
  /// (or into the capability of that name). ``takeTraceEvents()`` hands them over.
  ///
  /// While tracing, calls run in slices of one tick (a ``CallWatcher`` follows each, so that
  /// calls between plugins, which are direct in the store, are seen): results and ticks are
  /// those of an untraced run, but the calls take some 40–140 times as long (as profiled
  /// ones: see ``ExecutionProfiler`` for measurements). Untraced, a slice pays one optional check and a
  /// capability call one more.
  public func startTracing(plugin: String? = nil) {
    currentCall.trace = TraceRecorder(plugin: plugin)
  }

  /// Stops tracing; events not yet taken are dropped.
  public func stopTracing() { currentCall.trace = nil }

  /// Whether calls are traced, and the plugin the trace keeps (`.some(nil)`: every plugin).
  public var tracing: String?? { currentCall.trace.map(\.plugin) }

  /// The calls traced since the last time, in the order they happened.
  public func takeTraceEvents() -> [TraceEvent] { currentCall.trace?.takeEvents() ?? [] }

  /// The loaded plugin whose instance is `index` in the store, if any.
  func pluginName(instanceIndex index: Int) -> String? {
    guard store.instances.indices.contains(index) else { return nil }
    let instance = store.instances[index]
    return order.first { loaded[$0]?.instance === instance }
  }
}
