/* 3×3 box blur of a 640×480 byte image, two passes between two buffers: with -msimd128 the
 * interior runs sixteen pixels at a time (nine unaligned v128 loads, u8→u16 widening adds,
 * a u16→u32 multiply-high for the division by 9, saturating narrows); the last columns and
 * the native build take the scalar path, which computes the same values. Returns a
 * row-weighted sum of the final image. */
#include "bench.h"
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define W 640
#define H 480
#define PASSES 2

static u8 image[2][W * H];

/* floor(s / 9) for s <= 9 * 255: 7282 / 65536 errs by less than 1/9 / (9 * 255) */
static inline u32 div9(u32 s) { return (s * 7282u) >> 16; }

static u32 blur_pixel(const u8 *src, i32 i) {
  u32 s = 0;
  for (i32 dy = -W; dy <= W; dy += W)
    s += (u32)src[i + dy - 1] + src[i + dy] + src[i + dy + 1];
  return div9(s);
}

#ifdef __wasm_simd128__
static inline v128_t sum3_low(v128_t a, v128_t b, v128_t c) {
  return wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(a),
                                       wasm_u16x8_extend_low_u8x16(b)),
                        wasm_u16x8_extend_low_u8x16(c));
}

static inline v128_t sum3_high(v128_t a, v128_t b, v128_t c) {
  return wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(a),
                                       wasm_u16x8_extend_high_u8x16(b)),
                        wasm_u16x8_extend_high_u8x16(c));
}

static inline v128_t div9_u16(v128_t s) {
  v128_t k = wasm_i16x8_splat(7282);
  v128_t low = wasm_u32x4_shr(wasm_u32x4_extmul_low_u16x8(s, k), 16);
  v128_t high = wasm_u32x4_shr(wasm_u32x4_extmul_high_u16x8(s, k), 16);
  return wasm_u16x8_narrow_i32x4(low, high);
}
#endif

static void blur(const u8 *src, u8 *dst) {
  for (i32 x = 0; x < W; x++) {
    dst[x] = src[x];
    dst[(H - 1) * W + x] = src[(H - 1) * W + x];
  }
  for (i32 y = 1; y < H - 1; y++) {
    i32 row = y * W;
    dst[row] = src[row];
    dst[row + W - 1] = src[row + W - 1];
    i32 x = 1;
#ifdef __wasm_simd128__
    for (; x + 16 <= W - 1; x += 16) {
      v128_t lo = wasm_i16x8_splat(0), hi = wasm_i16x8_splat(0);
      for (i32 dy = -W; dy <= W; dy += W) {
        const u8 *p = src + row + dy + x;
        v128_t left = wasm_v128_load(p - 1), mid = wasm_v128_load(p),
               right = wasm_v128_load(p + 1);
        lo = wasm_i16x8_add(lo, sum3_low(left, mid, right));
        hi = wasm_i16x8_add(hi, sum3_high(left, mid, right));
      }
      wasm_v128_store(dst + row + x, wasm_u8x16_narrow_i16x8(div9_u16(lo), div9_u16(hi)));
    }
#endif
    for (; x < W - 1; x++) dst[row + x] = (u8)blur_pixel(src, row + x);
  }
}

static u32 row_sum(const u8 *p) {
  u32 sum = 0;
  i32 x = 0;
#ifdef __wasm_simd128__
  v128_t acc = wasm_i32x4_splat(0);
  for (; x + 16 <= W; x += 16) {
    v128_t pairs = wasm_u16x8_extadd_pairwise_u8x16(wasm_v128_load(p + x));
    acc = wasm_i32x4_add(acc, wasm_u32x4_extadd_pairwise_u16x8(pairs));
  }
  sum = wasm_u32x4_extract_lane(acc, 0) + wasm_u32x4_extract_lane(acc, 1) +
        wasm_u32x4_extract_lane(acc, 2) + wasm_u32x4_extract_lane(acc, 3);
#endif
  for (; x < W; x++) sum += p[x];
  return sum;
}

EXPORT("run") i32 run(void) {
  u32 seed = 2024;
  for (i32 i = 0; i < W * H; i += 4) {
    u32 r = lcg_next(&seed);
    for (i32 k = 0; k < 4; k++) image[0][i + k] = (u8)(r >> (8 * k));
  }
  for (i32 pass = 0; pass < PASSES; pass++) blur(image[pass & 1], image[(pass + 1) & 1]);
  const u8 *result = image[PASSES & 1];
  u32 check = 0;
  for (i32 y = 0; y < H; y++) check += (u32)(y + 1) * row_sum(result + y * W);
  return (i32)check;
}
