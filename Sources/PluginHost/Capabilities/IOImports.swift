import WasmVM

/// The `io` capability: the input and output bytes of the call in progress, held by the host.
///
/// ```
/// io.input_size() -> i32                                   ;; bytes of the call's input
/// io.input_read(buf_ptr: i32, buf_cap: i32, offset: i32) -> i32
/// io.output_write(ptr: i32, len: i32) -> i32
/// ```
///
/// `input_read` copies the input from `offset` into the buffer, as much as fits, and returns
/// how many bytes it copied (0 at or past the end), so a plugin can read its input whole or in
/// pieces into memory it already has. `output_write` appends `ptr[0..<len]` to the call's
/// output and returns `len`. Nothing is allocated in guest memory, so a plugin needs no
/// exported allocator, and the host never writes anywhere but into the buffer a plugin names.
///
/// Results are never negative: every failure traps, before anything moved (a buffer outside
/// memory, an output past ``PluginHost/Configuration/maxOutputBytes``, or a call made from a
/// start function, which has no input or output). The bytes copied are charged (see
/// ``HostCapability/Cost``) before they move.
enum IOImports {
  static let capability = HostCapability(
    Capability.io.moduleName,
    functions: [
      HostCapability.Function("input_size") { (call: CapabilityCall) throws -> UInt32 in
        UInt32(clamping: try buffers(call.context, "io.input_size").input.count)
      },
      HostCapability.Function(
        "input_read", type: FuncType(parameters: [.i32, .i32, .i32], results: [.i32]),
        cost: .perByte { call, arguments throws(Trap) in
          UInt64(try inputRead(call, arguments).range.count)
        }
      ) { call, arguments throws(Trap) in
        let read = try inputRead(call, arguments)
        try call.memory.write(read.io.input[read.range], at: read.pointer)
        return [.i32(UInt32(read.range.count))]
      },
      HostCapability.Function(
        "output_write", type: FuncType(parameters: [.i32, .i32], results: [.i32]),
        cost: .perByte { call, arguments throws(Trap) in
          UInt64(try outputWrite(call, arguments).length)
        }
      ) { call, arguments throws(Trap) in
        let write = try outputWrite(call, arguments)
        write.io.append(try call.memory.bytes(at: write.pointer, count: write.length))
        return [.i32(write.length)]
      },
    ])

  /// The buffers of the call in progress.
  private static func buffers(_ context: HostImportContext, _ function: String) throws(Trap)
    -> CallIO
  {
    guard let buffers = context.currentCall.buffers else {
      throw Trap(
        .host(
          "host call \(function): no call is in progress (a start function has no input or "
            + "output)"))
    }
    return buffers
  }

  /// The checked arguments of an `io.input_read` call and the input bytes it copies. Both the
  /// cost and the body use it, so a call that traps does so before paying.
  private static func inputRead(_ call: CapabilityCall, _ arguments: [Value]) throws(Trap)
    -> (io: CallIO, pointer: UInt32, range: Range<Int>)
  {
    let function = "io.input_read"
    let io = try buffers(call.context, function)
    let pointer = try arguments.i32(0, in: function)
    let capacity = try arguments.i32(1, in: function)
    let offset = try arguments.i32(2, in: function)
    try call.memory.checkRange(at: pointer, count: capacity)
    return (io, pointer, io.inputRange(from: offset, capacity: capacity))
  }

  /// The checked arguments of an `io.output_write` call: traps when the buffer is outside
  /// memory or the output would grow past the host's limit.
  private static func outputWrite(_ call: CapabilityCall, _ arguments: [Value])
    throws(Trap) -> (io: CallIO, pointer: UInt32, length: UInt32)
  {
    let function = "io.output_write"
    let io = try buffers(call.context, function)
    let pointer = try arguments.i32(0, in: function)
    let length = try arguments.i32(1, in: function)
    try call.memory.checkRange(at: pointer, count: length)
    guard io.outputFits(length) else {
      throw Trap(
        .host(
          "host call \(function): the output would be \(UInt64(io.output.count) + UInt64(length)) "
            + "bytes, more than this host takes (\(io.maxOutputBytes) bytes; raise "
            + "Configuration.maxOutputBytes)"))
    }
    return (io, pointer, length)
  }
}
