import MailCodesSMTP
import MailCodesSupport

/// The reference entry of one enhanced status code `X.Y.Z` (RFC 3463 and the IANA
/// "Enumerated Status Codes" registry).
///
/// The registry defines a subject and detail independently of the class; `classes` lists the
/// classes in which the code is meant to be used (RFC 3463's "useful only as a permanent
/// error", "should be used for positive delivery reports" and the registry's associated basic
/// codes). Most codes are used as 4.Y.Z and 5.Y.Z.
public struct EnhancedCodeEntry: Sendable {
  /// The Y of `X.Y.Z`, 0 to 7.
  public let subject: Int
  /// The Z of `X.Y.Z`.
  public let detail: Int
  /// The classes (2, 4, 5) in which the code is used, ascending.
  public let classes: [Int]
  /// The RFCs that register the code.
  public let references: [String]
  /// The basic codes it usually comes with (from the registry and from practice).
  public let usualBasicCodes: [Int]
  /// The registry's title, e.g. "Bad destination mailbox address".
  public let meaning: LocalizedText
  public let description: LocalizedText
  public let whenItAppears: LocalizedText
  public let clientFix: LocalizedText
  public let serverFix: LocalizedText
  /// One line: who has to act, if anyone (used in comparisons).
  public let action: LocalizedText
  /// Texts known servers send with the code; never translated.
  public let typicalTexts: [VendorText]

  public init(
    subject: Int, detail: Int, classes: [Int], references: [String], usualBasicCodes: [Int],
    meaning: LocalizedText, description: LocalizedText, whenItAppears: LocalizedText,
    clientFix: LocalizedText, serverFix: LocalizedText, action: LocalizedText,
    typicalTexts: [VendorText]
  ) {
    self.subject = subject
    self.detail = detail
    self.classes = classes
    self.references = references
    self.usualBasicCodes = usualBasicCodes
    self.meaning = meaning
    self.description = description
    self.whenItAppears = whenItAppears
    self.clientFix = clientFix
    self.serverFix = serverFix
    self.action = action
    self.typicalTexts = typicalTexts
  }

  /// The registry notation, e.g. `X.7.1`.
  public var label: String { "X.\(subject).\(detail)" }

  /// Whether the code is used with the class digit `statusClass`.
  public func allows(statusClass: Int) -> Bool { classes.contains(statusClass) }

  /// The concrete code in `statusClass`, when that class is allowed.
  public func code(inClass statusClass: Int) -> EnhancedStatusCode? {
    guard allows(statusClass: statusClass) else { return nil }
    return EnhancedStatusCode(statusClass: statusClass, subject: subject, detail: detail)
  }

  /// What the sender does after this code in `statusClass`.
  public func retry(inClass statusClass: Int) -> RetryBehavior { RetryBehavior(classDigit: statusClass) }
}
