/// Every WebAssembly instruction that takes no immediates and only pops and pushes numbers:
/// comparisons, arithmetic, conversions, sign extension (0x45–0xC4) and the non-trapping
/// float-to-int conversions (0xFC 0x00–0x07).
///
/// The raw value is the case's position, dense from 0, so that the internal code (``Op``) can
/// reuse it as the opcode of the matching interpreter instruction.
public enum NumericOp: UInt16, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  /// `i32.eqz` (0x45)
  case i32Eqz
  /// `i32.eq` (0x46)
  case i32Eq
  /// `i32.ne` (0x47)
  case i32Ne
  /// `i32.lt_s` (0x48)
  case i32LtS
  /// `i32.lt_u` (0x49)
  case i32LtU
  /// `i32.gt_s` (0x4A)
  case i32GtS
  /// `i32.gt_u` (0x4B)
  case i32GtU
  /// `i32.le_s` (0x4C)
  case i32LeS
  /// `i32.le_u` (0x4D)
  case i32LeU
  /// `i32.ge_s` (0x4E)
  case i32GeS
  /// `i32.ge_u` (0x4F)
  case i32GeU
  /// `i64.eqz` (0x50)
  case i64Eqz
  /// `i64.eq` (0x51)
  case i64Eq
  /// `i64.ne` (0x52)
  case i64Ne
  /// `i64.lt_s` (0x53)
  case i64LtS
  /// `i64.lt_u` (0x54)
  case i64LtU
  /// `i64.gt_s` (0x55)
  case i64GtS
  /// `i64.gt_u` (0x56)
  case i64GtU
  /// `i64.le_s` (0x57)
  case i64LeS
  /// `i64.le_u` (0x58)
  case i64LeU
  /// `i64.ge_s` (0x59)
  case i64GeS
  /// `i64.ge_u` (0x5A)
  case i64GeU
  /// `f32.eq` (0x5B)
  case f32Eq
  /// `f32.ne` (0x5C)
  case f32Ne
  /// `f32.lt` (0x5D)
  case f32Lt
  /// `f32.gt` (0x5E)
  case f32Gt
  /// `f32.le` (0x5F)
  case f32Le
  /// `f32.ge` (0x60)
  case f32Ge
  /// `f64.eq` (0x61)
  case f64Eq
  /// `f64.ne` (0x62)
  case f64Ne
  /// `f64.lt` (0x63)
  case f64Lt
  /// `f64.gt` (0x64)
  case f64Gt
  /// `f64.le` (0x65)
  case f64Le
  /// `f64.ge` (0x66)
  case f64Ge
  /// `i32.clz` (0x67)
  case i32Clz
  /// `i32.ctz` (0x68)
  case i32Ctz
  /// `i32.popcnt` (0x69)
  case i32Popcnt
  /// `i32.add` (0x6A)
  case i32Add
  /// `i32.sub` (0x6B)
  case i32Sub
  /// `i32.mul` (0x6C)
  case i32Mul
  /// `i32.div_s` (0x6D)
  case i32DivS
  /// `i32.div_u` (0x6E)
  case i32DivU
  /// `i32.rem_s` (0x6F)
  case i32RemS
  /// `i32.rem_u` (0x70)
  case i32RemU
  /// `i32.and` (0x71)
  case i32And
  /// `i32.or` (0x72)
  case i32Or
  /// `i32.xor` (0x73)
  case i32Xor
  /// `i32.shl` (0x74)
  case i32Shl
  /// `i32.shr_s` (0x75)
  case i32ShrS
  /// `i32.shr_u` (0x76)
  case i32ShrU
  /// `i32.rotl` (0x77)
  case i32Rotl
  /// `i32.rotr` (0x78)
  case i32Rotr
  /// `i64.clz` (0x79)
  case i64Clz
  /// `i64.ctz` (0x7A)
  case i64Ctz
  /// `i64.popcnt` (0x7B)
  case i64Popcnt
  /// `i64.add` (0x7C)
  case i64Add
  /// `i64.sub` (0x7D)
  case i64Sub
  /// `i64.mul` (0x7E)
  case i64Mul
  /// `i64.div_s` (0x7F)
  case i64DivS
  /// `i64.div_u` (0x80)
  case i64DivU
  /// `i64.rem_s` (0x81)
  case i64RemS
  /// `i64.rem_u` (0x82)
  case i64RemU
  /// `i64.and` (0x83)
  case i64And
  /// `i64.or` (0x84)
  case i64Or
  /// `i64.xor` (0x85)
  case i64Xor
  /// `i64.shl` (0x86)
  case i64Shl
  /// `i64.shr_s` (0x87)
  case i64ShrS
  /// `i64.shr_u` (0x88)
  case i64ShrU
  /// `i64.rotl` (0x89)
  case i64Rotl
  /// `i64.rotr` (0x8A)
  case i64Rotr
  /// `f32.abs` (0x8B)
  case f32Abs
  /// `f32.neg` (0x8C)
  case f32Neg
  /// `f32.ceil` (0x8D)
  case f32Ceil
  /// `f32.floor` (0x8E)
  case f32Floor
  /// `f32.trunc` (0x8F)
  case f32Trunc
  /// `f32.nearest` (0x90)
  case f32Nearest
  /// `f32.sqrt` (0x91)
  case f32Sqrt
  /// `f32.add` (0x92)
  case f32Add
  /// `f32.sub` (0x93)
  case f32Sub
  /// `f32.mul` (0x94)
  case f32Mul
  /// `f32.div` (0x95)
  case f32Div
  /// `f32.min` (0x96)
  case f32Min
  /// `f32.max` (0x97)
  case f32Max
  /// `f32.copysign` (0x98)
  case f32Copysign
  /// `f64.abs` (0x99)
  case f64Abs
  /// `f64.neg` (0x9A)
  case f64Neg
  /// `f64.ceil` (0x9B)
  case f64Ceil
  /// `f64.floor` (0x9C)
  case f64Floor
  /// `f64.trunc` (0x9D)
  case f64Trunc
  /// `f64.nearest` (0x9E)
  case f64Nearest
  /// `f64.sqrt` (0x9F)
  case f64Sqrt
  /// `f64.add` (0xA0)
  case f64Add
  /// `f64.sub` (0xA1)
  case f64Sub
  /// `f64.mul` (0xA2)
  case f64Mul
  /// `f64.div` (0xA3)
  case f64Div
  /// `f64.min` (0xA4)
  case f64Min
  /// `f64.max` (0xA5)
  case f64Max
  /// `f64.copysign` (0xA6)
  case f64Copysign
  /// `i32.wrap_i64` (0xA7)
  case i32WrapI64
  /// `i32.trunc_f32_s` (0xA8)
  case i32TruncF32S
  /// `i32.trunc_f32_u` (0xA9)
  case i32TruncF32U
  /// `i32.trunc_f64_s` (0xAA)
  case i32TruncF64S
  /// `i32.trunc_f64_u` (0xAB)
  case i32TruncF64U
  /// `i64.extend_i32_s` (0xAC)
  case i64ExtendI32S
  /// `i64.extend_i32_u` (0xAD)
  case i64ExtendI32U
  /// `i64.trunc_f32_s` (0xAE)
  case i64TruncF32S
  /// `i64.trunc_f32_u` (0xAF)
  case i64TruncF32U
  /// `i64.trunc_f64_s` (0xB0)
  case i64TruncF64S
  /// `i64.trunc_f64_u` (0xB1)
  case i64TruncF64U
  /// `f32.convert_i32_s` (0xB2)
  case f32ConvertI32S
  /// `f32.convert_i32_u` (0xB3)
  case f32ConvertI32U
  /// `f32.convert_i64_s` (0xB4)
  case f32ConvertI64S
  /// `f32.convert_i64_u` (0xB5)
  case f32ConvertI64U
  /// `f32.demote_f64` (0xB6)
  case f32DemoteF64
  /// `f64.convert_i32_s` (0xB7)
  case f64ConvertI32S
  /// `f64.convert_i32_u` (0xB8)
  case f64ConvertI32U
  /// `f64.convert_i64_s` (0xB9)
  case f64ConvertI64S
  /// `f64.convert_i64_u` (0xBA)
  case f64ConvertI64U
  /// `f64.promote_f32` (0xBB)
  case f64PromoteF32
  /// `i32.reinterpret_f32` (0xBC)
  case i32ReinterpretF32
  /// `i64.reinterpret_f64` (0xBD)
  case i64ReinterpretF64
  /// `f32.reinterpret_i32` (0xBE)
  case f32ReinterpretI32
  /// `f64.reinterpret_i64` (0xBF)
  case f64ReinterpretI64
  /// `i32.extend8_s` (0xC0)
  case i32Extend8S
  /// `i32.extend16_s` (0xC1)
  case i32Extend16S
  /// `i64.extend8_s` (0xC2)
  case i64Extend8S
  /// `i64.extend16_s` (0xC3)
  case i64Extend16S
  /// `i64.extend32_s` (0xC4)
  case i64Extend32S
  /// `i32.trunc_sat_f32_s` (0xFC00)
  case i32TruncSatF32S
  /// `i32.trunc_sat_f32_u` (0xFC01)
  case i32TruncSatF32U
  /// `i32.trunc_sat_f64_s` (0xFC02)
  case i32TruncSatF64S
  /// `i32.trunc_sat_f64_u` (0xFC03)
  case i32TruncSatF64U
  /// `i64.trunc_sat_f32_s` (0xFC04)
  case i64TruncSatF32S
  /// `i64.trunc_sat_f32_u` (0xFC05)
  case i64TruncSatF32U
  /// `i64.trunc_sat_f64_s` (0xFC06)
  case i64TruncSatF64S
  /// `i64.trunc_sat_f64_u` (0xFC07)
  case i64TruncSatF64U

  /// The binary opcode: one byte, or `0xFC` followed by the LEB128 sub-opcode.
  public var binaryOpcode: (prefix: UInt8?, code: UInt32) {
    switch self {
    case .i32Eqz: (nil, 0x45)
    case .i32Eq: (nil, 0x46)
    case .i32Ne: (nil, 0x47)
    case .i32LtS: (nil, 0x48)
    case .i32LtU: (nil, 0x49)
    case .i32GtS: (nil, 0x4A)
    case .i32GtU: (nil, 0x4B)
    case .i32LeS: (nil, 0x4C)
    case .i32LeU: (nil, 0x4D)
    case .i32GeS: (nil, 0x4E)
    case .i32GeU: (nil, 0x4F)
    case .i64Eqz: (nil, 0x50)
    case .i64Eq: (nil, 0x51)
    case .i64Ne: (nil, 0x52)
    case .i64LtS: (nil, 0x53)
    case .i64LtU: (nil, 0x54)
    case .i64GtS: (nil, 0x55)
    case .i64GtU: (nil, 0x56)
    case .i64LeS: (nil, 0x57)
    case .i64LeU: (nil, 0x58)
    case .i64GeS: (nil, 0x59)
    case .i64GeU: (nil, 0x5A)
    case .f32Eq: (nil, 0x5B)
    case .f32Ne: (nil, 0x5C)
    case .f32Lt: (nil, 0x5D)
    case .f32Gt: (nil, 0x5E)
    case .f32Le: (nil, 0x5F)
    case .f32Ge: (nil, 0x60)
    case .f64Eq: (nil, 0x61)
    case .f64Ne: (nil, 0x62)
    case .f64Lt: (nil, 0x63)
    case .f64Gt: (nil, 0x64)
    case .f64Le: (nil, 0x65)
    case .f64Ge: (nil, 0x66)
    case .i32Clz: (nil, 0x67)
    case .i32Ctz: (nil, 0x68)
    case .i32Popcnt: (nil, 0x69)
    case .i32Add: (nil, 0x6A)
    case .i32Sub: (nil, 0x6B)
    case .i32Mul: (nil, 0x6C)
    case .i32DivS: (nil, 0x6D)
    case .i32DivU: (nil, 0x6E)
    case .i32RemS: (nil, 0x6F)
    case .i32RemU: (nil, 0x70)
    case .i32And: (nil, 0x71)
    case .i32Or: (nil, 0x72)
    case .i32Xor: (nil, 0x73)
    case .i32Shl: (nil, 0x74)
    case .i32ShrS: (nil, 0x75)
    case .i32ShrU: (nil, 0x76)
    case .i32Rotl: (nil, 0x77)
    case .i32Rotr: (nil, 0x78)
    case .i64Clz: (nil, 0x79)
    case .i64Ctz: (nil, 0x7A)
    case .i64Popcnt: (nil, 0x7B)
    case .i64Add: (nil, 0x7C)
    case .i64Sub: (nil, 0x7D)
    case .i64Mul: (nil, 0x7E)
    case .i64DivS: (nil, 0x7F)
    case .i64DivU: (nil, 0x80)
    case .i64RemS: (nil, 0x81)
    case .i64RemU: (nil, 0x82)
    case .i64And: (nil, 0x83)
    case .i64Or: (nil, 0x84)
    case .i64Xor: (nil, 0x85)
    case .i64Shl: (nil, 0x86)
    case .i64ShrS: (nil, 0x87)
    case .i64ShrU: (nil, 0x88)
    case .i64Rotl: (nil, 0x89)
    case .i64Rotr: (nil, 0x8A)
    case .f32Abs: (nil, 0x8B)
    case .f32Neg: (nil, 0x8C)
    case .f32Ceil: (nil, 0x8D)
    case .f32Floor: (nil, 0x8E)
    case .f32Trunc: (nil, 0x8F)
    case .f32Nearest: (nil, 0x90)
    case .f32Sqrt: (nil, 0x91)
    case .f32Add: (nil, 0x92)
    case .f32Sub: (nil, 0x93)
    case .f32Mul: (nil, 0x94)
    case .f32Div: (nil, 0x95)
    case .f32Min: (nil, 0x96)
    case .f32Max: (nil, 0x97)
    case .f32Copysign: (nil, 0x98)
    case .f64Abs: (nil, 0x99)
    case .f64Neg: (nil, 0x9A)
    case .f64Ceil: (nil, 0x9B)
    case .f64Floor: (nil, 0x9C)
    case .f64Trunc: (nil, 0x9D)
    case .f64Nearest: (nil, 0x9E)
    case .f64Sqrt: (nil, 0x9F)
    case .f64Add: (nil, 0xA0)
    case .f64Sub: (nil, 0xA1)
    case .f64Mul: (nil, 0xA2)
    case .f64Div: (nil, 0xA3)
    case .f64Min: (nil, 0xA4)
    case .f64Max: (nil, 0xA5)
    case .f64Copysign: (nil, 0xA6)
    case .i32WrapI64: (nil, 0xA7)
    case .i32TruncF32S: (nil, 0xA8)
    case .i32TruncF32U: (nil, 0xA9)
    case .i32TruncF64S: (nil, 0xAA)
    case .i32TruncF64U: (nil, 0xAB)
    case .i64ExtendI32S: (nil, 0xAC)
    case .i64ExtendI32U: (nil, 0xAD)
    case .i64TruncF32S: (nil, 0xAE)
    case .i64TruncF32U: (nil, 0xAF)
    case .i64TruncF64S: (nil, 0xB0)
    case .i64TruncF64U: (nil, 0xB1)
    case .f32ConvertI32S: (nil, 0xB2)
    case .f32ConvertI32U: (nil, 0xB3)
    case .f32ConvertI64S: (nil, 0xB4)
    case .f32ConvertI64U: (nil, 0xB5)
    case .f32DemoteF64: (nil, 0xB6)
    case .f64ConvertI32S: (nil, 0xB7)
    case .f64ConvertI32U: (nil, 0xB8)
    case .f64ConvertI64S: (nil, 0xB9)
    case .f64ConvertI64U: (nil, 0xBA)
    case .f64PromoteF32: (nil, 0xBB)
    case .i32ReinterpretF32: (nil, 0xBC)
    case .i64ReinterpretF64: (nil, 0xBD)
    case .f32ReinterpretI32: (nil, 0xBE)
    case .f64ReinterpretI64: (nil, 0xBF)
    case .i32Extend8S: (nil, 0xC0)
    case .i32Extend16S: (nil, 0xC1)
    case .i64Extend8S: (nil, 0xC2)
    case .i64Extend16S: (nil, 0xC3)
    case .i64Extend32S: (nil, 0xC4)
    case .i32TruncSatF32S: (0xFC, 0x00)
    case .i32TruncSatF32U: (0xFC, 0x01)
    case .i32TruncSatF64S: (0xFC, 0x02)
    case .i32TruncSatF64U: (0xFC, 0x03)
    case .i64TruncSatF32S: (0xFC, 0x04)
    case .i64TruncSatF32U: (0xFC, 0x05)
    case .i64TruncSatF64S: (0xFC, 0x06)
    case .i64TruncSatF64U: (0xFC, 0x07)
    }
  }

  /// The operand types popped (in stack order, deepest first) and the result type pushed.
  public var signature: (parameters: [ValueType], result: ValueType) {
    switch self {
    case .i32Eqz: ([.i32], .i32)
    case .i32Eq: ([.i32, .i32], .i32)
    case .i32Ne: ([.i32, .i32], .i32)
    case .i32LtS: ([.i32, .i32], .i32)
    case .i32LtU: ([.i32, .i32], .i32)
    case .i32GtS: ([.i32, .i32], .i32)
    case .i32GtU: ([.i32, .i32], .i32)
    case .i32LeS: ([.i32, .i32], .i32)
    case .i32LeU: ([.i32, .i32], .i32)
    case .i32GeS: ([.i32, .i32], .i32)
    case .i32GeU: ([.i32, .i32], .i32)
    case .i64Eqz: ([.i64], .i32)
    case .i64Eq: ([.i64, .i64], .i32)
    case .i64Ne: ([.i64, .i64], .i32)
    case .i64LtS: ([.i64, .i64], .i32)
    case .i64LtU: ([.i64, .i64], .i32)
    case .i64GtS: ([.i64, .i64], .i32)
    case .i64GtU: ([.i64, .i64], .i32)
    case .i64LeS: ([.i64, .i64], .i32)
    case .i64LeU: ([.i64, .i64], .i32)
    case .i64GeS: ([.i64, .i64], .i32)
    case .i64GeU: ([.i64, .i64], .i32)
    case .f32Eq: ([.f32, .f32], .i32)
    case .f32Ne: ([.f32, .f32], .i32)
    case .f32Lt: ([.f32, .f32], .i32)
    case .f32Gt: ([.f32, .f32], .i32)
    case .f32Le: ([.f32, .f32], .i32)
    case .f32Ge: ([.f32, .f32], .i32)
    case .f64Eq: ([.f64, .f64], .i32)
    case .f64Ne: ([.f64, .f64], .i32)
    case .f64Lt: ([.f64, .f64], .i32)
    case .f64Gt: ([.f64, .f64], .i32)
    case .f64Le: ([.f64, .f64], .i32)
    case .f64Ge: ([.f64, .f64], .i32)
    case .i32Clz: ([.i32], .i32)
    case .i32Ctz: ([.i32], .i32)
    case .i32Popcnt: ([.i32], .i32)
    case .i32Add: ([.i32, .i32], .i32)
    case .i32Sub: ([.i32, .i32], .i32)
    case .i32Mul: ([.i32, .i32], .i32)
    case .i32DivS: ([.i32, .i32], .i32)
    case .i32DivU: ([.i32, .i32], .i32)
    case .i32RemS: ([.i32, .i32], .i32)
    case .i32RemU: ([.i32, .i32], .i32)
    case .i32And: ([.i32, .i32], .i32)
    case .i32Or: ([.i32, .i32], .i32)
    case .i32Xor: ([.i32, .i32], .i32)
    case .i32Shl: ([.i32, .i32], .i32)
    case .i32ShrS: ([.i32, .i32], .i32)
    case .i32ShrU: ([.i32, .i32], .i32)
    case .i32Rotl: ([.i32, .i32], .i32)
    case .i32Rotr: ([.i32, .i32], .i32)
    case .i64Clz: ([.i64], .i64)
    case .i64Ctz: ([.i64], .i64)
    case .i64Popcnt: ([.i64], .i64)
    case .i64Add: ([.i64, .i64], .i64)
    case .i64Sub: ([.i64, .i64], .i64)
    case .i64Mul: ([.i64, .i64], .i64)
    case .i64DivS: ([.i64, .i64], .i64)
    case .i64DivU: ([.i64, .i64], .i64)
    case .i64RemS: ([.i64, .i64], .i64)
    case .i64RemU: ([.i64, .i64], .i64)
    case .i64And: ([.i64, .i64], .i64)
    case .i64Or: ([.i64, .i64], .i64)
    case .i64Xor: ([.i64, .i64], .i64)
    case .i64Shl: ([.i64, .i64], .i64)
    case .i64ShrS: ([.i64, .i64], .i64)
    case .i64ShrU: ([.i64, .i64], .i64)
    case .i64Rotl: ([.i64, .i64], .i64)
    case .i64Rotr: ([.i64, .i64], .i64)
    case .f32Abs: ([.f32], .f32)
    case .f32Neg: ([.f32], .f32)
    case .f32Ceil: ([.f32], .f32)
    case .f32Floor: ([.f32], .f32)
    case .f32Trunc: ([.f32], .f32)
    case .f32Nearest: ([.f32], .f32)
    case .f32Sqrt: ([.f32], .f32)
    case .f32Add: ([.f32, .f32], .f32)
    case .f32Sub: ([.f32, .f32], .f32)
    case .f32Mul: ([.f32, .f32], .f32)
    case .f32Div: ([.f32, .f32], .f32)
    case .f32Min: ([.f32, .f32], .f32)
    case .f32Max: ([.f32, .f32], .f32)
    case .f32Copysign: ([.f32, .f32], .f32)
    case .f64Abs: ([.f64], .f64)
    case .f64Neg: ([.f64], .f64)
    case .f64Ceil: ([.f64], .f64)
    case .f64Floor: ([.f64], .f64)
    case .f64Trunc: ([.f64], .f64)
    case .f64Nearest: ([.f64], .f64)
    case .f64Sqrt: ([.f64], .f64)
    case .f64Add: ([.f64, .f64], .f64)
    case .f64Sub: ([.f64, .f64], .f64)
    case .f64Mul: ([.f64, .f64], .f64)
    case .f64Div: ([.f64, .f64], .f64)
    case .f64Min: ([.f64, .f64], .f64)
    case .f64Max: ([.f64, .f64], .f64)
    case .f64Copysign: ([.f64, .f64], .f64)
    case .i32WrapI64: ([.i64], .i32)
    case .i32TruncF32S: ([.f32], .i32)
    case .i32TruncF32U: ([.f32], .i32)
    case .i32TruncF64S: ([.f64], .i32)
    case .i32TruncF64U: ([.f64], .i32)
    case .i64ExtendI32S: ([.i32], .i64)
    case .i64ExtendI32U: ([.i32], .i64)
    case .i64TruncF32S: ([.f32], .i64)
    case .i64TruncF32U: ([.f32], .i64)
    case .i64TruncF64S: ([.f64], .i64)
    case .i64TruncF64U: ([.f64], .i64)
    case .f32ConvertI32S: ([.i32], .f32)
    case .f32ConvertI32U: ([.i32], .f32)
    case .f32ConvertI64S: ([.i64], .f32)
    case .f32ConvertI64U: ([.i64], .f32)
    case .f32DemoteF64: ([.f64], .f32)
    case .f64ConvertI32S: ([.i32], .f64)
    case .f64ConvertI32U: ([.i32], .f64)
    case .f64ConvertI64S: ([.i64], .f64)
    case .f64ConvertI64U: ([.i64], .f64)
    case .f64PromoteF32: ([.f32], .f64)
    case .i32ReinterpretF32: ([.f32], .i32)
    case .i64ReinterpretF64: ([.f64], .i64)
    case .f32ReinterpretI32: ([.i32], .f32)
    case .f64ReinterpretI64: ([.i64], .f64)
    case .i32Extend8S: ([.i32], .i32)
    case .i32Extend16S: ([.i32], .i32)
    case .i64Extend8S: ([.i64], .i64)
    case .i64Extend16S: ([.i64], .i64)
    case .i64Extend32S: ([.i64], .i64)
    case .i32TruncSatF32S: ([.f32], .i32)
    case .i32TruncSatF32U: ([.f32], .i32)
    case .i32TruncSatF64S: ([.f64], .i32)
    case .i32TruncSatF64U: ([.f64], .i32)
    case .i64TruncSatF32S: ([.f32], .i64)
    case .i64TruncSatF32U: ([.f32], .i64)
    case .i64TruncSatF64S: ([.f64], .i64)
    case .i64TruncSatF64U: ([.f64], .i64)
    }
  }

  /// The text-format name, e.g. `i32.add`.
  public var description: String {
    switch self {
    case .i32Eqz: "i32.eqz"
    case .i32Eq: "i32.eq"
    case .i32Ne: "i32.ne"
    case .i32LtS: "i32.lt_s"
    case .i32LtU: "i32.lt_u"
    case .i32GtS: "i32.gt_s"
    case .i32GtU: "i32.gt_u"
    case .i32LeS: "i32.le_s"
    case .i32LeU: "i32.le_u"
    case .i32GeS: "i32.ge_s"
    case .i32GeU: "i32.ge_u"
    case .i64Eqz: "i64.eqz"
    case .i64Eq: "i64.eq"
    case .i64Ne: "i64.ne"
    case .i64LtS: "i64.lt_s"
    case .i64LtU: "i64.lt_u"
    case .i64GtS: "i64.gt_s"
    case .i64GtU: "i64.gt_u"
    case .i64LeS: "i64.le_s"
    case .i64LeU: "i64.le_u"
    case .i64GeS: "i64.ge_s"
    case .i64GeU: "i64.ge_u"
    case .f32Eq: "f32.eq"
    case .f32Ne: "f32.ne"
    case .f32Lt: "f32.lt"
    case .f32Gt: "f32.gt"
    case .f32Le: "f32.le"
    case .f32Ge: "f32.ge"
    case .f64Eq: "f64.eq"
    case .f64Ne: "f64.ne"
    case .f64Lt: "f64.lt"
    case .f64Gt: "f64.gt"
    case .f64Le: "f64.le"
    case .f64Ge: "f64.ge"
    case .i32Clz: "i32.clz"
    case .i32Ctz: "i32.ctz"
    case .i32Popcnt: "i32.popcnt"
    case .i32Add: "i32.add"
    case .i32Sub: "i32.sub"
    case .i32Mul: "i32.mul"
    case .i32DivS: "i32.div_s"
    case .i32DivU: "i32.div_u"
    case .i32RemS: "i32.rem_s"
    case .i32RemU: "i32.rem_u"
    case .i32And: "i32.and"
    case .i32Or: "i32.or"
    case .i32Xor: "i32.xor"
    case .i32Shl: "i32.shl"
    case .i32ShrS: "i32.shr_s"
    case .i32ShrU: "i32.shr_u"
    case .i32Rotl: "i32.rotl"
    case .i32Rotr: "i32.rotr"
    case .i64Clz: "i64.clz"
    case .i64Ctz: "i64.ctz"
    case .i64Popcnt: "i64.popcnt"
    case .i64Add: "i64.add"
    case .i64Sub: "i64.sub"
    case .i64Mul: "i64.mul"
    case .i64DivS: "i64.div_s"
    case .i64DivU: "i64.div_u"
    case .i64RemS: "i64.rem_s"
    case .i64RemU: "i64.rem_u"
    case .i64And: "i64.and"
    case .i64Or: "i64.or"
    case .i64Xor: "i64.xor"
    case .i64Shl: "i64.shl"
    case .i64ShrS: "i64.shr_s"
    case .i64ShrU: "i64.shr_u"
    case .i64Rotl: "i64.rotl"
    case .i64Rotr: "i64.rotr"
    case .f32Abs: "f32.abs"
    case .f32Neg: "f32.neg"
    case .f32Ceil: "f32.ceil"
    case .f32Floor: "f32.floor"
    case .f32Trunc: "f32.trunc"
    case .f32Nearest: "f32.nearest"
    case .f32Sqrt: "f32.sqrt"
    case .f32Add: "f32.add"
    case .f32Sub: "f32.sub"
    case .f32Mul: "f32.mul"
    case .f32Div: "f32.div"
    case .f32Min: "f32.min"
    case .f32Max: "f32.max"
    case .f32Copysign: "f32.copysign"
    case .f64Abs: "f64.abs"
    case .f64Neg: "f64.neg"
    case .f64Ceil: "f64.ceil"
    case .f64Floor: "f64.floor"
    case .f64Trunc: "f64.trunc"
    case .f64Nearest: "f64.nearest"
    case .f64Sqrt: "f64.sqrt"
    case .f64Add: "f64.add"
    case .f64Sub: "f64.sub"
    case .f64Mul: "f64.mul"
    case .f64Div: "f64.div"
    case .f64Min: "f64.min"
    case .f64Max: "f64.max"
    case .f64Copysign: "f64.copysign"
    case .i32WrapI64: "i32.wrap_i64"
    case .i32TruncF32S: "i32.trunc_f32_s"
    case .i32TruncF32U: "i32.trunc_f32_u"
    case .i32TruncF64S: "i32.trunc_f64_s"
    case .i32TruncF64U: "i32.trunc_f64_u"
    case .i64ExtendI32S: "i64.extend_i32_s"
    case .i64ExtendI32U: "i64.extend_i32_u"
    case .i64TruncF32S: "i64.trunc_f32_s"
    case .i64TruncF32U: "i64.trunc_f32_u"
    case .i64TruncF64S: "i64.trunc_f64_s"
    case .i64TruncF64U: "i64.trunc_f64_u"
    case .f32ConvertI32S: "f32.convert_i32_s"
    case .f32ConvertI32U: "f32.convert_i32_u"
    case .f32ConvertI64S: "f32.convert_i64_s"
    case .f32ConvertI64U: "f32.convert_i64_u"
    case .f32DemoteF64: "f32.demote_f64"
    case .f64ConvertI32S: "f64.convert_i32_s"
    case .f64ConvertI32U: "f64.convert_i32_u"
    case .f64ConvertI64S: "f64.convert_i64_s"
    case .f64ConvertI64U: "f64.convert_i64_u"
    case .f64PromoteF32: "f64.promote_f32"
    case .i32ReinterpretF32: "i32.reinterpret_f32"
    case .i64ReinterpretF64: "i64.reinterpret_f64"
    case .f32ReinterpretI32: "f32.reinterpret_i32"
    case .f64ReinterpretI64: "f64.reinterpret_i64"
    case .i32Extend8S: "i32.extend8_s"
    case .i32Extend16S: "i32.extend16_s"
    case .i64Extend8S: "i64.extend8_s"
    case .i64Extend16S: "i64.extend16_s"
    case .i64Extend32S: "i64.extend32_s"
    case .i32TruncSatF32S: "i32.trunc_sat_f32_s"
    case .i32TruncSatF32U: "i32.trunc_sat_f32_u"
    case .i32TruncSatF64S: "i32.trunc_sat_f64_s"
    case .i32TruncSatF64U: "i32.trunc_sat_f64_u"
    case .i64TruncSatF32S: "i64.trunc_sat_f32_s"
    case .i64TruncSatF32U: "i64.trunc_sat_f32_u"
    case .i64TruncSatF64S: "i64.trunc_sat_f64_s"
    case .i64TruncSatF64U: "i64.trunc_sat_f64_u"
    }
  }

  /// The single-byte opcodes 0x45–0xC4, in order.
  public static func fromSingleByte(_ byte: UInt8) -> NumericOp? {
    guard byte >= 0x45, byte <= 0xC4 else { return nil }
    return NumericOp(rawValue: UInt16(byte - 0x45))
  }

  /// The `0xFC`-prefixed sub-opcodes 0–7 (saturating truncations).
  public static func fromFCPrefixed(_ sub: UInt32) -> NumericOp? {
    guard sub <= 7 else { return nil }
    return NumericOp(rawValue: UInt16(0xC4 - 0x45 + 1) + UInt16(sub))
  }
}
