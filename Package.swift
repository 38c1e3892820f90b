// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "wasbox",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "WasmVM", targets: ["WasmVM"]),
    .executable(name: "wasbox-wast", targets: ["wasbox-wast"]),
    .executable(name: "wasbox-bench", targets: ["wasbox-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/swiftwasm/WasmKit.git", from: "0.4.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
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
    .executableTarget(
      name: "wasbox-bench",
      dependencies: [
        "WasmVM",
        .product(name: "WAT", package: "WasmKit"),
        // The peer engine: only this target links WasmKit's runtime.
        .product(name: "WasmKit", package: "WasmKit"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "WasmVMTests", dependencies: ["WasmVM", .product(name: "WAT", package: "WasmKit")]),
    .testTarget(name: "SpecTests", dependencies: ["WastRunner"]),
  ],
  swiftLanguageModes: [.v6]
)
