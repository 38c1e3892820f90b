import Foundation
import PluginHost
import Testing
import WasmVM

/// Capabilities an app defines (``HostCapability``): typed sync, throwing and async functions
/// that read and write the calling plugin's memory, granted per plugin, paid for in ticks and
/// rebuilt on restore.
@Suite struct AppCapabilityTests {
  struct AppError: Error, CustomStringConvertible {
    let code: Int32
    var description: String { "the app refused code \(code)" }
  }

  /// What `app.lookup` answers, reached across an `await`.
  actor Settings {
    private let values: [String: String]
    init(_ values: [String: String]) { self.values = values }
    func value(_ name: String) -> String? { values[name] }
  }

  /// `app.upper(ptr, len) -> i32` upper-cases ASCII in place (costs 5 ticks plus one per
  /// byte); `app.fail(code)` throws unless `code` is 0; `app.lookup(key_ptr, key_len, out_ptr,
  /// out_cap) -> i32` writes a setting's value, or returns -1; `app.caller() -> i32` returns
  /// the length of the calling plugin's name.
  static func capability(settings: Settings = Settings(["greeting": "hi there"]))
    -> HostCapability
  {
    HostCapability(
      "app",
      functions: [
        .init("upper", cost: .perByte(arguments: 1, plus: 5)) {
          (call: CapabilityCall, pointer: UInt32, length: UInt32) throws -> Int32 in
          let memory = try call.memory
          let text = try memory.bytes(at: pointer, count: length)
          try memory.write(
            text.map { (97...122).contains($0) ? $0 - 32 : $0 }, at: pointer)
          return Int32(bitPattern: length)
        },
        .init("fail") { (_: CapabilityCall, code: Int32) throws in
          if code != 0 { throw AppError(code: code) }
        },
        .async("lookup", cost: .ticks(3)) {
          (call: CapabilityCall, key: UInt32, keyLength: UInt32, out: UInt32, capacity: UInt32)
            async throws -> Int32 in
          let name = try call.memory.string(at: key, count: keyLength)
          guard let value = await settings.value(name), value.utf8.count <= capacity else {
            return -1
          }
          try call.memory.write(value.utf8, at: out)
          return Int32(value.utf8.count)
        },
        .init("caller") { (call: CapabilityCall) -> Int32 in Int32(call.plugin.utf8.count) },
      ])
  }

  static let plugin = """
    (module
      (import "app" "upper" (func $upper (param i32 i32) (result i32)))
      (import "app" "fail" (func $fail (param i32)))
      (import "app" "lookup" (func $lookup (param i32 i32 i32 i32) (result i32)))
      (import "app" "caller" (func $caller (result i32)))
      (import "io" "output_write" (func $write (param i32 i32) (result i32)))
      (memory 1)
      (data (i32.const 0) "hello, plugin")
      (data (i32.const 64) "greeting")
      (func (export "run") (result i32)
        (local $n i32)
        (drop (call $upper (i32.const 0) (i32.const 13)))
        (drop (call $write (i32.const 0) (i32.const 13)))
        (local.set $n
          (call $lookup (i32.const 64) (i32.const 8) (i32.const 128) (i32.const 64)))
        (drop (call $write (i32.const 128) (local.get $n)))
        (i32.add (local.get $n) (call $caller)))
      (func (export "fail") (param i32) (call $fail (local.get 0)))
      (func (export "upper") (param i32 i32) (result i32)
        (call $upper (local.get 0) (local.get 1)))
      (func (export "lookup") (param i32 i32 i32 i32) (result i32)
        (call $lookup (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
    """

  static let granted = Capability.builtIn.union(["app"])

  /// A configuration whose `app` capability offers `functions`.
  static func configuration(functions: [HostCapability.Function]) -> PluginHost.Configuration {
    PluginHost.Configuration(capabilities: [HostCapability("app", functions: functions)])
  }

  static func host(_ configuration: PluginHost.Configuration = .init()) throws -> PluginHost {
    var configuration = configuration
    configuration.capabilities = [capability()]
    let host = PluginHost(configuration: configuration)
    try host.load(PluginSource(name: "filter", wat: plugin, capabilities: granted))
    return host
  }

