/// Owns every runtime entity — functions, memories, tables, globals, instances — for as long as
/// it lives; entities refer to each other by store address. One store is used from one thread
/// at a time.
public final class Store {
  /// The caps applied to every memory, table and execution of this store.
  public let limits: ResourceLimits
  /// Every function, indexed by address (``Function/address``).
  internal var functions: [FunctionInstance] = []
  /// Every instance, in creation order (including those whose instantiation trapped after
  /// they were registered); the store keeps them alive for its lifetime.
  public internal(set) var instances: [Instance] = []
  /// Canonical id per distinct function type, so `call_indirect` compares two integers.
  internal var typeIDs: [FuncType: Int] = [:]

  /// The pages all memories created in this store share, if the embedder caps them together.
  public let pageBudget: MemoryPageBudget?
  /// The elements all tables the store's instances define share
  /// (``ResourceLimits/maxTotalTableElements`` of them).
  public let tableBudget: TableElementBudget

  /// A store applying `limits` to everything in it, and drawing the pages of the memories it
  /// creates from `pageBudget`, if given.
  public init(limits: ResourceLimits = ResourceLimits(), pageBudget: MemoryPageBudget? = nil) {
    self.limits = limits
    self.pageBudget = pageBudget
    self.tableBudget = TableElementBudget(totalElements: limits.maxTotalTableElements)
  }

  /// The canonical id of `type` in this store (assigned on first use).
  internal func typeID(of type: FuncType) -> Int {
    if let id = typeIDs[type] { return id }
    let id = typeIDs.count
    typeIDs[type] = id
    return id
  }

  /// Adds a function implemented in Swift to the store, usable as an import by any instance
  /// (see ``HostFunction``): the one way host code enters a store.
  public func add(_ function: HostFunction) -> Function {
    register(
      type: function.type, name: function.name, cost: function.cost, body: function.body,
      suspendingBody: function.suspendingBody)
  }

  /// Adds a host function at the next address.
  internal func register(
    type: FuncType, name: String, cost: HostCallCost?, body: @escaping HostFunctionBody,
    suspendingBody: SuspendingHostFunctionBody?
  ) -> Function {
    let address = functions.count
    functions.append(
      .host(
        StoredHostFunction(
          address: address, type: type, typeID: typeID(of: type), name: name, cost: cost,
          body: body, suspendingBody: suspendingBody)))
    return Function(address: address)
  }

  /// The signature of a function of this store, or `nil` for a foreign address.
  public func type(of function: Function) -> FuncType? {
    guard function.address >= 0, function.address < functions.count else { return nil }
    switch functions[function.address] {
    case .wasm(let f): return f.type
    case .host(let f): return f.type
    }
  }
}

/// A function's address within its ``Store``. Embedders get one from the store
/// (``Store/add(_:)``) or an instance
/// (``Instance/exportedFunction(_:)``); the store checks the address on every use.
public struct Function: Hashable, Sendable {
  /// The index of the function in its store, as a ``Value/funcref(_:)`` carries it.
  public let address: Int
  init(address: Int) { self.address = address }
}

/// Anything an instance can import or export.
public enum ExternalValue {
  case function(Function)
  case table(Table)
  case memory(Memory)
  case global(Global)
}

/// A store's function entry.
internal enum FunctionInstance {
  case wasm(WasmFunction)
  case host(StoredHostFunction)
}

/// A host function registered in a store.
internal final class StoredHostFunction {
  /// Its address in the store, which a ``SuspendedHostCall`` names it by.
  let address: Int
  let type: FuncType
  let typeID: Int
  let name: String
  /// Extra ticks per call; `nil` when the call instruction's tick is all it costs.
  let cost: HostCallCost?
  let body: HostFunctionBody
  /// The body of a function that may suspend (``body`` is then unused); `nil` otherwise.
  let suspendingBody: SuspendingHostFunctionBody?
  /// Calls pay and run outside the loop: the function has a cost, or may suspend.
  let runsOutsideLoop: Bool
  init(
    address: Int, type: FuncType, typeID: Int, name: String, cost: HostCallCost?,
    body: @escaping HostFunctionBody, suspendingBody: SuspendingHostFunctionBody? = nil
  ) {
    self.address = address
    self.type = type
    self.typeID = typeID
    self.name = name
    self.cost = cost
    self.body = body
    self.suspendingBody = suspendingBody
    self.runsOutsideLoop = cost != nil || suspendingBody != nil
  }

