/* Byte search in 64 KiB of text over an eight-letter alphabet: a memchr-like count of every
 * letter (i8x16.eq, bitmask, popcnt) and a strstr-like count of 32 needles of 3 to 8 bytes
 * (candidates where both the first and the last needle byte match, sixteen positions at a
 * time, then a byte compare). The native build counts the same things one byte at a time.
 * Returns a checksum of the counts and of the positions found. */
#include "bench.h"
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define SIZE 65536
#define NEEDLES 32

static u8 text[SIZE];

static i32 same(const u8 *a, const u8 *b, i32 n) {
  for (i32 i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static u32 count_byte(u8 c) {
  u32 count = 0;
  i32 i = 0;
#ifdef __wasm_simd128__
  v128_t wanted = wasm_i8x16_splat((char)c);
  for (; i + 16 <= SIZE; i += 16)
    count += __builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(text + i), wanted)));
#endif
  for (; i < SIZE; i++) count += text[i] == c;
  return count;
}

/* Every (overlapping) occurrence of needle[0..n) in text, n >= 2: adds the count and the sum
 * of the positions to *found. */
static void find_all(const u8 *needle, i32 n, u32 found[2]) {
  i32 i = 0;
  i32 last = SIZE - n; /* the last position an occurrence can start at */
#ifdef __wasm_simd128__
  v128_t first_byte = wasm_i8x16_splat((char)needle[0]);
  v128_t last_byte = wasm_i8x16_splat((char)needle[n - 1]);
  for (; i + 15 <= last; i += 16) {
    v128_t starts = wasm_i8x16_eq(wasm_v128_load(text + i), first_byte);
    v128_t ends = wasm_i8x16_eq(wasm_v128_load(text + i + n - 1), last_byte);
    u32 mask = wasm_i8x16_bitmask(wasm_v128_and(starts, ends));
    while (mask) {
      i32 at = i + __builtin_ctz(mask);
      if (same(text + at + 1, needle + 1, n - 2)) {
        found[0] += 1;
        found[1] += (u32)at;
      }
      mask &= mask - 1;
    }
  }
#endif
  for (; i <= last; i++) {
    if (text[i] == needle[0] && text[i + n - 1] == needle[n - 1] &&
        same(text + i + 1, needle + 1, n - 2)) {
      found[0] += 1;
      found[1] += (u32)i;
    }
  }
}

EXPORT("run") i32 run(void) {
  u32 seed = 31337;
  for (i32 i = 0; i < SIZE; i += 8) {
    u32 r = lcg_next(&seed);
    for (i32 k = 0; k < 8; k++) text[i + k] = (u8)('a' + ((r >> (3 * k + 8)) & 7));
  }
  u32 check = 0;
  for (u8 c = 'a'; c <= 'h'; c++) check = check * 31u + count_byte(c);
  u8 needle[8];
  for (i32 j = 0; j < NEEDLES; j++) {
    i32 n = 3 + j % 6;
    i32 from = (j * 2039) % (SIZE - 8);
    for (i32 k = 0; k < n; k++) needle[k] = text[from + k];
    if (j % 4 == 3) needle[n - 1] = 'z'; /* a needle that never occurs */
    u32 found[2] = {0, 0};
    find_all(needle, n, found);
    check = check * 31u + found[0];
    check = check * 31u + found[1];
  }
  return (i32)check;
}
