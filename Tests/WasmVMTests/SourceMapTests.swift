import Testing
import WAT

@testable import WasmVM

/// A function's ``SourceMap`` finds positions both ways (and the entry before a position)
/// through its checkpoints exactly as a scan of every entry would, for every position and
/// offset, boundaries or not, on both sides of every checkpoint.
struct SourceMapTests {
  /// A map of `count` entries with irregular steps: instructions of one to four words, a
  /// `charge` before every fifth, wasm instructions of one to three bytes.
  static func map(count: Int) -> SourceMap {
    var map = SourceMap()
    var pc = 0
    var offset = 3
    for i in 0..<count {
      let charge = i % 5 == 0
      pc += charge ? 2 : 0
      map.append(.init(pc: pc, chargeBefore: charge, offset: offset, height: (i * 7) % 11))
      pc += 1 + i % 4
      offset += 1 + i % 3
    }
    return map
  }

  /// What each lookup must find: the entries themselves, by instruction, by `charge` and by
  /// offset; any other position or offset has none.
  static func check(_ map: SourceMap) {
    let entries = Array(map.entries)
    var byPC: [Int: SourceMap.Entry] = [:]
    var byOffset: [Int: SourceMap.Entry] = [:]
    for entry in entries {
      // The first entry wins, as in a scan.
      if byPC[entry.pc] == nil { byPC[entry.pc] = entry }
      if entry.chargeBefore, byPC[entry.pc - 2] == nil { byPC[entry.pc - 2] = entry }
      if byOffset[entry.offset] == nil { byOffset[entry.offset] = entry }
    }
    let lastPC = (entries.last?.pc ?? 0) + 8
    let lastOffset = (entries.last?.offset ?? 0) + 8
    for pc in -2...lastPC {
      #expect(map.entry(atPC: pc) == byPC[pc], "pc \(pc)")
    }
    for offset in -2...lastOffset {
      #expect(map.entry(atOffset: offset) == byOffset[offset], "offset \(offset)")
    }
    // The debugger's lookup of a caller's call: the last entry before a position.
    for pc in -2...lastPC {
      #expect(map.entry(before: pc) == entries.last { $0.pc < pc }, "before pc \(pc)")
    }
  }

  @Test(arguments: [0, 1, 63, 64, 65, 128, 1000])
  func lookupsAgreeWithAScan(_ count: Int) {
    let map = Self.map(count: count)
    #expect(map.checkpoints.count == Swift.max(0, count - 1) / SourceMap.checkpointInterval)
    Self.check(map)
  }

  /// The translator's maps of a function of 3,000 instructions and of one with blocks,
  /// branches and calls.
  @Test func translatedFunctionsMapBothWays() throws {
    let body = String(repeating: "(drop (i32.add (local.get 0) (i32.const 1))) ", count: 750)
    let module = try Module(
      bytes: wat2wasm(
        """
        (module
          (func $long (param i32) \(body))
          (func $branchy (param i32) (result i32)
            (block $out
              (loop $again
                (br_if $out (i32.eqz (local.get 0)))
                (call $long (local.get 0))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $again)))
            (local.get 0)))
        """)
    ).validate()
    let store = Store()
    let instance = try store.instantiate(module)
    for address in instance.functionAddresses {
      guard case .wasm(let function) = store.functions[address] else { continue }
      let count = Array(function.sourceMap.entries).count
      #expect(
        function.sourceMap.checkpoints.count
          == Swift.max(0, count - 1) / SourceMap.checkpointInterval)
      Self.check(function.sourceMap)
    }
  }
}
