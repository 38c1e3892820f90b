import WasmVM

/// The store every fuzzed snapshot is restored against: two modules, two host functions and
/// standalone entities, laid out so that a snapshot of it holds every kind of state restore
/// checks — host functions between instances, shared and standalone memories, tables and
/// globals, passive and dropped segments, a retired instance, and executions paused in
/// recursion, bulk operations, grows, host calls with a cost (tail calls included) and
/// directly invoked host functions.
///
/// The store, in address order:
///
/// ```
/// 0     host add: (i32 i32) -> i32, cost 3
///       standalone global host.seed (i32, 42)
/// 1–4   instance 0 of `main` (step, fib, run, shuffle)
/// 5     host note: (i32) -> (), cost: its argument & 3
///       standalone memory host.scratch (0..2 pages), table host.refs (externref 0..8)
/// 6     instance 1 of `user` (spin), importing main's memory, table, counter and fib
/// 7–10  instance 2 of `main`, retired
/// ```
///
/// Each module's bytes are built here from parts; they are exactly what `wasm-tools parse` and
/// `wasm-tools strip --all` make of the text in its comment.
///
/// The standalone memory and table start empty (`user` grows them) because restoring
/// recreates a standalone entity empty and grows it only after linking, so an import that
/// declares a minimum above zero does not link on restore.
enum RestoreFixture {
  /// ```wat
  /// (module
  ///   (import "host" "add" (func $add (param i32 i32) (result i32)))
  ///   (import "host" "seed" (global $seed i32))
  ///   (memory (export "memory") 1 4)
  ///   (table $t (export "table") 2 16 funcref)
  ///   (global $counter (export "counter") (mut i32) (i32.const 0))
  ///   (global $wide (mut i64) (i64.const 0))
  ///   (elem (i32.const 0) $step $fib)
  ///   (elem $pelem func $fib $step)
  ///   (data (i32.const 0) "hello")
  ///   (data $passive "world!")
  ///   (func $step (param i32) (result i32)
  ///     (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
  ///     (i32.store (i32.mul (i32.and (local.get 0) (i32.const 1023)) (i32.const 4))
  ///       (local.get 0))
  ///     (call $add (local.get 0) (i32.const 1)))
  ///   (func $fib (export "fib") (param i32) (result i32)
  ///     (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
  ///       (then (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))
  ///       (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
  ///                      (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  ///   (func $run (export "run") (param i32) (result i32)
  ///     (memory.fill (i32.const 8192) (i32.const 7) (i32.const 30))
  ///     (drop (memory.grow (i32.const 1)))
  ///     (global.set $wide (i64.add (global.get $wide) (i64.const 1)))
  ///     (i32.add (i32.add (call $fib (local.get 0)) (i32.load8_u (i32.const 8193)))
  ///       (global.get $seed)))
  ///   (func $shuffle (export "shuffle") (param $n i32) (result i32) (local $f funcref)
  ///     (memory.init $passive (i32.const 16384) (i32.const 0) (i32.const 6))
  ///     (memory.copy (i32.const 20000) (i32.const 8192) (i32.const 20))
  ///     (drop (table.grow (ref.null func) (i32.const 3)))
  ///     (table.init $pelem (i32.const 2) (i32.const 0) (i32.const 2))
  ///     (elem.drop $pelem)
  ///     (data.drop $passive)
  ///     (loop $again
  ///       (local.set $f (table.get (i32.rem_u (local.get $n) (table.size))))
  ///       (table.set (i32.rem_u (i32.add (local.get $n) (i32.const 1)) (table.size))
  ///         (local.get $f))
  ///       (table.copy (i32.const 0) (i32.const 1) (i32.const 1))
  ///       (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
  ///     (table.set (i32.const 0) (ref.func $step))
  ///     (table.fill (i32.const 1) (ref.func $fib) (i32.const 1))
  ///     (call_indirect (param i32) (result i32) (i32.const 5) (i32.const 1))))
  /// ```
  static let mainBytes: [UInt8] = WasmBytes.module([
    WasmBytes.section(1, [WasmBytes.functionType([i32, i32], [i32]), unary]),
    WasmBytes.section(
      2,
      [
        WasmBytes.importEntry("host", "add", [0x00, 0x00]),
        WasmBytes.importEntry("host", "seed", [0x03, i32, 0x00]),
      ]),
    WasmBytes.section(3, [[1], [1], [1], [1]]),
    WasmBytes.section(4, [[funcref] + WasmBytes.limits(2, 16)]),
    WasmBytes.section(5, [WasmBytes.limits(1, 4)]),
    WasmBytes.section(
      6, [[i32, 0x01] + WasmBytes.i32(0) + [0x0B], [0x7E, 0x01, 0x42, 0x00, 0x0B]]),
    WasmBytes.section(
      7,
      [
        WasmBytes.exportEntry("memory", 2, 0), WasmBytes.exportEntry("table", 1, 0),
        WasmBytes.exportEntry("counter", 3, 1), WasmBytes.exportEntry("fib", 0, 2),
        WasmBytes.exportEntry("run", 0, 3), WasmBytes.exportEntry("shuffle", 0, 4),
      ]),
    WasmBytes.section(
      9,
      [
        [0x00] + WasmBytes.i32(0) + [0x0B] + WasmBytes.vector([[1], [2]]),
        [0x01, 0x00] + WasmBytes.vector([[2], [1]]),
      ]),
    WasmBytes.raw(12, WasmBytes.unsigned(2)),
    WasmBytes.section(10, [step, fib, run, shuffle]),
    WasmBytes.section(
      11,
      [
        [0x00] + WasmBytes.i32(0) + [0x0B] + WasmBytes.name("hello"),
        [0x01] + WasmBytes.name("world!"),
      ]),
  ])

