// Reading and writing the interpreter's untyped 64-bit slots (see ``Op``): i32 values are kept
// zero-extended, floats as raw bits. Reads truncate, so a slot's unused upper half never leaks
// into a result.

typealias Slots = UnsafeMutablePointer<UInt64>

@inline(__always) func u32(_ s: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: s) }
@inline(__always) func s32(_ s: UInt64) -> Int32 { Int32(truncatingIfNeeded: s) }
@inline(__always) func s64(_ s: UInt64) -> Int64 { Int64(bitPattern: s) }
@inline(__always) func f32(_ s: UInt64) -> Float { Float(bitPattern: u32(s)) }
@inline(__always) func f64(_ s: UInt64) -> Double { Double(bitPattern: s) }

/// An index or count immediate as an `Int`. The translator only writes small non-negative
/// values, so truncating spares the loop the trap check of `Int(_:)`.
@inline(__always) func int(_ word: CodeWord) -> Int { Int(truncatingIfNeeded: word) }

@inline(__always) func slot(_ v: UInt32) -> UInt64 { UInt64(v) }
@inline(__always) func slot(_ v: Int32) -> UInt64 { UInt64(UInt32(bitPattern: v)) }
@inline(__always) func slot(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }
@inline(__always) func slot(_ v: Float) -> UInt64 { UInt64(v.bitPattern) }
@inline(__always) func slot(_ v: Double) -> UInt64 { v.bitPattern }
@inline(__always) func slot(_ v: Bool) -> UInt64 { v ? 1 : 0 }

/// Pops two operands and pushes `f(a, b)`.
@inline(__always)
func binary(_ sp: inout Slots, _ f: (UInt64, UInt64) -> UInt64) {
  sp -= 1
  sp[-1] = f(sp[-1], sp[0])
}

/// Replaces the top operand `a` with `f(a)`.
@inline(__always)
func unary(_ sp: Slots, _ f: (UInt64) -> UInt64) {
  sp[-1] = f(sp[-1])
}

/// Finishes a fused arithmetic sequence (see "Fusion" in `Op.swift`) of `length` words at
/// `pc` whose operands `a` and `b` are already off the stack: moves past it and delivers
/// `f(a, b)`. When the next instruction is a `local.set` or `local.tee`, it is done here as
/// well, sparing it a dispatch; it is in the same block, which the fast loop has paid for.
@inline(__always)
func deliver(
  _ sp: inout Slots, _ pc: inout UnsafePointer<CodeWord>, _ fp: Slots, _ length: Int,
  _ a: UInt64, _ b: UInt64, _ f: (UInt64, UInt64) -> UInt64
) {
  let result = f(a, b)
  pc += length
  switch pc[0] {
  case CodeWord(Op.localSet.rawValue):
    fp[int(pc[1])] = result
    pc += 2
  case CodeWord(Op.localTee.rawValue):
    fp[int(pc[1])] = result
    sp[0] = result
    sp += 1
    pc += 2
  default:
    sp[0] = result
    sp += 1
  }
}

/// Finishes a fused comparison of `length` words at `pc` like ``deliver``, except that a
/// following `jumpIfZero` or `jumpIfNonZero` is taken (or not) here on the outcome, without
/// pushing it.
@inline(__always)
func decide(
  _ sp: inout Slots, _ pc: inout UnsafePointer<CodeWord>, _ code: UnsafePointer<CodeWord>,
  _ length: Int, _ a: UInt64, _ b: UInt64, _ f: (UInt64, UInt64) -> Bool
) {
  let outcome = f(a, b)
  pc += length
  switch pc[0] {
  case CodeWord(Op.jumpIfZero.rawValue):
    pc = outcome ? pc + 2 : code + int(pc[1])
  case CodeWord(Op.jumpIfNonZero.rawValue):
    pc = outcome ? code + int(pc[1]) : pc + 2
  default:
    sp[0] = slot(outcome)
    sp += 1
  }
}

/// The host address of a `size`-byte access at `address + offset` in `memory`, or `nil` when
/// it does not lie entirely within it: the stack loops' check, for 32- and 64-bit memories
/// alike. The address is masked to the memory's address type (``MemoryView/addressMask``).
/// Nothing wraps: once the address is known to be within the memory (at most 2^48 bytes,
/// ``Memory/maxPages64``), adding an offset (below 2^32 for a 32-bit memory, at most
/// ``Memory/maxOffset64`` for a 64-bit one) and a size stays below 2^63.
@inline(__always)
func effectiveAddress(
  _ address: UInt64, offset: UInt64, size: UInt64, in memory: MemoryView
) -> UnsafeMutableRawPointer? {
  let a = address & memory.addressMask
  guard a <= memory.byteCount, a &+ offset &+ size <= memory.byteCount else { return nil }
  return memory.base + Int(truncatingIfNeeded: a &+ offset)
}

/// The register loop's check for a 64-bit memory: ``effectiveAddress(_:offset:size:in:)``
/// without the mask, on the fields the loop keeps in registers.
@inline(__always)
func effectiveAddress64(
  _ address: UInt64, offset: UInt64, size: UInt64, base: UnsafeMutableRawPointer,
  byteCount: UInt64
) -> UnsafeMutableRawPointer? {
  guard address <= byteCount, address &+ offset &+ size <= byteCount else { return nil }
  return base + Int(truncatingIfNeeded: address &+ offset)
}

/// The host address of a `size`-byte access at `address + offset` in a 32-bit memory, or
/// `nil` when it does not lie entirely within `byteCount` bytes: the register loop's check.
/// The address is taken modulo 2^32 and the offset is below 2^32, so the sum cannot wrap.
@inline(__always)
func effectiveAddress(
  _ address: UInt64, offset: UInt64, size: UInt64, base: UnsafeMutableRawPointer,
  byteCount: UInt64
) -> UnsafeMutableRawPointer? {
  let ea = (address & 0xFFFF_FFFF) &+ offset
  guard ea &+ size <= byteCount else { return nil }
  return base + Int(truncatingIfNeeded: ea)
}

/// Rotates left by `count` modulo the bit width (`&<<`/`&>>` mask their shift amounts, so a
/// rotation by 0 ORs the value with itself).
@inline(__always)
func rotateLeft<T: FixedWidthInteger & UnsignedInteger>(_ value: T, _ count: T) -> T {
  (value &<< count) | (value &>> (T(T.bitWidth) &- (count & T(T.bitWidth - 1))))
}
