// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "wasbox",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "WasmVM", targets: ["WasmVM"]),
    .executable(name: "wasbox-wast", targets: ["wasbox-wast"]),
    .library(name: "PluginHost", targets: ["PluginHost"]),
    .executable(name: "wasbox-repl", targets: ["wasbox-repl"]),
  ],
  dependencies: [
    .package(url: "https://github.com/swiftwasm/WasmKit.git", from: "0.4.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
  ],
  targets: [
    .target(name: "WasmVM"),
    .target(
      name: "WastRunner",
      dependencies: ["WasmVM", .product(name: "WAT", package: "WasmKit")]
    ),
    .executableTarget(
      name: "wasbox-wast",
      dependencies: ["WastRunner", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .testTarget(name: "WasmVMTests", dependencies: ["WasmVM", .product(name: "WAT", package: "WasmKit")]),
    .testTarget(name: "SpecTests", dependencies: ["WastRunner"]),
    .target(
      name: "PluginHost",
      dependencies: [
        "WasmVM",
        .product(name: "WAT", package: "WasmKit"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(name: "ReliabilityTests", dependencies: ["PluginHost", "WasmVM", .product(name: "WAT", package: "WasmKit")]),
    .testTarget(
      name: "PluginHostTests",
      dependencies: ["PluginHost", .product(name: "Logging", package: "swift-log")]
    ),
    .systemLibrary(
      name: "CReadline",
      providers: [.apt(["libreadline-dev"]), .brew(["readline"])]
    ),
    .target(
      name: "ReplCore",
      dependencies: [
        "PluginHost", "WasmVM",
        .product(name: "WAT", package: "WasmKit"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "wasbox-repl",
      dependencies: [
        "ReplCore", "PluginHost", "CReadline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "ReplTests",
      dependencies: ["ReplCore", "PluginHost"],
      exclude: ["Transcripts", "interactive.py"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