  private static let i32: UInt8 = 0x7F
  private static let funcref: UInt8 = 0x70
  private static let externref: UInt8 = 0x6F
  private static let unary = WasmBytes.functionType([i32], [i32])

  private static let step = WasmBytes.body([
    [0x23, 0x01],  // global.get $counter
    WasmBytes.i32(1),
    [0x6A],  // i32.add
    [0x24, 0x01],  // global.set $counter
    [0x20, 0x00],  // local.get 0
    WasmBytes.i32(1023),
    [0x71],  // i32.and
    WasmBytes.i32(4),
    [0x6C],  // i32.mul
    [0x20, 0x00],  // local.get 0
    [0x36, 0x02, 0x00],  // i32.store
    [0x20, 0x00],  // local.get 0
    WasmBytes.i32(1),
    [0x10, 0x00],  // call $add
  ])

  private static let fib = WasmBytes.body([
    [0x20, 0x00],  // local.get 0
    WasmBytes.i32(2),
    [0x49],  // i32.lt_u
    [0x04, i32],  // if (result i32)
    [0x20, 0x00],  // local.get 0
    WasmBytes.i32(0),
    [0x11, 0x01, 0x00],  // call_indirect (type 1) (table 0)
    [0x05],  // else
    [0x20, 0x00],  // local.get 0
    WasmBytes.i32(1),
    [0x6B],  // i32.sub
    [0x10, 0x02],  // call $fib
    [0x20, 0x00],  // local.get 0
    WasmBytes.i32(2),
    [0x6B],  // i32.sub
    [0x10, 0x02],  // call $fib
    [0x6A],  // i32.add
    [0x0B],  // end
  ])

  private static let run = WasmBytes.body([
    WasmBytes.i32(8192), WasmBytes.i32(7), WasmBytes.i32(30),
    [0xFC, 0x0B, 0x00],  // memory.fill
    WasmBytes.i32(1),
    [0x40, 0x00],  // memory.grow
    [0x1A],  // drop
    [0x23, 0x02],  // global.get $wide
    [0x42, 0x01],  // i64.const 1
    [0x7C],  // i64.add
    [0x24, 0x02],  // global.set $wide
    [0x20, 0x00],  // local.get 0
    [0x10, 0x02],  // call $fib
    WasmBytes.i32(8193),
    [0x2D, 0x00, 0x00],  // i32.load8_u
    [0x6A],  // i32.add
    [0x23, 0x00],  // global.get $seed
    [0x6A],  // i32.add
  ])

