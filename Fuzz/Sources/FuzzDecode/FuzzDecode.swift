import FuzzSupport
import LibFuzzerDriver

/// libFuzzer entry point: decodes and validates arbitrary bytes. Any crash, hang or sanitizer
/// report is a bug; rejecting the input is the expected outcome for almost all of them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = Sandbox.validate(bytes)
  return 0
}

/// The entry point SwiftPM links as `main`: hands over to libFuzzer.
@_cdecl("FuzzDecode_main")
public func fuzzDecodeMain(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  runFuzzer(argc: argc, argv: argv) { data, size in fuzzDecode(data, size) }
}
