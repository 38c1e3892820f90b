;; ticker — a plugin that sleeps: it waits on the host's `clock.sleep` between log lines.
;; Demonstrates: clock.sleep, which parks the call without holding a thread and costs no ticks,
;; so two calls (or two copies of the plugin) sleeping at once log interleaved.
;;   wasbox> load plugins/ticker.wat as tick
;;   wasbox> load plugins/ticker.wat as tock
;;   wasbox> tick.run 3 200 &
;;   wasbox> bg tock.run 2 250
;;   wasbox> wait
;;   [info] tick: tick 1      (at 200 ms)
;;   [info] tock: tick 1      (at 250 ms)
;;   [info] tick: tick 2      (at 400 ms)
;;   [info] tock: tick 2      (at 500 ms)
;;   #12 tock.run: i32 2  (62 ticks)
;;   [info] tick: tick 3      (at 600 ms)
;;   #11 tick.run: i32 3  (90 ticks)
(module
  (import "clock" "sleep" (func $sleep (param i64)))
  (import "log" "write" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "tick ")

  ;; Sleeps `ms` milliseconds, then logs "tick N" (N = 1…count, one digit shown), `count`
  ;; times; returns `count`.
  (func (export "run") (param $count i32) (param $ms i64) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $n) (local.get $count)))
        (call $sleep (local.get $ms))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (i32.store8 (i32.const 5)
          (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
        (call $log (i32.const 2) (i32.const 0) (i32.const 6))
        (br $next)))
    (local.get $count)))
