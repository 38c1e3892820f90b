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

extension CToolchain {
  /// Runs `plugins/c/build.sh` with `arguments` (`OUTPUT [SOURCE]`) and the clang of
  /// ``clang``, as a plugin author would; returns whether it built.
  public static func buildScript(_ arguments: [String]) throws -> Bool {
    let build = Process()
    build.executableURL = PackageRoot.url.appendingPathComponent("plugins/c/build.sh")
    build.arguments = arguments
    build.environment = ProcessInfo.processInfo.environment.merging([
      "CLANG": clang ?? "clang"
    ]) { $1 }
    try build.run()
    build.waitUntilExit()
    return build.terminationStatus == 0
  }

  /// Builds the C plugin `source` with `plugins/c/build.sh` in a fresh temporary folder and
  /// passes `body` the module's file (`NAME.wasm`); the folder is removed afterwards. Throws
  /// ``BuildFailure`` when it does not build.
  @discardableResult
  public static func withPlugin<T>(
    _ source: String, named name: String, _ body: (URL) throws -> T
  ) throws -> T {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("plugin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("\(name).c")
    let output = folder.appendingPathComponent("\(name).wasm")
    try source.write(to: file, atomically: true, encoding: .utf8)
    guard try buildScript([output.path, file.path]) else { throw BuildFailure(name: name) }
    return try body(output)
  }

  /// A C plugin that `plugins/c/build.sh` did not build (clang printed why).
  public struct BuildFailure: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "\(name) did not build with plugins/c/build.sh" }
  }
}
