#if os(Linux)
  import Glibc

  /// Resident bytes of the address range `count` bytes from `start` (`mincore`), counting
  /// parts that are not mapped (any more) as none. It sees only that range, so tests running
  /// beside it cannot change what it says.
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
#endif
