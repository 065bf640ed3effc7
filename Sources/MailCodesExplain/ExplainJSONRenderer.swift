import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Renders `mailcodes explain --format json`.
///
/// Schema `mailcodes.explain/1`, one object:
/// - `schema`: `"mailcodes.explain/1"`; `language`: `"en"` or `"zh"`; `arguments`: the
///   arguments as given; `kind`: `"code"`, `"reply"`, `"list"` or `"comparison"`.
/// - `codes`: one object per explained code. Basic codes have `type: "basic"`, `code`,
///   `known`, `meaning`, `class` and `category` (`pattern`, `digit`, `title`, `explanation`),
///   `retry` (`"retried"`, `"not-retried"`, `"not-applicable"`), `retried`, `retryText`,
///   and when known `references`, `repliesTo`, `usualEnhancedCodes`, `description`,
///   `whenItAppears`, `fix` (`client`, `server`), `action`, `typicalTexts` (`vendor`, `text`).
///   Enhanced codes have `type: "enhanced"`, `code` (`"5.7.1"`, or `"X.7.1"` without class),
///   `known`, `registered`, `classAllowed`, `class`, `subject` and the same texts, with
///   `usedInClasses` and `usualBasicCodes`. In a list, entries carry only `type`, `code` and
///   `meaning`. A compared pasted reply has `type: "reply"` with `basic` and `enhanced` objects.
/// - `reply` (kind `reply`): `text`, `basic`, `enhanced`, `meaning`, `retry`.
/// - `patterns` (kind `list`): the patterns as given.
/// - `comparison` (kind `comparison`): `codes` (labels), `rows` (`key`, `label`, `values`) and
///   `keyDifferences` (strings).
///
/// Keys appear in this order; texts are in the chosen language, typical texts never translated.
struct ExplainJSONRenderer {
  let language: ReferenceLanguage
  let arguments: [String]

  private var labels: ExplainLabels { ExplainLabels(language: language) }

  func render(_ query: ExplainQuery) -> String {
    var members: [(String, ExplainJSONValue)] = [
      ("schema", .string("mailcodes.explain/1")),
      ("language", .string(language.rawValue)),
      ("arguments", .array(arguments.map(ExplainJSONValue.string))),
    ]
    switch query {
    case .single(let subject):
      let item = ExplainItem(subject)
      if case .reply(let reply) = item {
        members.append(("kind", .string("reply")))
        members.append(("reply", replySummary(reply)))
        var codes: [ExplainJSONValue] = []
        if let basic = reply.basic { codes.append(basicObject(basic)) }
        if let enhanced = reply.enhanced { codes.append(enhancedObject(enhanced)) }
        members.append(("codes", .array(codes)))
      } else {
        members.append(("kind", .string("code")))
        members.append(("codes", .array([object(item)])))
      }
    case .list(let patterns):
      members.append(("kind", .string("list")))
      members.append(("patterns", .array(patterns.map { .string($0.text) })))
      let rows = ExplainListing.rows(for: patterns, language: language)
      members.append(
        (
          "codes",
          .array(
            rows.map { row in
              .object([
                ("type", .string(row.isBasic ? "basic" : "enhanced")),
                ("code", .string(row.label)),
                ("meaning", .string(row.meaning)),
              ])
            })
        ))
    case .comparison(let subjects):
      let items = subjects.map(ExplainItem.init)
      members.append(("kind", .string("comparison")))
      members.append(("codes", .array(items.map(object))))
      let rows = ExplainComparisonRows.rows(items, language: language)
      members.append(
        (
          "comparison",
          .object([
            ("codes", .array(items.map { .string($0.label) })),
            (
              "rows",
              .array(
                rows.map { row in
                  .object([
                    ("key", .string(row.key)),
                    ("label", .string(row.label)),
                    ("values", .array(row.values.map(ExplainJSONValue.string))),
                  ])
                })
            ),
            (
              "keyDifferences",
              .array(ExplainComparison(items: items, language: language).keyDifferences().map(ExplainJSONValue.string))
            ),
          ])
        ))
    }
    return ExplainJSONValue.object(members).serialized() + "\n"
  }

  private func object(_ item: ExplainItem) -> ExplainJSONValue {
    switch item {
    case .basic(let basic): return basicObject(basic)
    case .enhanced(let enhanced): return enhancedObject(enhanced)
    case .reply(let reply):
      return .object([
        ("type", .string("reply")),
        ("code", .string(reply.label)),
        ("text", .string(reply.fullText)),
        ("meaning", .string(reply.meaning(language))),
        ("basic", reply.basic.map(basicObject) ?? .null),
        ("enhanced", reply.enhanced.map(enhancedObject) ?? .null),
      ])
    }
  }

