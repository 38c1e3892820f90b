/// A command that could not be carried out. The message is one line that says what went wrong
/// and what to do instead; the session prints it and goes on.
public struct ReplError: Error, Sendable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
