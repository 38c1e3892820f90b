/// What the instruction table says of one SIMD instruction (`0xFD` prefix), kept at run time
/// for the decoder (its sub-opcode and immediates), the validator (its types, lane bound and
/// natural alignment), the translator (its stack effect and code words) and messages (its name).
struct SIMDOpEntry: Sendable {
  /// Whether the instruction computes on the operand stack, reads memory or writes it.
  enum Kind: Sendable { case compute, load, store }

  /// The immediates after the sub-opcode.
  enum Immediate: Sendable {
    /// None.
    case none
    /// A memory argument (alignment, memory index, offset).
    case memArg
    /// A memory argument and a lane index (`v128.load8_lane` …).
    case memArgLane
    /// A lane index (`extract_lane`, `replace_lane`).
    case lane
    /// Sixteen lane bytes (`i8x16.shuffle`).
    case shuffle
    /// A 128-bit constant (`v128.const`).
    case v128

    /// The 64-bit code words that follow the op in translated code: a memory argument's offset
    /// and memory index, then a lane index; a shuffle's 16 lane bytes packed little-endian
    /// into two words (byte 0 the low byte of the first); a constant's low then high half.
    var words: Int {
      switch self {
      case .none: 0
      case .memArg: 2
      case .memArgLane: 3
      case .lane: 1
      case .shuffle, .v128: 2
      }
    }
  }

  /// The text-format name, e.g. `i32x4.add`.
  let name: String
  /// The sub-opcode after `0xFD`.
  let code: UInt32
  let kind: Kind
  let immediate: Immediate
  /// Operand types, deepest first: a load's or store's address is `.i32` (the validator
  /// substitutes `i64` for a 64-bit memory), then the vector of a lane load or a store.
  let operands: [ValueType]
  /// The slots the operands take on the stack (``ValueType/slots``): where, below the top,
  /// ``simdCompute(_:_:_:)``'s operands begin.
  let operandSlots: Int
  /// The result type; `nil` for a store.
  let result: ValueType?
  /// Bytes a load or store accesses (the natural alignment is their base-2 logarithm); 0 else.
  let bytes: Int
  /// The lane count a lane immediate must stay below; 0 without one.
  let laneCount: Int
  /// Ticks one execution costs.
  let ticks: Int

  init(
    _ name: String, _ code: UInt32, _ kind: Kind, _ immediate: Immediate,
    _ operands: [ValueType], _ result: ValueType?, bytes: Int, laneCount: Int, ticks: Int
  ) {
    self.name = name
    self.code = code
    self.kind = kind
    self.immediate = immediate
    self.operands = operands
    self.operandSlots = operands.slotCount
    self.result = result
    self.bytes = bytes
    self.laneCount = laneCount
    self.ticks = ticks
  }
}

extension SIMDOp: CustomStringConvertible {
  /// The instruction's table entry.
  var entry: SIMDOpEntry { Self.entries[Int(rawValue)] }

  /// The text-format name, e.g. `i8x16.shuffle`.
  var description: String { entry.name }

  /// The instruction a sub-opcode after `0xFD` encodes, if any.
  static func decode(_ subOpcode: UInt32) -> SIMDOp? {
    subOpcode < bySubOpcode.count ? bySubOpcode[Int(subOpcode)] : nil
  }

  /// The decoding table, built once from the entries.
  private static let bySubOpcode: [SIMDOp?] = {
    let size = Int(allCases.map(\.entry.code).max() ?? 0) + 1
    var table = [SIMDOp?](repeating: nil, count: size)
    for op in allCases { table[Int(op.entry.code)] = op }
    return table
  }()
}
