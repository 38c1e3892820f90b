import Foundation

/// Where interactive history is kept: `--history-file`, `~/.wasbox_history` by default.
public enum HistoryFile {
  /// The default, as `--help` shows it.
  public static let defaultPath = "~/.wasbox_history"

  /// `path` with a leading `~` replaced by the home directory: `HOME` from `environment` when
  /// it is set and not empty, otherwise `passwdHome` (the account's home in the passwd
  /// database). A `~` with no home to put there is left as it is.
  public static func resolve(
    _ path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    passwdHome: () -> String? = accountHome
  ) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    let home: String
    if let variable = environment["HOME"], !variable.isEmpty {
      home = variable
    } else if let account = passwdHome(), !account.isEmpty {
      home = account
    } else {
      return path
    }
    let rest = path.dropFirst()
    return home.hasSuffix("/") && rest.hasPrefix("/") ? home + rest.dropFirst() : home + rest
  }

  /// The current account's home directory from the passwd database, if it has one.
  public static func accountHome() -> String? {
    guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
    return String(cString: directory)
  }
}
