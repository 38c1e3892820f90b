#if os(Linux)
  import Glibc
  import Synchronization

  private let residentMemoryLock = Mutex(())

  /// Runs `body`, which measures the process's resident set, while no other such test runs.
  /// Swift Testing runs suites in parallel in one process, so any test allocating beside it
  /// shows in that count: prefer ``residentBytes(inRangeAt:count:)`` on the memory's own
  /// range, and keep this for what has no range to look at (a load that failed), with a
  /// threshold that leaves room for the others.
  public func measuringResidentMemory<T>(_ body: () throws -> T) rethrows -> T {
    try residentMemoryLock.withLock { _ in try body() }
  }

  /// Resident bytes of the address range `count` bytes from `start` (`mincore`), counting
  /// parts that are not mapped (any more) as none. Unlike ``residentBytes()`` it sees only
  /// that range, so tests running beside it cannot change what it says.
  public func residentBytes(inRangeAt start: UInt, count: Int) -> Int {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let chunk = 1 << 20
    var resident = 0
    var vector = [UInt8](repeating: 0, count: chunk / page)
    var offset = 0
    while offset < count {
      let length = Swift.min(chunk, count - offset)
      if let address = UnsafeMutableRawPointer(bitPattern: start + UInt(offset)),
        mincore(address, length, &vector) == 0
      {
        resident += vector.prefix((length + page - 1) / page).filter { $0 & 1 != 0 }.count * page
      }
      offset += length
    }
    return resident
  }

  /// The process's resident set in bytes, from `/proc/self/statm` (its second field counts
  /// resident pages), or `nil` when it cannot be read. Linux only: the tests that use it
  /// check that untouched guest memory costs no resident pages and that pages go back to
  /// the OS when a memory dies.
  public func residentBytes() -> Int? {
    let file = open("/proc/self/statm", O_RDONLY)
    guard file >= 0 else { return nil }
    defer { close(file) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = read(file, &buffer, buffer.count)
    let fields = String(decoding: buffer.prefix(Swift.max(count, 0)), as: UTF8.self)
      .split(separator: " ")
    guard fields.count > 1, let resident = Int(fields[1]) else { return nil }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
#endif
