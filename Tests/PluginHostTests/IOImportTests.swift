import Foundation
import PluginHost
import Testing
import WasmVM

/// The `io` capability and calls with input and output (docs/plugin-abi.md, `io`).
@Suite struct IOImportTests {
  /// `echo CHUNK` copies the input to the output CHUNK bytes at a time; `shout` writes the
  /// input upper-cased; `read_at` and `write_at` pass their arguments straight to the host.
  /// Its memory is not exported: the host reaches it through the instance.
  static let echo = """
    (module
      (import "io" "input_size" (func $size (result i32)))
      (import "io" "input_read" (func $read (param i32 i32 i32) (result i32)))
      (import "io" "output_write" (func $write (param i32 i32) (result i32)))
      (memory 1)
      (func (export "echo") (param $chunk i32) (result i32)
        (local $offset i32) (local $n i32)
        (block $done
          (loop $next
            (local.set $n (call $read (i32.const 0) (local.get $chunk) (local.get $offset)))
            (br_if $done (i32.eqz (local.get $n)))
            (drop (call $write (i32.const 0) (local.get $n)))
            (local.set $offset (i32.add (local.get $offset) (local.get $n)))
            (br $next)))
        (call $size))
      (func (export "shout") (result i32)
        (local $i i32) (local $n i32) (local $c i32)
        (local.set $n (call $read (i32.const 0) (i32.const 4096) (i32.const 0)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $c (i32.load8_u (local.get $i)))
            (if (i32.and (i32.ge_u (local.get $c) (i32.const 97))
                         (i32.le_u (local.get $c) (i32.const 122)))
              (then (i32.store8 (local.get $i) (i32.sub (local.get $c) (i32.const 32)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (call $write (i32.const 0) (local.get $n)))
      (func (export "read_at") (param i32 i32 i32) (result i32)
        (call $read (local.get 0) (local.get 1) (local.get 2)))
      (func (export "write_at") (param i32 i32) (result i32)
        (call $write (local.get 0) (local.get 1))))
    """

  static func host(_ configuration: PluginHost.Configuration = .init()) throws -> PluginHost {
    let host = PluginHost(configuration: configuration)
    try host.load(PluginSource(name: "echo", wat: echo))
    return host
  }

  /// Runs a call with input to its end in slices of `slice` ticks.
  static func run(
    _ host: PluginHost, _ export: String, _ arguments: [Value] = [], input: [UInt8],
    slice: UInt64 = .max
  ) throws -> CallResult {
    var result = try host.call("echo", export, arguments, input: input, budget: slice)
    while case .paused(let call) = result.outcome {
      result = try host.resumeWithOutput(call.id, budget: slice)
    }
    return result
  }

  static func completed(_ result: CallResult) throws -> (values: [Value], ticks: UInt64) {
    guard case .completed(let values, let ticks) = result.outcome else {
      throw TestFailure("did not complete: \(result.outcome)")
    }
    return (values, ticks)
  }

  @Test func textGoesInAndComesOut() throws {
    let host = try Self.host()
    let result = try host.call("echo", "shout", input: "hello, Ada", budget: 1_000_000)
    #expect(result.text == "HELLO, ADA")
    #expect(try Self.completed(result).values == [.i32(10)])
  }

  @Test func bytesThatAreNotTextRoundTripInPieces() throws {
    let host = try Self.host()
    let input: [UInt8] = [0, 0xFF, 0xFE, 10, 13, 0x1B, 7, 200]
    let result = try Self.run(host, "echo", [.i32(3)], input: input)
    #expect(result.output == input)
    #expect(result.text == nil)
    #expect(try Self.completed(result).values == [.i32(8)])
  }

  @Test func anEmptyInputReadsNothing() throws {
    let host = try Self.host()
    let result = try Self.run(host, "echo", [.i32(16)], input: [])
    #expect(result.output.isEmpty)
    #expect(try Self.completed(result).values == [.i32(0)])
  }

