import WasmVM

/// The `spectest` module every script may import from, as the spec's reference interpreter
/// defines it (`interpreter/host/spectest.ml`): print functions that do nothing observable,
/// four immutable globals holding 666 / 666.6, a funcref table of 10..20 elements and a
/// memory of 1..2 pages, and their 64-bit-address variants `table64` and `memory64` (table64
/// and memory64, the same sizes).
enum SpectestModule {
  /// Creates the module's entities in `store` and returns them by export name.
  static func exports(in store: Store) -> [String: ExternalValue] {
    var exports: [String: ExternalValue] = [:]
    let printSignatures: [(String, [ValueType])] = [
      ("print", []),
      ("print_i32", [.i32]),
      ("print_i64", [.i64]),
      ("print_f32", [.f32]),
      ("print_f64", [.f64]),
      ("print_i32_f32", [.i32, .f32]),
      ("print_f64_f64", [.f64, .f64]),
    ]
    for (name, parameters) in printSignatures {
      let type = FuncType(parameters: parameters, results: [])
      exports[name] = .function(store.add(HostFunction(type: type, name: name) { _, _ in [] }))
    }
    let globals: [(String, Value)] = [
      ("global_i32", .i32(666)),
      ("global_i64", .i64(666)),
      ("global_f32", .f32(Float(666.6).bitPattern)),
      ("global_f64", .f64(Double(666.6).bitPattern)),
    ]
    for (name, value) in globals {
      let type = GlobalType(valueType: value.type, isMutable: false)
      // `value` has the global's type by construction, so this never fails.
      if let global = try? Global(type: type, value: value) { exports[name] = .global(global) }
    }
    for (name, addressType) in [("table", AddressType.i32), ("table64", .i64)] {
      let tableType = TableType(
        elementType: .funcref, limits: Limits(min: 10, max: 20), addressType: addressType)
      if let table = try? Table(type: tableType, limits: store.limits) {
        exports[name] = .table(table)
      }
    }
    for (name, addressType) in [("memory", AddressType.i32), ("memory64", .i64)] {
      let memoryType = MemoryType(limits: Limits(min: 1, max: 2), addressType: addressType)
      if let memory = try? Memory(type: memoryType, limits: store.limits) {
        exports[name] = .memory(memory)
      }
    }
    return exports
  }
}
