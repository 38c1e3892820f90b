/// Instantiation failed before any guest code ran: an import is missing or has the wrong type,
/// or a resource exceeds a limit. Messages use the spec's wording where one exists
/// ("unknown import", "incompatible import type").
public struct LinkError: Error, Hashable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