  private static let shuffle = WasmBytes.body(
    locals: [(1, funcref)],
    [
      WasmBytes.i32(16384), WasmBytes.i32(0), WasmBytes.i32(6),
      [0xFC, 0x08, 0x01, 0x00],  // memory.init $passive
      WasmBytes.i32(20000), WasmBytes.i32(8192), WasmBytes.i32(20),
      [0xFC, 0x0A, 0x00, 0x00],  // memory.copy
      [0xD0, funcref],  // ref.null func
      WasmBytes.i32(3),
      [0xFC, 0x0F, 0x00],  // table.grow
      [0x1A],  // drop
      WasmBytes.i32(2), WasmBytes.i32(0), WasmBytes.i32(2),
      [0xFC, 0x0C, 0x01, 0x00],  // table.init $pelem
      [0xFC, 0x0D, 0x01],  // elem.drop $pelem
      [0xFC, 0x09, 0x01],  // data.drop $passive
      [0x03, 0x40],  // loop $again
      [0x20, 0x00],  // local.get $n
      [0xFC, 0x10, 0x00],  // table.size
      [0x70],  // i32.rem_u
      [0x25, 0x00],  // table.get
      [0x21, 0x01],  // local.set $f
      [0x20, 0x00],  // local.get $n
      WasmBytes.i32(1),
      [0x6A],  // i32.add
      [0xFC, 0x10, 0x00],  // table.size
      [0x70],  // i32.rem_u
      [0x20, 0x01],  // local.get $f
      [0x26, 0x00],  // table.set
      WasmBytes.i32(0), WasmBytes.i32(1), WasmBytes.i32(1),
      [0xFC, 0x0E, 0x00, 0x00],  // table.copy
      [0x20, 0x00],  // local.get $n
      WasmBytes.i32(1),
      [0x6B],  // i32.sub
      [0x22, 0x00],  // local.tee $n
      [0x0D, 0x00],  // br_if $again
      [0x0B],  // end
      WasmBytes.i32(0),
      [0xD2, 0x01],  // ref.func $step
      [0x26, 0x00],  // table.set
      WasmBytes.i32(1),
      [0xD2, 0x02],  // ref.func $fib
      WasmBytes.i32(1),
      [0xFC, 0x11, 0x00],  // table.fill
      WasmBytes.i32(5), WasmBytes.i32(1),
      [0x11, 0x01, 0x00],  // call_indirect (type 1) (table 0)
    ])

