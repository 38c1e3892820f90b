// swift-tools-version: 6.2
import PackageDescription

// Programs that use wasbox the way an embedder does: each depends on one library product
// alone and uses public API only. They check that the products link on their own (WasmVM
// without Foundation pulling in libm for it) and do what the README says. `scripts/test.sh`
// runs both; see README.md there.
let package = Package(
  name: "Embedders",
  platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],  // as wasbox
  dependencies: [.package(name: "wasbox", path: "../..")],
  targets: [
    .executableTarget(
      name: "wasmvm-embedder",
      dependencies: [.product(name: "WasmVM", package: "wasbox")]
    ),
    .executableTarget(
      name: "pluginhost-embedder",
      dependencies: [.product(name: "PluginHost", package: "wasbox")]
    ),
    // The README's app with an API of its own: filter plugins (in filters/) transform a
    // document and may call app.setting(name).
    .executableTarget(
      name: "text-filter",
      dependencies: [.product(name: "PluginHost", package: "wasbox")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
