import Logging
import WasmVM

/// The `kv` capability: a private byte-string → bytes map per plugin.
///
/// Every import first checks that each buffer it was given lies inside the plugin's memory and
/// traps if not, before looking at the store, so whether a call traps never depends on stored
/// data.
///
/// Each import declares the bytes it moves or reads (see ``HostCapability/Cost``), paid before its
/// body runs: key bytes read (unless the key is over ``KeyValueLimits/maxKeyBytes``, which is
/// refused unread), value bytes read by `set`, the value `get` reads and the key list `list` and
/// `list_size` build (whole, whether or not it fits the buffer), so ticks grow with the work
/// done. These depend on the store, so their charge looks it up when the call starts: a value
/// or listing that another call changes while this one is still paying is copied as it stands
/// when the body runs, at the charge already paid.
enum KeyValueImports {
  private typealias Status = KeyValueStatus

  static let capability = HostCapability(
    Capability.kv.moduleName,
    functions: [
      entry("get", [.i32, .i32, .i32, .i32], get, bytes: getBytes),
      entry("size", [.i32, .i32], size, bytes: keyBytes),
      entry("set", [.i32, .i32, .i32, .i32], set, bytes: setBytes),
      entry("delete", [.i32, .i32], delete, bytes: keyBytes),
      entry("list", [.i32, .i32], list, bytes: listBytes),
      entry("list_size", [], listSize, bytes: listSizeBytes),
    ])

  /// `kv.get(key_ptr, key_len, buf_ptr, buf_cap) -> i32`: the value's length after writing it
  /// to the buffer, or a status.
  private static func get(_ kv: KeyValueCall) throws(Trap) -> Int32 {
    let bufferPointer = try kv.arguments.i32(2, in: kv.function)
    let capacity = try kv.arguments.i32(3, in: kv.function)
    try kv.memory.checkRange(at: bufferPointer, count: capacity)
    let key: [UInt8]
    switch try kv.key(at: 0) {
    case .failure(let status): return status.rawValue
    case .success(let bytes): key = bytes
    }
    let found: [UInt8]?
    switch kv.lookup(key) {
    case .failure(let status): return status.rawValue
    case .success(let value): found = value
    }
    guard let value = found else { return Status.notFound.rawValue }
    guard value.count <= Int(capacity) else { return Status.bufferTooSmall.rawValue }
    try kv.memory.write(value, at: bufferPointer)
    return Int32(clamping: value.count)
  }

  /// What `kv.get` costs: the key, then the stored value, which it reads whole even when it
  /// does not fit the buffer.
  private static func getBytes(_ kv: KeyValueCall) throws(Trap) -> UInt64 {
    let bufferPointer = try kv.arguments.i32(2, in: kv.function)
    let capacity = try kv.arguments.i32(3, in: kv.function)
    try kv.memory.checkRange(at: bufferPointer, count: capacity)
    let key = try kv.keyBytes(at: 0)
    guard let valid = key.valid,
      let value = try? kv.context.keyValueStore.value(forKey: valid, in: kv.context.plugin)
    else { return key.count }
    return key.count + UInt64(value.count)
  }

  /// What `kv.size` and `kv.delete` move: their key.
  private static func keyBytes(_ kv: KeyValueCall) throws(Trap) -> UInt64 {
    try kv.keyBytes(at: 0).count
  }

  /// `kv.size(key_ptr, key_len) -> i32`: the value's length, or a status.
  private static func size(_ kv: KeyValueCall) throws(Trap) -> Int32 {
    let key: [UInt8]
    switch try kv.key(at: 0) {
    case .failure(let status): return status.rawValue
    case .success(let bytes): key = bytes
    }
    switch kv.lookup(key) {
    case .failure(let status): return status.rawValue
    case .success(let value):
      return value.map { Int32(clamping: $0.count) } ?? Status.notFound.rawValue
    }
  }

