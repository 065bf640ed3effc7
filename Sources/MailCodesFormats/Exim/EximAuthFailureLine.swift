import MailCodesSMTP
import MailCodesSupport

/// `AUTHENTICATOR authenticator failed for HOST: REPLY[ (set_id=USER)]` (smtp_in.c): a client
/// failed to log in. The authenticator is the driver's name in the configuration (often the
/// method); `(set_id=USER)` ends the line when the authenticator's `server_set_id` expanded,
/// which is the user the client tried.
public struct EximAuthFailureLine {
  public var authenticator: TextRange
  /// Empty when the line names no user.
  public var user: TextRange

  /// Reads the line's text from `start`; nil for another line.
  public static func parse(_ line: ByteView, from start: Int) -> EximAuthFailureLine? {
    guard let failed = line.firstRange(of: " authenticator failed for ", from: start) else { return nil }
    var nameStart = failed
    while nameStart > start, line[nameStart - 1] != ASCII.space { nameStart -= 1 }
    guard nameStart < failed else { return nil }
    var user = TextRange.none
    if line.byte(at: line.count - 1) == ASCII.closeParen, let open = line.lastRange(of: " (set_id="),
      open > failed
    {
      user = line.range(open + 9, line.count - 1)
    }
    return EximAuthFailureLine(authenticator: line.range(nameStart, failed), user: user)
  }
}
