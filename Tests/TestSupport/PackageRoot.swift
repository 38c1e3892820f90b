import Foundation

/// Where the package is, for tests that read its sources, docs and example plugins.
public enum PackageRoot {
  /// The package root, from this file's path (Tests/TestSupport/PackageRoot.swift).
  public static let url = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The C toolchain the plugin examples are built with: the Swift toolchain's clang, which
/// targets `wasm32` and links with `wasm-ld`.
public enum CToolchain {
  /// clang from PATH or next to the Swift toolchain's swift, or `nil` when there is none.
  public static var clang: String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let directories = path.split(separator: ":").map(String.init) + ["/opt/swift/usr/bin"]
    return directories.map { $0 + "/clang" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }
}
