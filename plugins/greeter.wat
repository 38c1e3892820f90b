;; greeter — the smallest useful plugin: it logs through the host's `log` capability.
;; Demonstrates: importing log.write, passing a string as (pointer, length) in its exported
;; memory, and a result returned to the caller.
;;   wasbox> greeter.hello
;;   [info] greeter: Hello from a wasbox plugin!
(module
  (import "log" "write" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "Hello from a wasbox plugin!")
  (data (i32.const 32) "Greetings, number ")

  ;; Logs the greeting at info level and returns its length in bytes.
  (func (export "hello") (result i32)
    (call $log (i32.const 2) (i32.const 0) (i32.const 27))
    (i32.const 27))

  ;; Logs "Greetings, number N" for a single digit N (0-9) at warning level.
  (func (export "greet") (param $n i32)
    (i32.store8 (i32.const 50) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
    (call $log (i32.const 4) (i32.const 32) (i32.const 19))))
