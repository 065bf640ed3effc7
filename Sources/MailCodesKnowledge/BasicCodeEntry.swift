import MailCodesSMTP
import MailCodesSupport

/// The reference entry of one basic (three-digit) SMTP reply code.
public struct BasicCodeEntry: Sendable {
  /// The code, e.g. 530.
  public let code: Int
  /// The RFCs that define the code or the use described here, e.g. `["RFC 4954", "RFC 3207"]`.
  public let references: [String]
  /// The commands the code answers; `.connect` is the greeting. Empty means "any command".
  public let repliesTo: [SMTPCommand]
  /// Enhanced codes commonly sent with it, most frequent first (e.g. `["5.7.0", "5.7.1"]`).
  public let usualEnhancedCodes: [String]
  /// One line: what the code says.
  public let meaning: LocalizedText
  /// A paragraph: what it means in practice.
  public let description: LocalizedText
  /// Which command and which server situation produce it.
  public let whenItAppears: LocalizedText
  /// What the sender, user or client software can do.
  public let clientFix: LocalizedText
  /// What the administrator of the server that sent it can do.
  public let serverFix: LocalizedText
  /// One line: who has to act, if anyone (used in comparisons).
  public let action: LocalizedText
  /// A remark on retries when the class digit alone does not tell the whole story.
  public let retryNote: LocalizedText?
  /// Texts known servers send with the code; never translated.
  public let typicalTexts: [VendorText]

  public init(
    code: Int, references: [String], repliesTo: [SMTPCommand], usualEnhancedCodes: [String],
    meaning: LocalizedText, description: LocalizedText, whenItAppears: LocalizedText,
    clientFix: LocalizedText, serverFix: LocalizedText, action: LocalizedText,
    retryNote: LocalizedText? = nil, typicalTexts: [VendorText]
  ) {
    self.code = code
    self.references = references
    self.repliesTo = repliesTo
    self.usualEnhancedCodes = usualEnhancedCodes
    self.meaning = meaning
    self.description = description
    self.whenItAppears = whenItAppears
    self.clientFix = clientFix
    self.serverFix = serverFix
    self.action = action
    self.retryNote = retryNote
    self.typicalTexts = typicalTexts
  }

  /// The class of the first digit.
  public var replyClass: ReplyClass { ReplyClass(rawValue: UInt8(code / 100)) ?? .permanentNegative }

  /// What the sending MTA does after this reply.
  public var retry: RetryBehavior { RetryBehavior(classDigit: code / 100) }

  /// Whether a sending MTA retries after this reply (true for every 4xx).
  public var isRetried: Bool { retry == .retried }
}
