// swift-tools-version: 6.1
// Micro-benchmarks of WasmVM's pipeline stages with ordo-one/benchmark, kept in their own
// package so that the main build never resolves or compiles the benchmark framework.
//
//   swift package --package-path Benchmarks benchmark              # run all
//   swift package --package-path Benchmarks benchmark --filter decode
import PackageDescription

let package = Package(
  name: "wasbox-benchmarks",
  platforms: [.macOS(.v14)],
  dependencies: [
    // Named explicitly: a path dependency is otherwise identified by its folder name.
    .package(name: "wasbox", path: ".."),
    // The runtime interposer (a default trait) is not available here; malloc metrics are.
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "WasmVMBenchmarks",
      dependencies: [
        .product(name: "WasmVM", package: "wasbox"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/WasmVMBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  ],
  swiftLanguageModes: [.v6]
)
