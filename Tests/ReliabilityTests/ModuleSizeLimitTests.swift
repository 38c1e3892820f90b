import PluginHost
import TestSupport
import Testing
import WasmVM

/// Modules larger than ``ResourceLimits`` allow are refused before what they declare is
/// allocated: loading costs tens of times a module's size (8 MB of nested `if`s took 683 MB to
/// decode and validate), so the size of what a plugin can make the host build is capped.
@Suite struct ModuleSizeLimitTests {
  /// A module of one function whose body nests `levels` `if`s (5 bytes a level).
  static func nestedIfs(_ levels: Int) -> [UInt8] {
    var body: [UInt8] = [0x00]
    body.reserveCapacity(levels * 5 + 2)
    for _ in 0..<levels { body += [0x41, 0x00, 0x04, 0x40] }  // i32.const 0; if
    body += repeatElement(0x0B, count: levels + 1)
    return Binary.oneFunction(body: body)
  }

  /// `imported` imported and `defined` defined functions of type `[] -> []`.
  static func functions(imported: Int, defined: Int) -> [UInt8] {
    let imports: [UInt8] = (0..<imported).flatMap { index -> [UInt8] in
      Binary.name("lib") + Binary.name("f\(index)") + [0x00, 0x00]
    }
    let body: [UInt8] = [0x02, 0x00, 0x0B]
    let bodies: [UInt8] = (0..<defined).flatMap { _ in body }
    return Binary.module(
      Binary.section(1, [0x01, 0x60, 0x00, 0x00]),
      Binary.section(2, Binary.uleb(UInt64(imported)) + imports),
      Binary.section(3, Binary.uleb(UInt64(defined)) + Array(repeating: 0, count: defined)),
      Binary.section(10, Binary.uleb(UInt64(defined)) + bodies))
  }

  func decodeError(_ bytes: [UInt8], _ limits: ResourceLimits) -> DecodeError? {
    do {
      _ = try Module(bytes: bytes, limits: limits)
      return nil
    } catch {
      return error
    }
  }

  @Test func theModuleOfTheReportIsRefusedByDefaultBeforeDecoding() throws {
    let bytes = Self.nestedIfs(1_600_000)
    #expect(bytes.count == 8_000_030)
    let error = try #require(decodeError(bytes, ResourceLimits()))
    #expect(error.limit == .moduleBytes)
    #expect(error.message == "module of 8000030 bytes exceeds the limit of 4194304 bytes")
  }

  @Test func moduleBytesAreCappedAtTheLimitExactly() throws {
    let bytes = Self.nestedIfs(100)
    #expect(decodeError(bytes, ResourceLimits(maxModuleBytes: bytes.count)) == nil)
    let error = try #require(decodeError(bytes, ResourceLimits(maxModuleBytes: bytes.count - 1)))
    #expect(error.limit == .moduleBytes)
  }

  @Test func aFunctionBodyOverTheLimitIsRefusedNamingTheFunction() throws {
    let bytes = Self.nestedIfs(100)  // a body of 502 bytes, its size at offset 22
    #expect(decodeError(bytes, ResourceLimits(maxFunctionBodyBytes: 502)) == nil)
    let error = try #require(decodeError(bytes, ResourceLimits(maxFunctionBodyBytes: 501)))
    #expect(error.limit == .functionBodyBytes)
    #expect(
      error.description
        == "function 0 has a body of 502 bytes, more than the limit of 501 bytes (at offset 0x16)")
    // By default a body may hold 1 MiB.
    let large = Self.nestedIfs(1 << 18)
    #expect(try #require(decodeError(large, ResourceLimits())).limit == .functionBodyBytes)
  }

  @Test func importedAndDefinedFunctionsCountTogether() throws {
    let limits = ResourceLimits(maxFunctions: 3)
    #expect(decodeError(Self.functions(imported: 1, defined: 2), limits) == nil)
    for (imported, defined) in [(2, 2), (4, 0), (0, 4)] {
      let error = decodeError(Self.functions(imported: imported, defined: defined), limits)
      #expect(error?.limit == .functions, "\(imported) imported, \(defined) defined")
      #expect(
        error?.message
          == "module declares more than the limit of 3 functions (imported and defined)")
    }
  }

  @Test func aPluginOverALimitGetsALoadErrorNamingTheSetting() throws {
    let host = PluginHost()
    do {
      try host.load(PluginSource(name: "ifs", wasm: Self.nestedIfs(1_600_000)))
      Issue.record("an 8 MB plugin loaded")
    } catch {
      guard case .limitExceeded(let plugin, let limit, _) = error else {
        Issue.record("expected a limit, got \(error)")
        return
      }
      #expect(plugin == "ifs" && limit == .moduleBytes)
      #expect(
        error.description
          == "plugin \"ifs\" could not be loaded: module of 8000030 bytes exceeds the limit of "
          + "4194304 bytes (at offset 0x0); raise Configuration.resourceLimits.maxModuleBytes")
    }
    var configuration = PluginHost.Configuration()
    configuration.resourceLimits.maxFunctionBodyBytes = 100
    let strict = PluginHost(configuration: configuration)
    do {
      try strict.load(PluginSource(name: "body", wasm: Self.nestedIfs(100)))
      Issue.record("a 502-byte body loaded under a limit of 100")
    } catch {
      guard case .limitExceeded(_, let limit, _) = error else {
        Issue.record("expected a limit, got \(error)")
        return
      }
      #expect(limit == .functionBodyBytes)
      #expect(
        error.description.hasSuffix("raise Configuration.resourceLimits.maxFunctionBodyBytes"))
    }
    #expect(host.plugins.isEmpty && strict.plugins.isEmpty)
    try host.load(PluginSource(name: "small", wasm: Self.nestedIfs(100)))
  }
}
