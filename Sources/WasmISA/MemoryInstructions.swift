/// The instruction table's loads and stores, in the order of their raw values in WasmVM
/// (`MemoryOp`, and the memory cases of the stack code's `Op` and the register code's
/// `RegOp`). This is the one place where a load or store is defined; `swift run wasbox-isa`
/// writes everything derived from it, and `InstructionTableTests` fails when the committed
/// output is stale.
///
/// An entry gives the name, opcode, value type and access width (and, for a narrow load, its
/// extension); its semantics follow from those. The fast paths are the translators' faster
/// forms of the instruction (see ``MemoryInstruction/FastPath``): the generator writes each form's
/// opcode, translation mapping and handler from the rule, for every entry that lists it.
public let memoryInstructions: [MemoryInstruction] = [
  // MARK: Loads (0x28–0x35)
  .load(
    "i32.load", 0x28, .i32, bytes: 4, .none,
    [
      .afterLocalGet, .constantAddress,
      .operandOf(["i32.add", "i32.sub", "i32.mul", "i32.and", "i32.or", "i32.xor"]),
    ]),
  .load(
    "i64.load", 0x29, .i64, bytes: 8, .none,
    [
      .afterLocalGet, .constantAddress,
      .operandOf(["i64.add", "i64.sub", "i64.mul", "i64.and", "i64.or", "i64.xor"]),
    ]),
  .load(
    "f32.load", 0x2A, .f32, bytes: 4, .none,
    [.constantAddress, .operandOf(["f32.add", "f32.sub", "f32.mul", "f32.div"])]),
  .load(
    "f64.load", 0x2B, .f64, bytes: 8, .none,
    [.constantAddress, .operandOf(["f64.add", "f64.sub", "f64.mul", "f64.div"])]),
  .load("i32.load8_s", 0x2C, .i32, bytes: 1, .signed),
  .load("i32.load8_u", 0x2D, .i32, bytes: 1, .unsigned, [.afterLocalGet]),
  .load("i32.load16_s", 0x2E, .i32, bytes: 2, .signed),
  .load("i32.load16_u", 0x2F, .i32, bytes: 2, .unsigned),
  .load("i64.load8_s", 0x30, .i64, bytes: 1, .signed),
  .load("i64.load8_u", 0x31, .i64, bytes: 1, .unsigned),
  .load("i64.load16_s", 0x32, .i64, bytes: 2, .signed),
  .load("i64.load16_u", 0x33, .i64, bytes: 2, .unsigned),
  .load("i64.load32_s", 0x34, .i64, bytes: 4, .signed),
  .load("i64.load32_u", 0x35, .i64, bytes: 4, .unsigned),

  // MARK: Stores (0x36–0x3E)
  .store("i32.store", 0x36, .i32, bytes: 4, [.constantAddress, .constantValue]),
  .store("i64.store", 0x37, .i64, bytes: 8, [.constantAddress, .constantValue]),
  .store("f32.store", 0x38, .f32, bytes: 4, [.constantAddress]),
  .store("f64.store", 0x39, .f64, bytes: 8, [.constantAddress]),
  .store("i32.store8", 0x3A, .i32, bytes: 1, [.constantValue]),
  .store("i32.store16", 0x3B, .i32, bytes: 2, [.constantValue]),
  .store("i64.store8", 0x3C, .i64, bytes: 1),
  .store("i64.store16", 0x3D, .i64, bytes: 2),
  .store("i64.store32", 0x3E, .i64, bytes: 4),
]
