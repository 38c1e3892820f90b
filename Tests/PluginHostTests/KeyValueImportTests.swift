import PluginHost
import Testing
import WasmVM

/// A plugin exposing each `kv` import one-to-one, driven from Swift by writing keys and values
/// into its memory: keys at 0, values at 1024, output buffers at 4096.
struct KeyValuePlugin {
  static let wat = """
    (module
      (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
      (import "kv" "size" (func $size (param i32 i32) (result i32)))
      (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
      (import "kv" "delete" (func $delete (param i32 i32) (result i32)))
      (import "kv" "list" (func $list (param i32 i32) (result i32)))
      (import "kv" "list_size" (func $list_size (result i32)))
      (memory (export "memory") 1)
      (func (export "get") (param i32 i32 i32 i32) (result i32)
        (call $get (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
      (func (export "size") (param i32 i32) (result i32)
        (call $size (local.get 0) (local.get 1)))
      (func (export "set") (param i32 i32 i32 i32) (result i32)
        (call $set (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
      (func (export "delete") (param i32 i32) (result i32)
        (call $delete (local.get 0) (local.get 1)))
      (func (export "list") (param i32 i32) (result i32)
        (call $list (local.get 0) (local.get 1)))
      (func (export "list_size") (result i32) (call $list_size)))
    """

  static let keyAt: UInt32 = 0
  static let valueAt: UInt32 = 1024
  static let bufferAt: UInt32 = 4096

  let host: PluginHost
  let name: String

  init(_ host: PluginHost, name: String = "store", limits: KeyValueLimits? = nil) throws {
    self.host = host
    self.name = name
    try host.load(PluginSource(name: name, wat: Self.wat, keyValueLimits: limits))
  }

  var memory: Memory {
    get throws {
      guard let memory = host.plugin(named: name)?.instance.exportedMemory("memory") else {
        throw TestFailure("no memory")
      }
      return memory
    }
  }

  func status(_ export: String, _ arguments: [UInt32]) throws -> Int32 {
    guard case .i32(let raw)? = try host.run(name, export, arguments.map { .i32($0) }).first
    else { throw TestFailure("\(export) returned no i32") }
    return Int32(bitPattern: raw)
  }

  func set(_ key: [UInt8], _ value: [UInt8]) throws -> Int32 {
    try memory.write(key, at: Int(Self.keyAt))
    try memory.write(value, at: Int(Self.valueAt))
    return try status(
      "set", [Self.keyAt, UInt32(key.count), Self.valueAt, UInt32(value.count)])
  }

  /// The status and, when it is a length, the bytes written.
  func get(_ key: [UInt8], capacity: UInt32 = 256) throws -> (Int32, [UInt8]) {
    try memory.write(key, at: Int(Self.keyAt))
    let result = try status("get", [Self.keyAt, UInt32(key.count), Self.bufferAt, capacity])
    let written = result >= 0 ? try memory.read(at: Int(Self.bufferAt), count: Int(result)) : nil
    return (result, written ?? [])
  }

  func size(_ key: [UInt8]) throws -> Int32 {
    try memory.write(key, at: Int(Self.keyAt))
    return try status("size", [Self.keyAt, UInt32(key.count)])
  }

  func delete(_ key: [UInt8]) throws -> Int32 {
    try memory.write(key, at: Int(Self.keyAt))
    return try status("delete", [Self.keyAt, UInt32(key.count)])
  }

  func list(capacity: UInt32 = 256) throws -> (Int32, [UInt8]) {
    let result = try status("list", [Self.bufferAt, capacity])
    let written = result >= 0 ? try memory.read(at: Int(Self.bufferAt), count: Int(result)) : nil
    return (result, written ?? [])
  }
}

@Suite struct KeyValueImportTests {
  typealias Status = KeyValueStatus

