/// The SIMD C programs in `Benchmarks/c` (`simd_*.c`), compiled by `Benchmarks/c/build.sh`
/// with `-msimd128` (wasm_simd128.h intrinsics and autovectorized loops). Expected values come
/// from each source's scalar path compiled natively (`build.sh --check`), an answer
/// independent of both engines and of the SIMD code. The report gives their geomean on a line
/// of its own, apart from the other cases.
enum SIMDCases {
  static let all: [BenchCase] = [
    BenchCase(
      name: "c_simd_blur", summary: "3×3 box blur of a 640×480 byte image, 2 passes (u8x16/u16x8)",
      source: .caseFile("simd_blur.wasm"), expected: [.i32(766_128_533)], group: .simd),
    BenchCase(
      name: "c_simd_dot", summary: "f32 saxpy (autovectorized) and dot product, 4096 × 300 (f32x4)",
      source: .caseFile("simd_dot.wasm"), expected: [.i32(signed: -999_322_004)], group: .simd),
    BenchCase(
      name: "c_simd_search",
      summary: "byte counts and 32 substring searches in 64 KiB (i8x16.eq, bitmask)",
      source: .caseFile("simd_search.wasm"), expected: [.i32(signed: -339_757_585)],
      group: .simd),
  ]
}