  /// ```wat
  /// (module
  ///   (import "host" "add" (func $add (param i32 i32) (result i32)))
  ///   (import "main" "fib" (func $fib (param i32) (result i32)))
  ///   (import "host" "note" (func $note (param i32)))
  ///   (import "main" "memory" (memory 1 4))
  ///   (import "host" "scratch" (memory $scratch 0 2))
  ///   (import "main" "table" (table 2 16 funcref))
  ///   (import "host" "refs" (table $refs 0 8 externref))
  ///   (import "main" "counter" (global $counter (mut i32)))
  ///   (func (export "spin") (param $n i32) (result i32) (local $acc i32)
  ///     (drop (memory.grow $scratch (i32.const 1)))
  ///     (memory.copy $scratch 0 (i32.const 0) (i32.const 0) (i32.const 10))
  ///     (block $done
  ///       (loop $again
  ///         (br_if $done (i32.eqz (local.get $n)))
  ///         (local.set $acc
  ///           (i32.add (local.get $acc) (call $fib (i32.and (local.get $n) (i32.const 7)))))
  ///         (i32.store $scratch (i32.shl (i32.and (local.get $n) (i32.const 255)) (i32.const 2))
  ///           (local.get $acc))
  ///         (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
  ///         (drop (table.grow $refs (ref.null extern) (i32.const 1)))
  ///         (call $note (local.get $n))
  ///         (local.set $n (i32.sub (local.get $n) (i32.const 1)))
  ///         (br $again)))
  ///     (return_call $add (local.get $acc) (table.size 0))))
  /// ```
  static let userBytes: [UInt8] = WasmBytes.module([
    WasmBytes.section(
      1,
      [
        WasmBytes.functionType([i32, i32], [i32]), unary, WasmBytes.functionType([i32], []),
      ]),
    WasmBytes.section(
      2,
      [
        WasmBytes.importEntry("host", "add", [0x00, 0x00]),
        WasmBytes.importEntry("main", "fib", [0x00, 0x01]),
        WasmBytes.importEntry("host", "note", [0x00, 0x02]),
        WasmBytes.importEntry("main", "memory", [0x02] + WasmBytes.limits(1, 4)),
        WasmBytes.importEntry("host", "scratch", [0x02] + WasmBytes.limits(0, 2)),
        WasmBytes.importEntry("main", "table", [0x01, funcref] + WasmBytes.limits(2, 16)),
        WasmBytes.importEntry("host", "refs", [0x01, externref] + WasmBytes.limits(0, 8)),
        WasmBytes.importEntry("main", "counter", [0x03, i32, 0x01]),
      ]),
    WasmBytes.section(3, [[1]]),
    WasmBytes.section(7, [WasmBytes.exportEntry("spin", 0, 3)]),
    WasmBytes.section(10, [spin]),
  ])

  private static let spin = WasmBytes.body(
    locals: [(1, i32)],
    [
      WasmBytes.i32(1),
      [0x40, 0x01],  // memory.grow $scratch
      [0x1A],  // drop
      WasmBytes.i32(0), WasmBytes.i32(0), WasmBytes.i32(10),
      [0xFC, 0x0A, 0x01, 0x00],  // memory.copy $scratch 0
      [0x02, 0x40],  // block $done
      [0x03, 0x40],  // loop $again
      [0x20, 0x00],  // local.get $n
      [0x45],  // i32.eqz
      [0x0D, 0x01],  // br_if $done
      [0x20, 0x01],  // local.get $acc
      [0x20, 0x00],  // local.get $n
      WasmBytes.i32(7),
      [0x71],  // i32.and
      [0x10, 0x01],  // call $fib
      [0x6A],  // i32.add
      [0x21, 0x01],  // local.set $acc
      [0x20, 0x00],  // local.get $n
      WasmBytes.i32(255),
      [0x71],  // i32.and
      WasmBytes.i32(2),
      [0x74],  // i32.shl
      [0x20, 0x01],  // local.get $acc
      [0x36, 0x42, 0x01, 0x00],  // i32.store $scratch (memory index follows the flags)
      [0x23, 0x00],  // global.get $counter
      WasmBytes.i32(1),
      [0x6A],  // i32.add
      [0x24, 0x00],  // global.set $counter
      [0xD0, externref],  // ref.null extern
      WasmBytes.i32(1),
      [0xFC, 0x0F, 0x01],  // table.grow $refs
      [0x1A],  // drop
      [0x20, 0x00],  // local.get $n
      [0x10, 0x02],  // call $note
      [0x20, 0x00],  // local.get $n
      WasmBytes.i32(1),
      [0x6B],  // i32.sub
      [0x21, 0x00],  // local.set $n
      [0x0C, 0x00],  // br $again
      [0x0B],  // end
      [0x0B],  // end
      [0x20, 0x01],  // local.get $acc
      [0xFC, 0x10, 0x00],  // table.size 0
      [0x12, 0x00],  // return_call $add
    ])

  static let main = validated(mainBytes)
  static let user = validated(userBytes)

