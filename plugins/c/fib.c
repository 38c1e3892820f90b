// fib — a plugin written in C, compiled with clang --target=wasm32 (see build.sh); the built
// fib.wasm one folder up is committed so it loads without a C toolchain.
// Demonstrates: C functions as plugin exports, a C string logged through the host's log
// capability, and i64 / f64 signatures from C types.

// The host's log.write, imported from the "log" module.
__attribute__((import_module("log"), import_name("write")))
void log_write(int level, const char *message, int length);

static const char greeting[] = "fib plugin (C) ready";

__attribute__((export_name("fib")))
long long fib(int n) {
  long long a = 0, b = 1;
  for (int i = 0; i < n; i++) {
    long long next = a + b;
    a = b;
    b = next;
  }
  return a;
}

__attribute__((export_name("golden_ratio")))
double golden_ratio(int n) {
  long long previous = fib(n - 1);
  return previous == 0 ? 0.0 : (double)fib(n) / (double)previous;
}

__attribute__((export_name("hello")))
void hello(void) {
  log_write(2, greeting, (int)(sizeof greeting - 1));
}
