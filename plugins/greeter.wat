;; greeter — the smallest useful plugin: it logs through the host's `log` capability and
;; greets by name through `io`, the input and output bytes the host holds for each call.
;; Demonstrates: importing log.write, passing a string as (pointer, length) in its memory,
;; reading the call's input and writing its output, and a result returned to the caller.
;;   wasbox> greeter.hello
;;   [info] greeter: Hello from a wasbox plugin!
;;   wasbox> greeter.greet "Ada"
;;   Hello, Ada!
(module
  (import "log" "write" (func $log (param i32 i32 i32)))
  (import "io" "input_size" (func $input_size (result i32)))
  (import "io" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
  (import "io" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "Hello from a wasbox plugin!")
  (data (i32.const 32) "Hello, ")
  (data (i32.const 40) "!")
  (data (i32.const 48) "Hello, stranger!")

  ;; Logs the greeting at info level and returns its length in bytes.
  (func (export "hello") (result i32)
    (call $log (i32.const 2) (i32.const 0) (i32.const 27))
    (i32.const 27))

  ;; Writes "Hello, NAME!" for the name given as input (up to 1,024 bytes of it, read into
  ;; memory at 1024), or "Hello, stranger!" without one; returns the name's length.
  (func (export "greet") (result i32)
    (local $length i32)
    (if (i32.eqz (call $input_size))
      (then
        (drop (call $output_write (i32.const 48) (i32.const 16)))
        (return (i32.const 0))))
    (local.set $length (call $input_read (i32.const 1024) (i32.const 1024) (i32.const 0)))
    (drop (call $output_write (i32.const 32) (i32.const 7)))
    (drop (call $output_write (i32.const 1024) (local.get $length)))
    (drop (call $output_write (i32.const 40) (i32.const 1)))
    (local.get $length)))
