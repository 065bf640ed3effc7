import MailCodesKit

/// The command line's words for a code pattern it refuses: those of `mailcodes explain`, so that
/// `grep 5.9.9` and `explain 5.9.9` refuse the same codes in the same words. Here, where both
/// the filters (Analysis) and explain (Explain) are in sight.
extension CodePattern {
  /// Why `text`, which looks like a code (digits, dots, `x`, `*`), is not one, in the words of
  /// `mailcodes explain`; nil when it is a code or pattern, or does not look like one.
  static func rejection(_ text: String) -> String? {
    guard CodePattern(text) == nil else { return nil }
    let allowed = Set("0123456789xX*.")
    guard !text.isEmpty, text.count <= 11, text.allSatisfy({ allowed.contains($0) }) else { return nil }
    return (Explainer.check(arguments: [text], language: .en) ?? ExplainError.notACode(text, .en)).description
  }
}