  /// Runs `export` to its end in slices of `slice` ticks.
  static func run(
    _ host: PluginHost, _ export: String, _ arguments: [Value] = [], slice: UInt64
  ) throws -> (outcome: CallOutcome, output: String?) {
    var result = try host.call("filter", export, arguments, input: [UInt8](), budget: slice)
    while case .paused(let paused) = result.outcome {
      result = try host.resumeWithOutput(paused.id, budget: slice)
    }
    return (result.outcome, result.text)
  }

  @Test func syncThrowingAndAsyncFunctionsGiveTheSameResultsAndTicksInAnySlicing() throws {
    var outcomes: [String] = []
    for slice: UInt64 in [1, 7, .max] {
      let (outcome, output) = try Self.run(try Self.host(), "run", slice: slice)
      guard case .completed(let values, let ticks) = outcome else {
        Issue.record("slice \(slice): \(outcome)")
        continue
      }
      #expect(values == [.i32(8 + 6)])
      #expect(output == "HELLO, PLUGINhi there")
      outcomes.append("\(values) \(ticks)")
    }
    #expect(Set(outcomes).count == 1, "\(outcomes)")
  }

  @Test func aFunctionsCostIsPaidBeforeItRuns() throws {
    let host = try Self.host()
    let cheap = try Self.run(host, "upper", [.i32(0), .i32(1)], slice: .max).outcome
    let dear = try Self.run(host, "upper", [.i32(0), .i32(1001)], slice: .max).outcome
    guard case .completed(_, let one) = cheap, case .completed(_, let many) = dear else {
      Issue.record("\(cheap) \(dear)")
      return
    }
    #expect(many - one == 1000)
    // A budget that cannot pay for the bytes pauses before the function runs.
    let fresh = try Self.host()
    let paused = try fresh.call("filter", "upper", [.i32(0), .i32(13)], budget: 10)
    guard case .paused(let call) = paused else {
      Issue.record("\(paused)")
      return
    }
    let memory = try #require(fresh.plugin(named: "filter")?.instance.memory(at: 0))
    #expect(memory.string(at: 0, count: 13) == "hello, plugin")
    #expect(try fresh.resume(call.id, budget: 100).isCompleted)
    #expect(memory.string(at: 0, count: 13) == "HELLO, PLUGIN")
  }

  @Test func aThrowingFunctionTrapsWithItsMessage() throws {
    let host = try Self.host()
    #expect(try Self.run(host, "fail", [.i32(0)], slice: .max).outcome.isCompleted)
    let outcome = try Self.run(host, "fail", [.i32(7)], slice: .max).outcome
    guard case .trapped(let trap, _) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect("\(trap)".contains("host call app.fail: the app refused code 7"), "\(trap)")
  }

  @Test func anAsyncFunctionWorksUnderTheSynchronousHost() throws {
    let host = try Self.host()
    let outcome = try Self.run(host, "lookup", [.i32(64), .i32(8), .i32(256), .i32(64)], slice: 3)
      .outcome
    guard case .completed(let values, _) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(values == [.i32(8)])
    let memory = try #require(host.plugin(named: "filter")?.instance.memory(at: 0))
    #expect(memory.string(at: 256, count: 8) == "hi there")
  }

  @Test func outOfRangePointersAndLengthsTrapInEveryFunction() throws {
    let host = try Self.host()
    let hostile: [(String, [Value])] = [
      ("upper", [.i32(65530), .i32(100)]),
      ("upper", [.i32(0xFFFF_FFFF), .i32(2)]),
      ("upper", [.i32(0), .i32(0xFFFF_FFFF)]),
      ("lookup", [.i32(65535), .i32(8), .i32(0), .i32(8)]),
      ("lookup", [.i32(64), .i32(8), .i32(65530), .i32(64)]),
      ("lookup", [.i32(0xFFFF_FFF0), .i32(0xFFFF_FFF0), .i32(0), .i32(0)]),
    ]
    for (export, arguments) in hostile {
      let outcome = try Self.run(host, export, arguments, slice: .max).outcome
      guard case .trapped(let trap, _) = outcome else {
        Issue.record("\(export) \(arguments): \(outcome)")
        continue
      }
      #expect("\(trap)".contains("out of bounds memory access in host call app.\(export)"))
    }
  }

