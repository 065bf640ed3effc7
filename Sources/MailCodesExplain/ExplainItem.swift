import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// One code (or pasted reply) resolved against the reference, ready to be rendered.
///
/// Unknown codes resolve too: their entries are nil and the renderers fall back to the meaning
/// of the digits.
enum ExplainItem {
  case basic(ExplainBasic)
  case enhanced(ExplainEnhanced)
  case reply(ExplainReply)

  init(_ subject: ExplainSubject) {
    switch subject {
    case .basic(let code):
      self = .basic(ExplainBasic(code: code))
    case .enhanced(let code):
      self = .enhanced(ExplainEnhanced(code: code))
    case .enhancedAnyClass(let subject, let detail):
      self = .enhanced(ExplainEnhanced(statusClass: nil, subject: subject, detail: detail))
    case .reply(let basic, let enhanced, let text):
      self = .reply(
        ExplainReply(
          basic: basic.map(ExplainBasic.init(code:)),
          enhanced: enhanced.map(ExplainEnhanced.init(code:)),
          text: text))
    }
  }

  /// How the item is written: `530`, `5.7.1`, `X.7.1`, `550 5.7.26`.
  var label: String {
    switch self {
    case .basic(let basic): return String(basic.code)
    case .enhanced(let enhanced): return enhanced.label
    case .reply(let reply): return reply.label
    }
  }

  /// The one-line meaning, the enhanced code's when it is more specific.
  func meaning(_ language: ReferenceLanguage) -> String {
    switch self {
    case .basic(let basic): return basic.meaning(language)
    case .enhanced(let enhanced): return enhanced.meaning(language)
    case .reply(let reply): return reply.meaning(language)
    }
  }

  /// The class digit that decides retries: the basic code's, else the enhanced code's.
  var classDigit: Int? {
    switch self {
    case .basic(let basic): return basic.code / 100
    case .enhanced(let enhanced): return enhanced.statusClass
    case .reply(let reply): return reply.basic.map { $0.code / 100 } ?? reply.enhanced?.statusClass
    }
  }

  var basicPart: ExplainBasic? {
    switch self {
    case .basic(let basic): return basic
    case .enhanced: return nil
    case .reply(let reply): return reply.basic
    }
  }

  var enhancedPart: ExplainEnhanced? {
    switch self {
    case .basic: return nil
    case .enhanced(let enhanced): return enhanced
    case .reply(let reply): return reply.enhanced
    }
  }

  /// The part whose texts describe the item best: a registered, specific enhanced code wins
  /// over the basic code, as in `ReplyCodeReference.meaning(code:enhanced:)`.
  var preferredTexts: ExplainEntryTexts? {
    if let enhanced = enhancedPart, enhanced.detail != 0, let entry = enhanced.entry, enhanced.isClassAllowed {
      return ExplainEntryTexts(entry)
    }
    if let entry = basicPart?.entry { return ExplainEntryTexts(entry) }
    if let entry = enhancedPart?.entry { return ExplainEntryTexts(entry) }
    return nil
  }
}

/// A basic code and its entry, if the reference has one.
struct ExplainBasic {
  let code: Int
  let entry: BasicCodeEntry?

  init(code: Int) {
    self.code = code
    self.entry = ReplyCodeReference.basicEntry(code)
  }

  func meaning(_ language: ReferenceLanguage) -> String { ReplyCodeReference.meaning(code: code, language: language) }

  var classMeaning: CodeClassMeaning? { CodeClassMeaning.basicClass(code / 100) }
  var categoryMeaning: CodeClassMeaning? { CodeClassMeaning.basicCategory(code / 10 % 10) }
  var retry: RetryBehavior { RetryBehavior(classDigit: code / 100) }
}

/// An enhanced code (or a class-less `X.Y.Z`) and the registry entry of its subject and detail.
struct ExplainEnhanced {
  /// 2, 4 or 5; nil for `X.Y.Z`.
  let statusClass: Int?
  let subject: Int
  let detail: Int
  /// The registry entry of `X.subject.detail`, whatever the class.
  let entry: EnhancedCodeEntry?

  init(code: EnhancedStatusCode) {
    self.init(statusClass: Int(code.statusClass), subject: Int(code.subject), detail: Int(code.detail))
  }

  init(statusClass: Int?, subject: Int, detail: Int) {
    self.statusClass = statusClass
    self.subject = subject
    self.detail = detail
    self.entry = ReplyCodeReference.enhancedEntry(subject: subject, detail: detail)
  }

  var label: String { "\(statusClass.map(String.init) ?? "X").\(subject).\(detail)" }

  /// Whether the registry uses the entry in this class (always true for `X.Y.Z`).
  var isClassAllowed: Bool {
    guard let entry else { return false }
    guard let statusClass else { return true }
    return entry.allows(statusClass: statusClass)
  }

  func meaning(_ language: ReferenceLanguage) -> String {
    if let entry { return entry.meaning.text(language) }
    guard let statusClass, let code = EnhancedStatusCode(statusClass: statusClass, subject: subject, detail: detail)
    else {
      return CodeClassMeaning.enhancedSubject(subject)?.title.text(language) ?? "?"
    }
    return ReplyCodeReference.meaning(enhanced: code, language: language)
  }

  var classMeaning: CodeClassMeaning? { statusClass.flatMap(CodeClassMeaning.enhancedClass) }
  var subjectMeaning: CodeClassMeaning? { CodeClassMeaning.enhancedSubject(subject) }
  var retry: RetryBehavior? { statusClass.map(RetryBehavior.init(classDigit:)) }
}

/// A pasted reply: its codes and its text.
struct ExplainReply {
  let basic: ExplainBasic?
  let enhanced: ExplainEnhanced?
  let text: String

  var label: String { [basic.map { String($0.code) }, enhanced?.label].compactMap { $0 }.joined(separator: " ") }

  /// The reply as it would be printed: codes and text.
  var fullText: String { text.isEmpty ? label : "\(label) \(text)" }

  func meaning(_ language: ReferenceLanguage) -> String {
    let code = enhanced.flatMap { e in
      e.statusClass.flatMap { EnhancedStatusCode(statusClass: $0, subject: e.subject, detail: e.detail) }
    }
    return ReplyCodeReference.meaning(code: basic?.code, enhanced: code, language: language)
  }
}

/// The texts common to basic and enhanced entries.
struct ExplainEntryTexts {
  let meaning: LocalizedText
  let description: LocalizedText
  let whenItAppears: LocalizedText
  let clientFix: LocalizedText
  let serverFix: LocalizedText
  let action: LocalizedText

  init(_ entry: BasicCodeEntry) {
    meaning = entry.meaning
    description = entry.description
    whenItAppears = entry.whenItAppears
    clientFix = entry.clientFix
    serverFix = entry.serverFix
    action = entry.action
  }

  init(_ entry: EnhancedCodeEntry) {
    meaning = entry.meaning
    description = entry.description
    whenItAppears = entry.whenItAppears
    clientFix = entry.clientFix
    serverFix = entry.serverFix
    action = entry.action
  }
}
