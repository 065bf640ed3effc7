import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Renders `mailcodes explain --format markdown`: headings, a fact list, sections, and tables
/// for typical texts, lists and comparisons. Paragraphs are not wrapped; Markdown viewers do.
struct ExplainMarkdownRenderer {
  let language: ReferenceLanguage
  private var lines: [String] = []

  init(language: ReferenceLanguage) {
    self.language = language
  }

  private var labels: ExplainLabels { ExplainLabels(language: language) }

  mutating func render(_ query: ExplainQuery) -> String {
    switch query {
    case .single(let subject):
      renderSingle(ExplainItem(subject))
    case .list(let patterns):
      renderList(patterns)
    case .comparison(let subjects):
      renderComparison(subjects.map(ExplainItem.init))
    }
    while lines.last == "" { lines.removeLast() }
    return lines.joined(separator: "\n") + "\n"
  }

  private mutating func renderSingle(_ item: ExplainItem) {
    switch item {
    case .basic(let basic):
      renderBasic(basic, level: 1)
    case .enhanced(let enhanced):
      renderEnhanced(enhanced, level: 1)
    case .reply(let reply):
      heading(1, "\(reply.label) — \(reply.meaning(language))")
      fact(labels.reply, "`\(Self.codeSpan(Sanitizer.terminalSafe(reply.fullText)))`")
      fact(labels.meaning, Self.escape(reply.meaning(language)))
      let retry = item.classDigit.map(RetryBehavior.init(classDigit:))
      fact(labels.retried, Self.escape(retry.map { $0.summary(language) } ?? labels.shortRetry(nil)))
      blank()
      if let basic = reply.basic { renderBasic(basic, level: 2) }
      if let enhanced = reply.enhanced { renderEnhanced(enhanced, level: 2) }
    }
  }

  private mutating func renderBasic(_ basic: ExplainBasic, level: Int) {
    heading(level, "\(basic.code) — \(basic.meaning(language))")
    if let meaning = basic.classMeaning {
      fact(labels.classLabel, digitFact(ExplainLabels.classPattern(basic: basic.code / 100), meaning))
    }
    if let meaning = basic.categoryMeaning {
      fact(labels.category, digitFact(ExplainLabels.categoryPattern(basic: basic.code / 10 % 10), meaning))
    }
    var retry = basic.retry.summary(language)
    if let note = basic.entry?.retryNote { retry += " " + note.text(language) }
    fact(labels.retried, Self.escape(retry))
    guard let entry = basic.entry else {
      fact(labels.note, Self.escape(labels.unknownBasic(basic.code)))
      blank()
      return
    }
    fact(labels.answers, Self.escape(labels.commandList(entry.repliesTo)))
    if !entry.usualEnhancedCodes.isEmpty {
      fact(labels.usuallyWith, labels.list(entry.usualEnhancedCodes))
    }
    fact(labels.definedIn, labels.list(entry.references))
    blank()
    sections(ExplainEntryTexts(entry), typicalTexts: entry.typicalTexts, level: level + 1)
  }

  private mutating func renderEnhanced(_ enhanced: ExplainEnhanced, level: Int) {
    heading(level, "\(enhanced.label) — \(enhanced.meaning(language))")
    if let statusClass = enhanced.statusClass, let meaning = enhanced.classMeaning {
      fact(labels.classLabel, digitFact(ExplainLabels.classPattern(enhanced: statusClass), meaning))
    }
    if let meaning = enhanced.subjectMeaning {
      fact(labels.subject, digitFact(ExplainLabels.subjectPattern(enhanced: enhanced.subject), meaning))
    }
    fact(labels.retried, Self.escape(enhanced.retry.map { $0.summary(language) } ?? labels.shortRetry(nil)))
    guard let entry = enhanced.entry else {
      fact(labels.note, Self.escape(labels.unregisteredEnhanced(enhanced.label, detail: enhanced.detail)))
      blank()
      return
    }
    fact(labels.registered, labels.registration(entry))
    if !entry.usualBasicCodes.isEmpty {
      fact(labels.usuallyWith, labels.list(entry.usualBasicCodes.map(String.init)))
    }
    if !enhanced.isClassAllowed {
      fact(
        labels.note,
        Self.escape(
          labels.unusualClass(enhanced.label, classes: entry.classes, subject: entry.subject, detail: entry.detail)))
    }
    blank()
    sections(ExplainEntryTexts(entry), typicalTexts: entry.typicalTexts, level: level + 1)
  }