  @Test func setGetSizeDeleteList() throws {
    let kv = try KeyValuePlugin(PluginHost())
    #expect(try kv.set(bytes("b"), bytes("two")) == Status.ok.rawValue)
    #expect(try kv.set(bytes("a"), bytes("one!")) == Status.ok.rawValue)
    #expect(try kv.get(bytes("a")) == (4, bytes("one!")))
    #expect(try kv.size(bytes("b")) == 3)
    #expect(try kv.status("list_size", []) == 4)
    #expect(try kv.list() == (4, bytes("a\0b\0")))
    #expect(try kv.set(bytes("a"), []) == Status.ok.rawValue)
    #expect(try kv.get(bytes("a")) == (0, []))
    #expect(try kv.delete(bytes("a")) == Status.ok.rawValue)
    #expect(try kv.delete(bytes("a")) == Status.notFound.rawValue)
    #expect(try kv.get(bytes("a")).0 == Status.notFound.rawValue)
    #expect(try kv.size(bytes("a")) == Status.notFound.rawValue)
    #expect(try kv.list() == (2, bytes("b\0")))
  }

  @Test func bufferTooSmallWritesNothing() throws {
    let kv = try KeyValuePlugin(PluginHost())
    #expect(try kv.set(bytes("k"), bytes("0123456789")) == Status.ok.rawValue)
    try kv.memory.write([0xAA, 0xAA, 0xAA, 0xAA], at: Int(KeyValuePlugin.bufferAt))
    #expect(try kv.get(bytes("k"), capacity: 9).0 == Status.bufferTooSmall.rawValue)
    #expect(
      try kv.memory.read(at: Int(KeyValuePlugin.bufferAt), count: 4) == [0xAA, 0xAA, 0xAA, 0xAA])
    #expect(try kv.get(bytes("k"), capacity: 10) == (10, bytes("0123456789")))
    #expect(try kv.list(capacity: 1).0 == Status.bufferTooSmall.rawValue)
  }

  @Test func enforcesKeyAndValueSizes() throws {
    let limits = KeyValueLimits(maxKeyBytes: 4, maxValueBytes: 8)
    let kv = try KeyValuePlugin(PluginHost(), limits: limits)
    #expect(try kv.set(bytes("abcd"), bytes("12345678")) == Status.ok.rawValue)
    #expect(try kv.set(bytes("abcde"), bytes("1")) == Status.keyTooLarge.rawValue)
    #expect(try kv.get(bytes("abcde")).0 == Status.keyTooLarge.rawValue)
    #expect(try kv.set(bytes("k"), bytes("123456789")) == Status.valueTooLarge.rawValue)
    #expect(try kv.size(bytes("k")) == Status.notFound.rawValue)
  }

  @Test func enforcesTheQuota() throws {
    let store = InMemoryKeyValueStore()
    let host = PluginHost(configuration: .init(keyValueStore: store))
    let kv = try KeyValuePlugin(
      host, limits: KeyValueLimits(maxBytesPerPlugin: 12, maxKeysPerPlugin: 2))
    #expect(try kv.set(bytes("a"), bytes("12345")) == Status.ok.rawValue)  // 6 bytes
    #expect(try kv.set(bytes("b"), bytes("123456")) == Status.quotaExceeded.rawValue)  // 13
    #expect(try kv.set(bytes("b"), bytes("12345")) == Status.ok.rawValue)  // 12
    // Replacing a value counts only the difference.
    #expect(try kv.set(bytes("a"), bytes("1234")) == Status.ok.rawValue)  // 11
    #expect(try kv.set(bytes("a"), bytes("123456")) == Status.quotaExceeded.rawValue)
    #expect(try kv.set(bytes("c"), []) == Status.quotaExceeded.rawValue)  // third key
    #expect(store.usage(of: "store") == KeyValueUsage(bytes: 11, keys: 2))
    #expect(try kv.get(bytes("a")) == (4, bytes("1234")))
  }

  @Test func rejectsInvalidKeys() throws {
    let kv = try KeyValuePlugin(PluginHost())
    #expect(try kv.set([], bytes("v")) == Status.invalidKey.rawValue)
    #expect(try kv.set([0x61, 0, 0x62], bytes("v")) == Status.invalidKey.rawValue)
    #expect(try kv.list() == (0, []))
  }

  @Test func eachPluginHasItsOwnNamespace() throws {
    let store = InMemoryKeyValueStore()
    let host = PluginHost(configuration: .init(keyValueStore: store))
    let first = try KeyValuePlugin(host, name: "first")
    let second = try KeyValuePlugin(host, name: "second")
    #expect(try first.set(bytes("k"), bytes("1")) == Status.ok.rawValue)
    #expect(try second.get(bytes("k")).0 == Status.notFound.rawValue)
    #expect(try second.set(bytes("k"), bytes("2")) == Status.ok.rawValue)
    #expect(try first.get(bytes("k")) == (1, bytes("1")))
    #expect(store.value(forKey: bytes("k"), in: "second") == bytes("2"))
  }

  @Test func outOfBoundsBuffersTrapBeforeTouchingTheStore() throws {
    let store = InMemoryKeyValueStore()
    let kv = try KeyValuePlugin(PluginHost(configuration: .init(keyValueStore: store)))
    let setTrap = try kv.host.trap("store", "set", [.i32(0), .i32(1), .i32(65535), .i32(2)])
    #expect(setTrap.message.hasPrefix("out of bounds memory access in host call kv.set"))
    #expect(store.keys(in: "store").isEmpty)
    let keyTrap = try kv.host.trap("store", "get", [.i32(65530), .i32(7), .i32(0), .i32(1)])
    #expect(keyTrap.message.hasPrefix("out of bounds memory access in host call kv.get"))
    // The output buffer is checked even when the key is absent.
    let bufferTrap = try kv.host.trap("store", "get", [.i32(0), .i32(1), .i32(65000), .i32(600)])
    #expect(bufferTrap.message.hasPrefix("out of bounds memory access in host call kv.get"))
    let listTrap = try kv.host.trap("store", "list", [.i32(0xFFFF_FFF0), .i32(32)])
    #expect(listTrap.message.hasPrefix("out of bounds memory access in host call kv.list"))
  }

  @Test func chargesTicksForBytesMoved() throws {
    func ticks(perByte: UInt64) throws -> (set: UInt64, get: UInt64) {
      let test = TestHost(hostTicksPerByte: perByte)
      let kv = try KeyValuePlugin(test.host)
      try kv.memory.write(bytes("key"), at: 0)
      try kv.memory.write(bytes("value"), at: 1024)
      let set = try test.host.call(
        "store", "set", [.i32(0), .i32(3), .i32(1024), .i32(5)], budget: 100)
      let get = try test.host.call(
        "store", "get", [.i32(0), .i32(3), .i32(4096), .i32(64)], budget: 100)
      guard case .completed(_, let setTicks) = set, case .completed(_, let getTicks) = get else {
        throw TestFailure("kv calls did not complete")
      }
      return (setTicks, getTicks)
    }
    let free = try ticks(perByte: 0)
    let charged = try ticks(perByte: 2)
    #expect(charged.set == free.set + 16)  // 3 key + 5 value bytes read
    #expect(charged.get == free.get + 16)  // 3 key bytes read + 5 value bytes written
  }

  @Test func deniedWithoutTheCapability() {
    let host = PluginHost()
    let error = linkError {
      try host.load(PluginSource(name: "store", wat: KeyValuePlugin.wat, capabilities: [.log]))
    }
    #expect(error?.reason == .capabilityNotGranted(.kv))
    #expect(error?.description.contains("plugin \"store\" imports \"kv.get\"") == true)
  }
}

