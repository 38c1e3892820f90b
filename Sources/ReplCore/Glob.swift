import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Shell-style file name patterns (`plugins/*.wat`) for `load`.
enum Glob {
  /// The files `pattern` matches, sorted, as the user would type them: a relative pattern
  /// matches against `directory` (the current directory when `nil`) and yields relative paths.
  static func matches(_ pattern: String, in directory: URL?) -> [String] {
    let expanded = (pattern as NSString).expandingTildeInPath
    let prefix = directory.map { $0.path.hasSuffix("/") ? $0.path : $0.path + "/" } ?? ""
    let absolute = expanded.hasPrefix("/") ? expanded : prefix + expanded
    let relativePrefix = expanded.hasPrefix("/") ? "" : prefix
    var result = glob_t()
    defer { globfree(&result) }
    guard glob(absolute, 0, nil, &result) == 0 else { return [] }
    var paths: [String] = []
    for index in 0..<Int(result.gl_pathc) {
      guard let path = result.gl_pathv[index].map({ String(cString: $0) }) else { continue }
      paths.append(
        String(path.dropFirst(path.hasPrefix(relativePrefix) ? relativePrefix.count : 0)))
    }
    return paths.sorted()
  }
}
