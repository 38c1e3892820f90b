import Foundation
import PluginHost

/// Why a filter did not produce the next version of the document.
struct FilterError: Error, CustomStringConvertible {
  let filter: String
  let outcome: CallOutcome
  var description: String { "filter \(filter) did not finish: \(outcome)" }
}

/// Runs `document` through each filter plugin in turn and returns what the last one wrote.
/// The app gives its plugins an API of its own: `app.setting(name) -> value`.
func filterDocument(_ document: String, through filters: [URL], settings: [String: String])
  throws -> String
{
  // app.setting(name_ptr, name_len, out_ptr, out_cap) -> i32: the value's length after
  // writing it to out, -1 when there is no such setting, -2 when out is too small. Each call
  // costs one tick per byte of its name and of its buffer, paid before it runs.
  let app = HostCapability(
    "app",
    functions: [
      .init("setting", cost: .perByte(arguments: 1, 3)) {
        (call: CapabilityCall, name: UInt32, nameLength: UInt32, out: UInt32, capacity: UInt32)
          throws -> Int32 in
        let key = try call.memory.string(at: name, count: nameLength)
        guard let value = settings[key] else { return -1 }
        guard value.utf8.count <= capacity else { return -2 }
        try call.memory.write(value.utf8, at: out)
        return Int32(value.utf8.count)
      }
    ])
  let host = PluginHost(configuration: .init(capabilities: [app]))
  // Each filter may read its input, write its output and ask for settings: nothing else.
  try host.load(filters.map { PluginSource(file: $0, capabilities: [.io, "app"]) })

  var text = document
  for filter in filters.map({ $0.deletingPathExtension().lastPathComponent }) {
    let result = try host.call(filter, "filter", input: text, budget: 10_000_000)
    guard case .completed = result.outcome, let output = result.text else {
      throw FilterError(filter: filter, outcome: result.outcome)
    }
    text = output
  }
  return text
}
