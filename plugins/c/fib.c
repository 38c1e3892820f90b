// fib — a plugin written in C, compiled with clang --target=wasm32 (see build.sh); the built
// fib.wasm one folder up is committed so it loads without a C toolchain.
// Demonstrates: C functions as plugin exports, a C string logged through the host's log
// capability, and i64 / f64 signatures from C types.
#include <wasbox.h>

static const char greeting[] = "fib plugin (C) ready";

WASBOX_EXPORT(fib)
long long fib(int n) {
  long long a = 0, b = 1;
  for (int i = 0; i < n; i++) {
    long long next = a + b;
    a = b;
    b = next;
  }
  return a;
}

WASBOX_EXPORT(golden_ratio)
double golden_ratio(int n) {
  long long previous = fib(n - 1);
  return previous == 0 ? 0.0 : (double)fib(n) / (double)previous;
}

WASBOX_EXPORT(hello)
void hello(void) {
  WASBOX_LOG_LITERAL(WASBOX_LOG_INFO, greeting);
}
