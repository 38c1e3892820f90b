import ReplCore
import Testing

/// Where interactive history goes: `~` is `$HOME`, else the account's home.
@Suite struct HistoryFileTests {
  @Test func homeVariableWins() {
    let path = HistoryFile.resolve(
      HistoryFile.defaultPath, environment: ["HOME": "/tmp/elsewhere"], passwdHome: { "/home/me" })
    #expect(path == "/tmp/elsewhere/.wasbox_history")
  }

  @Test func passwdHomeWhenHomeIsUnsetOrEmpty() {
    for environment in [[:], ["HOME": ""]] {
      let path = HistoryFile.resolve(
        HistoryFile.defaultPath, environment: environment, passwdHome: { "/home/me" })
      #expect(path == "/home/me/.wasbox_history")
    }
  }

  @Test func otherPathsAreKept() {
    #expect(
      HistoryFile.resolve("/var/h", environment: ["HOME": "/x"], passwdHome: { nil }) == "/var/h")
    #expect(HistoryFile.resolve("~/h", environment: [:], passwdHome: { nil }) == "~/h")
    #expect(HistoryFile.resolve("~/h", environment: ["HOME": "/"], passwdHome: { nil }) == "/h")
  }

  @Test func helpShowsTheUnexpandedDefault() throws {
    let help = try ReplTestSupport.runBinary(["--help"])
    #expect(help.stdout.contains("~/.wasbox_history"))
  }
}
