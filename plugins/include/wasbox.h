/*
 * wasbox.h — the host imports of a wasbox plugin, for C plugins built with clang's wasm32
 * target. One header, no library: every function here is an import the host links when the
 * plugin loads (docs/plugin-abi.md is the contract; docs/writing-plugins.md shows how to build
 * and try a plugin).
 *
 * Build (clang and wasm-ld ship with the Swift toolchain; plugins/c/build.sh does this):
 *
 *   clang --target=wasm32 -O2 -nostdlib -fno-builtin -I plugins/include \
 *     -Wl,--no-entry -Wl,--export-memory -Wl,--strip-debug -o plugin.wasm plugin.c
 *
 * - -nostdlib: there is no libc (no malloc, printf or memcpy); <stdint.h> and <stddef.h>
 *   come from clang itself and work. -fno-builtin keeps clang from turning loops into calls
 *   to a memcpy or memset that is not there.
 * - -Wl,--no-entry: a plugin has no main; the host calls its exports.
 * - -Wl,--export-memory exports the linear memory as "memory". The host's imports reach the
 *   plugin's first memory whether or not it is exported; exporting it lets the REPL's
 *   `memory` command, the app and plugins granted a link to this one see it.
 *
 * Strings and buffers are a pointer and a length (a capacity for buffers the host writes):
 * UTF-8, not 0-terminated. A range outside the memory traps the call. Every import costs one
 * tick, plus Configuration.hostTicksPerByte (default 1) per byte it moves or reads, paid
 * before it runs (the "Ticks" section of docs/plugin-abi.md says which bytes).
 *
 * The four capabilities (log, clock, kv, io) are granted by default; an embedder may grant
 * fewer, and an import of one not granted fails the load. Only the imports a plugin calls end
 * up in its module, so including this header asks for nothing.
 */
#ifndef WASBOX_H
#define WASBOX_H

#include <stddef.h>
#include <stdint.h>

/* Declares an import from the host: module MODULE, field NAME. */
#define WASBOX_IMPORT(module, name) \
  __attribute__((import_module(module), import_name(name)))

/* Exports the function it precedes under NAME: WASBOX_EXPORT(fib) long long fib(int n) {…}.
 * Parameters and results map to wasm types: int, unsigned, pointers → i32; long long,
 * int64_t → i64; float → f32; double → f64; void → none. */
#define WASBOX_EXPORT(name) __attribute__((export_name(#name)))

/* ---- log: log.write(level: i32, ptr: i32, len: i32) --------------------------------------
 * Writes a message to the host's logger with metadata plugin=<name>. A level outside 0…6
 * traps; invalid UTF-8 becomes U+FFFD. */

enum wasbox_log_level {
  WASBOX_LOG_TRACE = 0,
  WASBOX_LOG_DEBUG = 1,
  WASBOX_LOG_INFO = 2,
  WASBOX_LOG_NOTICE = 3,
  WASBOX_LOG_WARNING = 4,
  WASBOX_LOG_ERROR = 5,
  WASBOX_LOG_CRITICAL = 6,
};

WASBOX_IMPORT("log", "write")
void wasbox_log_write(int32_t level, const void *message, uint32_t length);

/* ---- clock --------------------------------------------------------------------------------
 * None of these touches memory. */

/* clock.wall_ms() -> i64: milliseconds since 1970-01-01 00:00 UTC (the host's HostClock). */
WASBOX_IMPORT("clock", "wall_ms")
int64_t wasbox_clock_wall_ms(void);

/* clock.monotonic_ns() -> i64: nanoseconds from an arbitrary origin; never decreases. */
WASBOX_IMPORT("clock", "monotonic_ns")
uint64_t wasbox_clock_monotonic_ns(void);

/* clock.sleep(ms: i64): returns after at least ms milliseconds (real time, or the host's
 * VirtualClock). Costs its call tick only. Longer than Configuration.maxSleepMilliseconds
 * (default 60 000) traps. */
WASBOX_IMPORT("clock", "sleep")
void wasbox_clock_sleep(uint64_t milliseconds);

/* ---- kv: a private byte-string → bytes map per plugin ----------------------------------------
 * Keys are 1 to maxKeyBytes bytes (default 256) with no 0 byte; values 0 to maxValueBytes
 * (default 65 536). A result ≥ 0 is a length (or WASBOX_KV_OK); a failure is one of the
 * negative codes below, so test `result < 0` first. */

