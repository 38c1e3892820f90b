import Foundation
import TestSupport
import Testing
import WasmVM

@testable import PluginHost

/// plugins/include/wasbox.h declares the host's imports for C plugins. These tests compile C
/// against it and check it against the capabilities themselves: every import it declares links
/// (module, name and type), it declares every import the host offers, and its constants are
/// the host's `kv` statuses and log levels.
@Suite(.enabled(if: CToolchain.clang != nil, "needs clang with the wasm32 target"))
struct WasboxHeaderTests {
  static let header = PackageRoot.url.appendingPathComponent("plugins/include/wasbox.h")

  /// The header's imports: `WASBOX_IMPORT("module", "name")` and the C function declared after it.
  static func imports() throws -> [(module: String, name: String, function: String)] {
    let text = try String(contentsOf: header, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var found: [(String, String, String)] = []
    for (index, line) in lines.enumerated() where line.hasPrefix("WASBOX_IMPORT(\"") {
      let quoted = line.split(separator: "\"")
      guard quoted.count >= 4, index + 1 < lines.count,
        let function = lines[index + 1].split(separator: "(").first?.split(separator: " ").last
      else {
        Issue.record("cannot read the import at wasbox.h line \(index + 1): \(line)")
        continue
      }
      found.append((String(quoted[1]), String(quoted[3]), String(function)))
    }
    return found
  }

  /// The names the header gives constants with `prefix` (`WASBOX_KV_`), as in `NAME = VALUE,`.
  static func constants(_ prefix: String) throws -> [String] {
    try String(contentsOf: header, encoding: .utf8).split(separator: "\n").compactMap { line in
      let trimmed = line.drop { $0 == " " }
      guard trimmed.hasPrefix(prefix), let name = trimmed.split(separator: " ").first,
        trimmed.contains(" = ")
      else { return nil }
      return String(name)
    }
  }

  /// `notFound` → `NOT_FOUND`.
  static func screamingSnakeCase(_ name: String) -> String {
    name.reduce(into: "") { result, character in
      if character.isUppercase { result += "_" }
      result += character.uppercased()
    }
  }

  /// A plugin that takes the address of every import the header declares links against the
  /// built-in capabilities, and imports exactly the functions they offer.
  @Test func everyImportLinksAndEveryCapabilityFunctionIsDeclared() throws {
    let imports = try Self.imports()
    let table = imports.map { "  (const void *)\($0.function)," }.joined(separator: "\n")
    let source = """
      #include <wasbox.h>
      static const void *const imports[] = {
      \(table)
      };
      WASBOX_EXPORT(pick) const void *pick(int i) { return imports[i]; }
      """
    let plugin = try CToolchain.withPlugin(source, named: "everything") { file in
      try PluginHost().load(PluginSource(file: file, name: "everything"))
    }
    let linked = Set(plugin.imports.map { "\($0.module).\($0.name)" })
    let offered = Set(
      CapabilityTable.builtIn.flatMap { capability in
        capability.functions.map { "\(capability.name).\($0.name)" }
      })
    #expect(Set(imports.map { "\($0.module).\($0.name)" }) == linked)
    #expect(linked == offered)
    #expect(imports.count == offered.count, "an import is declared twice")
  }

  /// Each `WASBOX_KV_*` is the `KeyValueStatus` of its name, and each `WASBOX_LOG_*` the guest
  /// level of the swift-log level of its name, with none left out or added.
  @Test func constantsAreTheHostsStatusesAndLevels() throws {
    let statuses = KeyValueStatus.allCases.map {
      ("WASBOX_KV_" + Self.screamingSnakeCase("\($0)"), $0.rawValue)
    }
    let levels = LogImports.levels.enumerated().map {
      ("WASBOX_LOG_" + $0.element.rawValue.uppercased(), Int32($0.offset))
    }
    let expected = statuses + levels
    #expect(try Self.constants("WASBOX_KV_") == statuses.map(\.0))
    #expect(try Self.constants("WASBOX_LOG_") == levels.map(\.0))
    let functions = expected.enumerated().map { index, constant in
      "WASBOX_EXPORT(c\(index)) int c\(index)(void) { return \(constant.0); }"
    }
    let host = PluginHost()
    try CToolchain.withPlugin(
      "#include <wasbox.h>\n" + functions.joined(separator: "\n"), named: "constants"
    ) { file in
      try host.load(PluginSource(file: file, name: "constants"))
    }
    for (index, constant) in expected.enumerated() {
      let outcome = try host.call("constants", "c\(index)", budget: 100)
      guard case .completed(let values, _) = outcome else {
        Issue.record("\(constant.0): \(outcome)")
        continue
      }
      #expect(values == [.i32(UInt32(bitPattern: constant.1))], "\(constant.0)")
    }
  }

  /// The helpers log, store and write what they are given, with the lengths they count.
  @Test func helpersPassZeroTerminatedStringsWithTheirLengths() throws {
    let source = """
      #include <wasbox.h>
      static char buffer[16];
      WASBOX_EXPORT(run) int run(void) {
        wasbox_log(WASBOX_LOG_WARNING, "from a C string");
        WASBOX_LOG_LITERAL(WASBOX_LOG_DEBUG, "from a literal");
        if (wasbox_kv_set_str("key", "value", 5) != WASBOX_KV_OK) return -100;
        int32_t length = wasbox_kv_get_str("key", buffer, sizeof buffer);
        wasbox_output("got ");
        wasbox_io_output_write(buffer, (uint32_t)length);
        return length;
      }
      """
    let store = InMemoryKeyValueStore()
    let test = TestHost(keyValueStore: store)
    try CToolchain.withPlugin(source, named: "helpers") { file in
      try test.host.load(PluginSource(file: file, name: "helpers"))
    }
    let call = try test.host.call("helpers", "run", input: "", budget: 10_000)
    guard case .completed(let values, _) = call.outcome else {
      Issue.record("helpers.run: \(call.outcome)")
      return
    }
    #expect(values == [.i32(5)])
    #expect(call.text == "got value")
    #expect(store.value(forKey: Array("key".utf8), in: "helpers") == Array("value".utf8))
    #expect(
      test.logs.lines == [
        LoggedLine(level: .warning, message: "from a C string", plugin: "helpers"),
        LoggedLine(level: .debug, message: "from a literal", plugin: "helpers"),
      ])
  }
}
