#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A linear memory: bytes in 64 KiB pages. A class because instances that import it share the
/// very same bytes.
///
/// **Reserve, then commit.** Where the OS has `mmap` (Linux with Glibc or Musl, Darwin), the
/// memory reserves address space for its whole ``maxPages`` once, inaccessible and without
/// swap accounting, and makes the first `min` pages readable and writable; ``grow(by:)`` only
/// opens the next pages with `mprotect`. So growing costs O(pages added), never copies and
/// never moves `base`, and fresh anonymous pages read as zero without being written: pages
/// the guest never touches take no resident memory, however large the declared size. `deinit`
/// unmaps the whole reservation, returning every page to the OS. Elsewhere a portable fallback
/// allocates, copies and zeroes on growth (`base` may then move; the interpreter reloads it
/// after anything that may grow memory either way).
///
/// The interpreter reads `base` and ``byteCount`` directly (caching them across instructions
/// and reloading after anything that may grow memory), so they are the single source of truth.
/// Embedders use the bounds-checked ``read(at:count:)`` and ``write(_:at:)`` instead.
///
/// **64-bit memories (memory64).** A memory of ``AddressType/i64`` takes 64-bit addresses,
/// sizes and grow deltas, but reserves no more than a 32-bit one: its ``maxPages`` is the
/// declared maximum capped by the store's ``ResourceLimits/maxMemoryPages`` (the embedder's
/// limit, 65536 pages by default) and by ``maxPages64`` (2^48 bytes), never the 64-bit space.
/// An address beyond the memory fails the interpreter's bounds check against ``byteCount``
/// like any other, and a grow beyond ``maxPages`` fails with -1.
public final class Memory {
  /// Bytes per page.
  public static let pageSize = 65536
  /// The most pages a 32-bit memory can address (4 GiB).
  static let maxPages32 = 65536
  /// The most pages a 64-bit memory may reach here, whatever it declares and the limits allow:
  /// 2^48 bytes, more than any OS reserves, and small enough that the interpreter's bounds
  /// checks add an address within the memory and an offset without wrapping.
  static let maxPages64 = 1 << 32
  /// The largest offset a load or store of a 64-bit memory carries in internal code: larger
  /// ones are clamped to it, which changes nothing (the access is beyond the memory either
  /// way, since no memory exceeds ``maxPages64``).
  static let maxOffset64: UInt64 = 1 << 62

  /// The most pages a memory of `addressType` may reach here (``maxPages32``, ``maxPages64``).
  static func maxPages(_ addressType: AddressType) -> Int {
    addressType == .i64 ? maxPages64 : maxPages32
  }

  /// The declared type; ``MemoryType/limits`` `min` is updated as the memory grows so that
  /// import matching sees the current size.
  public private(set) var type: MemoryType
  /// Start of the bytes; never null, even for a zero-size memory. Internal: only the
  /// interpreter, which bounds-checks every access against ``byteCount``, touches it.
  /// Like the interpreter's own state, it skips the runtime exclusivity check: only
  /// ``grow(by:)`` may write it (and only in the portable fallback), never during a read, and
  /// the check's thread-local bookkeeping showed up at every slice boundary.
  @exclusivity(unchecked) private(set) var base: UnsafeMutableRawPointer
  /// Current size in bytes (`pageCount * pageSize`); unchecked like `base`.
  @exclusivity(unchecked) public private(set) var byteCount: Int
  /// The largest page count ``grow(by:)`` may reach: the declared max, capped by the
  /// store's ``ResourceLimits/maxMemoryPages`` and by the 65536 pages a 32-bit index reaches
  /// (``maxPages64`` for a 64-bit memory).
  public let maxPages: Int
  /// Bytes of address space owned from `base`: the reservation (at least one OS page) where
  /// `mmap` is used, the current allocation in the fallback.
  private var reservedBytes: Int
  /// Bytes from `base` that are readable and writable: at least ``byteCount``, and ahead of
  /// it by up to as much again (see ``grow(by:)``).
  private var committedBytes: Int

  /// The budget this memory's pages are taken from, if any.
  let pageBudget: MemoryPageBudget?

  /// Current size in pages.
  public var pageCount: Int { byteCount / Memory.pageSize }

  /// The most pages ``grow(by:)`` can add now: what ``maxPages`` and the page budget allow.
  var growRoom: Int {
    Swift.min(maxPages - pageCount, pageBudget?.availablePages ?? Int.max)
  }

