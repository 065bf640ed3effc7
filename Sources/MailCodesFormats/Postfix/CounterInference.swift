import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The replies that Postfix's smtpd certainly sent to commands that failed in the `disconnect`
/// counters (Postfix >= 3.0) without a line of their own, where the source leaves one
/// possibility (`src/smtpd/smtpd.c`, `smtpd_proto` and the command handlers):
///
/// - after a reject at CONNECT (`smtpd_delay_reject = no`), every command but QUIT gets
///   `503 5.7.0 Error: access denied for CLIENT` before its handler runs;
/// - an unknown command, an empty one and bad UTF-8 all get `500 5.5.2` and all count as
///   `unknown` (a non-SMTP command is logged, and explained by its own line);
/// - DATA in a mail transaction without an accepted recipient gets `554 5.5.1 Error: no valid
///   recipients`: certain when every MAIL succeeded and there was no RSET, so that the
///   transaction was still open;
/// - RCPT and DATA when no MAIL ever succeeded get `503 5.5.1` (`need MAIL command`, `need
///   RCPT command`): certain when the commands reached their handlers, that is when
///   `smtpd_enforce_tls` cannot have answered them `530 5.7.0` first (TLS was on, or a MAIL or
///   RCPT was refused by a logged restriction, which only the handler logs).
///
/// Every other failed counter has several possible replies: nil (the caller gives a hint).
struct CounterInference {
  let counters: DisconnectCounters
  let logged: CommandCounts
  let tls: Bool
  let connectRejected: Bool

  func succeeded(_ command: SMTPCommand) -> Int { counters.sent[command] - counters.failed[command] }

  /// The reply every unexplained failure of `command` got, when certain.
  func reply(for command: SMTPCommand) -> (code: Int, enhanced: EnhancedStatusCode?)? {
    if connectRejected {
      return command == .quit ? nil : (503, EnhancedStatusCode(statusClass: 5, subject: 7, detail: 0))
    }
    switch command {
    case .unknown:
      return (500, EnhancedStatusCode(statusClass: 5, subject: 5, detail: 2))
    case .data:
      if succeeded(.mail) > 0, counters.failed[.mail] == 0, counters.sent[.rset] == 0, succeeded(.rcpt) == 0 {
        return (554, EnhancedStatusCode(statusClass: 5, subject: 5, detail: 1))
      }
      return outsideTransaction
    case .rcpt:
      return outsideTransaction
    default:
      return nil
    }
  }

  /// `503 5.5.1` for RCPT and DATA when no mail transaction was ever open.
  private var outsideTransaction: (code: Int, enhanced: EnhancedStatusCode?)? {
    guard succeeded(.mail) == 0 else { return nil }
    let reachedHandlers = tls || logged[.mail] > 0 || logged[.rcpt] > 0
    return reachedHandlers ? (503, EnhancedStatusCode(statusClass: 5, subject: 5, detail: 1)) : nil
  }
}
