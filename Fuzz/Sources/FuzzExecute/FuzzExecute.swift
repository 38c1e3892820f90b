import FuzzSupport
import Glibc
import LibFuzzerDriver
import WasmVM

/// libFuzzer entry point: instantiates a valid input and calls every exported function with
/// zero arguments, in slices of 10 000 ticks resumed up to three times.
///
/// The same calls also run on a second instance sliced into odd, smaller budgets of the same
/// total. The tick contract says slicing never changes an outcome, so any difference (values,
/// trap kind, or ticks consumed) aborts, which libFuzzer reports as a crash with its input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExecute(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let module = Sandbox.validate(bytes) else { return 0 }
  let sandbox = Sandbox()
  guard case .success(let coarse) = sandbox.instantiate(module),
    case .success(let fine) = sandbox.instantiate(module)
  else { return 0 }
  let total = sandbox.sliceTicks * UInt64(sandbox.slices)
  let fineBudgets = oddSlices(total: total)
  let coarseExports = Sandbox.exportedFunctions(of: module, in: coarse.instance)
  let fineExports = Sandbox.exportedFunctions(of: module, in: fine.instance)
  for (a, b) in zip(coarseExports, fineExports) {
    let arguments = a.type.parameters.map { Value.defaultValue(of: $0) }
    let first = sandbox.call(a.function, in: coarse.store, arguments: arguments)
    let second = sandbox.call(
      b.function, in: fine.store, arguments: arguments, budgets: fineBudgets)
    if !sameOutcome(first, second) {
      print("slicing changed the outcome of \(a.name): \(first) vs \(second)")
      abort()
    }
  }
  return 0
}

/// Outcomes compare equal, except that `funcref` results hold store addresses, which differ
/// between the two stores by a constant offset and are compared for nullness only.
func sameOutcome(_ a: CallOutcome, _ b: CallOutcome) -> Bool {
  switch (a, b) {
  case (.values(let x, let t), .values(let y, let u)):
    return t == u && x.count == y.count
      && zip(x, y).allSatisfy { pair in
        switch pair {
        case (.funcref(let p), .funcref(let q)): return (p == nil) == (q == nil)
        default: return pair.0 == pair.1
        }
      }
  default:
    return a == b
  }
}

/// The entry point SwiftPM links as `main`: hands over to libFuzzer.
@_cdecl("FuzzExecute_main")
public func fuzzExecuteMain(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  runFuzzer(argc: argc, argv: argv) { data, size in fuzzExecute(data, size) }
}
