/// Caps that keep a guest from exhausting the host. Exceeding one is a trap (at run time) or a
/// link error (at instantiation), never a crash.
public struct ResourceLimits: Hashable, Sendable {
  /// Most 64 KiB pages any one memory may hold (65536 = the full 4 GiB 32-bit space).
  public var maxMemoryPages: Int
  /// Most elements any one table may hold.
  public var maxTableElements: Int
  /// Deepest nesting of wasm calls before the trap `call stack exhausted`.
  public var maxCallDepth: Int
  /// Most value-stack slots (locals and operands of all frames) before `call stack exhausted`.
  public var maxValueStackSlots: Int

  public init(
    maxMemoryPages: Int = 65536,
    maxTableElements: Int = 10_000_000,
    maxCallDepth: Int = 20_000,
    maxValueStackSlots: Int = 1 << 22
  ) {
    self.maxMemoryPages = maxMemoryPages
    self.maxTableElements = maxTableElements
    self.maxCallDepth = maxCallDepth
    self.maxValueStackSlots = maxValueStackSlots
  }
}
