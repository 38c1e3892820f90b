import Foundation
import Glibc
import LibFuzzerDriver
import PluginHost
import WasmVM

/// libFuzzer entry point: restores a `PluginHost` snapshot whose manifest the input mutated as
/// structured JSON (plugin names, instances, capabilities, links, kv limits, files, paused
/// calls and their ids, arguments and buffers, `lastCallID`, kv entries, the module list) and
/// whose VM bytes it mutated as bytes, sealed again as an attacker can.
///
/// The first input byte chooses the base snapshot (``HostSessions``, bits 0–1) and the
/// restoring host's link grant (bits 2–3: any plugin, none, `lib` only, or each plugin its
/// own name); every later byte is a choice of ``ManifestMutator``, which applies up to 24
/// mutations.
///
/// Restoring must throw or give a host that works: every paused call and every export of
/// every plugin then runs under a small budget to completion, a trap, or a pause (cancelled),
/// and the host saves again to a snapshot that restores with the same configuration. Anything
/// else — a crash, a sanitizer report, a hang, a restored host that cannot be saved or whose
/// snapshot does not restore — aborts, and libFuzzer reports the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHostRestore(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data, size >= 1 else { return 0 }
  let control = data[0]
  let bases = HostSessions.all
  guard var parts = HostSnapshotParts(bases[Int(control & 3) % bases.count]) else {
    fail("a base snapshot does not open")
  }
  var choices = Choices(bytes: Array(UnsafeBufferPointer(start: data + 1, count: size - 1)))
  var applied = 0
  while !choices.isExhausted, applied < HostTarget.maxMutations {
    ManifestMutator.mutate(&parts, &choices, others: bases)
    applied += 1
  }
  guard let bytes = parts.sealed() else { return 0 }
  let links = HostTarget.links(control >> 2 & 3)
  guard
    let restored = try? PluginHost(
      restoring: bytes, configuration: HostSessions.configuration(links: links))
  else { return 0 }
  exercise(restored)
  let again: [UInt8]
  do {
    again = try restored.snapshot()
  } catch {
    fail("a restored host cannot be saved: \(error)")
  }
  do {
    let copy = try PluginHost(
      restoring: again, configuration: HostSessions.configuration(links: links))
    guard copy.plugins.map(\.name) == restored.plugins.map(\.name) else {
      fail("the copy has plugins \(copy.plugins.map(\.name)), not \(restored.plugins.map(\.name))")
    }
  } catch {
    fail("a snapshot of a restored host does not restore: \(error)")
  }
  return 0
}

enum HostTarget {
  static let maxMutations = 24
  /// Ticks of each slice a restored call runs; a call gets `slices` of them.
  static let slice: UInt64 = 5_000
  static let slices = 3

  static func links(_ mode: UInt8) -> @Sendable (String) -> LinkGrant {
    switch mode {
    case 0: { _ in .anyPlugin }
    case 1: { _ in .none }
    case 2: { _ in .plugins(["lib"]) }
    default: { name in .plugins([name]) }
    }
  }
}

/// Runs every paused call and every export of every plugin of `host` under a small budget,
/// cancelling what is still paused; each must complete, trap or pause, never crash.
func exercise(_ host: PluginHost) {
  for call in host.pausedCalls { finish(host, try? host.resume(call.id, budget: HostTarget.slice)) }
  for plugin in host.plugins {
    for (export, type) in plugin.exportedFunctions.sorted(by: { $0.key < $1.key }) {
      let arguments = type.parameters.map(Value.defaultValue(of:))
      finish(host, try? host.call(plugin.name, export, arguments, budget: HostTarget.slice))
    }
  }
}

/// Resumes a paused call for a few more slices, then cancels it.
func finish(_ host: PluginHost, _ outcome: CallOutcome?) {
  var outcome = outcome
  var slices = 1
  while case .paused(let call) = outcome {
    guard slices < HostTarget.slices else {
      _ = try? host.cancel(call.id)
      return
    }
    outcome = try? host.resume(call.id, budget: HostTarget.slice)
    slices += 1
  }
}

/// Reports `message` on standard error (unbuffered, so it survives the abort) and aborts.
func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("FuzzHostRestore: \(message)\n".utf8))
  abort()
}

/// Writes the seed corpus: each base snapshot unchanged under each link grant, and a few
/// programs of mutations; each base must restore first.
func writeSeeds(to directory: String) -> Int32 {
  for (index, bytes) in HostSessions.all.enumerated() {
    do {
      _ = try PluginHost(
        restoring: bytes, configuration: HostSessions.configuration(links: { _ in .anyPlugin }))
    } catch {
      print("FuzzHostRestore: base snapshot \(index) does not restore: \(error)")
      return 1
    }
  }
  var inputs: [[UInt8]] = []
  for base in 0..<UInt8(HostSessions.all.count) {
    for links in UInt8(0)..<4 { inputs.append([base | links << 2]) }
    for operation in UInt8(0)..<28 {
      inputs.append([base, operation, 0, 1, 2, 1, 3, 0, 1])
      inputs.append([base, operation, 0, 0, 0xFF, 0x7F, 1, 1, 0])
    }
  }
  return writeSeedInputs(inputs, to: directory, name: "FuzzHostRestore") {
    fuzzHostRestore($0, $1)
  }
}

/// The entry point SwiftPM links as `main`: `--write-seeds DIR` writes the seed corpus,
/// anything else hands over to libFuzzer.
@_cdecl("FuzzHostRestore_main")
public func fuzzHostRestoreMain(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  fuzzerMain(argc: argc, argv: argv, writeSeeds: writeSeeds(to:)) { data, size in
    fuzzHostRestore(data, size)
  }
}
