/// Hand-written WebAssembly programs, each aimed at one part of an interpreter. Each expected
/// value is computed here in Swift by the same arithmetic, independently of both engines.
enum WatCases {
  static let all: [BenchCase] = [
    loopSum, fibRecursive, callLoop, callIndirect, memoryTraffic, brTableDispatch, floatMath,
    collatz, memoryGrow,
  ]

  /// `i32.rotl`, for the reference computations.
  private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }

  static let loopSum: BenchCase = {
    let n: UInt32 = 3_000_000
    return BenchCase(
      name: "loop_sum", summary: "tight counted loop adding into an i64",
      source: .wat(
        """
        (module
          (func (export "run") (param $n i32) (result i64)
            (local $i i32) (local $sum i64)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $sum)))
        """),
      arguments: [.i32(n)], expected: [.i64(UInt64(n) * UInt64(n - 1) / 2)])
  }()

  static let fibRecursive: BenchCase = {
    func fib(_ n: UInt32) -> UInt32 { n < 2 ? n : fib(n - 1) &+ fib(n - 2) }
    return BenchCase(
      name: "fib_rec", summary: "naive recursive Fibonacci (call/return heavy)",
      source: .wat(
        """
        (module
          (func $fib (export "run") (param $n i32) (result i32)
            (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
              (then (local.get $n))
              (else
                (i32.add
                  (call $fib (i32.sub (local.get $n) (i32.const 1)))
                  (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
        """),
      arguments: [.i32(27)], expected: [.i32(fib(27))])
  }()

  static let callLoop: BenchCase = {
    let n: UInt32 = 1_000_000
    var acc: UInt32 = 0
    for i in 0..<n { acc = rotl(acc &* 31 &+ i, 5) }
    return BenchCase(
      name: "call_loop", summary: "a loop calling a small leaf function",
      source: .wat(
        """
        (module
          (func $mix (param $acc i32) (param $i i32) (result i32)
            (i32.rotl (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i))
              (i32.const 5)))
          (func (export "run") (param $n i32) (result i32)
            (local $i i32) (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $acc (call $mix (local.get $acc) (local.get $i)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """),
      arguments: [.i32(n)], expected: [.i32(acc)])
  }()

  static let callIndirect: BenchCase = {
    let n: UInt32 = 1_000_000
    var acc: UInt32 = 1
    for i in 0..<n {
      switch i & 3 {
      case 0: acc = acc &+ i
      case 1: acc = acc ^ i
      case 2: acc = acc &* 3
      default: acc = acc &- i
      }
    }
    return BenchCase(
      name: "call_indirect", summary: "call_indirect through a 4-entry table (signature checks)",
      source: .wat(
        """
        (module
          (type $op (func (param i32 i32) (result i32)))
          (table 4 funcref)
          (elem (i32.const 0) $add $xor $triple $sub)
          (func $add (type $op) (i32.add (local.get 0) (local.get 1)))
          (func $xor (type $op) (i32.xor (local.get 0) (local.get 1)))
          (func $triple (type $op) (i32.mul (local.get 0) (i32.const 3)))
          (func $sub (type $op) (i32.sub (local.get 0) (local.get 1)))
          (func (export "run") (param $n i32) (result i32)
            (local $i i32) (local $acc i32)
            (local.set $acc (i32.const 1))
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $acc
                  (call_indirect (type $op) (local.get $acc) (local.get $i)
                    (i32.and (local.get $i) (i32.const 3))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """),
      arguments: [.i32(n)], expected: [.i32(acc)])
  }()

  static let memoryTraffic: BenchCase = {
    let rounds: UInt32 = 20
    var sum: UInt32 = 0
    for round in 0..<rounds {
      for word in UInt32(0)..<16384 { sum = sum &+ (word &* 2_654_435_761 &+ round) }
    }
    return BenchCase(
      name: "memory", summary: "i32 stores then loads over a 64 KiB page, 20 rounds",
      source: .wat(
        """
        (module
          (memory 1)
          (func (export "run") (param $rounds i32) (result i32)
            (local $round i32) (local $addr i32) (local $sum i32)
            (block $done
              (loop $round_loop
                (br_if $done (i32.ge_u (local.get $round) (local.get $rounds)))
                (local.set $addr (i32.const 0))
                (loop $store
                  (i32.store (local.get $addr)
                    (i32.add
                      (i32.mul (i32.shr_u (local.get $addr) (i32.const 2))
                        (i32.const 2654435761))
                      (local.get $round)))
                  (local.set $addr (i32.add (local.get $addr) (i32.const 4)))
                  (br_if $store (i32.lt_u (local.get $addr) (i32.const 65536))))
                (local.set $addr (i32.const 0))
                (loop $load
                  (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $addr))))
                  (local.set $addr (i32.add (local.get $addr) (i32.const 4)))
                  (br_if $load (i32.lt_u (local.get $addr) (i32.const 65536))))
                (local.set $round (i32.add (local.get $round) (i32.const 1)))
                (br $round_loop)))
            (local.get $sum)))
        """),
      arguments: [.i32(rounds)], expected: [.i32(sum)])
  }()

  static let brTableDispatch: BenchCase = {
    let n: UInt32 = 1_000_000
    var acc: UInt32 = 1
    for step in 1...n {
      switch acc & 7 {
      case 0: acc = acc &+ 3
      case 1: acc = acc &* 5
      case 2: acc = acc ^ step
      case 3: acc = acc &- 7
      case 4: acc = rotl(acc, 3)
      case 5: acc = acc &+ step
      case 6: acc = acc >> 1
      default: acc = acc &* 3 &+ 1
      }
    }
    return BenchCase(
      name: "br_table", summary: "8-way br_table dispatch on data (an interpreter in wasm)",
      source: .wat(
        """
        (module
          (func (export "run") (param $n i32) (result i32)
            (local $i i32) (local $acc i32)
            (local.set $acc (i32.const 1))
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (block $c7
                  (block $c6
                    (block $c5
                      (block $c4
                        (block $c3
                          (block $c2
                            (block $c1
                              (block $c0
                                (br_table $c0 $c1 $c2 $c3 $c4 $c5 $c6 $c7
                                  (i32.and (local.get $acc) (i32.const 7))))
                              (local.set $acc (i32.add (local.get $acc) (i32.const 3)))
                              (br $next))
                            (local.set $acc (i32.mul (local.get $acc) (i32.const 5)))
                            (br $next))
                          (local.set $acc (i32.xor (local.get $acc) (local.get $i)))
                          (br $next))
                        (local.set $acc (i32.sub (local.get $acc) (i32.const 7)))
                        (br $next))
                      (local.set $acc (i32.rotl (local.get $acc) (i32.const 3)))
                      (br $next))
                    (local.set $acc (i32.add (local.get $acc) (local.get $i)))
                    (br $next))
                  (local.set $acc (i32.shr_u (local.get $acc) (i32.const 1)))
                  (br $next))
                (local.set $acc
                  (i32.add (i32.mul (local.get $acc) (i32.const 3)) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """),
      arguments: [.i32(n)], expected: [.i32(acc)])
  }()

  static let floatMath: BenchCase = {
    let n: UInt32 = 1_000_000
    var sum = 0.0
    var sign = 1.0
    for k in 0..<n {
      sum += sign / Double(2 * k + 1)
      sign = -sign
    }
    return BenchCase(
      name: "float_math", summary: "Leibniz series for π in f64 (div, convert, neg)",
      source: .wat(
        """
        (module
          (func (export "run") (param $n i32) (result f64)
            (local $k i32) (local $sum f64) (local $sign f64)
            (local.set $sign (f64.const 1))
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
                (local.set $sum
                  (f64.add (local.get $sum)
                    (f64.div (local.get $sign)
                      (f64.convert_i32_u
                        (i32.add (i32.shl (local.get $k) (i32.const 1)) (i32.const 1))))))
                (local.set $sign (f64.neg (local.get $sign)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $next)))
            (f64.mul (local.get $sum) (f64.const 4))))
        """),
      arguments: [.i32(n)], expected: [.f64(double: sum * 4)])
  }()

  static let collatz: BenchCase = {
    let n: UInt64 = 30_000
    var total: UInt64 = 0
    for start in 1...n {
      var x = start
      while x != 1 {
        x = x & 1 == 0 ? x >> 1 : x &* 3 &+ 1
        total &+= 1
      }
    }
    return BenchCase(
      name: "collatz", summary: "total Collatz steps for 1...30,000 in i64 (branchy)",
      source: .wat(
        """
        (module
          (func (export "run") (param $n i64) (result i64)
            (local $start i64) (local $x i64) (local $total i64)
            (local.set $start (i64.const 1))
            (block $done
              (loop $outer
                (br_if $done (i64.gt_u (local.get $start) (local.get $n)))
                (local.set $x (local.get $start))
                (block $reached
                  (loop $inner
                    (br_if $reached (i64.eq (local.get $x) (i64.const 1)))
                    (local.set $x
                      (if (result i64) (i64.eqz (i64.and (local.get $x) (i64.const 1)))
                        (then (i64.shr_u (local.get $x) (i64.const 1)))
                        (else
                          (i64.add (i64.mul (local.get $x) (i64.const 3)) (i64.const 1)))))
                    (local.set $total (i64.add (local.get $total) (i64.const 1)))
                    (br $inner)))
                (local.set $start (i64.add (local.get $start) (i64.const 1)))
                (br $outer)))
            (local.get $total)))
        """),
      arguments: [.i64(n)], expected: [.i64(total)])
  }()

  static let memoryGrow: BenchCase = {
    let pages: UInt32 = 16384
    var sum: UInt64 = 0
    for page in 1..<UInt64(pages) { sum += page & 255 }
    return BenchCase(
      name: "memory_grow",
      summary: "memory.grow one page at a time to 16,384 pages (1 GiB), touching each",
      source: .wat(
        """
        (module
          (memory 1 65536)
          ;; Grows to $pages pages one at a time, storing a byte in each new page, then reads
          ;; the bytes back: returns memory.size << 32 | their sum (-1 if a grow fails).
          (func (export "run") (param $pages i32) (result i64)
            (local $page i32) (local $sum i64)
            (block $grown
              (loop $grow
                (br_if $grown (i32.ge_u (memory.size) (local.get $pages)))
                (local.set $page (memory.grow (i32.const 1)))
                (if (i32.eq (local.get $page) (i32.const -1))
                  (then (return (i64.const -1))))
                (i32.store8 (i32.shl (local.get $page) (i32.const 16)) (local.get $page))
                (br $grow)))
            (local.set $page (i32.const 1))
            (block $summed
              (loop $sum
                (br_if $summed (i32.ge_u (local.get $page) (memory.size)))
                (local.set $sum
                  (i64.add (local.get $sum)
                    (i64.load8_u (i32.shl (local.get $page) (i32.const 16)))))
                (local.set $page (i32.add (local.get $page) (i32.const 1)))
                (br $sum)))
            (i64.or (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 32))
              (local.get $sum))))
        """),
      arguments: [.i32(pages)], expected: [.i64(UInt64(pages) << 32 | sum)])
  }()
}
