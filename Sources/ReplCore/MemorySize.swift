/// Reads `--max-memory`: a count of 64 KiB pages (`16384`), or a size in bytes with a binary
/// unit (`256MiB`, `1GiB`, `512KiB`, `4GiB`), rounded down to whole pages; and `--max-module`,
/// a count of bytes or a size.
public enum MemorySize {
  /// Bytes per WebAssembly page.
  static let pageSize = 65536

  /// `bytes` as people read a size: `512 bytes`, `4.0 KiB`, `1.5 MiB` (one decimal, rounded
  /// down).
  static func format(_ bytes: Int) -> String {
    for (unit, size) in [("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size {
      let tenths = bytes / (size / 10)
      return "\(tenths / 10).\(tenths % 10) \(unit)"
    }
    return bytes == 1 ? "1 byte" : "\(bytes) bytes"
  }

  /// The page count `text` names, or `nil` when it is neither a number nor a size.
  public static func pages(_ text: String) -> Int? {
    if let size = withUnit(text) { return size.map { $0 / pageSize } }
    guard let pages = Int(text), pages >= 0 else { return nil }
    return pages
  }

  /// The byte count `text` names (`--max-module`): a number of bytes (`4194304`) or a size
  /// (`4MiB`, `512KiB`); `nil` when it is neither.
  public static func bytes(_ text: String) -> Int? {
    if let size = withUnit(text) { return size }
    guard let bytes = Int(text), bytes >= 0 else { return nil }
    return bytes
  }

  /// The bytes of a size with a binary unit: `nil` when `text` has no unit, `.some(nil)`
  /// when it has one but no valid count before it.
  private static func withUnit(_ text: String) -> Int?? {
    let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)]
    for (suffix, bytes) in units where text.hasSuffix(suffix) {
      guard let count = Int(text.dropLast(suffix.count)), count >= 0 else { return .some(nil) }
      let (total, overflow) = count.multipliedReportingOverflow(by: bytes)
      return .some(overflow ? nil : total)
    }
    return nil
  }

  /// `pages` as the user would write it: `1 GiB` for 16384, `100 pages` otherwise.
  public static func describe(pages: Int) -> String {
    let bytes = pages.multipliedReportingOverflow(by: pageSize)
    guard !bytes.overflow else { return "\(pages) pages" }
    for (suffix, unit) in [("GiB", 1 << 30), ("MiB", 1 << 20)]
    where bytes.partialValue >= unit && bytes.partialValue % unit == 0 {
      return "\(bytes.partialValue / unit) \(suffix) (\(pages) pages)"
    }
    return "\(pages) pages"
  }
}