  /// `kv.set(key_ptr, key_len, value_ptr, value_len) -> i32`: 0 once the value is durably
  /// stored, or a status.
  private static func set(_ kv: KeyValueCall) throws(Trap) -> Int32 {
    let valuePointer = try kv.arguments.i32(2, in: kv.function)
    let valueLength = try kv.arguments.i32(3, in: kv.function)
    try kv.memory.checkRange(at: valuePointer, count: valueLength)
    let key: [UInt8]
    switch try kv.key(at: 0) {
    case .failure(let status): return status.rawValue
    case .success(let bytes): key = bytes
    }
    do {
      try kv.context.keyValueLimits.check(valueLength: Int(valueLength))
    } catch {
      return error.rawValue
    }
    let value = try kv.memory.bytes(at: valuePointer, count: valueLength)
    let quota = kv.context.keyValueLimits.quota
    switch kv.store({ () throws(KeyValueStoreError) in
      try kv.context.keyValueStore.setValue(
        value, forKey: key, in: kv.context.plugin, quota: quota)
    }) {
    case .failure(let status): return status.rawValue
    case .success: return Status.ok.rawValue
    }
  }

  /// What `kv.set` moves: the key, then the value if the key is valid and the value not too
  /// large.
  private static func setBytes(_ kv: KeyValueCall) throws(Trap) -> UInt64 {
    let valuePointer = try kv.arguments.i32(2, in: kv.function)
    let valueLength = try kv.arguments.i32(3, in: kv.function)
    try kv.memory.checkRange(at: valuePointer, count: valueLength)
    let key = try kv.keyBytes(at: 0)
    guard key.valid != nil,
      (try? kv.context.keyValueLimits.check(valueLength: Int(valueLength))) != nil
    else { return key.count }
    return key.count + UInt64(valueLength)
  }

  /// `kv.delete(key_ptr, key_len) -> i32`: 0 when a value was removed, or a status.
  private static func delete(_ kv: KeyValueCall) throws(Trap) -> Int32 {
    let key: [UInt8]
    switch try kv.key(at: 0) {
    case .failure(let status): return status.rawValue
    case .success(let bytes): key = bytes
    }
    switch kv.store({ () throws(KeyValueStoreError) in
      try kv.context.keyValueStore.removeValue(forKey: key, in: kv.context.plugin)
    }) {
    case .failure(let status): return status.rawValue
    case .success(let removed): return removed ? Status.ok.rawValue : Status.notFound.rawValue
    }
  }

  /// `kv.list(buf_ptr, buf_cap) -> i32`: writes every key, each followed by a 0 byte, in
  /// ascending byte order; returns the bytes written, or a status.
  private static func list(_ kv: KeyValueCall) throws(Trap) -> Int32 {
    let bufferPointer = try kv.arguments.i32(0, in: kv.function)
    let capacity = try kv.arguments.i32(1, in: kv.function)
    try kv.memory.checkRange(at: bufferPointer, count: capacity)
    switch kv.store({ () throws(KeyValueStoreError) in try listing(kv) }) {
    case .failure(let status): return status.rawValue
    case .success(let bytes):
      guard bytes.count <= Int(capacity) else { return Status.bufferTooSmall.rawValue }
      try kv.memory.write(bytes, at: bufferPointer)
      return Int32(clamping: bytes.count)
    }
  }

  /// What `kv.list` moves: the listing, if it fits the buffer.
  private static func listBytes(_ kv: KeyValueCall) throws(Trap) -> UInt64 {
    let bufferPointer = try kv.arguments.i32(0, in: kv.function)
    let capacity = try kv.arguments.i32(1, in: kv.function)
    try kv.memory.checkRange(at: bufferPointer, count: capacity)
    return listSizeBytes(kv)
  }

  /// What `kv.list` and `kv.list_size` cost: the whole key list, which both build whether or
  /// not it fits (a store that fails costs nothing; the call answers its status).
  private static func listSizeBytes(_ kv: KeyValueCall) -> UInt64 {
    UInt64((try? listing(kv))?.count ?? 0)
  }

