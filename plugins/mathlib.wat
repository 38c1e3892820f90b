;; mathlib — a library plugin other plugins import functions from (see calculator.wat).
;; Demonstrates: a plugin whose exports are linked into another plugin's imports.
(module
  (func (export "square") (param $x i32) (result i32)
    (i32.mul (local.get $x) (local.get $x)))
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b))))
