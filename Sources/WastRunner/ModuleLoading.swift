import TextNesting
import WAT
import WasmVM

/// How far a module got through wasbox's pipeline before it was rejected.
enum Rejection: Error {
  case decode(DecodeError)
  case validation(ValidationError)

  var message: String {
    switch self {
    case .decode(let error): error.message
    case .validation(let error): error.message
    }
  }

  /// The rejection as a failure reason names it.
  var summary: String {
    switch self {
    case .decode(let error): "decoder: \(error.message)"
    case .validation(let error): "validator: \(error.message)"
    }
  }
}

extension ScriptSession {
  /// The binary of a module directive's source: encoded by WasmKit's WAT for text, the quoted
  /// text parsed first for `quote`. `textFailure` decides the verdict when WAT rejects the
  /// text, which differs between module definitions and `assert_malformed`.
  func binary(
    of source: ModuleSource, chunk: ScriptChunk,
    textFailure: (WatParserError) -> DirectiveStop
  ) throws(DirectiveStop) -> [UInt8] {
    if case .quote(let bytes) = source,
      let deep = TextNesting.violation(in: String(decoding: bytes, as: UTF8.self))
    {
      throw .fail("quoted module, line \(deep.line): \(deep.message)")
    }
    do {
      switch source {
      case .binary(let bytes):
        return bytes
      case .text(let wat):
        return try wat.encode()
      case .quote(let bytes):
        return try wat2wasm(String(decoding: bytes, as: UTF8.self), features: .all)
      }
    } catch {
      throw textFailure(error)
    }
  }

  /// The default verdict on text WAT rejects: a skip when it uses an out-of-scope proposal,
  /// a failure otherwise.
  func moduleTextFailure(chunk: ScriptChunk) -> (WatParserError) -> DirectiveStop {
    { error in
      if let proposal = ProposalClassifier.proposal(in: chunk.text) { return .skip(proposal) }
      return .fail("WAT could not encode the module: \(ScriptSession.describe(error))")
    }
  }

  /// Decodes and validates `bytes`, returning the module or why wasbox rejected it. A module
  /// that needs an unsupported proposal becomes a skip, named by the decoder.
  func decodeAndValidate(_ bytes: [UInt8]) throws(DirectiveStop) -> Result<
    ValidatedModule, Rejection
  > {
    let module: Module
    do {
      module = try Module(bytes: bytes)
    } catch {
      if let proposal = error.unsupportedProposal { throw .skip(proposal) }
      return .failure(.decode(error))
    }
    do {
      return .success(try module.validate())
    } catch {
      return .failure(.validation(error))
    }
  }

  /// Loads a module that the script expects to be well-formed and valid.
  func load(_ source: ModuleSource, chunk: ScriptChunk) throws(DirectiveStop) -> ValidatedModule {
    let bytes = try binary(of: source, chunk: chunk, textFailure: moduleTextFailure(chunk: chunk))
    switch try decodeAndValidate(bytes) {
    case .success(let loaded): return loaded
    case .failure(let rejection): throw .fail("module rejected by \(rejection.summary)")
    }
  }

  /// Instantiates a loaded module against the registered namespaces. Imports from a
  /// registered module that was skipped make this module skipped too.
  mutating func instantiate(_ loaded: ValidatedModule) throws(DirectiveStop) -> Result<
    Instance, InstantiationError
  > {
    for entry in loaded.module.imports {
      switch unavailableRegistrations[entry.module] {
      case .skipped(let reason)?: throw .skip(reason)
      case .failed(let line)?:
        throw .fail(
          "imports \"\(entry.module)\", registered from the failed module at line \(line)")
      case .instance?, nil: break
      }
    }
    modules[loaded.module.fingerprint] = loaded
    do {
      return .success(
        try store.instantiate(
          loaded, imports: registeredImports, startBudget: options.maxTicksPerInvocation))
    } catch {
      return .failure(error)
    }
  }

  /// `(module …)`: loads, and unless it is a definition, instantiates and makes it current.
  mutating func defineModule(_ directive: ModuleDirective, chunk: ScriptChunk) throws(DirectiveStop)
  {
    if directive.isDefinition {
      do throws(DirectiveStop) {
        let loaded = try load(directive.source, chunk: chunk)
        record(definition: .module(loaded), id: directive.id)
      } catch {
        record(definition: definitionSlot(for: error), id: directive.id)
        throw error
      }
      return
    }
    do throws(DirectiveStop) {
      let loaded = try load(directive.source, chunk: chunk)
      let instance = try requireInstance(instantiate(loaded))
      record(module: .instance(instance), id: directive.id)
    } catch {
      record(module: moduleSlot(for: error), id: directive.id)
      throw error
    }
  }

  /// `(module instance $I $M)`: instantiates a definition (the latest one without `$M`).
  mutating func instantiateDefinition(_ name: String?, as instanceName: String?)
    throws(DirectiveStop)
  {
    do throws(DirectiveStop) {
      let definition = name.map { definitions[$0] } ?? lastDefinition
      switch definition {
      case nil:
        throw .fail("no module definition \(name ?? "") to instantiate")
      case .skipped(let reason)?:
        throw .skip(reason)
      case .failed(let failedLine)?:
        throw .fail("module definition at line \(failedLine) failed to load")
      case .module(let loaded)?:
        let instance = try requireInstance(instantiate(loaded))
        record(module: .instance(instance), id: instanceName)
      }
    } catch {
      record(module: moduleSlot(for: error), id: instanceName)
      throw error
    }
  }

  /// `(register "name" $M?)`: makes a module's exports importable under `name`.
  mutating func register(_ name: String, moduleID: String?) throws(DirectiveStop) {
    let slot = moduleID.map { namedModules[$0] } ?? current
    switch slot {
    case .instance(let instance)?:
      registry[name] = instance.exports
      unavailableRegistrations[name] = nil
    case .skipped(let reason)?:
      unavailableRegistrations[name] = .skipped(reason)
      throw .skip(reason)
    case .failed(let failedLine)?:
      unavailableRegistrations[name] = .failed(line: failedLine)
      throw .fail("registers the module from line \(failedLine), which failed")
    case nil:
      throw .fail("no module \(moduleID ?? "") to register")
    }
  }

  /// The instance of a successful instantiation; a link error or trap is a failure.
  func requireInstance(_ result: Result<Instance, InstantiationError>) throws(DirectiveStop)
    -> Instance
  {
    switch result {
    case .success(let instance): return instance
    case .failure(.link(let error)): throw .fail("instantiation failed to link: \(error.message)")
    case .failure(.trap(let trap)): throw .fail("instantiation trapped: \(trap.message)")
    case .failure(.startBudgetExhausted(let budget)):
      throw .fail("start function did not finish within \(budget) ticks")
    }
  }

  private func moduleSlot(for stop: DirectiveStop) -> ModuleSlot {
    switch stop {
    case .skip(let reason): .skipped(reason)
    // A module directive never passes on the text parser's verdict.
    case .fail, .passedByTextParser: .failed(line: line)
    }
  }

  private func definitionSlot(for stop: DirectiveStop) -> DefinitionSlot {
    switch stop {
    case .skip(let reason): .skipped(reason)
    case .fail, .passedByTextParser: .failed(line: line)
    }
  }

  private mutating func record(module slot: ModuleSlot, id: String?) {
    current = slot
    if let id { namedModules[id] = slot }
  }

  private mutating func record(definition slot: DefinitionSlot, id: String?) {
    lastDefinition = slot
    if let id { definitions[id] = slot }
  }
}
