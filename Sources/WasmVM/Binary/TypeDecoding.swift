/// Value, reference, table, memory and global types.
///
/// Encodings of types from out-of-scope proposals are recognized precisely enough to report
/// the proposal; only byte values that no proposal assigns are reported as malformed.
extension ByteReader {
  mutating func readValueType() throws(DecodeError) -> ValueType {
    let start = position
    let byte = try readByte()
    switch byte {
    case 0x7F: return .i32
    case 0x7E: return .i64
    case 0x7D: return .f32
    case 0x7C: return .f64
    case 0x7B: return .v128
    default:
      if let type = try referenceType(startingWith: byte, at: start) { return type }
      throw DecodeError("malformed value type", offset: start)
    }
  }

  mutating func readReferenceType() throws(DecodeError) -> ValueType {
    let start = position
    let byte = try readByte()
    if let type = try referenceType(startingWith: byte, at: start) { return type }
    throw DecodeError("malformed reference type", offset: start)
  }

  /// Decodes the rest of a reference type whose first byte was `byte`, or returns `nil` when
  /// `byte` does not start one.
  private mutating func referenceType(
    startingWith byte: UInt8, at start: Int
  ) throws(DecodeError) -> ValueType? {
    switch byte {
    case 0x70: return .funcref
    case 0x6F: return .externref
    case 0x63: return try readHeapType()
    case 0x64:
      // `(ref ht)`: non-nullable references belong to typed function references.
      _ = try readHeapType()
      throw DecodeError.unsupported(Proposal.functionReferences, offset: start)
    default:
      if let proposal = Self.proposal(ofAbstractHeapType: byte) {
        throw DecodeError.unsupported(proposal, offset: start)
      }
      return nil
    }
  }

  /// Reads a heap type and returns the nullable reference type over it (`ref.null`'s
  /// immediate and the `0x63` form).
  mutating func readHeapType() throws(DecodeError) -> ValueType {
    let start = position
    let code = try readInt33()
    if code >= 0 { throw DecodeError.unsupported(Proposal.functionReferences, offset: start) }
    switch code {
    case -0x10: return .funcref
    case -0x11: return .externref
    default:
      let byte = UInt8(truncatingIfNeeded: code + 0x80)
      if code >= -0x40, let proposal = Self.proposal(ofAbstractHeapType: byte) {
        throw DecodeError.unsupported(proposal, offset: start)
      }
      throw DecodeError("malformed heap type", offset: start)
    }
  }

  /// The proposal that introduced an abstract heap type wasbox does not implement: `exn` and
  /// its bottom type `noexn` come with exception handling; `any`, `eq`, `i31`, `struct`,
  /// `array` and the bottom types `none`, `nofunc`, `noextern` with GC.
  private static func proposal(ofAbstractHeapType byte: UInt8) -> String? {
    switch byte {
    case 0x69, 0x74: Proposal.exceptionHandling
    case 0x6A...0x6E, 0x71...0x73: Proposal.gc
    default: nil
    }
  }

  /// Limits and the address type, with the flag byte of Wasm 3.0: bit 0 = has maximum, bit 1
  /// = shared (threads), bit 2 = 64-bit addresses (memory64, table64). Bounds are read as
  /// `u64` as the spec does, whatever the address type; the validator checks their range.
  mutating func readLimits() throws(DecodeError) -> (Limits, AddressType) {
    let start = position
    let flags = try readByte()
    guard flags < 0x08 else { throw DecodeError("malformed limits flags", offset: start) }
    if flags & 0x02 != 0 { throw DecodeError.unsupported(Proposal.threads, offset: start) }
    let addressType: AddressType = flags & 0x04 != 0 ? .i64 : .i32
    let min = try readUInt64()
    let max = flags & 0x01 != 0 ? try readUInt64() : nil
    return (Limits(min: min, max: max), addressType)
  }

  mutating func readTableType() throws(DecodeError) -> TableType {
    let elementType = try readReferenceType()
    let (limits, addressType) = try readLimits()
    return TableType(elementType: elementType, limits: limits, addressType: addressType)
  }

  mutating func readMemoryType() throws(DecodeError) -> MemoryType {
    let (limits, addressType) = try readLimits()
    return MemoryType(limits: limits, addressType: addressType)
  }

  mutating func readGlobalType() throws(DecodeError) -> GlobalType {
    let valueType = try readValueType()
    let start = position
    switch try readByte() {
    case 0x00: return GlobalType(valueType: valueType, isMutable: false)
    case 0x01: return GlobalType(valueType: valueType, isMutable: true)
    default: throw DecodeError("malformed mutability", offset: start)
    }
  }

  /// One entry of the type section. Only plain function types are in scope; recursive groups,
  /// subtypes, structs and arrays belong to GC.
  mutating func readFunctionType() throws(DecodeError) -> FuncType {
    let start = position
    let form = try readByte()
    // The form is an `s7`: a continuation bit makes it longer than its one allowed byte.
    if form & 0x80 != 0 {
      throw DecodeError("integer representation too long", offset: position)
    }
    switch form {
    case 0x60:
      let parameters = try readValueTypes()
      return FuncType(parameters: parameters, results: try readValueTypes())
    case 0x4E, 0x4F, 0x50, 0x5E, 0x5F:
      throw DecodeError.unsupported(Proposal.gc, offset: start)
    default:
      throw DecodeError("malformed function type", offset: start)
    }
  }

  /// A vector of value types (a result type, or `select`'s annotation).
  mutating func readValueTypes() throws(DecodeError) -> [ValueType] {
    let count = try readLength()
    var types: [ValueType] = []
    types.reserveCapacity(count)
    for _ in 0..<count { types.append(try readValueType()) }
    return types
  }
}
