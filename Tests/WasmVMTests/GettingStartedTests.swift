import Foundation
import Testing
import WAT
import WasmVM

/// The code of `Sources/WasmVM/WasmVM.docc/GettingStarted.md`, kept compiling and working:
/// `sumOfDoubles` and `ExampleError` are copied from the article unchanged.
@Suite struct GettingStartedTests {
  struct ExampleError: Error {
    var message: String
  }

  /// Runs `sum(n)` of the module above (given as a binary) in slices of 1000 ticks, and returns
  /// its result and the number of slices it took.
  func sumOfDoubles(_ n: UInt32, moduleBytes: [UInt8]) throws -> (sum: UInt32, slices: Int) {
    // Decode, then validate: a ValidatedModule is the only thing a store instantiates.
    let module = try Module(bytes: moduleBytes).validate()

    // The store owns instances, memories, tables and globals, within its limits.
    let store = Store(limits: ResourceLimits(maxMemoryPages: 256, maxCallDepth: 1000))

    // A host function: its type, the ticks each call costs (paid before it runs), and its body.
    let double = HostFunction(
      type: FuncType(parameters: [.i32], results: [.i32]), name: "double",
      cost: { _, _ throws(Trap) in 5 }
    ) { _, arguments throws(Trap) in
      guard case .i32(let x)? = arguments.first else { throw Trap(.host("double: no i32")) }
      return [.i32(x &* 2)]
    }

    // Imports are looked up by module and field name, and their types are checked.
    var imports = Imports()
    imports.define("env", "double", .function(store.add(double)))
    let instance = try store.instantiate(module, imports: imports, startBudget: 10_000)
    guard let sum = instance.exportedFunction("sum") else {
      throw ExampleError(message: "no exported function sum")
    }

    // Start the call, then run it 1000 ticks at a time.
    let execution = try store.invoke(sum, arguments: [.i32(n)])
    var slices = 0
    while true {
      slices += 1
      switch execution.run(ticks: 1000) {
      case .completed(let values):
        guard case .i32(let total)? = values.first else {
          throw ExampleError(message: "sum returned \(values)")
        }
        return (total, slices)
      case .trapped(let trap):
        throw trap
      case .paused:
        continue  // The app is in control here: do other work, or stop calling run(ticks:).
      case .suspended(let call):
        throw ExampleError(message: "\(call.name) suspended; this module has no such import")
      }
    }
  }

  /// The module of the article, verbatim.
  static let moduleText = """
    (module
      (import "env" "double" (func $double (param i32) (result i32)))
      (func (export "sum") (param $n i32) (result i32) (local $total i32)
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $total (i32.add (local.get $total) (call $double (local.get $n))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $next)))
        (local.get $total)))
    """

  @Test func articleExampleRuns() throws {
    let bytes = try wat2wasm(Self.moduleText)
    let small = try sumOfDoubles(3, moduleBytes: bytes)
    #expect(small.sum == 12)
    #expect(small.slices == 1)
    // Each round of the loop costs more than 10 ticks, so 1000 rounds need many slices.
    let large = try sumOfDoubles(1000, moduleBytes: bytes)
    #expect(large.sum == 1000 * 1001)
    #expect(large.slices > 10)
  }

  /// The article and this test must show the same code.
  @Test func articleShowsThisCode() throws {
    let here = try String(contentsOfFile: #filePath, encoding: .utf8)
    let article = try String(
      contentsOfFile: #filePath.replacingOccurrences(
        of: "Tests/WasmVMTests/GettingStartedTests.swift",
        with: "Sources/WasmVM/WasmVM.docc/GettingStarted.md"),
      encoding: .utf8)
    #expect(article.contains(Self.moduleText))
    for line in here.split(separator: "\n").drop(while: { !$0.contains("struct ExampleError") })
      .prefix(while: { !$0.contains("The module of the article") }).dropLast()
    {
      let code = line.trimmingCharacters(in: .whitespaces)
      #expect(code.isEmpty || article.contains(code), "\(code)")
    }
  }
}
