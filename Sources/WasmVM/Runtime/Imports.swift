/// What an instance is linked to: external values by import module and name.
///
/// ```swift
/// var imports = Imports()
/// imports.define("env", "double", .function(store.add(double)))
/// let instance = try store.instantiate(module, imports: imports)
/// ```
///
/// Names are compared exactly (as byte strings: no Unicode normalization), as the spec links
/// them. A dictionary literal of modules, each a dictionary of names, also makes one.
public struct Imports: ExpressibleByDictionaryLiteral {
  /// Keyed by UTF-8 bytes: `String` equality would make canonically equivalent spellings
  /// ("\u{C5}", "A\u{30A}") one name, and wasm names are byte strings.
  private var modules: [[UInt8]: [[UInt8]: ExternalValue]] = [:]

  /// No imports.
  public init() {}

  public init(dictionaryLiteral elements: (String, [String: ExternalValue])...) {
    for (module, fields) in elements {
      for (name, value) in fields { define(module, name, value) }
    }
  }

  /// Makes `value` the import `module`.`name`, replacing what was defined there.
  public mutating func define(_ module: String, _ name: String, _ value: ExternalValue) {
    modules[Array(module.utf8), default: [:]][Array(name.utf8)] = value
  }

  /// Defines every export of `instance` under `module`, as a registered module of the spec
  /// does.
  public mutating func define(_ module: String, exportsOf instance: Instance) {
    for (name, value) in instance.exportsByBytes {
      modules[Array(module.utf8), default: [:]][name] = value
    }
  }

  /// The value defined as `module`.`name`, if any (names compared exactly).
  public subscript(module: String, name: String) -> ExternalValue? {
    modules[Array(module.utf8)]?[Array(name.utf8)]
  }
}
