import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A reply-code pattern: `530`, `5xx`, `55x`, `5.7.1`, `5.7.*`, `4.*.*`, `5.7.x`.
///
/// Basic patterns are three characters, each a digit or `x`/`X`/`*`; enhanced patterns are
/// `class.subject.detail` where any part may be `*` or `x`. What `mailcodes explain` refuses is
/// refused here too (`rejection`): a basic code's digits are 2-5 and 0-5 (RFC 5321 4.2), an
/// enhanced code's class 2, 4 or 5 and its subject 0-7 (RFC 3463).
public struct CodePattern: Sendable, Equatable, CustomStringConvertible {
  enum Part: Equatable, Sendable {
    case any
    case value(Int)

    func matches(_ v: Int) -> Bool {
      if case .value(let x) = self { return x == v }
      return true
    }
  }

  enum Shape: Equatable, Sendable {
    case basic(Part, Part, Part)
    case enhanced(Part, Part, Part)
  }

  let shape: Shape
  public let description: String

  /// Parses a pattern; nil when `text` is not one.
  public init?(_ text: String) {
    description = text
    let chars = Array(text)
    func part(_ c: Character) -> Part? {
      if c == "x" || c == "X" || c == "*" { return .any }
      if let d = c.wholeNumberValue, c.isASCII { return .value(d) }
      return nil
    }
    if chars.count == 3, let a = part(chars[0]), let b = part(chars[1]), let c = part(chars[2]) {
      if case .value(let first) = a, !(2...5).contains(first) { return nil }
      if case .value(let second) = b, second > 5 { return nil }
      shape = .basic(a, b, c)
      return
    }
    let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
    guard pieces.count == 3 else { return nil }
    var parts: [Part] = []
    for piece in pieces {
      if piece == "*" || piece == "x" || piece == "X" {
        parts.append(.any)
      } else if let n = Int(piece), (1...3).contains(piece.count), piece.allSatisfy({ $0.isASCII && $0.isNumber }) {
        parts.append(.value(n))
      } else {
        return nil
      }
    }
    if case .value(let c) = parts[0], ![2, 4, 5].contains(c) || pieces[0].count != 1 { return nil }
    if case .value(let subject) = parts[1], subject > 7 { return nil }
    shape = .enhanced(parts[0], parts[1], parts[2])
  }

  /// Whether this is an enhanced-code pattern.
  public var isEnhanced: Bool {
    if case .enhanced = shape { return true }
    return false
  }

  /// Whether a reply with these codes matches.
  public func matches(code: ReplyCode?, enhanced: EnhancedStatusCode?) -> Bool {
    switch shape {
    case .basic(let a, let b, let c):
      guard let v = code.map({ Int($0.rawValue) }) else { return false }
      return a.matches(v / 100) && b.matches(v / 10 % 10) && c.matches(v % 10)
    case .enhanced(let a, let b, let c):
      guard let e = enhanced else { return false }
      return a.matches(Int(e.statusClass)) && b.matches(Int(e.subject)) && c.matches(Int(e.detail))
    }
  }

  /// The literal digits every matching line contains when the code is printed (`554` -> "554"),
  /// for a prefilter; nil for patterns with wildcards.
  public var literal: String? {
    switch shape {
    case .basic(.value(let a), .value(let b), .value(let c)): return "\(a)\(b)\(c)"
    case .enhanced(.value(let a), .value(let b), .value(let c)): return "\(a).\(b).\(c)"
    default: return nil
    }
  }
}
