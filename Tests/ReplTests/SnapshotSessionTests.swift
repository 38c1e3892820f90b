import Foundation
import Testing

/// `save FILE`, `restore FILE` and `--restore FILE`: a session saved by one REPL process and
/// resumed by another finishes its paused calls as if the REPL had never stopped.
@Suite struct SnapshotSessionTests {
  @Test func aCallPausedInOneProcessFinishesInAnother() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-snapshot")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("session.snap").path

    let first = try ReplTestSupport.runBinary(
      ["plugins/sum.wat", "plugins/counter.wat"],
      input: """
        counter.next
        sum.upto 100000 --budget 12345
        save \(file)
        quit

        """)
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    #expect(first.stdout.contains("paused #2 sum.upto after 12345 ticks"))
    #expect(first.stdout.contains("saved 2 plugins and 1 paused call to"))

    let second = try ReplTestSupport.runBinary(
      ["--restore", file], input: "paused\ncounter.next\nresume 2 100000000\n")
    #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
    #expect(second.stdout.contains("restored 2 plugins and 1 paused call (#2) from"))
    #expect(second.stdout.contains("#2 sum.upto(i64:100000) after 12345 ticks"))
    // The counter's kv data came along: the second next is 2.
    #expect(second.stdout.contains("i64 2  ("))

    let uninterrupted = try ReplTestSupport.runBinary(
      ["plugins/sum.wat"], input: "sum.upto 100000 --budget 100000000\n")
    let line = try #require(
      uninterrupted.stdout.split(separator: "\n").first { $0.hasPrefix("i64") })
    #expect(line == "i64 5000050000  (1200005 ticks)")
    #expect(second.stdout.contains(line + "\n"))
  }

  @Test func damagedAndMissingFilesAreClearErrors() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-snapshot")
    defer { try? FileManager.default.removeItem(at: directory) }
    let damaged = directory.appendingPathComponent("damaged.snap")
    try Data("\0wbxhost garbage that is no snapshot".utf8).write(to: damaged)
    let (output, failures) = ReplTestSupport.run([
      "restore \(damaged.path)", "restore \(directory.path)", "restore /no/such/file",
      "load plugins/sum.wat", "sum.upto 1",
    ])
    #expect(failures == 3, "\(output)")
    #expect(output.contains("error: cannot restore \(damaged.path): snapshot:"))
    #expect(output.contains("it is a directory"))
    #expect(output.contains("no file at /no/such/file"))
    // The session goes on.
    #expect(output.contains("i64 1"))
  }

  /// The session picks its kv database (`--kv`), never the snapshot: a snapshot naming a
  /// SQLite file is refused by a session that did not open that file, which stays untouched.
  @Test func aSnapshotCannotChooseTheDatabaseItRestoresInto() throws {
    let directory = try ReplTestSupport.makeTemporaryDirectory("wasbox-snapshot")
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("plugins.sqlite").path
    let file = directory.appendingPathComponent("session.snap").path
    let first = try ReplTestSupport.runBinary(
      ["--kv", database, "plugins/counter.wat"], input: "counter.next\nsave \(file)\nquit\n")
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: database + suffix)
    }
    let (output, failures) = ReplTestSupport.run(["restore \(file)"])
    #expect(failures == 1, "\(output)")
    #expect(output.contains("start wasbox-repl with --kv on that file"), "\(output)")
    #expect(!FileManager.default.fileExists(atPath: database))
  }
}