  private func digitFact(_ pattern: String, _ meaning: CodeClassMeaning) -> String {
    let stop = language == .zh ? "。" : ". "
    return "\(pattern) — " + Self.escape("\(meaning.title.text(language))\(stop)\(meaning.explanation.text(language))")
  }

  private mutating func sections(_ texts: ExplainEntryTexts, typicalTexts: [VendorText], level: Int) {
    section(level, labels.description, texts.description.text(language))
    section(level, labels.whenItAppears, texts.whenItAppears.text(language))
    section(level, labels.clientFix, texts.clientFix.text(language))
    section(level, labels.serverFix, texts.serverFix.text(language))
    section(level, labels.whoMustAct, texts.action.text(language))
    guard !typicalTexts.isEmpty else { return }
    heading(level, labels.typicalTexts)
    lines.append("| \(labels.sender) | \(labels.reply) |")
    lines.append("|---|---|")
    for text in typicalTexts {
      lines.append("| \(Self.escape(text.vendor.name)) | `\(Self.codeSpan(text.text))` |")
    }
    blank()
  }

  private mutating func renderList(_ patterns: [ExplainPattern]) {
    let rows = ExplainListing.rows(for: patterns, language: language)
    heading(1, labels.listTitle(patterns.map(\.text), count: rows.count))
    guard !rows.isEmpty else {
      lines.append(labels.noMatch)
      return
    }
    lines.append("| \(labels.code) | \(labels.meaning) |")
    lines.append("|---|---|")
    for row in rows { lines.append("| \(row.label) | \(Self.escape(row.meaning)) |") }
  }

  private mutating func renderComparison(_ items: [ExplainItem]) {
    heading(1, items.map(\.label).joined(separator: labels.versus))
    let rows = ExplainComparisonRows.rows(items, language: language)
    lines.append("| | " + items.map(\.label).joined(separator: " | ") + " |")
    lines.append("|---|" + items.map { _ in "---|" }.joined())
    for row in rows {
      lines.append("| **\(row.label)** | " + row.values.map(Self.escape).joined(separator: " | ") + " |")
    }
    blank()
    heading(2, labels.keyDifferences)
    for bullet in ExplainComparison(items: items, language: language).keyDifferences() {
      lines.append("- " + Self.escape(bullet))
    }
  }

  private mutating func heading(_ level: Int, _ text: String) {
    lines.append(String(repeating: "#", count: level) + " " + Self.escape(text))
    blank()
  }

  private mutating func fact(_ label: String, _ value: String) {
    lines.append("- **\(label):** \(value)")
  }

  private mutating func section(_ level: Int, _ heading: String, _ text: String) {
    self.heading(level, heading)
    lines.append(Self.escape(text))
    blank()
  }

  private mutating func blank() {
    if lines.last != "" { lines.append("") }
  }

  /// Escapes the characters Markdown would take as markup: `<` and `>` (HTML), `*`, `|`
  /// (tables), backslash and backtick.
  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\\", "`", "*", "<", ">", "|": out.append("\\")
      default: break
      }
      out.append(character)
    }
    return out
  }

  /// Text inside a code span: only the table separator needs escaping, backticks cannot occur
  /// in reply texts but are replaced to keep the span closed.
  static func codeSpan(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "|": out += "\\|"
      case "`": out += "'"
      default: out.append(character)
      }
    }
    return out
  }
}
