/* Sieve of Eratosthenes over the first LIMIT integers: byte stores and strided loops. */
#include "bench.h"

#define LIMIT 1000000

static u8 composite[LIMIT + 1];

EXPORT("run") i32 run(void) {
  for (i32 i = 0; i <= LIMIT; i++) composite[i] = 0;
  i32 count = 0;
  for (i32 i = 2; i <= LIMIT; i++) {
    if (composite[i]) continue;
    count++;
    for (i32 j = i + i; j <= LIMIT; j += i) composite[j] = 1;
  }
  return count;
}
