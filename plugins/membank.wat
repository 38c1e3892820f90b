;; membank — owns a memory that another plugin (memsum.wat) imports: both see the same bytes.
;; Demonstrates: sharing one linear memory between two plugins.
(module
  (memory (export "memory") 1)

  ;; Writes `count` bytes 1, 2, 3, … starting at `address`.
  (func (export "fill") (param $address i32) (param $count i32)
    (local $i i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (i32.store8 (i32.add (local.get $address) (local.get $i))
          (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again))))

  ;; Stores one byte.
  (func (export "poke") (param $address i32) (param $value i32)
    (i32.store8 (local.get $address) (local.get $value))))
