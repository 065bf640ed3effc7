/// The one-line meaning shown next to every code in reports.
///
/// A thin front over the reply-code reference, so that renderers ask one question.
public enum CodeMeanings {
  /// The meaning of a reply given by its basic code and/or enhanced code.
  public static func oneLine(code: Int?, enhanced: String?, language: ReferenceLanguageChoice = .en) -> String {
    if let code, let text = basic[code] { return text }
    if let code { return classMeaning(code) }
    if let enhanced, let e = EnhancedStatusCode(enhanced) {
      return e.statusClass == 2 ? "Success" : e.statusClass == 4 ? "Persistent transient failure" : "Permanent failure"
    }
    return "Reply not printed in the log"
  }

  static func classMeaning(_ code: Int) -> String {
    switch code / 100 {
    case 2: return "Positive completion"
    case 3: return "Positive intermediate"
    case 4: return "Transient negative completion"
    default: return "Permanent negative completion"
    }
  }

  static let basic: [Int: String] = [
    220: "Service ready", 221: "Service closing transmission channel", 235: "Authentication successful",
    250: "Requested mail action okay, completed", 334: "Authentication challenge", 354: "Start mail input",
    421: "Service not available, closing transmission channel", 450: "Mailbox unavailable (temporary)",
    451: "Local error in processing", 452: "Insufficient system storage", 454: "Temporary authentication failure",
    500: "Syntax error, command unrecognized", 501: "Syntax error in parameters or arguments",
    502: "Command not implemented", 503: "Bad sequence of commands", 504: "Command parameter not implemented",
    521: "Server does not accept mail", 530: "Authentication required", 535: "Authentication credentials invalid",
    550: "Mailbox unavailable", 552: "Exceeded storage allocation", 553: "Mailbox name not allowed",
    554: "Transaction failed",
  ]
}

/// The language of the reference texts.
public enum ReferenceLanguageChoice: String, Sendable { case en, zh }
