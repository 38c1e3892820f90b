// Decodes, validates and instantiates a module given as bytes with WasmVM alone, then runs
// its exports one tick at a time. Imports nothing else (not even Glibc, which would link libm
// for WasmVM), so that it links only if the WasmVM product links what it needs itself.
import WasmVM

/// ```wat
/// (module
///   (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
///   (func (export "trunc") (param f32) (result f32) local.get 0 f32.trunc))
/// ```
let moduleBytes: [UInt8] = [
  0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
  // type section: (i32 i32) -> i32, (f32) -> f32
  0x01, 0x0C, 0x02, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F, 0x60, 0x01, 0x7D, 0x01, 0x7D,
  // function section: add has type 0, trunc type 1
  0x03, 0x03, 0x02, 0x00, 0x01,
  // export section: "add" = func 0, "trunc" = func 1
  0x07, 0x0F, 0x02, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,
  0x05, 0x74, 0x72, 0x75, 0x6E, 0x63, 0x00, 0x01,
  // code section
  0x0A, 0x0F, 0x02,
  0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B,
  0x05, 0x00, 0x20, 0x00, 0x8F, 0x0B,
]

/// Why the embedder failed. Thrown out of `main`, it stops the process with the runtime's
/// "Error raised at top level" and a non-zero status (`exit` would need Glibc, whose import
/// links libm and so would hide the failure this program exists to catch).
struct EmbedderFailure: Error, CustomStringConvertible {
  var description: String
}

/// Runs `export` in slices of one tick, so that every instruction pauses and resumes, and
/// returns its results and the number of slices it took.
func run(
  _ export: String, _ arguments: [Value], in instance: Instance, store: Store
) throws -> (values: [Value], slices: Int) {
  guard let function = instance.exportedFunction(export) else {
    throw EmbedderFailure(description: "no exported function \(export)")
  }
  let execution = try store.invoke(function, arguments: arguments)
  // A budget: an honest answer needs a handful of ticks, never a thousand.
  for slice in 1...1000 {
    switch execution.run(ticks: 1) {
    case .completed(let values): return (values, slice)
    case .trapped(let trap): throw EmbedderFailure(description: "\(export) trapped: \(trap)")
    case .paused: continue
    case .suspended(let call):
      throw EmbedderFailure(description: "\(export) suspended on \(call.name)")
    }
  }
  throw EmbedderFailure(description: "\(export) did not finish within 1000 ticks")
}

@main
struct WasmVMEmbedder {
  static func main() throws {
    let module = try Module(bytes: moduleBytes).validate()
    let store = Store()
    let instance = try store.instantiate(module, startBudget: 1000)

    let sum = try run("add", [.i32(2), .i32(40)], in: instance, store: store)
    print("add(2, 40) = \(sum.values) in \(sum.slices) one-tick slices")
    guard sum.values == [.i32(42)], sum.slices > 1 else {
      throw EmbedderFailure(description: "add(2, 40): expected [i32 42] over several slices")
    }

    let truncated = try run("trunc", [.f32(Float(-2.75).bitPattern)], in: instance, store: store)
    print("trunc(-2.75) = \(truncated.values)")
    guard truncated.values == [.f32(Float(-2).bitPattern)] else {
      throw EmbedderFailure(description: "trunc(-2.75): expected [f32 -2.0]")
    }
    print("wasmvm-embedder: ok")
  }
}