  /// `kv.list_size() -> i32`: how many bytes `kv.list` needs.
  private static func listSize(_ kv: KeyValueCall) throws(Trap) -> Int32 {
    switch kv.store({ () throws(KeyValueStoreError) in try listing(kv) }) {
    case .failure(let status): return status.rawValue
    case .success(let bytes): return Int32(clamping: bytes.count)
    }
  }

  private static func listing(_ kv: KeyValueCall) throws(KeyValueStoreError) -> [UInt8] {
    try kv.context.keyValueStore.keys(in: kv.context.plugin).flatMap { $0 + [0] }
  }

  private static func entry(
    _ name: String, _ parameters: [ValueType],
    _ implementation: @escaping @Sendable (KeyValueCall) throws(Trap) -> Int32,
    bytes: (@Sendable (KeyValueCall) throws(Trap) -> UInt64)?
  ) -> HostCapability.Function {
    let function = "kv.\(name)"
    var cost = HostCapability.Cost.free
    if let bytes {
      cost = .perByte { call, arguments throws(Trap) in
        try bytes(KeyValueCall(call.context, arguments, function))
      }
    }
    return HostCapability.Function(
      name, type: FuncType(parameters: parameters, results: [.i32]), cost: cost
    ) { call, arguments throws(Trap) in
      let kv = try KeyValueCall(call.context, arguments, function)
      return [.i32(UInt32(bitPattern: try implementation(kv)))]
    }
  }
}

/// One invocation of a `kv` import: the plugin's context, its memory and the raw arguments.
private struct KeyValueCall {
  let context: HostImportContext
  let memory: GuestMemory
  let arguments: [Value]
  let function: String

  /// A call through `context`, once the plugin's memory is found.
  init(_ context: HostImportContext, _ arguments: [Value], _ function: String) throws(Trap) {
    self.context = context
    self.memory = GuestMemory(
      memory: try context.memory(in: function), function: function, gate: nil,
      recording: context.currentCall.recording)
    self.arguments = arguments
    self.function = function
  }

  /// Reads and checks the key whose pointer and length are arguments `index` and `index + 1`.
  /// Traps when the range is outside memory; a key that breaks the rules is a status.
  func key(at index: Int) throws(Trap) -> Result<[UInt8], KeyValueStatus> {
    let pointer = try arguments.i32(index, in: function)
    let length = try arguments.i32(index + 1, in: function)
    try memory.checkRange(at: pointer, count: length)
    do {
      try context.keyValueLimits.check(keyLength: Int(length))
    } catch {
      return .failure(error)
    }
    let key = try memory.bytes(at: pointer, count: length)
    do {
      try context.keyValueLimits.check(key: key)
    } catch {
      return .failure(error)
    }
    return .success(key)
  }

  /// What reading the key at `index` moves, as ``key(at:)`` reads it, and the key when it is
  /// valid. Traps exactly when ``key(at:)`` does.
  func keyBytes(at index: Int) throws(Trap) -> (count: UInt64, valid: [UInt8]?) {
    switch try key(at: index) {
    case .success(let key): return (UInt64(key.count), key)
    case .failure(.keyTooLarge): return (0, nil)
    case .failure: return (UInt64(try arguments.i32(index + 1, in: function)), nil)
    }
  }

  /// The value stored under `key` in the plugin's namespace.
  func lookup(_ key: [UInt8]) -> Result<[UInt8]?, KeyValueStatus> {
    store { () throws(KeyValueStoreError) in
      try context.keyValueStore.value(forKey: key, in: context.plugin)
    }
  }

  /// Runs a store operation, mapping its errors to statuses (and logging storage failures,
  /// whose details the guest cannot see).
  func store<T>(_ operation: () throws(KeyValueStoreError) -> T) -> Result<T, KeyValueStatus> {
    do {
      return .success(try operation())
    } catch .quotaExceeded {
      return .failure(.quotaExceeded)
    } catch {
      context.logger.error("\(function) failed: \(error)")
      return .failure(.storageFailure)
    }
  }
}