  /// Creates a zero-filled memory of `type.limits.min` pages, reserving room for ``maxPages``.
  /// - Parameters:
  ///   - type: the declared limits: `min` pages to start with, an optional maximum.
  ///   - limits: the store's caps; ``ResourceLimits/maxMemoryPages`` caps the maximum.
  ///   - pageBudget: where its pages come from, if several memories share a cap
  ///     (see ``MemoryPageBudget``).
  /// - Throws: ``LinkError`` when the minimum exceeds `maxPages` or what `pageBudget` has
  ///   left, or when the OS refuses the address space or the initial pages.
  public init(
    type: MemoryType, limits: ResourceLimits, pageBudget: MemoryPageBudget? = nil
  ) throws(LinkError) {
    let cap = Memory.maxPages(type.addressType)
    let declaredMax = type.limits.max.map { Int(clamping: $0) } ?? cap
    let maxPages = Swift.max(0, Swift.min(declaredMax, limits.maxMemoryPages, cap))
    guard type.limits.min <= UInt64(maxPages) else {
      throw LinkError(
        "memory of \(type.limits.min) pages exceeds the limit of \(maxPages) pages",
        limit: .memoryPages)
    }
    if let pageBudget, type.limits.min > UInt64(pageBudget.availablePages) {
      throw LinkError(
        "memory of \(type.limits.min) pages exceeds the page budget of \(pageBudget.totalPages) "
          + "pages shared by all memories (\(pageBudget.usedPages) in use)",
        limit: .sharedMemoryPages)
    }
    guard let bytes = Memory.byteCount(pages: type.limits.min),
      let maxBytes = Memory.byteCount(pages: UInt64(maxPages))
    else {
      throw LinkError("memory of \(maxPages) pages does not fit this platform's address space")
    }
    self.maxPages = maxPages
    self.type = type
    self.byteCount = bytes
    (self.base, self.reservedBytes) = try Pages.reserve(maxBytes, committing: bytes)
    self.committedBytes = bytes
    self.pageBudget = pageBudget
    // Cannot fail: the pages were checked free above, and nothing ran since.
    _ = pageBudget?.take(Int(type.limits.min))
  }

  deinit {
    pageBudget?.giveBack(pageCount)
    Pages.release(base, reservedBytes)
  }

  /// The address range the memory owns (its reservation), as numbers: for tests that count
  /// its resident pages (`mincore`) while it lives and after it is gone, which the process's
  /// resident set cannot show while other tests allocate beside them. Package-only.
  package var reservation: (start: UInt, count: Int) { (UInt(bitPattern: base), reservedBytes) }

  /// Grows by `delta` pages, which read as zero.
  ///
  /// Where `mmap` is used, pages are opened ahead of need, doubling what is open (up to the
  /// reservation), so a guest that grows one page at a time (an `sbrk`-style allocator) makes
  /// a logarithmic number of `mprotect` calls, not one per page. Opening costs no resident
  /// memory, and the interpreter checks every access against ``byteCount``, never against
  /// what is open, so the guest cannot reach a page before it has grown to it.
  /// - Returns: the previous size in pages, or `nil` (and no change) when the result would
  ///   exceed ``maxPages`` or what the page budget has left, or the OS refuses the pages: the
  ///   guest sees a failed `memory.grow`.
  public func grow(by delta: UInt64) -> Int? {
    let old = pageCount
    guard delta <= UInt64(Swift.max(0, growRoom)), let added = Memory.byteCount(pages: delta)
    else { return nil }
    if delta == 0 { return old }
    guard
      Pages.commit(
        &base, &reservedBytes, &committedBytes, upTo: byteCount + added, keeping: byteCount),
      pageBudget?.take(Int(delta)) ?? true
    else { return nil }
    byteCount += added
    type.limits.min = UInt64(old) + delta
    return old
  }

  /// Shrinks back to `pages` pages, for a debugger going back to before a grow
  /// (``ExecutionHistory``): the bytes beyond are zeroed, so that growing again finds zero
  /// pages as a fresh grow does, and the page budget gets the pages back. Nothing happens
  /// when the memory has at most `pages` pages.
  func shrink(toPages pages: Int) {
    guard pages >= 0, pages < pageCount else { return }
    let kept = pages * Memory.pageSize
    (base + kept).initializeMemory(as: UInt8.self, repeating: 0, count: byteCount - kept)
    pageBudget?.giveBack(pageCount - pages)
    byteCount = kept
    type.limits.min = UInt64(pages)
  }

