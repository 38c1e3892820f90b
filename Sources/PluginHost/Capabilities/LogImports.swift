import Logging
import WasmVM

/// The `log` capability: `log.write(level: i32, ptr: i32, len: i32)`.
///
/// The message is UTF-8 in the plugin's memory (invalid sequences become U+FFFD rather than
/// failing, because a garbled log line is more useful than a trap). It goes to the host's
/// swift-log `Logger` with metadata `plugin=<name>`.
enum LogImports {
  /// Guest levels 0…6, in swift-log's order.
  static let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]

  static let all: [HostImport] = [
    HostImport(
      capability: .log, name: "write",
      type: FuncType(parameters: [.i32, .i32, .i32], results: []),
      body: { context in
        { _, arguments throws(Trap) in
          let function = "log.write"
          let level = try arguments.i32(0, in: function)
          guard level < levels.count else {
            throw Trap(
              .host(
                "host call \(function): invalid log level \(Int32(bitPattern: level)) "
                  + "(levels are 0 trace, 1 debug, 2 info, 3 notice, 4 warning, 5 error, 6 critical)"
              ))
          }
          let memory = try context.memory(in: function)
          let bytes = try context.read(
            memory, at: arguments.i32(1, in: function), length: arguments.i32(2, in: function),
            in: function)
          context.logger.log(
            level: levels[Int(level)], "\(String(decoding: bytes, as: UTF8.self))")
          return []
        }
      })
  ]
}