  @Test func readingPastTheEndCopiesNothing() throws {
    let host = try Self.host()
    let result = try host.call(
      "echo", "read_at", [.i32(0), .i32(16), .i32(0xFFFF_FFFF)], input: "abc", budget: 1000)
    #expect(try Self.completed(result).values == [.i32(0)])
    let partial = try host.call(
      "echo", "read_at", [.i32(0), .i32(16), .i32(1)], input: "abc", budget: 1000)
    #expect(try Self.completed(partial).values == [.i32(2)])
  }

  @Test func jsonGoesInAndComesOut() throws {
    struct Greeting: Codable, Equatable {
      var name: String
      var times: Int
    }
    let host = try Self.host()
    let result = try host.call(
      "echo", "echo", [.i32(5)], json: Greeting(name: "Ada", times: 2), budget: 1_000_000)
    #expect(result.text == #"{"name":"Ada","times":2}"#)
    #expect(try result.decoded(as: Greeting.self) == Greeting(name: "Ada", times: 2))
  }

  @Test func resultsAndTicksDoNotDependOnTheSlicing() throws {
    let input = Array("a document of some length, read a few bytes at a time".utf8)
    let reference = try Self.run(try Self.host(), "echo", [.i32(7)], input: input)
    for slice: UInt64 in [1, 7, 1000] {
      let sliced = try Self.run(try Self.host(), "echo", [.i32(7)], input: input, slice: slice)
      #expect(sliced.output == input)
      #expect(try Self.completed(sliced).ticks == Self.completed(reference).ticks)
    }
  }

  @Test func everyByteMovedIsCharged() throws {
    let input = Array("0123456789".utf8)
    let free = try Self.run(
      try Self.host(.init(hostTicksPerByte: 0)), "echo", [.i32(100)], input: input)
    let charged = try Self.run(
      try Self.host(.init(hostTicksPerByte: 3)), "echo", [.i32(100)], input: input)
    // 10 bytes read and 10 written, 3 ticks each.
    #expect(try Self.completed(charged).ticks == Self.completed(free).ticks + 60)
  }

