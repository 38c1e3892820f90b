/* Recursive quicksort (median of three) of COUNT LCG-generated integers: calls, compares and
 * swaps. Returns a checksum, or -1 when the output is not sorted. */
#include "bench.h"

#define COUNT 100000

static i32 values[COUNT];

static void sort(i32 *v, i32 lo, i32 hi) {
  while (hi - lo > 16) {
    i32 mid = lo + (hi - lo) / 2;
    i32 x = v[lo], y = v[mid], z = v[hi];
    i32 pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    i32 i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        i32 t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    /* Recurse into the smaller half, loop on the larger: bounded recursion depth. */
    if (j - lo < hi - i) {
      sort(v, lo, j);
      lo = i;
    } else {
      sort(v, i, hi);
      hi = j;
    }
  }
  for (i32 i = lo + 1; i <= hi; i++) {
    i32 t = v[i], j = i - 1;
    while (j >= lo && v[j] > t) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = t;
  }
}

EXPORT("run") i32 run(void) {
  u32 seed = 7;
  for (i32 i = 0; i < COUNT; i++) values[i] = (i32)lcg_next(&seed);
  sort(values, 0, COUNT - 1);
  u32 check = 0;
  for (i32 i = 0; i < COUNT; i++) {
    if (i > 0 && values[i - 1] > values[i]) return -1;
    check = check * 31u + (u32)values[i];
  }
  return (i32)check;
}
