import MailCodesSMTP
import MailCodesSupport

/// What a sending MTA does after a reply, decided by its class digit.
public enum RetryBehavior: String, Sendable, CaseIterable {
  /// 2xx/3xx: success or "go on"; there is nothing to retry.
  case notApplicable = "not-applicable"
  /// 4xx (enhanced 4.x.x): transient; the sender keeps the message queued and tries again later.
  case retried
  /// 5xx (enhanced 5.x.x): permanent; the sender gives up and bounces the message.
  case notRetried = "not-retried"

  /// The behavior implied by a class digit (2 to 5).
  public init(classDigit: Int) {
    switch classDigit {
    case 4: self = .retried
    case 5: self = .notRetried
    default: self = .notApplicable
    }
  }

  /// One line for humans: "Yes: transient ..." etc.
  public func summary(_ language: ReferenceLanguage) -> String {
    switch self {
    case .notApplicable:
      return LocalizedText(
        "Not applicable: this is not an error.",
        "不适用：这不是错误。"
      ).text(language)
    case .retried:
      return LocalizedText(
        "Yes: transient. The sender keeps the message queued and retries later.",
        "是：暂时性错误。发件方会把邮件留在队列中，稍后重试。"
      ).text(language)
    case .notRetried:
      return LocalizedText(
        "No: permanent. The sender gives up and returns a bounce; the same attempt will fail again until something is changed.",
        "否：永久性错误。发件方放弃投递并退信；在做出更改之前，同样的尝试仍会失败。"
      ).text(language)
    }
  }
}