  private func replySummary(_ reply: ExplainReply) -> ExplainJSONValue {
    let digit = reply.basic.map { $0.code / 100 } ?? reply.enhanced?.statusClass
    return .object([
      ("text", .string(reply.fullText)),
      ("basic", reply.basic.map { .string(String($0.code)) } ?? .null),
      ("enhanced", reply.enhanced.map { .string($0.label) } ?? .null),
      ("meaning", .string(reply.meaning(language))),
      ("retry", digit.map { .string(RetryBehavior(classDigit: $0).rawValue) } ?? .null),
    ])
  }

  private func digitObject(_ pattern: String, _ digit: Int, _ meaning: CodeClassMeaning?) -> ExplainJSONValue {
    guard let meaning else { return .null }
    return .object([
      ("pattern", .string(pattern)),
      ("digit", .int(digit)),
      ("title", .string(meaning.title.text(language))),
      ("explanation", .string(meaning.explanation.text(language))),
    ])
  }

  private func basicObject(_ basic: ExplainBasic) -> ExplainJSONValue {
    let first = basic.code / 100
    let second = basic.code / 10 % 10
    var members: [(String, ExplainJSONValue)] = [
      ("type", .string("basic")),
      ("code", .string(String(basic.code))),
      ("known", .bool(basic.entry != nil)),
      ("meaning", .string(basic.meaning(language))),
      ("class", digitObject(ExplainLabels.classPattern(basic: first), first, basic.classMeaning)),
      ("category", digitObject(ExplainLabels.categoryPattern(basic: second), second, basic.categoryMeaning)),
      ("retry", .string(basic.retry.rawValue)),
      ("retried", .bool(basic.retry == .retried)),
      ("retryText", .string(basic.retry.summary(language))),
    ]
    guard let entry = basic.entry else {
      members.append(("note", .string(labels.unknownBasic(basic.code))))
      return .object(members)
    }
    if let note = entry.retryNote { members.append(("retryNote", .string(note.text(language)))) }
    members += [
      ("references", .array(entry.references.map(ExplainJSONValue.string))),
      ("repliesTo", .array(entry.repliesTo.map { .string($0.description) })),
      ("usualEnhancedCodes", .array(entry.usualEnhancedCodes.map(ExplainJSONValue.string))),
    ]
    members += texts(ExplainEntryTexts(entry), typicalTexts: entry.typicalTexts)
    return .object(members)
  }

  private func enhancedObject(_ enhanced: ExplainEnhanced) -> ExplainJSONValue {
    var members: [(String, ExplainJSONValue)] = [
      ("type", .string("enhanced")),
      ("code", .string(enhanced.label)),
      ("known", .bool(enhanced.entry != nil)),
      ("registered", enhanced.entry.map { .string($0.label) } ?? .null),
      ("classAllowed", .bool(enhanced.isClassAllowed)),
      ("meaning", .string(enhanced.meaning(language))),
      (
        "class",
        enhanced.statusClass.map { digitObject(ExplainLabels.classPattern(enhanced: $0), $0, enhanced.classMeaning) }
          ?? .null
      ),
      (
        "subject",
        digitObject(ExplainLabels.subjectPattern(enhanced: enhanced.subject), enhanced.subject, enhanced.subjectMeaning)
      ),
      ("retry", enhanced.retry.map { .string($0.rawValue) } ?? .null),
      ("retried", enhanced.retry.map { .bool($0 == .retried) } ?? .null),
      ("retryText", .string(enhanced.retry.map { $0.summary(language) } ?? labels.shortRetry(nil))),
    ]
    guard let entry = enhanced.entry else {
      members.append(("note", .string(labels.unregisteredEnhanced(enhanced.label, detail: enhanced.detail))))
      return .object(members)
    }
    if !enhanced.isClassAllowed {
      members.append(
        (
          "note",
          .string(
            labels.unusualClass(enhanced.label, classes: entry.classes, subject: entry.subject, detail: entry.detail))
        ))
    }
    members += [
      ("usedInClasses", .array(entry.classes.map(ExplainJSONValue.int))),
      ("references", .array(entry.references.map(ExplainJSONValue.string))),
      ("usualBasicCodes", .array(entry.usualBasicCodes.map(ExplainJSONValue.int))),
    ]
    members += texts(ExplainEntryTexts(entry), typicalTexts: entry.typicalTexts)
    return .object(members)
  }

  private func texts(_ texts: ExplainEntryTexts, typicalTexts: [VendorText]) -> [(String, ExplainJSONValue)] {
    [
      ("description", .string(texts.description.text(language))),
      ("whenItAppears", .string(texts.whenItAppears.text(language))),
      (
        "fix",
        .object([
          ("client", .string(texts.clientFix.text(language))),
          ("server", .string(texts.serverFix.text(language))),
        ])
      ),
      ("action", .string(texts.action.text(language))),
      (
        "typicalTexts",
        .array(
          typicalTexts.map { text in
            .object([("vendor", .string(text.vendor.name)), ("text", .string(text.text))])
          })
      ),
    ]
  }
}
