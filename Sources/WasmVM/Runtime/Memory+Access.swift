/// Bounds-checked, typed access to guest memory for embedders: integers, byte ranges and UTF-8
/// text, read and written in place without an intermediate array. Every accessor checks the
/// whole range first and does nothing (returning `nil` or `false`) when any of it is outside
/// the memory, so a guest-supplied pointer or length can never make the host touch anything
/// else. Integers are little-endian, as wasm loads and stores them; offsets are `Int` so that a
/// 32- or 64-bit guest address (or a sum of one and a length) fits without wrapping.
extension Memory {
  /// Whether `[offset, offset + count)` lies inside the memory (negative values never do).
  public func contains(offset: Int, count: Int) -> Bool {
    offset >= 0 && count >= 0 && offset <= byteCount - count
  }

  /// The integer stored at `offset`, or `nil` when its bytes are not all inside the memory.
  public func load<T: FixedWidthInteger>(_: T.Type = T.self, at offset: Int) -> T? {
    guard contains(offset: offset, count: MemoryLayout<T>.size) else { return nil }
    return T(littleEndian: (base + offset).loadUnaligned(as: T.self))
  }

  /// Stores `value` at `offset`.
  /// - Returns: `false` (writing nothing) when its bytes are not all inside the memory.
  @discardableResult
  public func store<T: FixedWidthInteger>(_ value: T, at offset: Int) -> Bool {
    guard contains(offset: offset, count: MemoryLayout<T>.size) else { return false }
    (base + offset).storeBytes(of: value.littleEndian, as: T.self)
    return true
  }

  /// The `count` bytes at `offset` decoded as UTF-8 (invalid sequences become U+FFFD), or
  /// `nil` when the range is not inside the memory.
  public func string(at offset: Int, count: Int) -> String? {
    guard contains(offset: offset, count: count) else { return nil }
    return String(
      decoding: UnsafeRawBufferPointer(start: base + offset, count: count), as: UTF8.self)
  }

  /// The `count` bytes at `offset` decoded as UTF-8, or `nil` when the range is not inside the
  /// memory or the bytes are not valid UTF-8.
  public func validatedString(at offset: Int, count: Int) -> String? {
    guard contains(offset: offset, count: count) else { return nil }
    return String(
      validating: UnsafeRawBufferPointer(start: base + offset, count: count), as: UTF8.self)
  }

  /// Appends the `count` bytes at `offset` to `buffer` (which can be reused across reads).
  /// - Returns: `false` (appending nothing) when the range is not inside the memory.
  @discardableResult
  public func copy(at offset: Int, count: Int, into buffer: inout [UInt8]) -> Bool {
    guard contains(offset: offset, count: count) else { return false }
    buffer.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: count))
    return true
  }

  /// Writes `bytes` (an array, a slice, a string's `utf8` view…) at `offset`.
  /// - Returns: `false` (writing nothing) when they do not all fit inside the memory.
  @discardableResult
  public func write<Bytes: Collection<UInt8>>(contentsOf bytes: Bytes, at offset: Int) -> Bool {
    guard contains(offset: offset, count: bytes.count) else { return false }
    let target = UnsafeMutableRawBufferPointer(start: base + offset, count: bytes.count)
    _ = target.initializeMemory(as: UInt8.self, from: bytes)
    return true
  }
}
