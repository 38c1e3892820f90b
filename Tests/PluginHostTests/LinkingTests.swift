import PluginHost
import Testing
import WasmVM

@Suite struct LinkingTests {
  static let lib = """
    (module
      (memory (export "memory") 1)
      (global (export "counter") (mut i32) (i32.const 10))
      (table (export "table") 2 funcref)
      (elem (i32.const 0) $double $square)
      (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "counter_value") (result i32) (global.get 0)))
    """

  static let app = """
    (module
      (import "lib" "add" (func $add (param i32 i32) (result i32)))
      (import "lib" "memory" (memory 1))
      (import "lib" "counter" (global $counter (mut i32)))
      (import "lib" "table" (table 2 funcref))
      (type $unary (func (param i32) (result i32)))
      (func (export "sum") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
      (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "bump") (result i32)
        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
        (global.get $counter))
      (func (export "apply") (param i32 i32) (result i32)
        (call_indirect (type $unary) (local.get 1) (local.get 0))))
    """

  @Test func linksFunctionsMemoriesGlobalsAndTables() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "lib", wat: Self.lib))
    try host.load(PluginSource(name: "app", wat: Self.app, links: .anyPlugin))
    #expect(try host.run("app", "sum", [.i32(2), .i32(3)]) == [.i32(5)])
    _ = try host.run("app", "poke", [.i32(128), .i32(0xBEEF)])
    #expect(try host.run("lib", "peek", [.i32(128)]) == [.i32(0xBEEF)])
    #expect(try host.run("app", "bump") == [.i32(11)])
    #expect(try host.run("lib", "counter_value") == [.i32(11)])
    #expect(try host.run("app", "apply", [.i32(0), .i32(7)]) == [.i32(14)])
    #expect(try host.run("app", "apply", [.i32(1), .i32(7)]) == [.i32(49)])
    #expect(host.plugin(named: "app")?.dependencies == ["lib"])
  }

  @Test func sharesTheVeryEntitiesOfTheExporter() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "lib", wat: Self.lib))
    try host.load(
      PluginSource(
        name: "mirror",
        wat: """
          (module
            (import "lib" "memory" (memory $m 1))
            (import "lib" "counter" (global $g (mut i32)))
            (export "memory" (memory $m))
            (export "counter" (global $g)))
          """, links: .plugins(["lib"])))
    let lib = try #require(host.plugin(named: "lib")?.instance)
    let mirror = try #require(host.plugin(named: "mirror")?.instance)
    #expect(lib.exportedMemory("memory") === mirror.exportedMemory("memory"))
    #expect(lib.exportedGlobal("counter") === mirror.exportedGlobal("counter"))
  }

  @Test func pluginOutlivesItsHost() throws {
    var host: PluginHost? = PluginHost()
    let plugin = try #require(try host?.load(PluginSource(name: "lib", wat: Self.lib)))
    host = nil
    #expect(plugin.exportedFunctions["add"] == FuncType(parameters: [.i32, .i32], results: [.i32]))
    #expect(plugin.instance.exportedMemory("memory")?.byteCount == 65536)
  }

  @Test func batchLoadsInDependencyOrder() throws {
    let host = PluginHost()
    let top = PluginSource(
      name: "top",
      wat: """
        (module (import "app" "sum" (func $sum (param i32 i32) (result i32)))
          (func (export "run") (result i32) (call $sum (i32.const 40) (i32.const 2))))
        """, links: .plugins(["app"]))
    let loaded = try host.load([
      top, PluginSource(name: "app", wat: Self.app, links: .anyPlugin),
      PluginSource(name: "lib", wat: Self.lib),
    ])
    #expect(loaded.map(\.name) == ["lib", "app", "top"])
    #expect(host.plugins.map(\.name) == ["lib", "app", "top"])
    #expect(try host.run("top", "run") == [.i32(42)])
  }

  @Test func cycleIsALinkError() {
    let host = PluginHost()
    let a = PluginSource(
      name: "a",
      wat: #"(module (import "b" "g" (func)) (func (export "f")))"#)
    let b = PluginSource(
      name: "b",
      wat: #"(module (import "c" "h" (func)) (func (export "g")))"#)
    let c = PluginSource(
      name: "c",
      wat: #"(module (import "a" "f" (func)) (func (export "h")))"#)
    let error = linkError { try host.load([a, b, c]) }
    #expect(error?.reason == .dependencyCycle(["a", "b", "c", "a"]))
    #expect(error?.plugin == "a")
    #expect(error?.module == "b")
    #expect(error?.field == "g")
    #expect(
      error?.description
        == "plugins import each other in a cycle (a → b → c → a), starting with plugin \"a\" "
        + "imports \"b.g\": break the cycle, for example by moving shared code into a third "
        + "plugin")
    #expect(host.plugins.isEmpty)
  }

  @Test func selfImportIsACycle() {
    let host = PluginHost()
    let error = linkError {
      try host.load(
        PluginSource(
          name: "me", wat: #"(module (import "me" "f" (func)) (func (export "f")))"#,
          links: .anyPlugin))
    }
    #expect(error?.reason == .dependencyCycle(["me", "me"]))
  }

  @Test func missingPluginMessage() {
    let host = PluginHost()
    let error = linkError {
      try host.load(PluginSource(name: "app", wat: Self.app, links: .anyPlugin))
    }
    #expect(error?.reason == .missingPlugin)
    #expect(
      error?.description
        == "plugin \"app\" imports \"lib.add\", but \"lib\" is neither a loaded plugin nor a "
        + "host capability (log, clock, kv, io): load a plugin named \"lib\" first or in the same batch"
    )
  }

  @Test func missingExportMessage() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "lib", wat: #"(module (func (export "one")))"#))
    let error = linkError {
      try host.load(
        PluginSource(name: "app", wat: #"(module (import "lib" "two" (func)))"#, links: .anyPlugin))
    }
    #expect(error?.reason == .missingExport(available: ["one"]))
    #expect(
      error?.description
        == "plugin \"app\" imports \"lib.two\", but plugin \"lib\" exports no \"two\" "
        + "(it exports: one)")
  }

  @Test func functionTypeMismatchMessage() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "lib", wat: Self.lib))
    let error = linkError {
      try host.load(
        PluginSource(
          name: "app", wat: #"(module (import "lib" "add" (func (param i32) (result i32))))"#,
          links: .anyPlugin))
    }
    #expect(
      error?.reason
        == .typeMismatch(
          expected: "(func (param i32) (result i32))",
          found: "(func (param i32 i32) (result i32))"))
    #expect(
      error?.description
        == "plugin \"app\" imports \"lib.add\" with an incompatible type: expected "
        + "(func (param i32) (result i32)), found (func (param i32 i32) (result i32))")
  }

  @Test func kindAndGlobalMismatches() throws {
    let host = PluginHost()
    try host.load(PluginSource(name: "lib", wat: Self.lib))
    let kind = linkError {
      try host.load(
        PluginSource(
          name: "app", wat: #"(module (import "lib" "add" (memory 1)))"#, links: .anyPlugin))
    }
    #expect(
      kind?.reason
        == .typeMismatch(expected: "(memory 1)", found: "(func (param i32 i32) (result i32))"))
    let mutability = linkError {
      try host.load(
        PluginSource(
          name: "app", wat: #"(module (import "lib" "counter" (global i32)))"#, links: .anyPlugin))
    }
    #expect(
      mutability?.reason
        == .typeMismatch(expected: "(global i32)", found: "(global (mut i32))"))
    let memory = linkError {
      try host.load(
        PluginSource(
          name: "app", wat: #"(module (import "lib" "memory" (memory 2)))"#, links: .anyPlugin))
    }
    #expect(memory?.reason == .typeMismatch(expected: "(memory 2)", found: "(memory 1)"))
  }

  @Test func hostImportErrors() {
    let host = PluginHost()
    let unknown = linkError {
      try host.load(
        PluginSource(
          name: "p", wat: #"(module (import "kv" "frob" (func)) (memory (export "memory") 1))"#))
    }
    #expect(
      unknown?.reason
        == .unknownHostImport(available: ["delete", "get", "list", "list_size", "set", "size"]))
    #expect(
      unknown?.description
        == "plugin \"p\" imports \"kv.frob\", which the kv capability does not provide (it "
        + "provides: delete, get, list, list_size, set, size)")
    let mistyped = linkError {
      try host.load(
        PluginSource(
          name: "p",
          wat: #"(module (import "clock" "wall_ms" (func (result i32))))"#))
    }
    #expect(
      mistyped?.reason
        == .typeMismatch(expected: "(func (result i32))", found: "(func (result i64))"))
    let noMemory = linkError {
      try host.load(
        PluginSource(name: "p", wat: #"(module (import "log" "write" (func (param i32 i32 i32))))"#)
      )
    }
    #expect(noMemory?.reason == .missingMemory)
    #expect(noMemory?.description.contains("the plugin has no memory: add (memory 1)") == true)
    let denied = linkError {
      try host.load(
        PluginSource(
          name: "p",
          wat:
            #"(module (import "log" "write" (func (param i32 i32 i32))) (memory (export "memory") 1))"#,
          capabilities: []))
    }
    #expect(
      denied?.description
        == "plugin \"p\" imports \"log.write\", but was not granted the log capability: grant "
        + "it when loading or remove the import")
    #expect(host.plugins.isEmpty)
  }

  @Test func failedBatchLeavesNothingBehind() throws {
    let host = PluginHost()
    let lib = PluginSource(name: "lib", wat: Self.lib)
    let broken = PluginSource(
      name: "broken", wat: #"(module (import "lib" "nope" (func)))"#, links: .anyPlugin)
    #expect(
      linkError { try host.load([lib, broken]) }?.reason
        == .missingExport(
          available: ["add", "counter", "counter_value", "memory", "peek", "table"]))
    #expect(host.plugins.isEmpty)
    #expect(host.plugin(named: "lib") == nil)
    try host.load(lib)
    #expect(host.plugins.map(\.name) == ["lib"])
  }

  @Test func namesMustBeUniqueAndNotCapabilities() throws {
    let host = PluginHost()
    let module = "(module)"
    try host.load(PluginSource(name: "one", wat: module))
    guard
      case .duplicateName("one")? = hostError({
        try host.load(PluginSource(name: "one", wat: module))
      })
    else {
      Issue.record("expected duplicateName")
      return
    }
    guard
      case .duplicateName("two")? = hostError({
        try host.load([
          PluginSource(name: "two", wat: module), PluginSource(name: "two", wat: module),
        ])
      })
    else {
      Issue.record("expected duplicateName in a batch")
      return
    }
    for reserved in ["kv", "log", "clock", ""] {
      guard
        case .invalidName? = hostError({ try host.load(PluginSource(name: reserved, wat: module)) })
      else {
        Issue.record("\(reserved) accepted")
        continue
      }
    }
    #expect(
      hostError { try host.load(PluginSource(name: "one", wat: module)) }?.description
        == "a plugin named \"one\" is already loaded: unload it first, reload it, or choose "
        + "another name")
    #expect(host.plugins.map(\.name) == ["one"])
  }

  @Test func loadsBinaryBytes() throws {
    let answer: [UInt8] = [
      0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,  // type: () -> i32
      0x03, 0x02, 0x01, 0x00,  // function 0 has type 0
      0x07, 0x0A, 0x01, 0x06, 0x61, 0x6E, 0x73, 0x77, 0x65, 0x72, 0x00, 0x00,  // export "answer"
      0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2A, 0x0B,  // i32.const 42
    ]
    let host = PluginHost()
    try host.load(PluginSource(name: "answer", wasm: answer))
    #expect(try host.run("answer", "answer") == [.i32(42)])
  }

  @Test func resourceLimitsFailTheLoad() {
    let host = PluginHost(
      configuration: .init(resourceLimits: ResourceLimits(maxMemoryPages: 1)))
    let error = hostError {
      try host.load(PluginSource(name: "big", wat: #"(module (memory (export "memory") 2))"#))
    }
    #expect(
      error?.description
        == "plugin \"big\" could not be instantiated: memory of 2 pages exceeds the limit of 1 "
        + "pages; raise Configuration.maxMemoryPages")
    #expect(host.plugins.isEmpty)
  }

  @Test func invalidSourcesAreReported() {
    let host = PluginHost()
    guard
      case .invalidText(plugin: "bad", let syntax)? = hostError({
        try host.load(PluginSource(name: "bad", wat: "(module (func (result i32)"))
      })
    else {
      Issue.record("expected invalidText")
      return
    }
    #expect(
      syntax == TextSyntaxError(file: nil, line: 1, column: 27, message: "unexpected EOF"))
    #expect(syntax.description == "<text>:1:27: unexpected EOF")
    guard
      case .invalidModule(plugin: "bad", .malformed(let decode))? = hostError({
        try host.load(PluginSource(name: "bad", wasm: [0, 0x61, 0x73, 0x6D, 2, 0, 0, 0]))
      })
    else {
      Issue.record("expected invalidModule with WasmVM's DecodeError")
      return
    }
    #expect(!decode.message.isEmpty)
    guard
      case .invalidModule(_, .invalid(let validation))? = hostError({
        try host.load(PluginSource(name: "bad", wat: "(module (func (result i32)))"))
      })
    else {
      Issue.record("expected invalidModule with WasmVM's ValidationError")
      return
    }
    #expect(validation.message.contains("type mismatch"))
    #expect(host.plugins.isEmpty)
  }
}
