;; A text filter: copies the document and appends "-- " and the app's setting "signature",
;; if the app has one (documents up to 63 KiB, signatures up to 256 bytes).
(module
  (import "io" "input_read" (func $read (param i32 i32 i32) (result i32)))
  (import "io" "output_write" (func $write (param i32 i32) (result i32)))
  (import "app" "setting" (func $setting (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "signature")
  (data (i32.const 16) "\n-- ")
  (func (export "filter") (result i32)
    (local $n i32) (local $signature i32)
    (local.set $n (call $read (i32.const 1024) (i32.const 64512) (i32.const 0)))
    (drop (call $write (i32.const 1024) (local.get $n)))
    (local.set $signature
      (call $setting (i32.const 0) (i32.const 9) (i32.const 512) (i32.const 256)))
    (if (i32.ge_s (local.get $signature) (i32.const 0))
      (then
        (drop (call $write (i32.const 16) (i32.const 4)))
        (drop (call $write (i32.const 512) (local.get $signature)))))
    (local.get $n)))
