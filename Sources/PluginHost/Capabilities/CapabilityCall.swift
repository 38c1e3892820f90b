import Foundation
import WasmVM

/// What a capability function sees of the call it answers: which plugin made it, and that
/// plugin's memory.
///
/// It is valid for the duration of the call (an `async` function may keep it across its
/// suspension points: every memory access then waits for the host to be between slices, so a
/// plugin's memory is never read while its code runs).
public struct CapabilityCall: @unchecked Sendable {
  /// The plugin that called, by name: the key for per-plugin state and audit.
  public var plugin: String { context.plugin }
  /// The function called, `module.name`, as messages name it.
  public let function: String
  /// The calling plugin's context: its instance and what the built-in capabilities act on.
  let context: HostImportContext
  /// Serializes memory access with the host's slices, for an `async` body; `nil` when the
  /// body runs inside the slice that made the call.
  let gate: SliceLock?

  init(function: String, context: HostImportContext, gate: SliceLock? = nil) {
    self.function = function
    self.context = context
    self.gate = gate
  }

  /// The calling plugin's memory (its first, defined or imported), reached through its
  /// instance: a plugin need not export its memory to use a capability.
  /// - Throws: a host trap when the plugin has no memory.
  public var memory: GuestMemory {
    get throws(Trap) {
      // Only a body running inside the slice is logged (and reads the slice's recording): an
      // `async` body runs while the call waits, which starts its history again anyway.
      GuestMemory(
        memory: try context.memory(in: function), function: function, gate: gate,
        recording: gate == nil ? context.currentCall.recording : nil)
    }
  }
}

/// Held while a slice of a host's calls runs (``PluginHost/runSlice(_:io:ticks:)``, the one
/// place every slice of either host goes through), and by each memory access of an `async`
/// capability body: so such a body, running on a thread of its own, touches guest memory only
/// between slices. Nothing that holds it ever waits for an `async` body (a slice suspends
/// instead), so it cannot deadlock, whichever other locks the app holds.
final class SliceLock: @unchecked Sendable {
  private let lock = NSLock()

  func withAccess<R, Failure: Error>(_ body: () throws(Failure) -> R) throws(Failure) -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}

/// A plugin's memory as a capability function sees it: every access is bounds-checked against
/// the memory's current size, and one that does not fit traps (naming the function, the range
/// and the size) without reading or writing anything. Never a pointer: bytes are copied in
/// and out. Integers are little-endian, as wasm stores them.
public struct GuestMemory: @unchecked Sendable {
  private let memory: Memory
  private let function: String
  private let gate: SliceLock?
  /// The recording of the call, while the debugger records it: writes are logged there.
  private let recording: CallRecording?

  init(memory: Memory, function: String, gate: SliceLock?, recording: CallRecording? = nil) {
    self.memory = memory
    self.function = function
    self.gate = gate
    self.recording = recording
  }

  /// The memory's size in bytes now (it may grow between calls, never shrink).
  public var byteCount: Int { access { memory.byteCount } }

  /// The memory itself, for the package's tests that check a memory is freed (and so its
  /// pages unmapped) once nothing uses it.
  package var underlyingMemory: Memory { memory }

  /// The `count` bytes at `pointer`.
  public func bytes(at pointer: UInt32, count: UInt32) throws(Trap) -> [UInt8] {
    try access { () throws(Trap) in
      guard let bytes = memory.read(at: Int(pointer), count: Int(count)) else {
        throw outOfBounds(pointer, count)
      }
      return bytes
    }
  }

  /// The `count` bytes at `pointer` as UTF-8 text (invalid sequences become U+FFFD).
  public func string(at pointer: UInt32, count: UInt32) throws(Trap) -> String {
    try access { () throws(Trap) in
      guard let text = memory.string(at: Int(pointer), count: Int(count)) else {
        throw outOfBounds(pointer, count)
      }
      return text
    }
  }

  /// The integer at `pointer`.
  public func load<T: FixedWidthInteger>(_: T.Type = T.self, at pointer: UInt32) throws(Trap)
    -> T
  {
    try access { () throws(Trap) in
      guard let value = memory.load(T.self, at: Int(pointer)) else {
        throw outOfBounds(pointer, UInt32(MemoryLayout<T>.size))
      }
      return value
    }
  }

  /// Stores `value` at `pointer`.
  public func store<T: FixedWidthInteger>(_ value: T, at pointer: UInt32) throws(Trap) {
    try access { () throws(Trap) in
      guard memory.store(value, at: Int(pointer)) else {
        throw outOfBounds(pointer, UInt32(MemoryLayout<T>.size))
      }
      if let recording {
        withUnsafeBytes(of: value.littleEndian) {
          recording.wrote($0, at: Int(pointer), in: memory)
        }
      }
    }
  }

  /// Writes `bytes` at `pointer`.
  public func write<Bytes: Collection<UInt8>>(_ bytes: Bytes, at pointer: UInt32) throws(Trap) {
    try access { () throws(Trap) in
      guard memory.write(contentsOf: bytes, at: Int(pointer)) else {
        throw outOfBounds(pointer, UInt32(clamping: bytes.count))
      }
      recording?.wrote(bytes, at: Int(pointer), in: memory)
    }
  }

  /// Traps unless `[pointer, pointer + count)` lies inside the memory: lets a function reject
  /// a bad buffer before it does anything else, so that a trapping call has no other effect.
  public func checkRange(at pointer: UInt32, count: UInt32) throws(Trap) {
    try access { () throws(Trap) in
      guard memory.contains(offset: Int(pointer), count: Int(count)) else {
        throw outOfBounds(pointer, count)
      }
    }
  }

  private func access<R, Failure: Error>(_ body: () throws(Failure) -> R) throws(Failure) -> R {
    guard let gate else { return try body() }
    return try gate.withAccess(body)
  }

  private func outOfBounds(_ pointer: UInt32, _ count: UInt32) -> Trap {
    Trap(
      .host(
        "out of bounds memory access in host call \(function): \(count) bytes at \(pointer) "
          + "in a memory of \(memory.byteCount) bytes"))
  }
}