  /// Copies `count` bytes starting at `offset`: the embedder's way to read guest memory.
  /// - Returns: the bytes, or `nil` when any of the range is outside the memory (negative
  ///   `offset` or `count` included), so a guest-supplied pointer can never read the host.
  public func read(at offset: Int, count: Int) -> [UInt8]? {
    guard contains(offset: offset, count: count) else { return nil }
    return Array(UnsafeRawBufferPointer(start: base + offset, count: count))
  }

  /// Writes `bytes` at `offset`: the embedder's way to fill guest memory.
  /// - Returns: `true`, or `false` (writing nothing) when any of the range is outside the
  ///   memory, so a guest-supplied pointer can never make the host write past it.
  @discardableResult
  public func write(_ bytes: [UInt8], at offset: Int) -> Bool {
    write(contentsOf: bytes, at: offset)
  }

  /// `pages * pageSize` as an `Int`, or `nil` when it does not fit.
  static func byteCount(pages: UInt64) -> Int? {
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: UInt64(pageSize))
    guard !overflow, bytes <= UInt64(Int.max) else { return nil }
    return Int(bytes)
  }
}

#if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
  /// The OS side of ``Memory``: one `mmap` reservation per memory, committed with `mprotect`.
  private enum Pages {
    /// Maps `bytes` (at least one OS page, so that even a zero-size memory has a valid base)
    /// inaccessible, then makes the first `committed` bytes readable and writable.
    static func reserve(
      _ bytes: Int, committing committed: Int
    ) throws(LinkError) -> (UnsafeMutableRawPointer, Int) {
      let size = Swift.max(bytes, Int(sysconf(Int32(_SC_PAGESIZE))), 1)
      #if canImport(Darwin)
        let flags = MAP_PRIVATE | MAP_ANON | MAP_NORESERVE
      #else
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
      #endif
      guard let base = mmap(nil, size, PROT_NONE, flags, -1, 0),
        base != UnsafeMutableRawPointer(bitPattern: -1)
      else {
        throw LinkError(
          "cannot reserve \(size) bytes of address space for a memory (mmap: errno \(errno))")
      }
      guard committed == 0 || mprotect(base, committed, PROT_READ | PROT_WRITE) == 0 else {
        let code = errno
        munmap(base, size)
        throw LinkError("cannot commit \(committed) bytes of memory (mprotect: errno \(code))")
      }
      return (base, size)
    }

    /// Makes sure the first `needed` bytes are readable and writable, opening twice what is
    /// open (or `needed`, if more), within the reservation. The reservation covers
    /// ``Memory/maxPages``, so the base never moves. Returns `false` when the OS refuses.
    static func commit(
      _ base: inout UnsafeMutableRawPointer, _ reserved: inout Int, _ committed: inout Int,
      upTo needed: Int, keeping _: Int
    ) -> Bool {
      guard needed > committed else { return true }
      guard needed <= reserved else { return false }
      let target = Swift.min(reserved, Swift.max(needed, committed &* 2))
      guard mprotect(base + committed, target - committed, PROT_READ | PROT_WRITE) == 0 else {
        return false
      }
      committed = target
      return true
    }

    /// Unmaps the whole reservation, returning its pages to the OS.
    static func release(_ base: UnsafeMutableRawPointer, _ reserved: Int) {
      munmap(base, reserved)
    }
  }
#else
  /// Portable fallback for ``Memory``: a heap allocation of the current size, reallocated,
  /// copied and zero-filled on growth.
  private enum Pages {
    static func reserve(
      _ bytes: Int, committing committed: Int
    ) throws(LinkError) -> (UnsafeMutableRawPointer, Int) {
      let size = Swift.max(committed, 1)
      let base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
      base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
      return (base, size)
    }

    static func commit(
      _ base: inout UnsafeMutableRawPointer, _ reserved: inout Int, _ committed: inout Int,
      upTo needed: Int, keeping used: Int
    ) -> Bool {
      let size = Swift.max(needed, 1)
      let fresh = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
      fresh.copyMemory(from: base, byteCount: used)
      (fresh + used).initializeMemory(as: UInt8.self, repeating: 0, count: size - used)
      base.deallocate()
      base = fresh
      reserved = size
      committed = needed
      return true
    }

    static func release(_ base: UnsafeMutableRawPointer, _ reserved: Int) {
      base.deallocate()
    }
  }
#endif
