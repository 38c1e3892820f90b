import Foundation
import TestSupport
import Testing

/// The public API of WasmVM as a reviewed list (`PublicAPI.txt`, next to this file; see
/// `PublicAPIList` for its form), so that growing the surface is a visible change.
///
/// After an intended change of the public API, regenerate the list and commit it with the
/// change:
///
///     WASBOX_UPDATE_API=1 swift test --filter PublicAPI
@Suite struct PublicAPITests {
  @Test func listMatchesTheSources() throws {
    let mismatch = try PublicAPIList.mismatch(module: "WasmVM")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test func scannerFindsEveryKindOfPublicDeclaration() {
    let source = #"""
      /// A doc comment mentioning public func notOne()
      public struct Outer: Sendable {
        // public var commentedOut: Int
        public var x: Int = 3
        let hidden = "public var inString: Int { }"
        public init(
          a: Int,
          b: String = "}"
        ) throws(Err)
          -> Outer
        {
          self.x = a
        }
        public enum Kind: UInt8 {
          case one = 1, two
          indirect case three
          func f() { switch self { case .one: break default: break } }
        }
      }
      extension Outer {
        public func g<T>(_ t: T) -> [T] where T: Equatable { [t] }
        public static func shift(_ x: Int = 1 << 2) -> Dictionary<Int, [Int]> { [:] }
        func notPublic() {}
      }
      public extension Outer {
        static func implicit() {}
        private func explicitlyPrivate() {}
      }
      /* public class InBlockComment {} */
      @exclusivity(unchecked) public private(set) var global = 1
      """#
    let lines = PublicAPIList.declarations(in: source, file: "t.swift").map(\.line)
    #expect(
      lines == [
        "- | public struct Outer: Sendable",
        "Outer | public var x: Int",
        "Outer | public init(a: Int, b: String = \"…\") throws(Err) -> Outer",
        "Outer | public enum Kind: UInt8",
        "Outer.Kind | case one = 1, two",
        "Outer.Kind | indirect case three",
        "Outer | public func g<T>(_ t: T) -> [T] where T: Equatable",
        "Outer | public static func shift(_ x: Int = 1 << 2) -> Dictionary<Int, [Int]>",
        "- | public extension Outer",
        "Outer | public static func implicit()",
        "- | public private(set) var global",
      ])
  }

}
