// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The wasbox package is this folder's parent. SwiftPM names a path dependency after its
/// directory, which differs between worktrees and clones, so the name is read from the path.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let wasbox = root.lastPathComponent

/// Fuzz targets and differential-testing tools for WasmVM, kept out of the main package so that
/// its build stays fast and free of sanitizer flags. See scripts/fuzz.sh and
/// scripts/differential.py.
let package = Package(
  name: "wasbox-fuzz",
  dependencies: [.package(path: "..")],
  targets: [
    .target(name: "FuzzSupport", dependencies: [.product(name: "WasmVM", package: wasbox)]),
    // Only the fuzz targets link libFuzzer (built with -sanitize=fuzzer); wasbox-run does not.
    .target(name: "LibFuzzerDriver"),
    .executableTarget(name: "FuzzDecode", dependencies: ["FuzzSupport", "LibFuzzerDriver"]),
    .executableTarget(name: "FuzzExecute", dependencies: ["FuzzSupport", "LibFuzzerDriver"]),
    .executableTarget(name: "FuzzRestore", dependencies: ["FuzzSupport", "LibFuzzerDriver"]),
    // The only target that needs PluginHost (and so WAT, GRDB and swift-log).
    .executableTarget(
      name: "FuzzHostRestore",
      dependencies: ["LibFuzzerDriver", .product(name: "PluginHost", package: wasbox)]),
    .executableTarget(
      name: "FuzzAsync",
      dependencies: [.product(name: "PluginHost", package: wasbox), "LibFuzzerDriver"]),
    .executableTarget(name: "wasbox-run", dependencies: ["FuzzSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
