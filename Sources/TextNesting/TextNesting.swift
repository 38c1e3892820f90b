/// The nesting limit of WebAssembly text, checked before any text reaches WasmKit's WAT
/// parser.
///
/// The parser descends recursively into every folded form — `(block (block …))`,
/// `(i32.add (i32.add …))` — so text nested a few thousand levels deep overflows the thread's
/// stack and kills the process (issue 25, item 10: 7,000 nested blocks in 56 KB). The parser is
/// a dependency we cannot change, so text is measured first, in one linear pass that holds no
/// state beyond a few counters, and text that nests deeper than ``maxDepth`` is refused with
/// the position of the first parenthesis past the limit.
///
/// The parser needs about 4 KiB of stack per level in a debug build (less optimized): 200
/// levels fit in a 1 MiB thread, which `TextNestingTests` checks, and 7,000 overflowed an 8 MiB
/// main thread in release. Real modules nest a few dozen levels (the spec suite's deepest,
/// `loop.wast`, 43).
public enum TextNesting {
  /// The deepest nesting of parentheses (and of `(; … ;)` block comments, which nest too) that
  /// WebAssembly text may have.
  public static let maxDepth = 200

  /// Where text first nests deeper than ``maxDepth``.
  public struct Violation: Equatable, Sendable {
    /// 1-based line and column (in Unicode scalars) of the opening parenthesis past the limit.
    public var line: Int
    public var column: Int

    /// What is wrong, without the position.
    public var message: String {
      "parentheses nest deeper than \(TextNesting.maxDepth) levels, the most WebAssembly text "
        + "may nest"
    }
  }

  /// The first place `text` nests deeper than ``maxDepth``, or `nil` when it does not.
  /// Parentheses inside strings and comments do not count; block comments nest like
  /// parentheses. Malformed text (an unclosed string or comment, a stray `)`) is left to the
  /// parser to report.
  public static func violation(in text: String) -> Violation? {
    var scanner = Scanner()
    for byte in text.utf8 {
      if scanner.step(byte) {
        return Violation(line: scanner.openLine, column: scanner.openColumn)
      }
    }
    return nil
  }

  /// The lexical state of the one pass: where it is, and inside what.
  private struct Scanner {
    enum Context { case code, string, stringEscape, lineComment }
    var context = Context.code
    var depth = 0
    /// Open `(;` comments; inside one, only `(;` and `;)` matter.
    var commentDepth = 0
    /// The byte before, or 0 when that byte already ended a token (`;)`, `;;`), so that it
    /// does not pair with the next one.
    var previous: UInt8 = 0
    var line = 1
    var column = 0
    /// Where the last `(` was: a violation names the parenthesis, also when the `;` after it
    /// makes it a comment.
    var openLine = 1
    var openColumn = 0

    /// Takes one byte; `true` when it opens a level past the limit.
    mutating func step(_ byte: UInt8) -> Bool {
      advancePosition(byte)
      var pairs = true
      var tooDeep = false
      if commentDepth > 0 {
        (tooDeep, pairs) = blockComment(byte)
      } else {
        switch context {
        case .string:
          if byte == UInt8(ascii: "\\") {
            context = .stringEscape
          } else if byte == UInt8(ascii: "\"") {
            context = .code
          }
        case .stringEscape:
          context = .string
        case .lineComment:
          if byte == UInt8(ascii: "\n") { context = .code }
        case .code:
          (tooDeep, pairs) = code(byte)
        }
      }
      previous = pairs ? byte : 0
      return tooDeep
    }

    /// Outside strings and comments: whether `byte` opens a level past the limit, and whether
    /// it may pair with the next byte.
    private mutating func code(_ byte: UInt8) -> (Bool, Bool) {
      switch byte {
      case UInt8(ascii: "\""):
        context = .string
      case UInt8(ascii: ";") where previous == UInt8(ascii: ";"):
        context = .lineComment
      case UInt8(ascii: ";") where previous == UInt8(ascii: "("):
        // `(;` opens a comment, not a level: undo the `(` counted a byte ago.
        depth -= 1
        commentDepth = 1
        return (depth + commentDepth > TextNesting.maxDepth, false)
      case UInt8(ascii: "("):
        depth += 1
        openLine = line
        openColumn = column
        return (depth > TextNesting.maxDepth, true)
      case UInt8(ascii: ")"):
        depth = max(0, depth - 1)
      default:
        break
      }
      return (false, true)
    }

    /// Inside a block comment: the same, for `(;` and `;)`.
    private mutating func blockComment(_ byte: UInt8) -> (Bool, Bool) {
      if byte == UInt8(ascii: ";"), previous == UInt8(ascii: "(") {
        commentDepth += 1
        return (depth + commentDepth > TextNesting.maxDepth, false)
      }
      if byte == UInt8(ascii: ")"), previous == UInt8(ascii: ";") {
        commentDepth -= 1
        return (false, false)
      }
      if byte == UInt8(ascii: "(") {
        openLine = line
        openColumn = column
      }
      return (false, true)
    }

    private mutating func advancePosition(_ byte: UInt8) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 0
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
  }
}
