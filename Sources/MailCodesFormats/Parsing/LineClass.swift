import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// How a parser classified one input line. Every line gets exactly one class.
public enum LineClass: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// A mail line that was understood (it may or may not carry a reply).
  case recognized = 1
  /// Not a line about SMTP replies: other programs (dovecot, cron), Postfix housekeeping.
  case ignored
  /// Looks like a mail line about replies but was not understood (see `--unparsed`).
  case unrecognized

  public var description: String {
    switch self {
    case .recognized: return "recognized"
    case .ignored: return "ignored"
    case .unrecognized: return "unrecognized"
    }
  }
}
