import TextNesting
import WAT
import WasmVM

/// What became of a module directive, which decides what later directives naming it do.
enum ModuleSlot {
  case instance(Instance)
  /// Needs an out-of-scope proposal; actions on it are skipped for the same reason.
  case skipped(String)
  /// Failed to load at the given line; actions on it fail too.
  case failed(line: Int)
}

/// What became of a `(module definition …)`, which `(module instance …)` instantiates later.
enum DefinitionSlot {
  case module(ValidatedModule)
  case skipped(String)
  case failed(line: Int)
}

/// The running state of one script: its store, its named and registered modules, the
/// current module that unnamed actions address, and the tally so far.
struct ScriptSession {
  /// Replaced by a restored copy at every pause under ``WastRunner/snapshotEvery``.
  var store: Store
  /// Every module instantiated so far, by fingerprint, for restoring snapshots.
  var modules: [Fingerprint: ValidatedModule] = [:]
  let options: WastRunner
  var report: WastReport
  /// Import namespaces: `spectest` plus every `register`ed instance's exports.
  var registry: [String: [String: ExternalValue]]
  /// Registered names whose module did not load, with the slot it had.
  var unavailableRegistrations: [String: ModuleSlot] = [:]
  /// The most recently instantiated module, addressed by actions without a module name.
  var current: ModuleSlot?
  var namedModules: [String: ModuleSlot] = [:]
  var definitions: [String: DefinitionSlot] = [:]
  var lastDefinition: DefinitionSlot?
  /// Line of the directive being run.
  var line = 0

  init(file: String, options: WastRunner) {
    self.store = Store()
    self.options = options
    self.report = WastReport(file: file)
    self.registry = ["spectest": SpectestModule.exports(in: store)]
  }

  /// Runs one directive and counts its outcome; nothing it does can end the script.
  mutating func run(_ chunk: ScriptChunk) {
    line = chunk.line
    if let reason = skippedActionTarget(chunk) {
      // Saves parsing the thousands of assertions on a skipped module (the SIMD scripts
      // are megabytes of them); parsing them would end in this same skip.
      report.skips.append(WastNote(line: line, reason: reason))
      return
    }
    do throws(DirectiveStop) {
      guard let directive = try parse(chunk) else { return }
      try perform(directive, chunk: chunk)
      report.passed += 1
    } catch {
      switch error {
      case .skip(let reason): report.skips.append(WastNote(line: line, reason: reason))
      case .fail(let reason): report.failures.append(WastNote(line: line, reason: reason))
      case .passedByTextParser(let reason):
        report.passed += 1
        report.textParserVerdicts.append(WastNote(line: line, reason: reason))
      }
    }
  }

  /// The skip reason of the module an action addresses, when that module was skipped.
  private func skippedActionTarget(_ chunk: ScriptChunk) -> String? {
    guard let target = chunk.actionModule else { return nil }
    let slot = target.map { namedModules[$0] } ?? current
    guard case .skipped(let reason)? = slot else { return nil }
    return reason
  }

  /// Parses a directive with every WasmKit feature enabled, so that out-of-scope modules
  /// still reach our decoder, which then names the proposal. When the parser rejects the
  /// text, the directive's words decide between a skip and a failure.
  private mutating func parse(_ chunk: ScriptChunk) throws(DirectiveStop) -> WASTDirective? {
    var text = chunk.text
    if chunk.keyword == "assert_uninstantiable", let range = text.range(of: "assert_uninstantiable")
    {
      // The older spelling of `assert_trap` on a module, which WasmKit's parser lacks.
      text.replaceSubrange(range, with: "assert_trap")
    }
    if let deep = TextNesting.violation(in: text) {
      throw .fail("line \(deep.line) of the directive: \(deep.message)")
    }
    do {
      var script = try parseWAST(text, features: .all)
      return try script.nextDirective()?.directive
    } catch {
      let stop = Self.parseFailure(error, chunk: chunk)
      if chunk.keyword == "module" { recordUnparsedModule(chunk, stop: stop) }
      throw stop
    }
  }

