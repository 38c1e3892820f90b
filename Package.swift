// swift-tools-version: 6.2
import PackageDescription

let wat = Target.Dependency.product(name: "WAT", package: "WasmKit")
let argumentParser = Target.Dependency.product(
  name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

// The interpreter loops are `switch`es over a few hundred opcodes. LLVM copies a switch's
// indirect jump into every case that loops back (one jump per handler, each predicted on its
// own) only when the dispatch block has at most 16 predecessors and successors by default;
// lifting that limit for WasmVM made `wasbox-bench` about 1.4x faster (geomean). Each handler
// also starts on a 32-byte boundary (blocks entered only by jumps): without it, unrelated
// changes that shift the loop by 16 bytes moved single cases by up to 1.4x (c_sha256 7.9 vs
// 11.3 ms, measured interleaved), and aligned builds were as fast as the best shifted one.
// Release only: the passes do not run unoptimized. Tools version 6.2 lets dependents use a
// package with these flags.
let interpreterDispatch: [SwiftSetting] = [
  .unsafeFlags(
    [
      "-Xllvm", "-tail-dup-pred-size=1024", "-Xllvm", "-tail-dup-succ-size=1024",
      "-Xllvm", "-align-all-nofallthru-blocks=5",
    ],
    .when(configuration: .release)
  )
]

let package = Package(
  name: "wasbox",
  // The releases that ship the Swift 6.0 runtime and standard library, which the code needs:
  // metadata for typed-throws function types (WasmVM's public `HostFunctionBody` and
  // `HostCallCost` are `throws(Trap)` closures; putting one in a generic container or casting it
  // needs that metadata at run time, and the compiler rejects it for older deployment targets),
  // `String(validating:as:)` and Synchronization's `Mutex` and `Atomic` (ReplCore, the REPL),
  // and WasmKit's `WAT`, which PluginHost parses text plugins with, declares macOS 15 and iOS 18.
  // The libraries are meant for apps too, so iOS, tvOS, watchOS and visionOS are declared
  // alongside macOS: WasmVM uses only the standard library and Darwin's mmap, and PluginHost's
  // dependencies (WAT, swift-log, GRDB) declare nothing newer for them. There a process has less
  // address space, so embedders should cap `ResourceLimits.maxMemoryPages` (each memory
  // reserves its maximum up front). The tools (REPL, wast runner, bench) are for macOS and Linux.
  platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
  products: [
    .library(name: "WasmVM", targets: ["WasmVM"]),
    .library(name: "PluginHost", targets: ["PluginHost"]),
    .executable(name: "wasbox-repl", targets: ["wasbox-repl"]),
    .executable(name: "wasbox-wast", targets: ["wasbox-wast"]),
    .executable(name: "wasbox-bench", targets: ["wasbox-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/swiftwasm/WasmKit.git", from: "0.4.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    // Only for `swift package generate-documentation`; no target depends on it.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // The interpreter: decoder, validator, translator, runtime, execution. Its float
    // rounding and square roots (`Float.rounded`, `squareRoot`) call the C math library,
    // which is separate from libc on these platforms (Darwin's libSystem and Windows' CRT
    // include it; FreeBSD needs it too, but PackageDescription 6.2 cannot name FreeBSD yet).
    // Without it, an executable that depends on WasmVM but not Foundation fails to link
    // (`undefined reference to 'truncf'`); Tests/Embedders checks that it links.
    .target(
      name: "WasmVM",
      swiftSettings: interpreterDispatch,
      linkerSettings: [
        .linkedLibrary("m", .when(platforms: [.linux, .android, .openbsd]))
      ]
    ),

    // The instruction table and the generator that writes what WasmVM derives from it
    // (`swift run wasbox-isa`); WasmVM does not depend on it, its tests check the output.
    .target(name: "WasmISA"),
    .executableTarget(name: "wasbox-isa", dependencies: ["WasmISA"]),

    // The nesting limit of WebAssembly text, checked before WAT parses any (its parser
    // recurses per level): one rule for PluginHost and the spec runner.
    .target(name: "TextNesting"),

    // The embedding library: plugins, linking, host capabilities, budgets.
    .target(
      name: "PluginHost",
      dependencies: [
        "WasmVM", "TextNesting", wat, logging, .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),

    // The REPL: session logic in ReplCore, terminal front end in wasbox-repl.
    .systemLibrary(
      name: "CReadline",
      providers: [.apt(["libreadline-dev"]), .brew(["readline"])]
    ),
    .target(name: "ReplCore", dependencies: ["PluginHost", "WasmVM", wat, logging]),
    .executableTarget(
      name: "wasbox-repl",
      dependencies: ["ReplCore", "PluginHost", "CReadline", argumentParser]
    ),

    // Tools: the spec-script runner and the side-by-side benchmark.
    .target(name: "WastRunner", dependencies: ["WasmVM", "TextNesting", wat]),
    .executableTarget(name: "wasbox-wast", dependencies: ["WastRunner", argumentParser]),
    .executableTarget(
      name: "wasbox-bench",
      dependencies: [
        "WasmVM", wat, argumentParser,
        // For --sleepers, which measures AsyncPluginHost's sleeping calls.
        "PluginHost",
        // The peer engine: only this target links WasmKit's runtime.
        .product(name: "WasmKit", package: "WasmKit"),
      ]
    ),

    // Helpers that more than one test target needs.
    .target(name: "TestSupport", dependencies: ["WasmVM"], path: "Tests/TestSupport"),
    // PublicAPI.txt is the reviewed list of public declarations each PublicAPITests compares with.
    .testTarget(
      name: "WasmVMTests", dependencies: ["WasmVM", "WasmISA", "TestSupport", wat],
      exclude: ["PublicAPI.txt"]),
    .testTarget(name: "SpecTests", dependencies: ["WastRunner", "WasmVM", wat]),
    .testTarget(
      name: "PluginHostTests", dependencies: ["PluginHost", "TestSupport", logging],
      exclude: ["PublicAPI.txt"]),
    .testTarget(
      name: "ReplTests",
      dependencies: ["ReplCore", "PluginHost", "TestSupport"],
      exclude: ["Transcripts", "interactive.py"]
    ),
    .testTarget(
      name: "ReliabilityTests", dependencies: ["PluginHost", "WasmVM", "TestSupport", wat]),
  ],
  swiftLanguageModes: [.v6]
)