/// The one check the `kv` imports and apps such as the REPL share.
@Suite struct KeyValueLimitsCheckTests {
  @Test func keysAndValuesAreCheckedAgainstTheLimits() {
    let limits = KeyValueLimits(maxKeyBytes: 4, maxValueBytes: 8)
    #expect(throws: KeyValueStatus.invalidKey) { try limits.check(key: []) }
    #expect(throws: KeyValueStatus.invalidKey) { try limits.check(key: [0x61, 0]) }
    #expect(throws: KeyValueStatus.keyTooLarge) { try limits.check(key: [1, 2, 3, 4, 5]) }
    #expect(throws: Never.self) { try limits.check(key: [1, 2, 3, 4]) }
    #expect(throws: KeyValueStatus.valueTooLarge) { try limits.check(valueLength: 9) }
    #expect(throws: Never.self) { try limits.check(valueLength: 8) }
  }

  @Test func aPluginsOwnLimitsOverrideTheHosts() {
    let host = PluginHost(configuration: .init(keyValueLimits: KeyValueLimits(maxKeyBytes: 9)))
    let own = PluginSource(
      name: "p", wat: "(module)", keyValueLimits: KeyValueLimits(maxKeyBytes: 3))
    #expect(host.keyValueLimits(for: own).maxKeyBytes == 3)
    #expect(host.keyValueLimits(for: PluginSource(name: "q", wat: "(module)")).maxKeyBytes == 9)
  }
}