  @Test func anUngrantedUnknownOrMistypedImportFailsToLoad() throws {
    var configuration = PluginHost.Configuration()
    configuration.capabilities = [Self.capability()]
    let host = PluginHost(configuration: configuration)
    func loadError(_ name: String, _ wat: String, _ granted: Set<Capability>) -> String {
      do {
        try host.load(PluginSource(name: name, wat: wat, capabilities: granted))
        return "loaded"
      } catch {
        return "\(error)"
      }
    }
    let ungranted = loadError(
      "plain", #"(module (import "app" "upper" (func (param i32 i32) (result i32))) (memory 1))"#,
      Capability.builtIn)
    #expect(ungranted.contains(#"plugin "plain" imports "app.upper""#))
    #expect(ungranted.contains("not granted the app capability"))
    let unknown = loadError("lost", #"(module (import "app" "nothing" (func)))"#, Self.granted)
    #expect(unknown.contains(#"plugin "lost" imports "app.nothing""#))
    #expect(unknown.contains("caller, fail, lookup, upper"))
    let mistyped = loadError(
      "odd", #"(module (import "app" "upper" (func (param i64) (result i32))))"#, Self.granted)
    #expect(mistyped.contains(#"plugin "odd" imports "app.upper""#))
    #expect(mistyped.contains("(func (param i64) (result i32))"), "\(mistyped)")
    #expect(mistyped.contains("(func (param i32 i32) (result i32))"))
    // A plugin cannot take an app capability's name.
    #expect(throws: PluginHostError.self) {
      try host.load(PluginSource(name: "app", wat: "(module)"))
    }
  }

  @Test func capabilityNamesMustBeUnique() throws {
    var configuration = PluginHost.Configuration()
    configuration.capabilities = [HostCapability("kv", functions: [])]
    #expect {
      try PluginHost(configuration: configuration).load(PluginSource(name: "p", wat: "(module)"))
    } throws: { error in
      "\(error)".contains("app capability kv has the name of a built-in capability")
    }
  }

