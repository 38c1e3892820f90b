import TestSupport
import Testing

@testable import WasmVM

#if canImport(Glibc)
  import Glibc
#endif

/// A memory of `min` pages (at most `max`) under the default limits unless given.
private func newMemory(
  min: UInt64, max: UInt64? = nil, limits: ResourceLimits = ResourceLimits()
) throws -> Memory {
  try Memory(type: MemoryType(limits: Limits(min: min, max: max)), limits: limits)
}

/// Linear memory: reserved once, committed page by page, released when it dies.
/// Serialized because the resident-set checks read the whole process's RSS.
@Suite("Linear memory", .serialized)
struct LinearMemoryTests {
  @Test func growingOnePageAtATimeKeepsBaseContentsAndZeroesNewPages() throws {
    let pages = 128
    let memory = try newMemory(min: 1, max: UInt64(pages))
    let base = memory.base
    #expect(memory.write([0xAB], at: 0))
    for page in 1..<pages {
      #expect(memory.grow(by: 1) == page)
      #expect(memory.base == base)
      #expect(memory.pageCount == page + 1)
      #expect(memory.byteCount == (page + 1) * Memory.pageSize)
      #expect(memory.type.limits.min == UInt64(page + 1))
      let fresh = try #require(memory.read(at: page * Memory.pageSize, count: Memory.pageSize))
      #expect(fresh.allSatisfy { $0 == 0 })
      #expect(memory.write([UInt8(truncatingIfNeeded: page)], at: page * Memory.pageSize + 7))
    }
    #expect(memory.read(at: 0, count: 1) == [0xAB])
    for page in 1..<pages {
      #expect(
        memory.read(at: page * Memory.pageSize + 7, count: 1) == [UInt8(truncatingIfNeeded: page)])
    }
    #expect(memory.read(at: memory.byteCount - 1, count: 1) == [0])
    #expect(memory.read(at: memory.byteCount, count: 1) == nil)
  }

  @Test func growBeyondTheMaximumFailsAndChangesNothing() throws {
    let memory = try newMemory(min: 1, max: 3)
    let base = memory.base
    #expect(memory.write([1, 2, 3], at: 100))
    for delta: UInt64 in [3, 4, UInt64(Int.max), .max] {
      #expect(memory.grow(by: delta) == nil)
      #expect(memory.pageCount == 1)
      #expect(memory.type.limits.min == 1)
      #expect(memory.base == base)
    }
    #expect(memory.read(at: 100, count: 3) == [1, 2, 3])
    #expect(memory.read(at: Memory.pageSize, count: 1) == nil)
    #expect(memory.grow(by: 0) == 1)
    #expect(memory.grow(by: 2) == 1)
    #expect(memory.grow(by: 1) == nil)
    #expect(memory.pageCount == 3)
    #expect(memory.read(at: 100, count: 3) == [1, 2, 3])
  }

  @Test func theStoreLimitCapsTheDeclaredMaximum() throws {
    let limits = ResourceLimits(maxMemoryPages: 2)
    let memory = try newMemory(min: 1, max: 10, limits: limits)
    #expect(memory.maxPages == 2)
    #expect(memory.grow(by: 2) == nil)
    #expect(memory.grow(by: 1) == 1)
    #expect(memory.grow(by: 1) == nil)
    #expect(try newMemory(min: 0, limits: limits).maxPages == 2)
    #expect(throws: LinkError.self) { try newMemory(min: 3, limits: limits) }
  }

  @Test func memoriesSharingAPageBudgetStayWithinItAndGiveItBackWhenTheyDie() throws {
    let budget = MemoryPageBudget(totalPages: 5)
    let limits = ResourceLimits()
    let first = try Memory(
      type: MemoryType(limits: Limits(min: 2)), limits: limits, pageBudget: budget)
    do {
      let second = try Memory(
        type: MemoryType(limits: Limits(min: 2)), limits: limits, pageBudget: budget)
      #expect(budget.usedPages == 4)
      #expect(first.grow(by: 2) == nil)
      #expect(first.pageCount == 2)
      #expect(first.growRoom == 1)
      #expect(second.grow(by: 1) == 2)
      #expect(budget.availablePages == 0)
      #expect(throws: LinkError.self) {
        try Memory(type: MemoryType(limits: Limits(min: 1)), limits: limits, pageBudget: budget)
      }
      #expect(budget.usedPages == 5)
    }
    #expect(budget.usedPages == 2)
    #expect(first.grow(by: 3) == 2)
    #expect(budget.usedPages == 5)
  }

  @Test func aZeroSizeMemoryIsValidAndEmpty() throws {
    let empty = try newMemory(min: 0, max: 0)
    #expect(empty.byteCount == 0)
    #expect(empty.read(at: 0, count: 0) == [])
    #expect(empty.read(at: 0, count: 1) == nil)
    #expect(empty.write([], at: 0))
    #expect(!empty.write([1], at: 0))
    #expect(empty.grow(by: 1) == nil)

    let growable = try newMemory(min: 0)
    #expect(growable.maxPages == 65536)
    #expect(growable.grow(by: 1) == 0)
    #expect(growable.read(at: Memory.pageSize - 1, count: 1) == [0])
  }

  @Test func theGuestGrowsAndUsesTheSameBytes() throws {
    let h = Harness()
    let instance = try h.instantiate(
      """
      (module
        (memory (export "m") 1 64)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
        (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
      """)
    let memory = try #require(instance.exportedMemory("m"))
    let base = memory.base
    for page: UInt32 in 1..<64 {
      #expect(try h.call(instance, "grow", [.i32(1)]) == [.i32(page)])
      _ = try h.call(instance, "poke", [.i32(page << 16 | 5), .i32(page)])
    }
    #expect(try h.call(instance, "grow", [.i32(1)]) == [.i32(UInt32(bitPattern: -1))])
    #expect(memory.base == base)
    #expect(memory.pageCount == 64)
    #expect(memory.read(at: 63 << 16 | 5, count: 1) == [63])
    #expect(memory.write([9], at: 62 << 16))
    #expect(try h.call(instance, "peek", [.i32(62 << 16)]) == [.i32(9)])
    #expect(throws: Trap.self) { try h.call(instance, "peek", [.i32(64 << 16)]) }
  }

  /// A retired instance keeps working without its memory: accesses trap, grows fail, and an
  /// execution paused in it resumes into those traps rather than into freed pages.
  @Test func aRetiredInstanceHasAnEmptyMemory() throws {
    let h = Harness()
    let instance = try h.instantiate(
      """
      (module (memory (export "m") 1 4)
        (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "spin_then_peek") (param i32) (result i32) (local $i i32)
          (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
          (i32.load8_u (local.get 0))))
      """)
    let spin = try #require(instance.exportedFunction("spin_then_peek"))
    let paused = try h.store.invoke(spin, arguments: [.i32(7)])
    #expect(paused.run(ticks: 10) == .paused)
    #expect(try h.call(instance, "peek", [.i32(7)]) == [.i32(0)])

    h.store.retire(instance)
    #expect(throws: Trap.self) { try h.call(instance, "peek", [.i32(0)]) }
    #expect(try h.call(instance, "grow", [.i32(1)]) == [.i32(UInt32(bitPattern: -1))])
    #expect(try #require(instance.exportedMemory("m")).byteCount == 0)
    guard case .trapped(let trap) = paused.run(ticks: .max) else {
      Issue.record("the paused execution should trap")
      return
    }
    #expect(trap.kind == .outOfBoundsMemoryAccess)
  }

  #if os(Linux)
    /// Both count the resident pages of the memory's own address range, which tests running
    /// beside them cannot change, unlike the process's resident set.
    @Test func aFullSizeMemoryCostsNoResidentPagesUntilTouched() throws {
      let h = Harness()
      let instance = try h.instantiate(#"(module (memory (export "m") 65536))"#)
      let memory = try #require(instance.exportedMemory("m"))
      let range = memory.reservation
      let grown = residentBytes(inRangeAt: range.start, count: range.count)
      #expect(memory.pageCount == 65536)
      #expect(memory.byteCount == 1 << 32)
      #expect(memory.write([7], at: memory.byteCount - 1))
      #expect(memory.read(at: memory.byteCount - 1, count: 1) == [7])
      #expect(grown < 1 << 20, "instantiating 4 GiB made \(grown) bytes resident")
    }

    @Test func pagesGoBackToTheOSWhenTheMemoryDies() throws {
      let touched = 64 << 20
      let (range, peak) = try touchAndRelease(bytes: touched)
      let after = residentBytes(inRangeAt: range.start, count: range.count)
      #expect(peak >= touched, "touching 64 MiB made \(peak) bytes resident")
      #expect(after < touched / 2, "after the memory died, \(after) bytes stayed resident")
    }

    /// Instantiates a memory, writes one byte in every OS page of its first `bytes`, and
    /// returns its address range and how much of it was resident before everything is
    /// released.
    private func touchAndRelease(bytes: Int) throws -> ((start: UInt, count: Int), Int) {
      let h = Harness()
      let instance = try h.instantiate(#"(module (memory (export "m") 1 65536))"#)
      let memory = try #require(instance.exportedMemory("m"))
      #expect(memory.grow(by: UInt64(bytes / Memory.pageSize)) == 1)
      let osPage = Int(sysconf(Int32(_SC_PAGESIZE)))
      for offset in stride(from: 0, to: bytes, by: osPage) { memory.write([1], at: offset) }
      let range = memory.reservation
      return withExtendedLifetime((h, instance, memory)) {
        (range, residentBytes(inRangeAt: range.start, count: range.count))
      }
    }
  #endif
}
