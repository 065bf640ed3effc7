import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The codes of the reference that match patterns such as `5xx`, `55x`, `5.7.x` or `x.7.*`.
enum ExplainListing {
  struct Row: Equatable {
    /// `550`, `5.7.1` or `X.7.1`.
    let label: String
    let meaning: String
    let isBasic: Bool
  }

  /// The matching codes, pattern by pattern, each in reference order, without repeats.
  static func rows(for patterns: [ExplainPattern], language: ReferenceLanguage) -> [Row] {
    var rows: [Row] = []
    var seen: Set<String> = []
    for pattern in patterns {
      for row in matching(pattern, language: language) where seen.insert(row.label).inserted {
        rows.append(row)
      }
    }
    return rows
  }

  private static func matching(_ pattern: ExplainPattern, language: ReferenceLanguage) -> [Row] {
    switch pattern.kind {
    case .basic(let first, let second, let third):
      return ReplyCodeReference.basicEntries.compactMap { entry in
        let code = entry.code
        guard matches(first, code / 100), matches(second, code / 10 % 10), matches(third, code % 10) else { return nil }
        return Row(label: String(code), meaning: entry.meaning.text(language), isBasic: true)
      }
    case .enhanced(let statusClass, let subject, let detail):
      return ReplyCodeReference.enhancedEntries.compactMap { entry in
        guard matches(subject, entry.subject), matches(detail, entry.detail) else { return nil }
        if let statusClass {
          guard entry.allows(statusClass: statusClass) else { return nil }
          return Row(
            label: "\(statusClass).\(entry.subject).\(entry.detail)", meaning: entry.meaning.text(language),
            isBasic: false)
        }
        return Row(label: entry.label, meaning: entry.meaning.text(language), isBasic: false)
      }
    }
  }

  private static func matches(_ wanted: Int?, _ actual: Int) -> Bool { wanted == nil || wanted == actual }
}
