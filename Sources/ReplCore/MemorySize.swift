/// Reads `--max-memory`: a count of 64 KiB pages (`16384`), or a size in bytes with a binary
/// unit (`256MiB`, `1GiB`, `512KiB`, `4GiB`), rounded down to whole pages.
public enum MemorySize {
  /// Bytes per WebAssembly page.
  static let pageSize = 65536

  /// The page count `text` names, or `nil` when it is neither a number nor a size.
  public static func pages(_ text: String) -> Int? {
    let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)]
    for (suffix, bytes) in units where text.hasSuffix(suffix) {
      guard let count = Int(text.dropLast(suffix.count)), count >= 0 else { return nil }
      let (total, overflow) = count.multipliedReportingOverflow(by: bytes)
      return overflow ? nil : total / pageSize
    }
    guard let pages = Int(text), pages >= 0 else { return nil }
    return pages
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
