/// Where each instruction of a function's stack code came from, so that a position can be
/// named in wasm terms and found again: the byte offset of the wasm instruction that emitted
/// it (relative to the code section's contents) and the operand-stack height, in slots above
/// the locals, before it runs.
///
/// Every wasm instruction emits at most one stack-code instruction (plus the `charge` opening
/// a block), so an offset names one stack-code position. Snapshots use the map in both
/// directions, and the heights let a restore check that a crafted stack matches the code that
/// will pop it. Entries are delta-encoded LEB128 (about three bytes per instruction), read only
/// when a snapshot is taken or restored. Every ``checkpointInterval``-th entry is also kept
/// decoded, with where the next one starts, so a lookup is a binary search over those and a
/// scan of at most that many entries: restoring a deep stack costs its frames times the log of
/// a function's size, not times its size.
struct SourceMap: Sendable {
  /// One stack-code instruction.
  struct Entry: Equatable {
    /// Its position in the stack code.
    var pc: Int
    /// Whether a `charge` opening its block comes right before it (at `pc - 2`).
    var chargeBefore: Bool
    /// Byte offset of the wasm instruction, relative to the code section's contents.
    var offset: Int
    /// Operand-stack height, in slots above the locals, before it runs.
    var height: Int
  }

  /// A decoded entry and the byte index where the entry after it starts.
  struct Checkpoint {
    var entry: Entry
    var next: Int
  }

  /// Entries between checkpoints: a lookup decodes at most this many more than one. A
  /// checkpoint is five words, so they add well under a byte per entry to the map's three.
  static let checkpointInterval = 64

  private(set) var bytes: [UInt8] = []
  /// Every ``checkpointInterval``-th entry after the first (a function shorter than that has
  /// none, and costs nothing more).
  private(set) var checkpoints: [Checkpoint] = []
  private var count = 0
  private var last = Entry(pc: 0, chargeBefore: false, offset: 0, height: 0)

  /// Appends the next instruction; positions and offsets only grow.
  mutating func append(_ entry: Entry) {
    append(unsigned: UInt64(entry.pc - last.pc) << 1 | (entry.chargeBefore ? 1 : 0))
    append(unsigned: UInt64(entry.offset - last.offset))
    let delta = Int64(entry.height - last.height)
    append(unsigned: UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
    if count > 0, count % Self.checkpointInterval == 0 {
      checkpoints.append(Checkpoint(entry: entry, next: bytes.count))
    }
    count += 1
    last = entry
  }

  private mutating func append(unsigned value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// The entries in order.
  var entries: Entries { Entries(bytes: bytes) }

  /// The entry whose instruction is at `pc`, or whose `charge` is.
  func entry(atPC pc: Int) -> Entry? {
    for entry in entries(after: { $0.pc < pc }) {
      if entry.pc == pc || (entry.chargeBefore && entry.pc - 2 == pc) { return entry }
      if entry.pc > pc { return nil }
    }
    return nil
  }

  /// The last entry before stack-code position `pc`. For a caller's return position (the
  /// `charge` after its call) that is the call: the call emits the stack code right before
  /// the `charge`.
  func entry(before pc: Int) -> Entry? {
    var sequence = entries(after: { $0.pc < pc })
    // Started after a checkpoint, which is itself before `pc`.
    var found: Entry? = sequence.index > 0 ? sequence.current : nil
    while let entry = sequence.next(), entry.pc < pc { found = entry }
    return found
  }

  /// The entry of the wasm instruction at `offset`.
  func entry(atOffset offset: Int) -> Entry? {
    for entry in entries(after: { $0.offset < offset }) {
      if entry.offset == offset { return entry }
      if entry.offset > offset { return nil }
    }
    return nil
  }

  /// The entries from the one after the last checkpoint that is `before` what is sought (all
  /// of them when none is). `before` must hold for a prefix of the entries, as `pc < x` and
  /// `offset < x` do, since both only grow; no entry it skips can be the one sought.
  private func entries(after before: (Entry) -> Bool) -> Entries {
    var low = 0
    var high = checkpoints.count
    // The first checkpoint `before` does not hold for is at `low` once `low == high`.
    while low < high {
      let middle = low + (high - low) / 2
      if before(checkpoints[middle].entry) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    guard low > 0 else { return entries }
    let start = checkpoints[low - 1]
    return Entries(bytes: bytes, from: start.next, after: start.entry)
  }

  /// Decodes entries one by one.
  struct Entries: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    var index = 0
    var current = Entry(pc: 0, chargeBefore: false, offset: 0, height: 0)

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The entries from byte `index` on, the one before them being `previous`.
    init(bytes: [UInt8], from index: Int, after previous: Entry) {
      self.bytes = bytes
      self.index = index
      self.current = previous
    }

    mutating func next() -> Entry? {
      guard index < bytes.count else { return nil }
      let pcField = unsigned()
      current.pc += Int(truncatingIfNeeded: pcField >> 1)
      current.chargeBefore = pcField & 1 == 1
      current.offset += Int(truncatingIfNeeded: unsigned())
      let zigzag = unsigned()
      current.height += Int(
        truncatingIfNeeded: Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
      return current
    }

    private mutating func unsigned() -> UInt64 {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        if shift < 64 { result |= UInt64(byte & 0x7F) << shift }
        if byte < 0x80 { break }
        shift += 7
      }
      return result
    }
  }
}
