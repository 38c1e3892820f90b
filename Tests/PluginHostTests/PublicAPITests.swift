import TestSupport
import Testing

/// The public API of PluginHost as a reviewed list (`PublicAPI.txt`, next to this file; see
/// `PublicAPIList` for its form), so that growing the surface is a visible change.
///
/// After an intended change of the public API, regenerate the list and commit it with the
/// change:
///
///     WASBOX_UPDATE_API=1 swift test --filter PublicAPI
@Suite struct PluginHostPublicAPITests {
  @Test func listMatchesTheSources() throws {
    let mismatch = try PublicAPIList.mismatch(module: "PluginHost")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}
