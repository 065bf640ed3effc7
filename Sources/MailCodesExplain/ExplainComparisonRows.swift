import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The side-by-side rows of a comparison: one label and one value per compared code.
enum ExplainComparisonRows {
  struct Row {
    /// A stable key for JSON (`class`, `meaning`, ...).
    let key: String
    let label: String
    let values: [String]
  }

  static func rows(_ items: [ExplainItem], language: ReferenceLanguage) -> [Row] {
    let labels = ExplainLabels(language: language)
    var rows: [Row] = []
    rows.append(Row(key: "class", label: labels.classLabel, values: items.map { classValue($0, language) }))
    rows.append(Row(key: "meaning", label: labels.meaning, values: items.map { $0.meaning(language) }))
    rows.append(
      Row(
        key: "retried", label: labels.retried,
        values: items.map { item in
          labels.shortRetry(item.classDigit.map(RetryBehavior.init(classDigit:)))
        }))
    if items.contains(where: { $0.basicPart?.entry != nil }) {
      rows.append(
        Row(
          key: "answers", label: labels.answers,
          values: items.map { item in
            item.basicPart?.entry.map { labels.commandList($0.repliesTo) } ?? "-"
          }))
    }
    rows.append(Row(key: "usuallyWith", label: labels.usuallyWith, values: items.map { usuallyWith($0, labels) }))
    rows.append(
      Row(
        key: "whenItAppears", label: labels.whenYouMeetIt,
        values: items.map { item in
          item.preferredTexts?.whenItAppears.text(language) ?? "-"
        }))
    rows.append(
      Row(
        key: "action", label: labels.whoMustAct,
        values: items.map { item in
          item.preferredTexts?.action.text(language) ?? labels.genericAction(classDigit: item.classDigit)
        }))
    return rows
  }

  /// "5xx Permanent negative", "5.x.x Permanent failure", or for `X.7.1` the classes it is used in.
  private static func classValue(_ item: ExplainItem, _ language: ReferenceLanguage) -> String {
    if let basic = item.basicPart, let meaning = basic.classMeaning {
      return "\(ExplainLabels.classPattern(basic: basic.code / 100)) \(meaning.title.text(language))"
    }
    if let enhanced = item.enhancedPart {
      if let statusClass = enhanced.statusClass, let meaning = enhanced.classMeaning {
        return "\(ExplainLabels.classPattern(enhanced: statusClass)) \(meaning.title.text(language))"
      }
      if let entry = enhanced.entry { return ExplainLabels(language: language).usedAs(entry) }
    }
    return "-"
  }

  private static func usuallyWith(_ item: ExplainItem, _ labels: ExplainLabels) -> String {
    switch item {
    case .basic(let basic):
      let codes = basic.entry?.usualEnhancedCodes ?? []
      return codes.isEmpty ? "-" : labels.list(codes)
    case .enhanced(let enhanced):
      let codes = enhanced.entry?.usualBasicCodes ?? []
      return codes.isEmpty ? "-" : labels.list(codes.map(String.init))
    case .reply:
      return "-"
    }
  }
}
