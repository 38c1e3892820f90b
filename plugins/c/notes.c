// notes — a plugin written in C against plugins/include/wasbox.h (built to ../notes.wasm by
// build.sh, committed). Keeps the last note it was given and how many it has taken in its kv
// namespace, so both survive reloads (and, with --kv FILE, restarts).
// Demonstrates: reading the call's input and writing its output (io), kv get/set of a text
// value and of a little-endian counter, the wall clock, and log lines built without a libc.
//
//   wasbox> notes.add "buy milk"    stores the note, logs "note 1 saved (8 bytes)", returns 1
//   wasbox> notes.last              writes the note as the call's output, returns its length
//   wasbox> notes.count             how many notes were added
//   wasbox> notes.age_ms            milliseconds since the last note was added (-1: none yet)
#include <wasbox.h>

static char note[1024];
static char line[128];

// Reads a little-endian integer of `size` bytes stored under `key`; `fallback` when absent.
static int64_t load_integer(const char *key, uint32_t size, int64_t fallback) {
  unsigned char bytes[8];
  if (wasbox_kv_get_str(key, bytes, size) != (int32_t)size) return fallback;
  uint64_t value = 0;
  for (uint32_t i = size; i > 0; i--) value = value << 8 | bytes[i - 1];
  return (int64_t)value;
}

static int32_t store_integer(const char *key, uint32_t size, int64_t value) {
  unsigned char bytes[8];
  for (uint32_t i = 0; i < size; i++) bytes[i] = (unsigned char)((uint64_t)value >> (8 * i));
  return wasbox_kv_set_str(key, bytes, size);
}

// Appends `text` to the log line at `length`, returning the new length.
static uint32_t append_text(uint32_t length, const char *text) {
  while (*text && length < sizeof line) line[length++] = *text++;
  return length;
}

static uint32_t append_number(uint32_t length, uint32_t number) {
  char digits[10];
  uint32_t count = 0;
  do {
    digits[count++] = (char)('0' + number % 10);
    number /= 10;
  } while (number > 0);
  while (count > 0 && length < sizeof line) line[length++] = digits[--count];
  return length;
}

// add: the call's input is the note. Returns how many notes there are now, or a negative kv
// status when storing failed (logged as an error).
WASBOX_EXPORT(add)
int32_t add(void) {
  uint32_t size = wasbox_io_input_size();
  if (size > sizeof note) {
    wasbox_log(WASBOX_LOG_WARNING, "note too long: at most 1024 bytes");
    return WASBOX_KV_VALUE_TOO_LARGE;
  }
  uint32_t length = wasbox_io_input_read(note, sizeof note, 0);
  int32_t status = wasbox_kv_set_str("last", note, length);
  int32_t count = (int32_t)load_integer("count", 4, 0) + 1;
  if (status == WASBOX_KV_OK) status = store_integer("count", 4, count);
  if (status == WASBOX_KV_OK) status = store_integer("added_ms", 8, wasbox_clock_wall_ms());
  if (status != WASBOX_KV_OK) {
    wasbox_log(WASBOX_LOG_ERROR, "could not store the note");
    return status;
  }
  uint32_t n = append_text(0, "note ");
  n = append_number(n, (uint32_t)count);
  n = append_text(n, " saved (");
  n = append_number(n, length);
  n = append_text(n, " bytes)");
  wasbox_log_write(WASBOX_LOG_INFO, line, n);
  return count;
}

// last: writes the last note to the call's output and returns its length, or
// WASBOX_KV_NOT_FOUND (-1) when there is none.
WASBOX_EXPORT(last)
int32_t last(void) {
  int32_t length = wasbox_kv_get_str("last", note, sizeof note);
  if (length < 0) return length;
  wasbox_io_output_write(note, (uint32_t)length);
  return length;
}

WASBOX_EXPORT(count)
int32_t count(void) {
  return (int32_t)load_integer("count", 4, 0);
}

// age_ms: milliseconds since the last note was added, by the host's wall clock; -1 when none
// was.
WASBOX_EXPORT(age_ms)
int64_t age_ms(void) {
  int64_t added = load_integer("added_ms", 8, -1);
  return added < 0 ? -1 : wasbox_clock_wall_ms() - added;
}
