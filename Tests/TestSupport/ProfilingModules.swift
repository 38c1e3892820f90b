/// Modules the profiling and tracing tests of WasmVM, PluginHost and the REPL share.
public enum ProfilingModules {
  /// `run(n)`: `fib(n)` (recursive) plus `loop(n)` (n iterations of a counting loop), and a
  /// tail-calling `countdown`. The recursive `fib` makes a function's total differ from its
  /// self ticks and be counted once per stack, however many of its frames the stack holds.
  public static let fib = """
    (module
      (func $fib (export "fib") (param $n i32) (result i32)
        (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
          (then (local.get $n))
          (else
            (i32.add
              (call $fib (i32.sub (local.get $n) (i32.const 1)))
              (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
      (func $loop (export "loop") (param $n i32) (result i32) (local $i i32)
        (block $done
          (loop $again
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $again)))
        (local.get $i))
      (func $countdown (export "countdown") (param $n i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n))
          (then (i32.const 0))
          (else (return_call $countdown (i32.sub (local.get $n) (i32.const 1))))))
      (func $run (export "run") (param $n i32) (result i32)
        (i32.add (call $fib (local.get $n)) (call $loop (local.get $n)))))
    """

  /// A plugin `mathlib` exporting `square`.
  public static let mathlib = """
    (module
      (func (export "square") (param i32) (result i32)
        (i32.mul (local.get 0) (local.get 0))))
    """

  /// A plugin importing `mathlib.square` and the `log` capability: `run(x)` logs "hi" (level 2, info) and
  /// returns `square(x) + 1`.
  public static let app = """
    (module
      (import "mathlib" "square" (func $square (param i32) (result i32)))
      (import "log" "write" (func $log (param i32 i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "hi")
      (func (export "run") (param i32) (result i32)
        (call $log (i32.const 2) (i32.const 0) (i32.const 2))
        (i32.add (call $square (local.get 0)) (i32.const 1))))
    """
}