  /// The verdict for text the WAT parser rejected. An `assert_malformed` on a text module
  /// passes on the parser's verdict (malformed text is the text parser's to judge); a binary
  /// one that does not even parse is a failure like any other unreadable directive.
  static func parseFailure(_ error: WatParserError, chunk: ScriptChunk) -> DirectiveStop {
    if chunk.keyword == "assert_malformed", !chunk.isBinaryModule {
      return textParserVerdict(error)
    }
    if let proposal = ProposalClassifier.proposal(in: chunk.text) { return .skip(proposal) }
    return .fail("WAT parser rejected the text: \(describe(error))")
  }

  /// An `assert_malformed` on text that WasmKit's WAT rejected: passed, on the parser's word.
  static func textParserVerdict(_ error: WatParserError) -> DirectiveStop {
    .passedByTextParser("WAT parser rejected the text: \(describe(error))")
  }

  /// A parser error without its location, which is relative to the directive, not the file.
  static func describe(_ error: WatParserError) -> String {
    let text = error.description
    guard let range = text.range(of: " at Location(") else { return text }
    return String(text[..<range.lowerBound])
  }

  /// Marks a module whose text did not parse, so that actions on it are skipped or fail.
  private mutating func recordUnparsedModule(_ chunk: ScriptChunk, stop: DirectiveStop) {
    let slot: ModuleSlot
    switch stop {
    case .skip(let reason): slot = .skipped(reason)
    case .fail, .passedByTextParser: slot = .failed(line: chunk.line)
    }
    let words = chunk.text.dropFirst().split { $0 == " " || $0 == "\n" || $0 == "\t" }
    let isDefinition = words.dropFirst().first == "definition"
    let id = words.dropFirst(isDefinition ? 2 : 1).first.flatMap { $0.hasPrefix("$") ? $0 : nil }
    if isDefinition {
      let definition: DefinitionSlot =
        switch slot {
        case .skipped(let reason): .skipped(reason)
        default: .failed(line: chunk.line)
        }
      lastDefinition = definition
      if let id { definitions[String(id)] = definition }
    } else {
      current = slot
      if let id { namedModules[String(id)] = slot }
    }
  }

  private mutating func perform(
    _ directive: WASTDirective, chunk: ScriptChunk
  ) throws(DirectiveStop) {
    switch directive {
    case .module(let module):
      try defineModule(module, chunk: chunk)
    case .moduleInstance(let instance, let module):
      try instantiateDefinition(module, as: instance)
    case .register(let name, let moduleID):
      try register(name, moduleID: moduleID)
    case .invoke(let invoke):
      if case .trapped(let trap) = try perform(invoke) {
        throw .fail("unexpected trap: \(trap.message)")
      }
    case .assertReturn(let execute, let results):
      try assertReturn(execute, results, chunk: chunk)
    case .assertTrap(let execute, let message):
      try assertTrap(execute, message, chunk: chunk)
    case .assertExhaustion(let call, let message):
      try expectTrap(try perform(call), message)
    case .assertInvalid(let module, let message):
      try assertInvalid(module, message, chunk: chunk)
    case .assertMalformed(let module, let message):
      try assertMalformed(module, message, chunk: chunk)
    case .assertUnlinkable(let wat, let message):
      try assertUnlinkable(wat, message, chunk: chunk)
    case .assertException:
      throw .skip("exception-handling")
    case .assertFuel, .assertOutOfFuel:
      throw .skip("WasmKit fuel directive (not part of the spec)")
    }
  }
}

extension ScriptSession {
  /// What a module instantiated now may import: every registered module's exports.
  var registeredImports: Imports {
    var imports = Imports()
    for (module, fields) in registry {
      for (name, value) in fields { imports.define(module, name, value) }
    }
    return imports
  }
}