  /// Runs the body for one call: its results, or (for a suspending function) a suspension.
  func answer(_ context: HostCallContext, _ arguments: [Value]) throws(Trap) -> HostCallAnswer {
    if let suspendingBody { return try suspendingBody(context, arguments) }
    return .results(try body(context, arguments))
  }
}

/// A wasm function of an instance: its translated code, copied once into a buffer that lives
/// as long as the function so the interpreter can read it without ARC traffic.
internal final class WasmFunction {
  unowned let instance: Instance
  /// `instance` for the call path, which must not pay for an `unowned` load's checks.
  let instanceReference: Unmanaged<Instance>
  /// The function's address in its store.
  let address: Int
  let type: FuncType
  let typeID: Int
  /// Index of the function in its module's function index space (imports included).
  let index: UInt32
  let name: String?
  let code: UnsafeMutableBufferPointer<CodeWord>
  /// The slots of `type.parameters` (see ``ValueType/slots``), which the call path reads
  /// without going through the array.
  let parameterCount: Int
  /// The slots of `type.results`, which a return moves to the frame base.
  let resultSlots: Int
  let localCount: Int
  let maxStackHeight: Int
  /// `localCount + maxStackHeight`: the slots a call needs above its arguments.
  let slotsAboveArguments: Int
  /// The register code (see ``RegOp``), or `nil` when the stack loops run the function.
  let registerCode: UnsafeMutablePointer<CodeWord>?
  /// Per stack-code word: the register-code position of the matching `charge`, or -1.
  let registerEntries: UnsafeMutablePointer<Int32>?
  /// Per register-code word: the stack-code position it came from.
  let stackPositions: UnsafeMutablePointer<Int32>?
  /// Where each stack-code instruction came from in the wasm body, for snapshots.
  let sourceMap: SourceMap
  /// Where the body starts, relative to the code section's contents (see
  /// ``CompiledFunction/bodyOffset``).
  let bodyOffset: Int

  init(
    instance: Instance, address: Int, compiled: CompiledFunction, typeID: Int, index: UInt32,
    name: String?
  ) {
    self.instance = instance
    self.instanceReference = Unmanaged.passUnretained(instance)
    self.address = address
    self.type = compiled.type
    self.typeID = typeID
    self.index = index
    self.name = name
    self.code = UnsafeMutableBufferPointer<CodeWord>.allocate(capacity: max(compiled.code.count, 1))
    _ = self.code.initialize(from: compiled.code)
    self.parameterCount = compiled.type.parameterSlots
    self.resultSlots = compiled.type.resultSlots
    self.localCount = compiled.localCount
    self.maxStackHeight = compiled.maxStackHeight
    self.slotsAboveArguments = compiled.localCount &+ compiled.maxStackHeight
    self.sourceMap = compiled.sourceMap
    self.bodyOffset = compiled.bodyOffset
    if let register = compiled.registerCode {
      registerCode = Self.copy(register.code)
      registerEntries = Self.copy(register.entries)
      stackPositions = Self.copy(register.stackPositions)
    } else {
      registerCode = nil
      registerEntries = nil
      stackPositions = nil
    }
  }

  /// Replaces the function index in each register call site (see ``RegisterCode/callSites``)
  /// with `word(index)`, once every function the sites can name exists.
  func linkCallSites(_ sites: [Int32], _ word: (UInt32) -> CodeWord) {
    guard let registerCode else { return }
    for site in sites.map(Int.init) {
      registerCode[site] = word(UInt32(truncatingIfNeeded: registerCode[site]))
    }
  }

  private static func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
    let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
    _ = buffer.initialize(from: array)
    return buffer.baseAddress ?? UnsafeMutablePointer<T>.allocate(capacity: 1)
  }

  deinit {
    code.deallocate()
    registerCode?.deallocate()
    registerEntries?.deallocate()
    stackPositions?.deallocate()
  }
}
