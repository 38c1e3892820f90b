;; sum — a long-running computation, to show tick budgets, pausing and resuming.
;; `sum.upto 100000000` needs far more ticks than the default budget, so the call pauses;
;; `resume ID` continues exactly where it stopped, and Ctrl-C pauses it early.
;; Demonstrates: paused calls, resume with a budget, cancel, and a trap with a backtrace.
(module
  ;; 1 + 2 + … + n, computed the slow way: one loop iteration per number.
  (func $upto (export "upto") (param $n i64) (result i64)
    (local $total i64)
    (block $done
      (loop $again
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $total (i64.add (local.get $total) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $again)))
    (local.get $total))

  ;; The average of 1..n, rounded down; traps with "integer divide by zero" when n is 0,
  ;; showing a wasm backtrace through $average and $divide.
  (func $divide (param $a i64) (param $b i64) (result i64)
    (i64.div_u (local.get $a) (local.get $b)))
  (func $average (export "average") (param $n i64) (result i64)
    (call $divide (call $upto (local.get $n)) (local.get $n))))