  @Test func anInputOverTheLimitIsRefusedBeforeTheCall() throws {
    let host = try Self.host(.init(maxInputBytes: 4))
    let error = hostError { try host.call("echo", "shout", input: "12345", budget: 1000) }
    guard case .inputTooLarge(let plugin, let export, let bytes, let limit)? = error else {
      Issue.record("expected inputTooLarge, got \(String(describing: error))")
      return
    }
    #expect(plugin == "echo" && export == "shout" && bytes == 5 && limit == 4)
    #expect(error?.description.contains("raise Configuration.maxInputBytes") == true)
    #expect(host.pausedCalls.isEmpty)
    #expect(
      try Self.completed(host.call("echo", "shout", input: "1234", budget: 1000)).values
        == [.i32(4)])
  }

  @Test func anOutputOverTheLimitTrapsAndWritesNothingMore() throws {
    let host = try Self.host(.init(maxOutputBytes: 6))
    let result = try Self.run(host, "echo", [.i32(4)], input: Array("abcdefgh".utf8))
    guard case .trapped(let trap, _) = result.outcome else {
      Issue.record("expected a trap, got \(result.outcome)")
      return
    }
    #expect(
      trap.message
        == "host call io.output_write: the output would be 8 bytes, more than this host takes "
        + "(6 bytes; raise Configuration.maxOutputBytes)")
    #expect(result.output == Array("abcd".utf8))
  }

  @Test func buffersOutsideMemoryTrap() throws {
    let host = try Self.host()
    for (export, arguments): (String, [Value]) in [
      ("read_at", [.i32(65530), .i32(10), .i32(0)]),
      ("read_at", [.i32(0xFFFF_FFFF), .i32(2), .i32(0)]),
      ("write_at", [.i32(65530), .i32(10)]),
      ("write_at", [.i32(0xFFFF_FFFF), .i32(0xFFFF_FFFF)]),
    ] {
      let result = try host.call("echo", export, arguments, input: "abc", budget: 1000)
      guard case .trapped(let trap, _) = result.outcome else {
        Issue.record("\(export)\(arguments) did not trap: \(result.outcome)")
        continue
      }
      #expect(trap.message.hasPrefix("out of bounds memory access in host call io."))
      #expect(result.output.isEmpty)
    }
  }

  @Test func aStartFunctionHasNoInputOrOutput() throws {
    let host = PluginHost()
    let error = hostError {
      try host.load(
        PluginSource(
          name: "early",
          wat: """
            (module
              (import "io" "input_size" (func $size (result i32)))
              (memory 1)
              (func $start (drop (call $size)))
              (start $start))
            """))
    }
    #expect(error?.description.contains("host call io.input_size: no call is in progress") == true)
  }

  @Test func callsWithoutInputSeeAnEmptyOne() throws {
    let host = try Self.host()
    #expect(try host.run("echo", "echo", [.i32(4)]) == [.i32(0)])
  }

  @Test func pausedCallsKeepTheirBuffersApart() throws {
    // Two instances, so that the calls share no guest memory either.
    let host = try Self.host()
    try host.load(PluginSource(name: "echo2", wat: Self.echo))
    let first = try host.call("echo", "echo", [.i32(1)], input: "first", budget: 30)
    let second = try host.call("echo2", "echo", [.i32(1)], input: "second!", budget: 30)
    guard case .paused(let a) = first.outcome, case .paused(let b) = second.outcome else {
      throw TestFailure("expected both calls to pause")
    }
    #expect(try host.resumeWithOutput(b.id, budget: 1_000_000).text == "second!")
    #expect(try host.resumeWithOutput(a.id, budget: 1_000_000).text == "first")
  }

  @Test func aSnapshotKeepsThePausedCallsBuffers() throws {
    let input = Array("saved halfway through".utf8)
    let reference = try Self.completed(Self.run(try Self.host(), "echo", [.i32(2)], input: input))
    let host = try Self.host()
    let started = try host.call("echo", "echo", [.i32(2)], input: input, budget: 100)
    guard case .paused(let call) = started.outcome else { throw TestFailure("did not pause") }
    #expect(!started.output.isEmpty && started.output.count < input.count)
    let restored = try PluginHost(restoring: try host.snapshot())
    let finished = try restored.resumeWithOutput(call.id, budget: 1_000_000)
    #expect(finished.output == input)
    #expect(try Self.completed(finished).ticks == reference.ticks)
    #expect(try Self.completed(finished).values == reference.values)

    // A host with a smaller limit refuses the saved input.
    let error = hostError {
      try PluginHost(restoring: try host.snapshot(), configuration: .init(maxInputBytes: 8))
    }
    #expect(error?.description.contains("raise Configuration.maxInputBytes") == true)
  }

  @Test func theAsyncHostPassesInputAndOutputAcrossSlices() async throws {
    let host = AsyncPluginHost(sliceTicks: 1)
    // Two instances: calls into one would share its memory, which `echo` and `shout` use.
    try host.load([
      PluginSource(name: "echo", wat: Self.echo), PluginSource(name: "loud", wat: Self.echo),
    ])
    async let one = host.call("echo", "echo", [.i32(1)], input: "one, interleaved", budget: 1 << 20)
    async let two = host.call("loud", "shout", input: "two", budget: 1 << 20)
    let (first, second) = try await (one, two)
    #expect(first.text == "one, interleaved")
    #expect(second.text == "TWO")

    let paused = try await host.call("echo", "echo", [.i32(1)], input: "later", budget: 20)
    guard case .paused(let call) = paused.outcome else { throw TestFailure("did not pause") }
    #expect(try await host.resumeWithOutput(call.id, budget: 1 << 20).text == "later")
  }
}
