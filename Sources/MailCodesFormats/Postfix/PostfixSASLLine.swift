import MailCodesSMTP
import MailCodesSupport

/// The SASL facts of a Postfix smtpd line: a message accepted from an authenticated client,
/// or a failed login.
///
/// - `QUEUEID: client=NAMADDR, sasl_method=METHOD, sasl_username=USER[, sasl_sender=S]...`
///   (smtpd.c, once per message): a message submitted after a successful AUTH.
/// - `warning: NAMADDR: SASL METHOD authentication failed: REASON[, sasl_username=USER]`
///   (smtpd_sasl_glue.c): the user is printed since Postfix 3.x (`(unavailable)` when the
///   client sent none); older versions print the reason alone.
public struct PostfixSASLLine {
  /// True for a failed login, false for an authenticated message.
  public var failed: Bool
  public var method: TextRange
  /// Empty when the line names no user.
  public var user: TextRange

  /// Reads `QUEUEID: client=...` whose `client=` starts at `at`; nil without `sasl_method=`.
  public static func parseClient(_ line: ByteView, at: Int) -> PostfixSASLLine? {
    guard let m = line.firstRange(of: ", sasl_method=", from: at) else { return nil }
    let methodStart = m + 14
    var methodEnd = methodStart
    while methodEnd < line.count, line[methodEnd] != ASCII.comma { methodEnd += 1 }
    var user = TextRange.none
    if line.matches(", sasl_username=", at: methodEnd) {
      let userStart = methodEnd + 16
      // The fields after the user name (`sasl_sender=`, `orig_queue_id=`, `orig_client=`)
      // are Postfix's; a user name with `, ` in it is cut there.
      var userEnd = userStart
      while userEnd < line.count, !(line[userEnd] == ASCII.comma && line.byte(at: userEnd + 1) == ASCII.space) {
        userEnd += 1
      }
      user = line.range(userStart, userEnd)
    }
    return PostfixSASLLine(failed: false, method: line.range(methodStart, methodEnd), user: user)
  }

  /// Reads the text after `warning: ` (at `at`); nil when it is not a failed SASL login.
  public static func parseWarning(_ line: ByteView, at: Int) -> PostfixSASLLine? {
    // NAMADDR holds no `: `.
    guard let colon = line.firstRange(of: ": SASL ", from: at) else { return nil }
    let methodStart = colon + 7
    guard let space = line.firstIndex(of: ASCII.space, from: methodStart), space > methodStart,
      line.matches(" authentication failed", at: space)
    else { return nil }
    var user = TextRange.none
    if let u = line.firstRange(of: ", sasl_username=", from: space) {
      let userStart = u + 16
      if !line.slice(userStart, line.count).elementsEqualLiteral("(unavailable)") {
        user = line.range(userStart, line.count)
      }
    }
    return PostfixSASLLine(failed: true, method: line.range(methodStart, space), user: user)
  }
}
