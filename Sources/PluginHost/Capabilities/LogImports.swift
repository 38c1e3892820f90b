import Logging
import WasmVM

/// The `log` capability: `log.write(level: i32, ptr: i32, len: i32)`.
///
/// The message is UTF-8 in the plugin's memory (invalid sequences become U+FFFD rather than
/// failing, because a garbled log line is more useful than a trap). It goes to the host's
/// swift-log `Logger` with metadata `plugin=<name>`. The message's bytes are charged (see
/// ``HostCapability/Cost``) before it is read.
enum LogImports {
  /// Guest levels 0…6, in swift-log's order.
  static let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]

  static let capability = HostCapability(
    Capability.log.moduleName,
    functions: [
      HostCapability.Function(
        "write", type: FuncType(parameters: [.i32, .i32, .i32], results: []),
        cost: .perByte { call, arguments throws(Trap) in
          UInt64(try message(call, arguments).length)
        }
      ) { call, arguments throws(Trap) in
        let message = try message(call, arguments)
        let text = try call.memory.string(at: message.pointer, count: message.length)
        call.context.logger.log(level: levels[message.level], "\(text)")
        return []
      }
    ])

  private static let function = "log.write"

  /// The checked arguments of a `log.write` call: the level and a message range inside the
  /// plugin's memory. Both the cost and the body check them, so a call that traps does so
  /// before paying for a message it will never read.
  private static func message(
    _ call: CapabilityCall, _ arguments: [Value]
  ) throws(Trap) -> (level: Int, pointer: UInt32, length: UInt32) {
    let level = try arguments.i32(0, in: function)
    guard level < levels.count else {
      throw Trap(
        .host(
          "host call \(function): invalid log level \(Int32(bitPattern: level)) "
            + "(levels are 0 trace, 1 debug, 2 info, 3 notice, 4 warning, 5 error, 6 critical)"
        ))
    }
    let pointer = try arguments.i32(1, in: function)
    let length = try arguments.i32(2, in: function)
    try call.memory.checkRange(at: pointer, count: length)
    return (Int(level), pointer, length)
  }
}
