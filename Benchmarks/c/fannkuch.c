/* fannkuch-redux: permutations of N elements and prefix reversals (pancake flips): small
 * arrays, tight loops, unpredictable branches. Returns checksum * 100 + max flips. */
#include "bench.h"

#define N 9

EXPORT("run") i32 run(void) {
  i32 perm[N], perm1[N], count[N];
  i32 max_flips = 0, checksum = 0, permutation = 0, r = N;
  for (i32 i = 0; i < N; i++) perm1[i] = i;
  for (;;) {
    while (r != 1) {
      count[r - 1] = r;
      r--;
    }
    for (i32 i = 0; i < N; i++) perm[i] = perm1[i];
    i32 flips = 0;
    for (i32 k = perm[0]; k != 0; k = perm[0]) {
      for (i32 i = 0, j = k; i < j; i++, j--) {
        i32 t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
    }
    if (flips > max_flips) max_flips = flips;
    checksum += permutation % 2 == 0 ? flips : -flips;
    for (;;) {
      if (r == N) return checksum * 100 + max_flips;
      i32 first = perm1[0];
      for (i32 i = 0; i < r; i++) perm1[i] = perm1[i + 1];
      perm1[r] = first;
      count[r]--;
      if (count[r] > 0) break;
      r++;
    }
    permutation++;
  }
}