  @Test func theCallerIsTheImportingPlugin() throws {
    let host = try Self.host()
    try host.load(PluginSource(name: "second-plugin", wat: Self.plugin, capabilities: Self.granted))
    let outcome = try host.call("second-plugin", "run", input: [UInt8](), budget: .max).outcome
    guard case .completed(let values, _) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(values == [.i32(8 + 13)])
    let imports = try #require(host.plugin(named: "filter")?.imports)
    #expect(
      imports.filter { $0.provider == .capability("app") }.map(\.name)
        == ["upper", "fail", "lookup", "caller"])
  }

  @Test func aSnapshotTakenWhileACallPaysForAFunctionRestoresAndFinishesTheSame() throws {
    let reference = try Self.run(try Self.host(), "upper", [.i32(0), .i32(1000)], slice: .max)
    let host = try Self.host()
    // 3 ticks reach the call; 10 more pay only part of its 1,005.
    let first = try host.call("filter", "upper", [.i32(0), .i32(1000)], budget: 13)
    guard case .paused(let paused) = first else {
      Issue.record("\(first)")
      return
    }
    let before = try #require(host.plugin(named: "filter")?.instance.memory(at: 0))
    #expect(before.string(at: 0, count: 5) == "hello", "the function must not have run yet")
    let bytes = try host.snapshot()
    var configuration = PluginHost.Configuration()
    configuration.capabilities = [Self.capability()]
    let restored = try PluginHost(restoring: bytes, configuration: configuration)
    var outcome = try restored.resume(paused.id, budget: 100)
    while case .paused(let again) = outcome { outcome = try restored.resume(again.id, budget: 100) }
    guard case .completed(let values, let ticks) = outcome,
      case .completed(let expected, let expectedTicks) = reference.outcome
    else {
      Issue.record("\(outcome) \(reference.outcome)")
      return
    }
    #expect(values == expected)
    #expect(ticks == expectedTicks)
    let memory = try #require(restored.plugin(named: "filter")?.instance.memory(at: 0))
    #expect(memory.read(at: 0, count: 13) == Array("HELLO, PLUGIN".utf8))

    // A host without the capability, or with another type for it, cannot restore.
    #expect(throws: PluginHostError.self) { try PluginHost(restoring: bytes) }
    var retyped = PluginHost.Configuration()
    retyped.capabilities = [
      HostCapability(
        "app",
        functions: Self.capability().functions.filter { $0.name != "upper" } + [
          .init("upper") { (_: CapabilityCall, _: UInt32) -> Int32 in 0 }
        ])
    ]
    #expect(throws: PluginHostError.self) {
      try PluginHost(restoring: bytes, configuration: retyped)
    }
  }

  /// Releases every waiter once `count` have arrived: if each waiting call held a thread, a
  /// thousand could never all arrive.
  actor Latch {
    private let count: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var arrived = 0
    init(count: Int) { self.count = count }

    func arrive() async {
      arrived += 1
      if arrived == count {
        for waiter in waiting { waiter.resume() }
        waiting.removeAll()
        return
      }
      await withCheckedContinuation { waiting.append($0) }
    }
  }

  /// Lets an async body go on when the test says, from synchronous code.
  final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var opened = false
    private var waiter: CheckedContinuation<Void, Never>?

    func pass() async {
      await withCheckedContinuation { continuation in
        lock.lock()
        if opened {
          lock.unlock()
          continuation.resume()
        } else {
          waiter = continuation
          lock.unlock()
        }
      }
    }

    func open() {
      lock.lock()
      opened = true
      let waiting = waiter
      waiter = nil
      lock.unlock()
      waiting?.resume()
    }
  }

  /// A call paused while its async function runs can be resumed through `withHost`, which holds
  /// the host while the synchronous host waits for the function: the function's memory access
  /// waits only for slices, never for that hold (it once deadlocked here).
  @Test func aCallPausedInAnAsyncFunctionResumesThroughWithHost() async throws {
    let gate = Gate()
    let configuration = Self.configuration(functions: [
      .async("later") { (call: CapabilityCall, pointer: UInt32) async throws -> Int32 in
        await gate.pass()
        try call.memory.store(UInt32(99), at: pointer)
        return 7
      }
    ])
    let host = AsyncPluginHost(configuration: configuration)
    try host.load([
      PluginSource(
        name: "later",
        wat: """
          (module
            (import "app" "later" (func $later (param i32) (result i32)))
            (memory 1)
            (func (export "run") (result i32)
              (i32.add (call $later (i32.const 8)) (i32.load (i32.const 8)))))
          """, capabilities: ["app"])
    ])
    let id = try host.start("later", "run", budget: 1_000)
    let task = Task { try await host.outcome(of: id) }
    while host.runningCalls.first?.waitingOn == nil { await Task.yield() }
    host.pause(id)
    guard case .paused = try await task.value else {
      Issue.record("expected a pause")
      return
    }
    let outcome = try host.withHost { host throws(PluginHostError) in
      gate.open()
      return try host.resume(id, budget: 1_000)
    }
    guard case .completed(let values, _) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(values == [.i32(7 + 99)])
  }

  @Test func anAsyncFunctionParksAThousandConcurrentCallsWithoutAThousandThreads() async throws {
    let calls = 1_000
    let latch = Latch(count: calls)
    let configuration = Self.configuration(functions: [
      .async("wait") { (call: CapabilityCall, pointer: UInt32) async throws -> Int32 in
        await latch.arrive()
        let memory = try call.memory
        try memory.store(try memory.load(UInt32.self, at: pointer) + 1, at: pointer)
        return 1
      }
    ])
    let host = AsyncPluginHost(configuration: configuration, sliceTicks: 5)
    try host.load([
      PluginSource(
        name: "waiter",
        wat: """
          (module
            (import "app" "wait" (func $wait (param i32) (result i32)))
            (memory 1)
            (func (export "run") (result i32) (call $wait (i32.const 16))))
          """, capabilities: ["app"])
    ])
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<calls {
        group.addTask {
          let outcome = try await host.call("waiter", "run", budget: 1_000)
          guard case .completed(let values, _) = outcome, values == [.i32(1)] else { return 0 }
          return 1
        }
      }
      return try await group.reduce(0, +)
    }
    #expect(total == calls)
    #expect(await latch.arrived == calls)
    let counted = host.withHost { host in
      host.plugin(named: "waiter")?.instance.memory(at: 0)?.load(UInt32.self, at: 16)
    }
    #expect(counted == UInt32(calls))
  }
}

extension CallOutcome {
  var isCompleted: Bool {
    if case .completed = self { return true }
    return false
  }
}
