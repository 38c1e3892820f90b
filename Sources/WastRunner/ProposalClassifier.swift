/// Names the out-of-scope proposal that a piece of script text uses, judged from its words.
///
/// Used when something could not be processed at all (the WAT parser rejected the text), to
/// tell "needs GC/exceptions/…" — a skip — from a genuine failure. When the text parses, the
/// decoder's own ``DecodeError/unsupportedProposal`` is the authority instead.
enum ProposalClassifier {
  /// Every proposal name a skip can carry, from this classifier or from the decoder's
  /// ``DecodeError/unsupportedProposal``; other skip reasons are limits of the text parser.
  static let names: Set<String> = [
    "exception-handling", "gc", "function-references", "threads", "custom-page-sizes",
    "wide-arithmetic",
  ]

  /// The first out-of-scope proposal whose syntax appears in `text`, or `nil`.
  static func proposal(in text: String) -> String? {
    let words = self.words(of: text)
    let set = Set(words)
    if set.contains("assert_exception") || !set.isDisjoint(with: exceptionWords) {
      return "exception-handling"
    }
    if usesGC(words) { return "gc" }
    if !set.isDisjoint(with: functionReferenceWords) { return "function-references" }
    if !set.isDisjoint(with: threadWords) || words.contains(where: { $0.contains(".atomic") }) {
      return "threads"
    }
    if set.contains("pagesize") { return "custom-page-sizes" }
    if !set.isDisjoint(with: wideArithmeticWords) { return "wide-arithmetic" }
    return nil
  }

  /// Splits on whitespace, parentheses and quotes, so that quoted module text
  /// (`module quote`) is classified by its words too.
  private static func words(of text: String) -> [Substring] {
    text.split {
      $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "(" || $0 == ")"
        || $0 == "\""
    }
  }

  private static let gcWords: Set<Substring> = [
    "struct", "array", "i31", "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref",
    "nullfuncref", "nullexternref", "any", "eq", "none", "nofunc", "noextern", "rec", "sub",
    "final", "ref.eq", "ref.test", "ref.cast", "br_on_cast", "br_on_cast_fail", "ref.i31",
    "any.convert_extern", "extern.convert_any", "field", "i8", "i16",
  ]

  private static func isGCInstruction(_ word: Substring) -> Bool {
    word.hasPrefix("struct.") || word.hasPrefix("array.") || word.hasPrefix("i31.")
  }

  private static func usesGC(_ words: [Substring]) -> Bool {
    words.contains { gcWords.contains($0) || isGCInstruction($0) }
  }

  private static let functionReferenceWords: Set<Substring> = [
    "ref", "call_ref", "return_call_ref", "br_on_null", "br_on_non_null", "ref.as_non_null",
  ]

  private static let exceptionWords: Set<Substring> = exceptionReferenceWords.union([
    "try_table", "throw", "throw_ref", "tag", "try", "catch", "catch_all", "catch_ref",
    "catch_all_ref", "delegate", "rethrow",
  ])

  /// Exception handling's reference types and heap types.
  private static let exceptionReferenceWords: Set<Substring> = [
    "exnref", "nullexnref", "exn", "noexn",
  ]

  private static let threadWords: Set<Substring> = [
    "shared", "atomic.fence", "thread", "wait", "memory.atomic.notify",
  ]

  private static let wideArithmeticWords: Set<Substring> = [
    "i64.add128", "i64.sub128", "i64.mul_wide_s", "i64.mul_wide_u",
  ]
}
