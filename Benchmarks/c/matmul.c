/* Integer matrix multiply of two N×N matrices filled by an LCG: nested loops, i32 loads with
 * strided access. Returns a position-weighted checksum of the product. */
#include "bench.h"

#define N 100

static i32 a[N * N], b[N * N], c[N * N];

EXPORT("run") i32 run(void) {
  u32 seed = 12345;
  for (i32 i = 0; i < N * N; i++) {
    a[i] = (i32)(lcg_next(&seed) >> 20) - 2048;
    b[i] = (i32)(lcg_next(&seed) >> 20) - 2048;
  }
  for (i32 i = 0; i < N; i++) {
    for (i32 j = 0; j < N; j++) {
      i32 sum = 0;
      for (i32 k = 0; k < N; k++) sum += a[i * N + k] * b[k * N + j];
      c[i * N + j] = sum;
    }
  }
  u32 check = 0;
  for (i32 i = 0; i < N * N; i++) check = check * 31u + (u32)c[i];
  return (i32)check;
}
