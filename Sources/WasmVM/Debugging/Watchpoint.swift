/// Bytes of a memory a debugger watches: ``Execution/debugRun(ticks:breakpoints:step:watchpoints:)``
/// pauses an execution right after the instruction that changes any of them.
///
/// A change is a difference in the bytes' contents: a store or bulk operation (`memory.fill`,
/// `memory.copy`, `memory.init`) that writes what was already there changes nothing, and a grow
/// changes no byte of a range it already covers. Whatever writes the bytes counts: the
/// execution's own stores, and a host function it calls writing guest memory (the run then
/// stops right after the call instruction).
public struct Watchpoint {
  /// The memory watched.
  public let memory: Memory
  /// The first byte watched.
  public var offset: Int
  /// How many bytes are watched from ``offset``.
  public var length: Int

  /// A watch on the `length` bytes at `offset` of `memory`. A range partly or wholly outside
  /// the memory watches what it holds of it (nothing until the memory grows to it).
  public init(memory: Memory, offset: Int, length: Int) {
    self.memory = memory
    self.offset = offset
    self.length = length
  }

  /// The watched bytes now, or `nil` when they are not all inside the memory.
  func contents() -> [UInt8]? { memory.read(at: offset, count: length) }

  /// Whether the watched bytes now differ from `previous` (as ``contents()`` read them).
  func differs(from previous: [UInt8]?) -> Bool {
    guard let previous else { return memory.contains(offset: offset, count: length) }
    guard memory.contains(offset: offset, count: length) else { return true }
    return !UnsafeRawBufferPointer(start: memory.base + offset, count: length)
      .elementsEqual(previous)
  }
}

/// A watchpoint's bytes changed: which one, and what they held before and after.
public struct WatchpointChange: Hashable, Sendable {
  /// The watchpoint's index in the `watchpoints` the run was given.
  public var index: Int
  /// The first byte watched.
  public var offset: Int
  /// The bytes before the instruction that changed them (empty when they were not all inside
  /// the memory).
  public var old: [UInt8]
  /// The bytes after it.
  public var new: [UInt8]

  /// A hit of watchpoint `index` at `offset`, from `old` to `new`.
  public init(index: Int, offset: Int, old: [UInt8], new: [UInt8]) {
    self.index = index
    self.offset = offset
    self.old = old
    self.new = new
  }
}

extension Execution {
  /// The ticks through the next instruction that can write memory (a store, `memory.fill`,
  /// `memory.copy`, `memory.init`) in the rest of the current basic block, counting the
  /// instruction at the current position as the first; `nil` when no such instruction is
  /// before the next block, or the position is not known. A slice of that many ticks runs up
  /// to and including it (its base tick; a bulk operation finishes in slices of what it owes).
  func ticksThroughNextWrite() -> UInt64? {
    guard let current else { return nil }
    let function = current.takeUnretainedValue()
    let code = UnsafeBufferPointer(function.code)
    guard pc >= 0, pc < code.count else { return nil }
    let charge = UInt64(Op.charge.rawValue)
    var at = pc
    if code[at] == charge { at += 2 }
    var ticks: UInt64 = 0
    while at < code.count, code[at] != charge {
      guard let op = Op(word: code[at]), let length = instructionLength(code: code, at: at) else {
        return nil
      }
      ticks += 1
      if Self.writesMemory(op, at + 1 < code.count ? code[at + 1] : 0) { return ticks }
      at += length
    }
    return nil
  }

  /// Whether `op` (a stack-code opcode, followed by the word `next`) can change memory bytes.
  private static func writesMemory(_ op: Op, _ next: CodeWord) -> Bool {
    switch op {
    case .memoryFill, .memoryCopy, .memoryInit: true
    case .simd: SIMDOp(rawValue: UInt16(truncatingIfNeeded: next))?.entry.kind == .store
    default: MemoryOp(op)?.entry.kind == .store
    }
  }
}
