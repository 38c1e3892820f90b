/// Caps that keep a guest from exhausting the host. Exceeding one is a trap (at run time) or a
/// link error (at instantiation), never a crash. A negative cap counts as 0, so that no
/// setting can make the engine's size arithmetic fail.
public struct ResourceLimits: Hashable, Sendable {
  /// Most 64 KiB pages any one memory may hold (65536 = the full 4 GiB 32-bit space).
  public var maxMemoryPages: Int { didSet { maxMemoryPages = Swift.max(0, maxMemoryPages) } }
  /// Most elements any one table may hold.
  public var maxTableElements: Int { didSet { maxTableElements = Swift.max(0, maxTableElements) } }
  /// Deepest nesting of wasm calls before the trap `call stack exhausted`.
  public var maxCallDepth: Int { didSet { maxCallDepth = Swift.max(0, maxCallDepth) } }
  /// Most value-stack slots (locals and operands of all frames) before `call stack exhausted`.
  public var maxValueStackSlots: Int {
    didSet { maxValueStackSlots = Swift.max(0, maxValueStackSlots) }
  }

  public init(
    maxMemoryPages: Int = 65536,
    maxTableElements: Int = 10_000_000,
    maxCallDepth: Int = 20_000,
    maxValueStackSlots: Int = 1 << 22
  ) {
    self.maxMemoryPages = Swift.max(0, maxMemoryPages)
    self.maxTableElements = Swift.max(0, maxTableElements)
    self.maxCallDepth = Swift.max(0, maxCallDepth)
    self.maxValueStackSlots = Swift.max(0, maxValueStackSlots)
  }
}
