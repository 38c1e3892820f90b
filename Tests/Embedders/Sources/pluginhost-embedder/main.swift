// Loads a plugin from WebAssembly text with PluginHost alone and calls it under a small
// budget, resuming until it completes, as README.md's "Embedding PluginHost" does.
import Foundation
import PluginHost

let plugin = """
  (module
    (func (export "sum") (param $n i32) (result i32)
      (local $total i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $total (i32.add (local.get $total) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $total)))
  """

/// Calls `sum(100)` in slices of 100 ticks; returns a failure message, or `nil` when right.
func check() throws -> String? {
  let host = PluginHost()
  try host.load(PluginSource(name: "summer", wat: plugin))
  var outcome = try host.call("summer", "sum", [.i32(100)], budget: 100)
  var slices = 1
  while case .paused(let call) = outcome, slices < 1000 {
    outcome = try host.resume(call.id, budget: 100)
    slices += 1
  }
  switch outcome {
  case .completed(let values, let ticks):
    print("summer.sum(100) = \(values) in \(ticks) ticks, \(slices) slices")
    if values != [.i32(5050)] { return "expected [i32 5050]" }
    return slices > 1 ? nil : "expected the 100-tick budget to pause the call"
  case .trapped(let trap, _): return "trapped: \(trap)"
  case .paused: return "did not finish within 1000 slices"
  }
}

do {
  if let failure = try check() {
    print("pluginhost-embedder: FAIL: \(failure)")
    exit(1)
  }
  print("pluginhost-embedder: ok")
} catch {
  print("pluginhost-embedder: FAIL: \(error)")
  exit(1)
}
