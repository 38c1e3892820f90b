import Glibc

/// libFuzzer's driver, for fuzz targets whose `main` SwiftPM has renamed.
///
/// SwiftPM links an executable target's entry point as `<Module>_main` and aliases `main` to
/// it, so libFuzzer's own `main` is never used. Each target therefore defines `<Module>_main`
/// itself and hands control to libFuzzer through this documented entry point.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer with the process's arguments and `callback` as the target.
public func runFuzzer(
  argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
  var count = argc
  var arguments = argv
  return llvmFuzzerRunDriver(&count, &arguments, callback)
}

/// A fuzz target's `main`: `--write-seeds DIR` calls `writeSeeds` with the directory (the
/// restore targets write their seed corpus so), anything else hands over to libFuzzer.
public func fuzzerMain(
  argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  writeSeeds: (String) -> Int32,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
  if argc == 3, let argv, let flag = argv[1], String(cString: flag) == "--write-seeds",
    let directory = argv[2]
  {
    return writeSeeds(String(cString: directory))
  }
  return runFuzzer(argc: argc, argv: argv, callback)
}

/// Runs `target` on each input (a seed that crashes it fails at once), then writes the inputs
/// to `directory` as `seed-0`, `seed-1`, …; 0, or 1 when a file cannot be written.
public func writeSeedInputs(
  _ inputs: [[UInt8]], to directory: String, name: String,
  running target: (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
  for (index, input) in inputs.enumerated() {
    _ = input.withUnsafeBufferPointer { target($0.baseAddress, $0.count) }
    let path = "\(directory)/seed-\(index)"
    guard writeFile(input, to: path) else {
      print("\(name): cannot write \(path)")
      return 1
    }
  }
  print("\(name): \(inputs.count) seed inputs in \(directory)")
  return 0
}

/// Writes `bytes` to the file at `path`; whether all were written.
func writeFile(_ bytes: [UInt8], to path: String) -> Bool {
  guard let file = fopen(path, "wb") else { return false }
  let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
  return fclose(file) == 0 && written == bytes.count
}
