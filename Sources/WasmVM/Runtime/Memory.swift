/// A linear memory: a resizable byte buffer in 64 KiB pages. A class because instances that
/// import it share the very same buffer.
///
/// The interpreter reads ``base`` and ``byteCount`` directly (caching them across instructions
/// and reloading after anything that may grow memory), so they are the single source of truth.
public final class Memory {
  /// Bytes per page.
  public static let pageSize = 65536

  /// The declared type; ``MemoryType/limits`` `min` is updated as the memory grows so that
  /// import matching sees the current size.
  public private(set) var type: MemoryType
  /// Start of the buffer (never dangling; a zero-size memory still owns a 1-byte allocation).
  /// Like the interpreter's own state, it skips the runtime exclusivity check: only
  /// ``grow(by:)`` writes it, never during a read, and the check's thread-local bookkeeping
  /// showed up at every slice boundary.
  @exclusivity(unchecked) public private(set) var base: UnsafeMutableRawPointer
  /// Current size in bytes (`pageCount * pageSize`); unchecked like ``base``.
  @exclusivity(unchecked) public private(set) var byteCount: Int
  /// The largest page count ``grow(by:)`` may reach: the declared max, capped by the
  /// store's ``ResourceLimits/maxMemoryPages``.
  public let maxPages: Int

  /// Current size in pages.
  public var pageCount: Int { byteCount / Memory.pageSize }

  /// Creates a zero-filled memory of `type.limits.min` pages.
  /// - Throws: ``LinkError`` when the minimum exceeds `maxPages`.
  public init(type: MemoryType, limits: ResourceLimits) throws(LinkError) {
    let declaredMax = type.limits.max.map { Int(clamping: $0) } ?? 65536
    self.maxPages = Swift.min(declaredMax, limits.maxMemoryPages, 65536)
    guard type.limits.min <= UInt64(maxPages) else {
      throw LinkError(
        "memory of \(type.limits.min) pages exceeds the limit of \(maxPages) pages")
    }
    let bytes = Int(type.limits.min) * Memory.pageSize
    self.type = type
    self.byteCount = bytes
    self.base = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(bytes, 1), alignment: 16)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: Swift.max(bytes, 1))
  }

  deinit { base.deallocate() }

  /// Grows by `delta` pages, zero-filling them.
  /// - Returns: the previous size in pages, or `nil` (and no change) when the result would
  ///   exceed ``maxPages``.
  public func grow(by delta: UInt64) -> Int? {
    let old = pageCount
    guard delta <= UInt64(maxPages - old) else { return nil }
    if delta == 0 { return old }
    let newBytes = (old + Int(delta)) * Memory.pageSize
    let fresh = UnsafeMutableRawPointer.allocate(byteCount: newBytes, alignment: 16)
    fresh.copyMemory(from: base, byteCount: byteCount)
    (fresh + byteCount).initializeMemory(as: UInt8.self, repeating: 0, count: newBytes - byteCount)
    base.deallocate()
    base = fresh
    byteCount = newBytes
    type.limits.min = UInt64(old) + delta
    return old
  }

  /// Copies `count` bytes starting at `offset`, or `nil` when the range is out of bounds.
  public func read(at offset: Int, count: Int) -> [UInt8]? {
    guard offset >= 0, count >= 0, offset <= byteCount - count else { return nil }
    return Array(UnsafeRawBufferPointer(start: base + offset, count: count))
  }

  /// Writes `bytes` at `offset`; returns `false` (writing nothing) when out of bounds.
  @discardableResult
  public func write(_ bytes: [UInt8], at offset: Int) -> Bool {
    guard offset >= 0, offset <= byteCount - bytes.count else { return false }
    bytes.withUnsafeBytes { source in
      if let start = source.baseAddress { (base + offset).copyMemory(from: start, byteCount: source.count) }
    }
    return true
  }
}
