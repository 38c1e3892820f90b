/* Shared definitions for the wasbox-bench C cases: freestanding, no libc. Each case exports one
 * `run` function that recomputes everything from scratch (so repeated calls on one instance
 * agree) and returns a checksum that the runner compares against the expected value. */
#ifndef BENCH_H
#define BENCH_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#ifdef NATIVE
#define EXPORT(name)
#else
#define EXPORT(name) __attribute__((export_name(name)))
#endif

/* A small deterministic generator (Numerical Recipes LCG) for test inputs. */
static inline u32 lcg_next(u32 *state) {
  *state = *state * 1664525u + 1013904223u;
  return *state;
}

#endif
