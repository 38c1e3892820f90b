/// Where each instruction of a function's stack code came from, so that a position can be
/// named in wasm terms and found again: the byte offset of the wasm instruction that emitted
/// it (relative to the code section's contents) and the operand-stack height, in slots above
/// the locals, before it runs.
///
/// Every wasm instruction emits at most one stack-code instruction (plus the `charge` opening
/// a block), so an offset names one stack-code position. Snapshots use the map in both
/// directions, and the heights let a restore check that a crafted stack matches the code that
/// will pop it. Entries are delta-encoded LEB128 (about three bytes per instruction): the map
/// is read only when a snapshot is taken or restored, by a linear scan.
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

  private(set) var bytes: [UInt8] = []
  private var last = Entry(pc: 0, chargeBefore: false, offset: 0, height: 0)

  /// Appends the next instruction; positions and offsets only grow.
  mutating func append(_ entry: Entry) {
    append(unsigned: UInt64(entry.pc - last.pc) << 1 | (entry.chargeBefore ? 1 : 0))
    append(unsigned: UInt64(entry.offset - last.offset))
    let delta = Int64(entry.height - last.height)
    append(unsigned: UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
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
    for entry in entries {
      if entry.pc == pc || (entry.chargeBefore && entry.pc - 2 == pc) { return entry }
      if entry.pc > pc { return nil }
    }
    return nil
  }

  /// The entry of the wasm instruction at `offset`.
  func entry(atOffset offset: Int) -> Entry? {
    for entry in entries {
      if entry.offset == offset { return entry }
      if entry.offset > offset { return nil }
    }
    return nil
  }

  /// Decodes entries one by one.
  struct Entries: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    var index = 0
    var current = Entry(pc: 0, chargeBefore: false, offset: 0, height: 0)

    init(bytes: [UInt8]) { self.bytes = bytes }

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
