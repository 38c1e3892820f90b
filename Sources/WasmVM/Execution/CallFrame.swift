/// A suspended caller: where to continue when the callee returns.
///
/// The function is `Unmanaged` because the store keeps every function alive for as long as any
/// execution of it can exist; retaining it per call would put ARC traffic on the call path.
/// Four words, so that a frame's address is one shift away from its index.
struct CallFrame {
  var function: Unmanaged<WasmFunction>
  /// The caller's instance, kept so that returning needs no lookup.
  var instance: Unmanaged<Instance>
  /// Slot index of the caller's frame base.
  var base: Int
  /// Where the caller continues: when the register loop made the call, the address of the
  /// `charge` after the call in the caller's register code (aligned, so bit 0 is clear);
  /// otherwise the stack-code position of that `charge`, shifted left by one with bit 0 set.
  private var resume: Int

  /// A frame for a call from stack code, continuing at stack-code position `returnPC`.
  init(
    function: Unmanaged<WasmFunction>, instance: Unmanaged<Instance>, returnPC: Int, base: Int
  ) {
    self.function = function
    self.instance = instance
    self.base = base
    self.resume = returnPC << 1 | 1
  }

  /// A frame for a call from register code, continuing at `registerReturn`. The word just
  /// before it is the call's stack-code return position (every register call instruction
  /// ends with it), which ``returnPC`` reads when a stack loop does the returning.
  init(
    function: Unmanaged<WasmFunction>, instance: Unmanaged<Instance>, base: Int,
    registerReturn: UnsafePointer<CodeWord>
  ) {
    self.function = function
    self.instance = instance
    self.base = base
    self.resume = Int(bitPattern: registerReturn)
  }

  /// The `charge` after the call in the caller's register code, when the register loop made
  /// the call.
  var registerReturn: UnsafePointer<CodeWord>? {
    // A clear bit 0 means an address, never 0, so the unwrap needs no check of its own.
    resume & 1 == 0 ? UnsafePointer<CodeWord>(bitPattern: resume).unsafelyUnwrapped : nil
  }

  /// Stack-code position of the `charge` after the call in the caller's code.
  var returnPC: Int {
    guard let registerReturn else { return resume >> 1 }
    return Int(truncatingIfNeeded: registerReturn[-1])
  }
}

/// The outcome of one of the interpreter loops (see `Execution+Loop.swift`); the driver in
/// ``Execution/run(ticks:)`` decides what comes next.
enum LoopExit {
  /// The entry function returned; its results are at the bottom of the value stack.
  case completed
  /// Out of fuel; `pc` is where to continue.
  case paused
  /// Trapped at `pc`.
  case trapped(TrapKind)
  /// The fast loop met a `charge` it cannot pay in full, but fuel remains.
  case enterExact
  /// The exact loop met a `charge` it can pay in full.
  case enterFast
  /// `pc` is in the middle of a block whose rest has not been paid for.
  case reenter
  /// The stack fast loop reached a `charge` (not yet paid) of a function with register code.
  case enterRegister
  /// The register loop cannot run the function at `pc`, a `charge` not yet paid.
  case enterStack
  /// The register loop met an ``RegOp/escape``: the instruction at `pc` and the rest of its
  /// block, already paid for, run in the stack fast loop.
  case escaped
  /// A call reached a host function with a cost, now in ``Execution/pendingHostCall``: paying
  /// it may pause, so it is paid and run outside the loop.
  case hostCall
}

/// What a call needs to know about a store function, resolved on first use by each execution
/// so that later calls read plain fields instead of the store's function list (whose enum
/// payloads and exclusivity checks would cost more than the call itself).
struct ResolvedCallee {
  enum Kind: UInt8 {
    case unresolved
    case wasm
    case host
  }
  var kind = Kind.unresolved
  var wasm: Unmanaged<WasmFunction>?
  var host: Unmanaged<StoredHostFunction>?
  var instance: Unmanaged<Instance>?
  var parameterCount = 0
  var localCount = 0
  var maxStackHeight = 0
  /// Store-wide signature id, for `call_indirect`.
  var typeID = -1
}

/// Where a `call_indirect` leads: a store function address, or the trap it raises.
enum IndirectTarget {
  case function(Int)
  case trap(TrapKind)
}

/// Where one linear memory's bytes are, as the loop reads them (see
/// ``Execution/memoryViews``).
struct MemoryView {
  var base: UnsafeMutableRawPointer
  var byteCount: UInt64
  /// `0xFFFF_FFFF` for a 32-bit memory, all ones for a 64-bit one: what of an address slot
  /// the stack loops' bounds check reads (see ``effectiveAddress(_:offset:size:in:)``).
  var addressMask: UInt64 = 0xFFFF_FFFF
}
