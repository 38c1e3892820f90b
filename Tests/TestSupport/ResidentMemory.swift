#if os(Linux)
  import Glibc
  import Synchronization

  private let residentMemoryLock = Mutex(())

  /// Runs `body`, which measures the resident set, while no other such test runs. Swift
  /// Testing runs suites in parallel in one process, so two tests that each touch and release
  /// tens of MiB would see each other's pages; other tests allocate little, and the tests'
  /// thresholds leave room for that.
  public func measuringResidentMemory<T>(_ body: () throws -> T) rethrows -> T {
    try residentMemoryLock.withLock { _ in try body() }
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
