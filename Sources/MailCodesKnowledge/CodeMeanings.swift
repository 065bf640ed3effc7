import MailCodesSMTP
import MailCodesSupport

/// The one-line meaning shown next to every code in reports, from the reply-code reference.
///
/// A thin front over `ReplyCodeReference`, so that renderers ask one question with the values
/// they hold (a code that may be absent, an enhanced code as text).
public enum CodeMeanings {
  /// The meaning of a reply given by its basic code and/or enhanced code.
  public static func oneLine(code: Int?, enhanced: String?, language: ReferenceLanguage = .en) -> String {
    let e = enhanced.flatMap { $0.isEmpty ? nil : EnhancedStatusCode($0) }
    if code == nil && e == nil {
      return LocalizedText("Reply not printed in the log", "日志中未记录应答").text(language)
    }
    return ReplyCodeReference.meaning(code: code, enhanced: e, language: language)
  }
}
