;; stopwatch — reads the host's clocks through the `clock` capability.
;; Demonstrates: i64 results, and a plugin that needs no memory because clock imports pass
;; plain numbers.
(module
  (import "clock" "wall_ms" (func $wall (result i64)))
  (import "clock" "monotonic_ns" (func $mono (result i64)))

  ;; Milliseconds since 1970-01-01 UTC.
  (func (export "now_ms") (result i64) (call $wall))

  ;; Whole seconds since 1970-01-01 UTC.
  (func (export "now_s") (result i64) (i64.div_u (call $wall) (i64.const 1000)))

  ;; Nanoseconds the host's monotonic clock advanced while spinning `n` loop iterations.
  (func (export "time_loop") (param $n i32) (result i64)
    (local $start i64)
    (local.set $start (call $mono))
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (i64.sub (call $mono) (local.get $start))))
