;; A text filter: copies the document, upper-cased when the app's setting "shout" is "yes".
;; It reads the document with io.input_read, asks the app with app.setting, and writes the
;; result with io.output_write (documents up to 63 KiB).
(module
  (import "io" "input_read" (func $read (param i32 i32 i32) (result i32)))
  (import "io" "output_write" (func $write (param i32 i32) (result i32)))
  (import "app" "setting" (func $setting (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "shout")
  (func (export "filter") (result i32)
    (local $n i32) (local $i i32) (local $c i32)
    (local.set $n (call $read (i32.const 1024) (i32.const 64512) (i32.const 0)))
    ;; The setting's value goes to offset 16; "yes" is 3 bytes starting with 'y'.
    (if (i32.and
          (i32.eq (call $setting (i32.const 0) (i32.const 5) (i32.const 16) (i32.const 8))
                  (i32.const 3))
          (i32.eq (i32.load8_u (i32.const 16)) (i32.const 121)))
      (then
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $c (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
            (if (i32.and (i32.ge_u (local.get $c) (i32.const 97))
                         (i32.le_u (local.get $c) (i32.const 122)))
              (then
                (i32.store8 (i32.add (i32.const 1024) (local.get $i))
                  (i32.sub (local.get $c) (i32.const 32)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))))
    (call $write (i32.const 1024) (local.get $n))))
