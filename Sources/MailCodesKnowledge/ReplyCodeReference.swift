import MailCodesSMTP
import MailCodesSupport

/// The compiled-in reference of SMTP reply codes: every basic code of RFC 5321 and of the
/// extensions servers use, and every enhanced status code of the IANA registry.
///
/// Lookups never fail for a well-formed code: unknown codes are explained by their digits
/// (`CodeClassMeaning`).
public enum ReplyCodeReference {
  /// Every basic code in the reference, ascending.
  public static var basicEntries: [BasicCodeEntry] { storage.basic }

  /// Every enhanced code in the reference, ordered by subject then detail.
  public static var enhancedEntries: [EnhancedCodeEntry] { storage.enhanced }

  /// The entry of a basic code; nil when the code is not in the reference.
  public static func basicEntry(_ code: Int) -> BasicCodeEntry? {
    storage.basicIndex[code].map { storage.basic[$0] }
  }

  /// The entry of `X.Y.Z` when the registry defines `Y.Z` for the class `X`.
  public static func enhancedEntry(_ code: EnhancedStatusCode) -> EnhancedCodeEntry? {
    guard let entry = enhancedEntry(subject: Int(code.subject), detail: Int(code.detail)),
      entry.allows(statusClass: Int(code.statusClass))
    else { return nil }
    return entry
  }

  /// The entry of `X.subject.detail`, whatever the class.
  public static func enhancedEntry(subject: Int, detail: Int) -> EnhancedCodeEntry? {
    storage.enhancedIndex[subject * 1000 + detail].map { storage.enhanced[$0] }
  }

  /// One-line meaning of a basic code; always non-empty.
  ///
  /// Unknown codes get their class and second-digit meaning, e.g. 459 gives
  /// "Transient negative: mail system (45x)".
  public static func meaning(code: Int, language: ReferenceLanguage = .en) -> String {
    if let entry = basicEntry(code) { return entry.meaning.text(language) }
    return digitMeaning(code: code, language: language)
  }

  /// One-line meaning of an enhanced code; unregistered details get the class and subject
  /// meaning, e.g. 5.7.606 gives "Permanent failure: security or policy status".
  public static func meaning(enhanced: EnhancedStatusCode, language: ReferenceLanguage = .en) -> String {
    if let entry = enhancedEntry(enhanced) { return entry.meaning.text(language) }
    return digitMeaning(enhanced: enhanced, language: language)
  }

  /// The meaning of a reply that carries a basic code, an enhanced code or both.
  ///
  /// A registered enhanced code with a non-zero detail is more specific than any basic code
  /// (550 + 5.1.1 gives "Bad destination mailbox address"); otherwise the basic code's meaning
  /// wins, and the digit meanings are the last resort.
  public static func meaning(code: Int?, enhanced: EnhancedStatusCode?, language: ReferenceLanguage = .en) -> String {
    if let enhanced, enhanced.detail != 0, let entry = enhancedEntry(enhanced) {
      return entry.meaning.text(language)
    }
    if let code, let entry = basicEntry(code) { return entry.meaning.text(language) }
    if let enhanced, let entry = enhancedEntry(enhanced) { return entry.meaning.text(language) }
    if let code { return digitMeaning(code: code, language: language) }
    if let enhanced { return digitMeaning(enhanced: enhanced, language: language) }
    return LocalizedText("No reply code", "无应答码").text(language)
  }

  /// "Class: category (45x)" for any three-digit number.
  static func digitMeaning(code: Int, language: ReferenceLanguage) -> String {
    guard (200...599).contains(code) else {
      return LocalizedText("Not an SMTP reply code", "不是 SMTP 应答码").text(language)
    }
    let first = code / 100
    let second = code / 10 % 10
    let classTitle = CodeClassMeaning.basicClass(first)!.title.text(language)
    let pattern = "\(first)\(second)x"
    guard let category = CodeClassMeaning.basicCategory(second) else {
      let unknown = LocalizedText("unknown category", "未知类别").text(language)
      return language == .zh ? "\(classTitle)：\(unknown)（\(pattern)）" : "\(classTitle): \(unknown) (\(pattern))"
    }
    let categoryTitle = category.title.text(language)
    if language == .zh { return "\(classTitle)：\(categoryTitle)（\(pattern)）" }
    return "\(classTitle): \(categoryTitle.lowercased()) (\(pattern))"
  }

  /// "Class: subject" for any enhanced code.
  static func digitMeaning(enhanced: EnhancedStatusCode, language: ReferenceLanguage) -> String {
    let classTitle = CodeClassMeaning.enhancedClass(Int(enhanced.statusClass))?.title.text(language) ?? "?"
    let subjectTitle =
      CodeClassMeaning.enhancedSubject(Int(enhanced.subject))?.title.text(language)
      ?? LocalizedText("undefined subject", "未定义的主题").text(language)
    if language == .zh { return "\(classTitle)：\(subjectTitle)" }
    return "\(classTitle): \(subjectTitle.lowercased())"
  }

  /// The data, built once on first use.
  private static let storage = Storage()

  private struct Storage: Sendable {
    let basic: [BasicCodeEntry]
    let enhanced: [EnhancedCodeEntry]
    let basicIndex: [Int: Int]
    let enhancedIndex: [Int: Int]

    init() {
      var basic: [BasicCodeEntry] = []
      basic += ReplyCodeReference.positiveBasicCodes()
      basic += ReplyCodeReference.transientBasicCodes()
      basic += ReplyCodeReference.permanentBasicCodes()
      basic += ReplyCodeReference.mailSystemBasicCodes()
      basic.sort { $0.code < $1.code }

      var enhanced: [EnhancedCodeEntry] = []
      enhanced += ReplyCodeReference.addressingEnhancedCodes()
      enhanced += ReplyCodeReference.mailboxEnhancedCodes()
      enhanced += ReplyCodeReference.mailSystemEnhancedCodes()
      enhanced += ReplyCodeReference.networkEnhancedCodes()
      enhanced += ReplyCodeReference.protocolEnhancedCodes()
      enhanced += ReplyCodeReference.contentEnhancedCodes()
      enhanced += ReplyCodeReference.securityEnhancedCodes()
      enhanced += ReplyCodeReference.senderPolicyEnhancedCodes()
      enhanced.sort { ($0.subject, $0.detail) < ($1.subject, $1.detail) }

      var basicIndex: [Int: Int] = [:]
      for (index, entry) in basic.enumerated() { basicIndex[entry.code] = index }
      var enhancedIndex: [Int: Int] = [:]
      for (index, entry) in enhanced.enumerated() { enhancedIndex[entry.subject * 1000 + entry.detail] = index }
      self.basic = basic
      self.enhanced = enhanced
      self.basicIndex = basicIndex
      self.enhancedIndex = enhancedIndex
    }
  }
}