enum wasbox_kv_status {
  WASBOX_KV_OK = 0,                /* success (set, delete) */
  WASBOX_KV_NOT_FOUND = -1,        /* no value under the key (get, size, delete) */
  WASBOX_KV_BUFFER_TOO_SMALL = -2, /* nothing written; ask wasbox_kv_size / _list_size */
  WASBOX_KV_KEY_TOO_LARGE = -3,    /* key longer than maxKeyBytes */
  WASBOX_KV_VALUE_TOO_LARGE = -4,  /* value longer than maxValueBytes */
  WASBOX_KV_QUOTA_EXCEEDED = -5,   /* past the plugin's bytes or keys quota; nothing written */
  WASBOX_KV_INVALID_KEY = -6,      /* empty, or holds a 0 byte */
  WASBOX_KV_STORAGE_FAILURE = -7,  /* the store failed; the host logged why */
};

/* kv.get(key_ptr, key_len, buf_ptr, buf_cap) -> i32: the value's length, after writing it to
 * buffer when it fits (otherwise WASBOX_KV_BUFFER_TOO_SMALL and nothing written). */
WASBOX_IMPORT("kv", "get")
int32_t wasbox_kv_get(const void *key, uint32_t key_length, void *buffer, uint32_t capacity);

/* kv.size(key_ptr, key_len) -> i32: the value's length. */
WASBOX_IMPORT("kv", "size")
int32_t wasbox_kv_size(const void *key, uint32_t key_length);

/* kv.set(key_ptr, key_len, value_ptr, value_len) -> i32: WASBOX_KV_OK once stored. */
WASBOX_IMPORT("kv", "set")
int32_t wasbox_kv_set(const void *key, uint32_t key_length, const void *value,
                      uint32_t value_length);

/* kv.delete(key_ptr, key_len) -> i32: WASBOX_KV_OK when a value was removed. */
WASBOX_IMPORT("kv", "delete")
int32_t wasbox_kv_delete(const void *key, uint32_t key_length);

/* kv.list(buf_ptr, buf_cap) -> i32: writes every key followed by a 0 byte, in ascending byte
 * order, and returns the bytes written. */
WASBOX_IMPORT("kv", "list")
int32_t wasbox_kv_list(void *buffer, uint32_t capacity);

/* kv.list_size() -> i32: the bytes wasbox_kv_list needs. */
WASBOX_IMPORT("kv", "list_size")
int32_t wasbox_kv_list_size(void);

/* ---- io: the call's input and output, held by the host ------------------------------------
 * Results are never negative: every failure traps (a buffer outside memory, output past
 * Configuration.maxOutputBytes, or a call from a start function). */

/* io.input_size() -> i32: bytes of the call's input. */
WASBOX_IMPORT("io", "input_size")
uint32_t wasbox_io_input_size(void);

/* io.input_read(buf_ptr, buf_cap, offset) -> i32: copies the input from byte offset into
 * buffer, as much as fits; returns the bytes copied (0 at or past the end). */
WASBOX_IMPORT("io", "input_read")
uint32_t wasbox_io_input_read(void *buffer, uint32_t capacity, uint32_t offset);

/* io.output_write(ptr, len) -> i32: appends bytes to the call's output; returns length. */
WASBOX_IMPORT("io", "output_write")
uint32_t wasbox_io_output_write(const void *bytes, uint32_t length);

/* ---- helpers ------------------------------------------------------------------------------ */

/* The length of a 0-terminated string (there is no libc strlen). */
static inline uint32_t wasbox_strlen(const char *text) {
  uint32_t length = 0;
  while (text[length] != 0) length++;
  return length;
}

/* Logs a 0-terminated string at level. */
static inline void wasbox_log(enum wasbox_log_level level, const char *text) {
  wasbox_log_write(level, text, wasbox_strlen(text));
}

/* Logs a string literal (its length known at compile time, no scan). */
#define WASBOX_LOG_LITERAL(level, literal) \
  wasbox_log_write((level), (literal), (uint32_t)(sizeof(literal) - 1))

/* kv with 0-terminated keys. */
static inline int32_t wasbox_kv_get_str(const char *key, void *buffer, uint32_t capacity) {
  return wasbox_kv_get(key, wasbox_strlen(key), buffer, capacity);
}
static inline int32_t wasbox_kv_set_str(const char *key, const void *value, uint32_t length) {
  return wasbox_kv_set(key, wasbox_strlen(key), value, length);
}

/* Writes a 0-terminated string to the call's output. */
static inline uint32_t wasbox_output(const char *text) {
  return wasbox_io_output_write(text, wasbox_strlen(text));
}

#endif /* WASBOX_H */