  private static func validated(_ bytes: [UInt8]) -> ValidatedModule {
    do {
      return try Module(bytes: bytes).validate()
    } catch {
      fatalError("the restore fixture's module does not validate: \(error)")
    }
  }

  static let addType = FuncType(parameters: [.i32, .i32], results: [.i32])
  static let noteType = FuncType(parameters: [.i32], results: [])

  /// The host functions' code, given back by name and type as an embedder would.
  static func implementation(of record: SnapshotHostFunction) -> HostFunction? {
    implementation(record.name, record.type)
  }

  private static func implementation(_ name: String, _ type: FuncType)
    -> HostFunction?
  {
    switch (name, type) {
    case ("add", addType):
      return HostFunction(
        type: type, name: name, cost: { _, _ throws(Trap) in 3 },
        body: { _, arguments throws(Trap) in
          guard case .i32(let a) = arguments[0], case .i32(let b) = arguments[1] else {
            return []
          }
          return [.i32(a &+ b)]
        })
    case ("note", noteType):
      return HostFunction(
        type: type, name: name,
        cost: { _, arguments throws(Trap) in
          guard case .i32(let a) = arguments[0] else { return 0 }
          return UInt64(a & 3)
        },
        body: { _, _ throws(Trap) in [] })
    default:
      return nil
    }
  }

  static func module(_ fingerprint: Fingerprint) -> ValidatedModule? {
    if fingerprint == main.module.fingerprint { return main }
    if fingerprint == user.module.fingerprint { return user }
    return nil
  }

  static func restore(
    _ bytes: [UInt8], limits: ResourceLimits, pageBudget: MemoryPageBudget? = nil
  ) throws(SnapshotError) -> RestoredStore {
    try Store.restore(
      bytes, limits: limits, pageBudget: pageBudget, modules: module,
      hostFunctions: implementation)
  }

  /// A fresh store laid out as described above, with the functions a seed invokes.
  static func build(limits: ResourceLimits) throws -> (store: Store, entries: [Entry]) {
    let store = Store(limits: limits)
    let host = { (name: String, type: FuncType) -> Function in
      guard let code = implementation(name, type) else { fatalError("no host function \(name)") }
      return store.add(code)
    }
    let add = host("add", addType)
    let seed = try Global(type: GlobalType(valueType: .i32, isMutable: false), value: .i32(42))
    let mainImports: Imports = [
      "host": ["add": .function(add), "seed": .global(seed)]
    ]
    let first = try store.instantiate(main, imports: mainImports)
    let note = host("note", noteType)
    let scratch = try Memory(type: MemoryType(limits: Limits(min: 0, max: 2)), limits: limits)
    let refs = try Table(
      type: TableType(elementType: .externref, limits: Limits(min: 0, max: 8)), limits: limits)
    var userImports: Imports = [
      "host": [
        "add": .function(add), "note": .function(note), "scratch": .memory(scratch),
        "refs": .table(refs),
      ]
    ]
    for name in ["fib", "memory", "table", "counter"] {
      if let value = first.export(name) { userImports.define("main", name, value) }
    }
    let second = try store.instantiate(user, imports: userImports)
    let retired = try store.instantiate(main, imports: mainImports)
    store.retire(retired)
    func entry(_ instance: Instance, _ name: String, _ argument: UInt32) throws -> Entry {
      guard let function = instance.exportedFunction(name) else {
        fatalError("no export \(name)")
      }
      return Entry(name: name, function: function, arguments: [.i32(argument)])
    }
    return (
      store,
      [
        try entry(first, "run", 8), try entry(first, "shuffle", 6), try entry(second, "spin", 3),
        try entry(retired, "fib", 4),
        Entry(name: "add", function: add, arguments: [.i32(2), .i32(3)]),
        Entry(name: "note", function: note, arguments: [.i32(7)]),
      ]
    )
  }

  /// A function a seed invokes, with its arguments.
  struct Entry {
    var name: String
    var function: Function
    var arguments: [Value]
  }
}
