import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Renders `mailcodes explain` as plain text: ASCII layout (the Chinese text aside), wrapped
/// at a given width, no colours.
struct ExplainTextRenderer {
  let language: ReferenceLanguage
  let width: Int
  private var lines: [String] = []

  init(language: ReferenceLanguage, width: Int) {
    self.language = language
    self.width = max(width, 40)
  }

  private var labels: ExplainLabels { ExplainLabels(language: language) }

  mutating func render(_ query: ExplainQuery) -> String {
    switch query {
    case .single(let subject):
      renderSingle(ExplainItem(subject))
    case .comparison(let subjects):
      renderComparison(subjects.map(ExplainItem.init))
    case .list(let patterns):
      renderList(patterns)
    }
    while lines.last == "" { lines.removeLast() }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Single items

  private mutating func renderSingle(_ item: ExplainItem) {
    switch item {
    case .basic(let basic):
      renderBasic(basic, underline: "=")
    case .enhanced(let enhanced):
      renderEnhanced(enhanced, underline: "=")
    case .reply(let reply):
      title("\(reply.label)  \(reply.meaning(language))", underline: "=")
      // The pasted text may hold a stranger's escape sequences (a bounce): escaped like log text.
      var facts: [(String, String)] = [
        (labels.reply, Sanitizer.terminalSafe(reply.fullText)),
        (labels.meaning, reply.meaning(language)),
      ]
      let retry = item.classDigit.map(RetryBehavior.init(classDigit:))
      facts.append((labels.retried, retry.map { $0.summary(language) } ?? labels.shortRetry(nil)))
      factTable(facts)
      blank()
      if let basic = reply.basic { renderBasic(basic, underline: "-") }
      if let enhanced = reply.enhanced { renderEnhanced(enhanced, underline: "-") }
    }
  }

  private mutating func renderBasic(_ basic: ExplainBasic, underline: Character) {
    title("\(basic.code)  \(basic.meaning(language))", underline: underline)
    var facts: [(String, String)] = []
    if let meaning = basic.classMeaning {
      facts.append((labels.classLabel, digitFact(ExplainLabels.classPattern(basic: basic.code / 100), meaning)))
    }
    if let meaning = basic.categoryMeaning {
      facts.append((labels.category, digitFact(ExplainLabels.categoryPattern(basic: basic.code / 10 % 10), meaning)))
    }
    var retry = basic.retry.summary(language)
    if let note = basic.entry?.retryNote { retry += " " + note.text(language) }
    facts.append((labels.retried, retry))
    guard let entry = basic.entry else {
      facts.append((labels.note, labels.unknownBasic(basic.code)))
      factTable(facts)
      blank()
      return
    }
    facts.append((labels.answers, labels.commandList(entry.repliesTo)))
    if !entry.usualEnhancedCodes.isEmpty {
      facts.append((labels.usuallyWith, labels.list(entry.usualEnhancedCodes)))
    }
    facts.append((labels.definedIn, labels.list(entry.references)))
    factTable(facts)
    blank()
    sections(ExplainEntryTexts(entry), typicalTexts: entry.typicalTexts)
  }

  private mutating func renderEnhanced(_ enhanced: ExplainEnhanced, underline: Character) {
    title("\(enhanced.label)  \(enhanced.meaning(language))", underline: underline)
    var facts: [(String, String)] = []
    if let statusClass = enhanced.statusClass, let meaning = enhanced.classMeaning {
      facts.append((labels.classLabel, digitFact(ExplainLabels.classPattern(enhanced: statusClass), meaning)))
    }
    if let meaning = enhanced.subjectMeaning {
      facts.append((labels.subject, digitFact(ExplainLabels.subjectPattern(enhanced: enhanced.subject), meaning)))
    }
    facts.append((labels.retried, enhanced.retry.map { $0.summary(language) } ?? labels.shortRetry(nil)))
    guard let entry = enhanced.entry else {
      facts.append((labels.note, labels.unregisteredEnhanced(enhanced.label, detail: enhanced.detail)))
      factTable(facts)
      blank()
      return
    }
    facts.append((labels.registered, labels.registration(entry)))
    if !entry.usualBasicCodes.isEmpty {
      facts.append((labels.usuallyWith, labels.list(entry.usualBasicCodes.map(String.init))))
    }
    if !enhanced.isClassAllowed {
      facts.append(
        (
          labels.note,
          labels.unusualClass(enhanced.label, classes: entry.classes, subject: entry.subject, detail: entry.detail)
        ))
    }
    factTable(facts)
    blank()
    sections(ExplainEntryTexts(entry), typicalTexts: entry.typicalTexts)
  }

  /// "5xx  Permanent negative. The command was refused ..."
  private func digitFact(_ pattern: String, _ meaning: CodeClassMeaning) -> String {
    let stop = language == .zh ? "。" : ". "
    return "\(pattern)  \(meaning.title.text(language))\(stop)\(meaning.explanation.text(language))"
  }

  private mutating func sections(_ texts: ExplainEntryTexts, typicalTexts: [VendorText]) {
    section(labels.description, texts.description.text(language))
    section(labels.whenItAppears, texts.whenItAppears.text(language))
    section(labels.clientFix, texts.clientFix.text(language))
    section(labels.serverFix, texts.serverFix.text(language))
    section(labels.whoMustAct, texts.action.text(language))
    guard !typicalTexts.isEmpty else { return }
    lines.append(labels.typicalTexts)
    var previousVendor: VendorText.Vendor?
    for text in typicalTexts {
      if text.vendor != previousVendor {
        lines.append("  " + text.vendor.name)
        previousVendor = text.vendor
      }
      hanging(text.text, firstIndent: 4, restIndent: 6)
    }
    blank()
  }

  // MARK: - Lists

  private mutating func renderList(_ patterns: [ExplainPattern]) {
    let rows = ExplainListing.rows(for: patterns, language: language)
    title(labels.listTitle(patterns.map(\.text), count: rows.count), underline: "=")
    guard !rows.isEmpty else {
      lines.append("  " + labels.noMatch)
      return
    }
    let codeWidth = rows.map { TextLayout.displayWidth($0.label) }.max()! + 2
    for row in rows {
      lines += TextLayout.labeled(row.label, row.meaning, indent: 2, labelWidth: codeWidth, width: width)
    }
  }

  // MARK: - Comparisons

  private mutating func renderComparison(_ items: [ExplainItem]) {
    title(items.map(\.label).joined(separator: labels.versus), underline: "=")
    let rows = ExplainComparisonRows.rows(items, language: language)
    let labelWidth = rows.map { TextLayout.displayWidth($0.label) }.max()! + 2
    let gap = 2
    let available = width - 2 - labelWidth - gap * (items.count - 1)
    let columnWidth = available / items.count

    if columnWidth >= 16 {
      let header = items.map(\.label)
      lines.append(
        trimmedRight(
          "  " + TextLayout.padded("", to: labelWidth)
            + header.map { TextLayout.padded($0, to: columnWidth) }.joined(
              separator: String(repeating: " ", count: gap))))
      lines.append(
        trimmedRight(
          "  " + TextLayout.padded("", to: labelWidth)
            + header.map {
              TextLayout.padded(String(repeating: "-", count: TextLayout.displayWidth($0)), to: columnWidth)
            }
            .joined(separator: String(repeating: " ", count: gap))))
      for row in rows {
        let cells = row.values.map { TextLayout.wrap($0, width: columnWidth) }
        let height = cells.map(\.count).max()!
        for index in 0..<height {
          let label = index == 0 ? row.label : ""
          let text = cells.map { TextLayout.padded(index < $0.count ? $0[index] : "", to: columnWidth) }
            .joined(separator: String(repeating: " ", count: gap))
          lines.append(trimmedRight("  " + TextLayout.padded(label, to: labelWidth) + text))
        }
      }
    } else {
      // Too many codes for side-by-side columns: one block per code, same rows.
      for (index, item) in items.enumerated() {
        lines.append("  " + item.label)
        for row in rows {
          lines += TextLayout.labeled(row.label, row.values[index], indent: 4, labelWidth: labelWidth, width: width)
        }
        blank()
      }
    }
    blank()
    lines.append(labels.keyDifferences)
    for bullet in ExplainComparison(items: items, language: language).keyDifferences() {
      hanging("- " + bullet, firstIndent: 2, restIndent: 4)
    }
  }

  // MARK: - Building blocks

  private mutating func title(_ text: String, underline: Character) {
    let wrapped = TextLayout.wrap(text, width: width)
    lines += wrapped
    let widest = wrapped.map(TextLayout.displayWidth).max() ?? 0
    lines.append(String(repeating: underline, count: min(widest, width)))
    blank()
  }

  private mutating func factTable(_ facts: [(String, String)]) {
    let labelWidth = facts.map { TextLayout.displayWidth($0.0) }.max()! + 2
    for (label, value) in facts {
      lines += TextLayout.labeled(label, value, indent: 2, labelWidth: labelWidth, width: width)
    }
  }

  private mutating func section(_ heading: String, _ text: String) {
    lines.append(heading)
    lines += TextLayout.indented(text, indent: 2, width: width)
    blank()
  }

  private mutating func hanging(_ text: String, firstIndent: Int, restIndent: Int) {
    let wrapped = TextLayout.wrap(text, width: max(width - restIndent, 10))
    for (index, line) in wrapped.enumerated() {
      lines.append(String(repeating: " ", count: index == 0 ? firstIndent : restIndent) + line)
    }
  }

  private mutating func blank() {
    if lines.last != "" { lines.append("") }
  }

  private func trimmedRight(_ line: String) -> String {
    var line = line
    while line.last == " " { line.removeLast() }
    return line
  }
}
