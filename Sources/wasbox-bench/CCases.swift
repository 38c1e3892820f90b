/// The C programs in `Benchmarks/c`, compiled by `Benchmarks/c/build.sh` with the toolchain's
/// clang (`--target=wasm32 -O2`). Expected values come from the same sources compiled natively
/// (`build.sh --check`), an answer independent of both engines.
enum CCases {
  static let all: [BenchCase] = [
    BenchCase(
      name: "c_sieve", summary: "sieve of Eratosthenes up to 1,000,000 (byte stores)",
      source: .caseFile("sieve.wasm"), expected: [.i32(78498)]),
    BenchCase(
      name: "c_nbody", summary: "5-body simulation, 20,000 steps (f64 math, sqrt)",
      source: .caseFile("nbody.wasm"), expected: [.f64(0xbfc5_a4b7_8ad1_be88)]),
    BenchCase(
      name: "c_matmul", summary: "100×100 i32 matrix multiply (strided loads)",
      source: .caseFile("matmul.wasm"), expected: [.i32(signed: -229_074_286)]),
    BenchCase(
      name: "c_sha256", summary: "SHA-256 of 64 KiB (rotates, shifts, adds)",
      source: .caseFile("sha256.wasm"), expected: [.i32(signed: -2_089_158_740)]),
    BenchCase(
      name: "c_quicksort", summary: "quicksort of 100,000 integers (calls, compares, swaps)",
      source: .caseFile("quicksort.wasm"), expected: [.i32(signed: 1_320_631_692)]),
    BenchCase(
      name: "c_fannkuch", summary: "fannkuch-redux n=9 (permutations, small arrays)",
      source: .caseFile("fannkuch.wasm"), expected: [.i32(862_930)]),
  ]
}
