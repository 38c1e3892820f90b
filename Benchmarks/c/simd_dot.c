/* f32 saxpy and dot product over 4096-element vectors, 300 rounds: the saxpy loop is plain C
 * that clang autovectorizes with -msimd128 (f32x4 mul/add), the dot product uses
 * wasm_simd128.h intrinsics with four lane accumulators. The scalar build keeps four
 * accumulators in the same order and reduces them the same way, so both give the same bits
 * (no fused multiply-add on either side: build natively with -ffp-contract=off). Returns the
 * bits of the f32 sum of every round's dot product. */
#include "bench.h"
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define N 4096
#define ROUNDS 300

static float xs[N], ys[N];

static void saxpy(float a, const float *x, float *y) {
  for (i32 i = 0; i < N; i++) y[i] = a * x[i] + y[i];
}

static float dot(const float *x, const float *y) {
#ifdef __wasm_simd128__
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (i32 i = 0; i < N; i += 4)
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(y + i)));
  return (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
         (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
#else
  float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (i32 i = 0; i < N; i += 4)
    for (i32 lane = 0; lane < 4; lane++) acc[lane] = acc[lane] + x[i + lane] * y[i + lane];
  return (acc[0] + acc[1]) + (acc[2] + acc[3]);
#endif
}

EXPORT("run") i32 run(void) {
  u32 seed = 777;
  for (i32 i = 0; i < N; i++) {
    xs[i] = (float)(i32)(lcg_next(&seed) >> 16) / 65536.0f - 0.5f;
    ys[i] = (float)(i32)(lcg_next(&seed) >> 16) / 65536.0f - 0.5f;
  }
  float total = 0.0f;
  for (i32 round = 0; round < ROUNDS; round++) {
    float a = (float)((round % 7) - 3) * 0.001f;
    saxpy(a, xs, ys);
    total += dot(xs, ys);
  }
  union {
    float f;
    u32 u;
  } bits = {total};
  return (i32)bits.u;
}
