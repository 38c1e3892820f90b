/// The word in which an instantiated register `call` or `return_call` names its callee (see
/// ``RegisterCode/callSites``).
///
/// A callee that the register loop can enter directly — a wasm function with register code —
/// is named by the address of its ``WasmFunction`` object, so that calling it reads that
/// object's fields and nothing else: no cache, no bounds check, no resolution. Objects are
/// aligned, so bit 0 of such a word is clear. Any other callee (a host function, or a wasm
/// function the stack loops run) is named by its store address shifted left by one with
/// bit 0 set, and takes the general call path. The store keeps every function alive for its
/// own lifetime, so the unretained address cannot dangle while code that holds it exists.
enum CalleeWord {
  /// The word for store function `function` at `address` (`nil` names it by address only).
  static func make(_ function: FunctionInstance?, address: Int) -> CodeWord {
    if case .wasm(let wasm)? = function, wasm.registerCode != nil {
      return CodeWord(UInt(bitPattern: Unmanaged.passUnretained(wasm).toOpaque()))
    }
    return CodeWord(truncatingIfNeeded: address) << 1 | 1
  }

  /// The directly enterable callee `word` names, or `nil` when the general path must run.
  @inline(__always)
  static func direct(_ word: CodeWord) -> Unmanaged<WasmFunction>? {
    // A clear bit 0 means an object address, never 0, so the unwrap needs no check.
    guard word & 1 == 0 else { return nil }
    return Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: UInt(word)).unsafelyUnwrapped)
  }

  /// The store address of the callee `word` names.
  static func address(_ word: CodeWord) -> Int {
    if let function = direct(word) { return function._withUnsafeGuaranteedRef { $0.address } }
    return Int(truncatingIfNeeded: word >> 1)
  }
}
