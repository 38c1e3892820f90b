;; counter — a counter kept in the plugin's `kv` namespace, so it survives reloads (and, with
;; `wasbox-repl --kv FILE`, restarts).
;; Demonstrates: kv.get / kv.set with buffers in memory, and reading a failure code.
;; The count is stored under the key "count" as 8 little-endian bytes.
(module
  (import "kv" "get" (func $get (param i32 i32 i32 i32) (result i32)))
  (import "kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "kv" "delete" (func $delete (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "count")

  ;; The stored count, or 0 when there is none yet (kv.get returns -1, not found).
  (func $load (result i64)
    (if (result i64) (i32.eq (call $get (i32.const 0) (i32.const 5) (i32.const 16) (i32.const 8))
                             (i32.const 8))
      (then (i64.load (i32.const 16)))
      (else (i64.const 0))))

  ;; Adds one to the count, stores it, and returns it.
  (func (export "next") (result i64)
    (i64.store (i32.const 16) (i64.add (call $load) (i64.const 1)))
    (drop (call $set (i32.const 0) (i32.const 5) (i32.const 16) (i32.const 8)))
    (i64.load (i32.const 16)))

  ;; The count without changing it.
  (func (export "current") (result i64) (call $load))

  ;; Forgets the count; returns kv.delete's status (0, or -1 when there was none).
  (func (export "reset") (result i32) (call $delete (i32.const 0) (i32.const 5))))
