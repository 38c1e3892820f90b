/// Which other plugins a plugin may import from: their functions, memories, tables and
/// globals, shared and not copied, so a grant lets the importer read and change what it
/// imports (docs/plugin-abi.md, "Importing another plugin").
///
/// An embedder grants none by default (``PluginSource/links``): a plugin that imports from
/// another without a grant fails to load with ``PluginLinkError/Reason/linkNotGranted``, so no
/// plugin reaches another's memory or functions unless the app said so. `wasbox-repl` grants
/// ``anyPlugin``, since its user loads each plugin on purpose.
public enum LinkGrant: Hashable, Sendable, CustomStringConvertible {
  /// The plugins of these names.
  case plugins(Set<String>)
  /// Every plugin.
  case anyPlugin

  /// No plugin: the default.
  public static let none = LinkGrant.plugins([])

  /// Whether the grant lets a plugin import from `plugin`.
  public func allows(_ plugin: String) -> Bool {
    switch self {
    case .plugins(let names): names.contains(plugin)
    case .anyPlugin: true
    }
  }

  /// The plugins both grants allow.
  public func intersection(_ other: LinkGrant) -> LinkGrant {
    switch (self, other) {
    case (.anyPlugin, _): other
    case (_, .anyPlugin): self
    case (.plugins(let a), .plugins(let b)): .plugins(a.intersection(b))
    }
  }

  public var description: String {
    switch self {
    case .plugins(let names) where names.isEmpty: "no plugin"
    case .plugins(let names): names.sorted().joined(separator: ", ")
    case .anyPlugin: "any plugin"
    }
  }
}
