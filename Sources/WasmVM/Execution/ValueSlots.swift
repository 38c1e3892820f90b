// How typed values occupy the interpreter's slots: one each, except a `v128`, which takes two
// consecutive slots, its low half first (see ``V128``). Every count the translator and the
// call path derive from a list of types (frame sizes, arities, stack heights) goes through
// these, so the rule is written once.

extension ValueType {
  /// The interpreter slots one value of this type occupies.
  var slots: Int { self == .v128 ? 2 : 1 }
}

extension Array where Element == ValueType {
  /// The interpreter slots these values occupy together.
  var slotCount: Int {
    var count = 0
    for type in self { count &+= type.slots }
    return count
  }
}

extension FuncType {
  /// Slots the parameters occupy on the caller's stack.
  var parameterSlots: Int { parameters.slotCount }
  /// Slots the results occupy when the function returns.
  var resultSlots: Int { results.slotCount }
}

/// Writes `values` to consecutive slots from `destination`; returns the slots written.
@discardableResult
func writeSlots(_ values: [Value], to destination: UnsafeMutablePointer<UInt64>) -> Int {
  var i = 0
  for value in values {
    destination[i] = value.slot
    i &+= 1
    if case .v128(let vector) = value {
      destination[i] = vector.high
      i &+= 1
    }
  }
  return i
}

/// The values of `types` in consecutive slots from `source`.
func readSlots(_ types: [ValueType], from source: UnsafeMutablePointer<UInt64>) -> [Value] {
  var values: [Value] = []
  values.reserveCapacity(types.count)
  var i = 0
  for type in types {
    let high = type == .v128 ? source[i + 1] : 0
    values.append(Value(slot: source[i], highSlot: high, type: type))
    i += type.slots
  }
  return values
}
