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
