;; calculator — imports functions from the mathlib plugin: the import module name is the other
;; plugin's name. Load mathlib first (or both at once); "links" shows the connection.
;; Demonstrates: plugin-to-plugin function imports, and load failing with a link error when
;; mathlib is missing.
(module
  (import "mathlib" "square" (func $square (param i32) (result i32)))
  (import "mathlib" "add" (func $add (param i32 i32) (result i32)))

  ;; a² + b²
  (func (export "sum_of_squares") (param $a i32) (param $b i32) (result i32)
    (call $add (call $square (local.get $a)) (call $square (local.get $b)))))
