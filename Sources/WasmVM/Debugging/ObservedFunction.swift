/// A function as a profile (``ExecutionProfile``) or a call watcher (``CallWatcher``) names it:
/// the same identity a paused frame has (``PausedFrame``), without a position.
public struct ObservedFunction: Hashable, Sendable {
  /// The function.
  public var function: Function
  /// Its index in its module's function index space (imports included).
  public var functionIndex: UInt32
  /// Its name from the module's `name` section, else its first export name, else `nil`.
  /// Guest-controlled text.
  public var name: String?
  /// Its instance: the index in ``Store/instances``.
  public var instanceIndex: Int
  /// The fingerprint of the module its instance was made from.
  public var moduleFingerprint: Fingerprint

  /// Creates a description; profiles and call watchers make them.
  public init(
    function: Function, functionIndex: UInt32, name: String?, instanceIndex: Int,
    moduleFingerprint: Fingerprint
  ) {
    self.function = function
    self.functionIndex = functionIndex
    self.name = name
    self.instanceIndex = instanceIndex
    self.moduleFingerprint = moduleFingerprint
  }

  /// ``name``, else `func[INDEX]`. Guest-controlled text.
  public var displayName: String { name ?? "func[\(functionIndex)]" }
}

extension Store {
  /// `function` as profiles and call watchers describe it.
  func observed(_ function: WasmFunction) -> ObservedFunction {
    let instance = function.instance
    return ObservedFunction(
      function: Function(address: function.address), functionIndex: function.index,
      name: function.name, instanceIndex: instances.firstIndex { $0 === instance } ?? -1,
      moduleFingerprint: instance.moduleFingerprint)
  }
}
