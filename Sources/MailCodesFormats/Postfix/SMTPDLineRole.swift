import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What a line of smtpd (or of the daemons after it) means for the session it belongs to, read
/// the way `PostfixParser` dispatches it, without parsing it: for a prefilter that holds an
/// smtpd session's lines back until it knows whether the session matters.
public enum SMTPDLineRole: Equatable {
  /// `connect from CLIENT`: opens a session.
  case connect
  /// `disconnect from CLIENT counters`: ends it; the client field starts at `clientAt`.
  case disconnect(clientAt: Int)
  /// `improper command pipelining after CMD`: marks the session for a 554 5.5.0.
  case improperPipelining
  /// `QUEUEID: client=...`: links a queue id to the session.
  case queued(QueueKey)
  /// Any other line.
  case other

  /// The role of the smtpd line `line` whose message starts at `m`.
  public static func of(_ line: ByteView, message m: Int) -> SMTPDLineRole {
    guard m < line.count else { return .other }
    switch line[m] {
    case 0x63:  // c
      if line.matches("connect from ", at: m) { return .connect }
    case 0x64:  // d
      if line.matches("disconnect from ", at: m) { return .disconnect(clientAt: m + 16) }
    case 0x69:  // i
      if line.matches("improper command pipelining after ", at: m) { return .improperPipelining }
    default:
      break
    }
    if let (queue, colon) = QueueKey.parse(line, at: m), line.byte(at: colon + 1) == ASCII.space,
      line.matches("client=", at: colon + 2)
    {
      return .queued(queue)
    }
    return .other
  }

  /// The queue id through which `PostfixParser` may link a line of any Postfix daemon to an
  /// smtpd session: the one that starts its message, or the one after `warning: ` (cleanup's
  /// `warning: QUEUEID: message rejected: hopcount exceeded`).
  public static func queueID(_ line: ByteView, message m: Int) -> QueueKey? {
    guard m < line.count else { return nil }
    // `warning` itself reads as a queue id (seven letters and a colon): tested first.
    if line.matches("warning: ", at: m) { return QueueKey.parse(line, at: m + 9)?.key }
    return QueueKey.parse(line, at: m)?.key
  }
}
