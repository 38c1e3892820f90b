import Foundation
import Testing

@testable import ReplCore

/// Tab completion of quoted paths, of plugins with a memory, paused call ids, log levels,
/// options and view types (issue 17, item 14).
@Suite struct CompletionTests {
  /// A session in the package root with plugins loaded and call #1 paused.
  static func session() -> ReplSession {
    let session = ReplSession(
      options: ReplSession.Options(budget: 10, directory: ReplTestSupport.packageRoot),
      output: { _ in })
    session.execute("load plugins/membank.wat plugins/sum.wat plugins/mathlib.wat")
    session.execute("sum.upto 1000")
    return session
  }

  /// Completes the last word of `line` as readline would: the word starts after an open
  /// quote, else after the last space.
  static func complete(_ session: ReplSession, _ line: String) -> [String] {
    let open = line.filter { $0 == "\"" }.count % 2 == 1
    let start = line.lastIndex(of: open ? "\"" : " ").map {
      line.distance(from: line.startIndex, to: $0) + 1
    }
    return session.completions(
      line: line, start: start ?? 0, word: String(line.dropFirst(start ?? 0)))
  }

  @Test func memoryAndWriteOfferOnlyPluginsWithAMemory() {
    let session = Self.session()
    #expect(Self.complete(session, "memory ") == ["membank"])
    #expect(Self.complete(session, "write ") == ["membank"])
    #expect(Self.complete(session, "exports ") == ["mathlib", "membank", "sum"])
  }

  @Test func pausedIdsLogLevelsOptionsAndTypes() {
    let session = Self.session()
    #expect(Self.complete(session, "resume ") == ["1", "all"])
    #expect(Self.complete(session, "cancel a") == ["all"])
    #expect(Self.complete(session, "log ") == ["level"])
    #expect(Self.complete(session, "log level w") == ["warning"])
    #expect(Self.complete(session, "log level ").contains("critical"))
    #expect(Self.complete(session, "unload sum --") == ["--dependents"])
    #expect(Self.complete(session, "sum.upto 5 --b") == ["--budget"])
    #expect(Self.complete(session, "memory membank 0 4 as i") == ["i8", "i16", "i32", "i64"])
    #expect(Self.complete(session, "help resu") == ["resume"])
    #expect(Self.complete(session, "where ") == ["1"])
    #expect(Self.complete(session, "frame ") == ["1"])
    #expect(Self.complete(session, "dis") == ["disasm"])
    #expect(Self.complete(session, "disasm sum.u") == ["sum.upto"])
  }

  @Test func pathsWithSpacesAreQuoted() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wasbox-completion-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("sub dir"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "(module)".write(
      to: directory.appendingPathComponent("my plugin.wat"), atomically: true, encoding: .utf8)
    try "(module)".write(
      to: directory.appendingPathComponent("plain.wat"), atomically: true, encoding: .utf8)
    let session = ReplSession(options: ReplSession.Options(directory: directory), output: { _ in })
    #expect(Self.complete(session, "load my") == ["\"my plugin.wat\""])
    #expect(Self.complete(session, "load su") == ["\"sub dir/"])
    #expect(Self.complete(session, "load pl") == ["plain.wat"])
    // Inside an opened quote readline passes the word without it; the quote gets closed.
    #expect(Self.complete(session, "load \"my p") == ["my plugin.wat\""])
    #expect(Self.complete(session, "load \"sub") == ["sub dir/"])
    #expect(Self.complete(session, "source \"pl") == ["plain.wat\""])
    // What completion inserts loads.
    session.execute("load \"my plugin.wat\"")
    #expect(session.host.plugin(named: "my plugin") != nil)
  }
}
