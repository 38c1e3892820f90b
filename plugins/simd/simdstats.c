// simdstats — a C plugin that uses WebAssembly SIMD: it includes <wasm_simd128.h>, so
// plugins/c/build.sh builds it with -msimd128 (to simdstats.wasm next to this file,
// committed). Its loops run four i32 or sixteen bytes at a time, with a scalar loop for the
// rest; a host whose engine lacks SIMD refuses to load it.
// Demonstrates: v128 loads, i32x4 min/max, i64x2 widening adds, u8x16 pairwise sums,
// i8x16 compares with bitmask, reading the call's input.
//
//   wasbox> simdstats.fill 1000 7       fills the buffer with 1000 numbers from seed 7
//   wasbox> simdstats.sum               i64 sum of the buffer
//   wasbox> simdstats.min               smallest (0 when empty); simdstats.max the largest
//   wasbox> simdstats.byte_sum "hello"  sum of the input's bytes: 532
//   wasbox> simdstats.count_byte 108 "hello"   how many input bytes are 108 ('l'): 2
#include <wasbox.h>
#include <wasm_simd128.h>

#define CAPACITY 16384

static int32_t numbers[CAPACITY];
static int32_t filled;
static unsigned char input[65536];

// fill: `count` numbers (at most 16384) from a linear congruential generator seeded with
// `seed`, each the generator's top 24 bits minus 2^23 (so both signs). Returns how many.
WASBOX_EXPORT(fill)
int32_t fill(int32_t count, uint32_t seed) {
  if (count < 0) count = 0;
  if (count > CAPACITY) count = CAPACITY;
  for (int32_t i = 0; i < count; i++) {
    seed = seed * 1664525u + 1013904223u;
    numbers[i] = (int32_t)(seed >> 8) - (1 << 23);
  }
  filled = count;
  return count;
}

WASBOX_EXPORT(sum)
long long sum(void) {
  v128_t low = wasm_i64x2_splat(0), high = wasm_i64x2_splat(0);
  int32_t i = 0;
  for (; i + 4 <= filled; i += 4) {
    v128_t four = wasm_v128_load(numbers + i);
    low = wasm_i64x2_add(low, wasm_i64x2_extend_low_i32x4(four));
    high = wasm_i64x2_add(high, wasm_i64x2_extend_high_i32x4(four));
  }
  v128_t both = wasm_i64x2_add(low, high);
  long long total = wasm_i64x2_extract_lane(both, 0) + wasm_i64x2_extract_lane(both, 1);
  for (; i < filled; i++) total += numbers[i];
  return total;
}

// The smallest (`largest` 0) or largest (1) number filled, 0 when there is none.
static int32_t extreme(int largest) {
  if (filled == 0) return 0;
  v128_t best = wasm_i32x4_splat(numbers[0]);
  int32_t i = 0;
  for (; i + 4 <= filled; i += 4) {
    v128_t four = wasm_v128_load(numbers + i);
    best = largest ? wasm_i32x4_max(best, four) : wasm_i32x4_min(best, four);
  }
  int32_t result = numbers[0];
  for (int lane = 0; lane < 4; lane++) {
    int32_t value = lane == 0   ? wasm_i32x4_extract_lane(best, 0)
                    : lane == 1 ? wasm_i32x4_extract_lane(best, 1)
                    : lane == 2 ? wasm_i32x4_extract_lane(best, 2)
                                : wasm_i32x4_extract_lane(best, 3);
    if (largest ? value > result : value < result) result = value;
  }
  for (; i < filled; i++)
    if (largest ? numbers[i] > result : numbers[i] < result) result = numbers[i];
  return result;
}

WASBOX_EXPORT(min)
int32_t min(void) { return extreme(0); }

WASBOX_EXPORT(max)
int32_t max(void) { return extreme(1); }

// The call's input (at most 65536 bytes) read into `input`; returns its length.
static uint32_t read_input(void) {
  return wasbox_io_input_read(input, sizeof input, 0);
}

// byte_sum: the sum of the input's bytes.
WASBOX_EXPORT(byte_sum)
int32_t byte_sum(void) {
  uint32_t length = read_input();
  v128_t total = wasm_i32x4_splat(0);
  uint32_t i = 0;
  for (; i + 16 <= length; i += 16) {
    v128_t pairs = wasm_u16x8_extadd_pairwise_u8x16(wasm_v128_load(input + i));
    total = wasm_i32x4_add(total, wasm_u32x4_extadd_pairwise_u16x8(pairs));
  }
  int32_t result = wasm_i32x4_extract_lane(total, 0) + wasm_i32x4_extract_lane(total, 1) +
                   wasm_i32x4_extract_lane(total, 2) + wasm_i32x4_extract_lane(total, 3);
  for (; i < length; i++) result += input[i];
  return result;
}

// count_byte: how many of the input's bytes equal `byte` (its low 8 bits).
WASBOX_EXPORT(count_byte)
int32_t count_byte(int32_t byte) {
  uint32_t length = read_input();
  v128_t wanted = wasm_i8x16_splat((int8_t)byte);
  int32_t count = 0;
  uint32_t i = 0;
  for (; i + 16 <= length; i += 16)
    count += __builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(input + i), wanted)));
  for (; i < length; i++) count += input[i] == (unsigned char)byte;
  return count;
}
