/// Instantiation failed before any guest code ran: an import is missing or has the wrong type,
/// or a resource exceeds a limit. Messages use the spec's wording where one exists
/// ("unknown import", "incompatible import type").
public struct LinkError: Error, Hashable, Sendable, CustomStringConvertible {
  public var message: String
  /// The limit the instance ran into, when that is why it failed, so that an embedder can
  /// tell its user which setting to raise without reading the message.
  public var limit: ResourceLimit?
  public init(_ message: String, limit: ResourceLimit? = nil) {
    self.message = message
    self.limit = limit
  }
  public var description: String { message }
}

/// A limit on what a module or an instance may hold (see ``ResourceLimits``,
/// ``MemoryPageBudget`` and ``TableElementBudget``), named by the ``LinkError`` or
/// ``DecodeError`` it caused.
public enum ResourceLimit: Hashable, Sendable {
  /// ``ResourceLimits/maxMemoryPages``: the pages of one memory.
  case memoryPages
  /// A ``MemoryPageBudget``: the pages of all memories that share it.
  case sharedMemoryPages
  /// ``ResourceLimits/maxTableElements``: the elements of one table.
  case tableElements
  /// A store's ``TableElementBudget`` (``ResourceLimits/maxTotalTableElements``): the
  /// elements of all its tables.
  case sharedTableElements
  /// ``ResourceLimits/maxTables``: the tables of a module, imported and defined.
  case tables
  /// ``ResourceLimits/maxModuleBytes``: the bytes of a module's binary.
  case moduleBytes
  /// ``ResourceLimits/maxFunctionBodyBytes``: the bytes of one function body.
  case functionBodyBytes
  /// ``ResourceLimits/maxFunctions``: the functions of a module, imported and defined.
  case functions
}
