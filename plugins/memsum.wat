;; memsum — imports membank's memory and reads what membank wrote into it.
;; Demonstrates: the other half of a shared memory; "memory memsum" and "memory membank" show
;; the same bytes.
(module
  (import "membank" "memory" (memory 1))
  (export "memory" (memory 0))

  ;; The sum of `count` bytes starting at `address`.
  (func (export "sum") (param $address i32) (param $count i32) (result i32)
    (local $total i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $count)))
        (local.set $total (i32.add (local.get $total) (i32.load8_u (local.get $address))))
        (local.set $address (i32.add (local.get $address) (i32.const 1)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $again)))
    (local.get $total)))
