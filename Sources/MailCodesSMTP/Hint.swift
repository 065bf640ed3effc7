import MailCodesSupport

/// The likely reason for a rejection whose reply the log does not print.
///
/// Postfix logs some refusals only as a failed command in the `disconnect` counters
/// (`mail=0/1`). The code is then unknown and is never invented; a hint names the usual cause
/// so that a reader knows where to look.
public enum Hint: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case none = 0
  /// Submission service, MAIL refused: `530 5.7.0 Must issue a STARTTLS command first`.
  case startTLSRequired
  /// MAIL refused on a service that needs AUTH: `530 5.7.0 Authentication required` or
  /// `553 5.7.1 ... not logged in`.
  case authenticationRequired
  /// A command with bad syntax: 501.
  case syntaxError
  /// A command not recognized or not allowed: 500/502.
  case unknownCommand
  /// A command out of order: 503.
  case badSequence
  /// RCPT over `smtpd_recipient_limit`: 452 4.5.3 (Postfix does not log it).
  case tooManyRecipients
  /// AUTH refused (mechanism, TLS or syntax): 5xx/4xx without a SASL failure line.
  case authRefused
  /// The message was refused after DATA (content, size, policy) without a reject line.
  case contentRejected
  /// MAIL refused on an ordinary service: syntax (501) or sequence (503) errors.
  case mailRefused
  /// Refused because the session was already rejected at CONNECT (`smtpd_delay_reject=no`):
  /// Postfix answers every later command with `503 5.7.0 ... access denied`.
  case refusedAfterConnectReject
  /// A session that ended after its message with a `disconnect` without counters (Postfix <
  /// 3.0): QUIT and its 221 are likely, but a hang-up after the message leaves the same line.
  case quitOrHangUpAfterMessage
  /// A Milter's reject after the message, logged by cleanup with its enhanced code only: the
  /// basic code is the Milter's choice (550 for libmilter's REJECT).
  case milterChoseCode
  /// postscreen's answer to DATA or BDAT from a client that never had a recipient, when the
  /// log does not show that MAIL was given: `503 5.5.1 need RCPT` or `554 5.5.1 no valid
  /// recipients` (`554 5.5.1 need MAIL` for BDAT).
  case noValidRecipients

  public var description: String {
    switch self {
    case .none: return ""
    case .startTLSRequired: return "likely 530 5.7.0 Must issue a STARTTLS command first"
    case .authenticationRequired: return "likely 530/553 authentication required"
    case .syntaxError: return "likely 501 syntax error"
    case .unknownCommand: return "likely 500/502 unknown or disabled command"
    case .badSequence: return "likely 503 bad sequence of commands"
    case .tooManyRecipients: return "likely 452 4.5.3 too many recipients"
    case .authRefused: return "likely 5xx AUTH refused (no SASL failure logged)"
    case .contentRejected: return "message refused after DATA"
    case .mailRefused: return "likely 501 syntax or 503 sequence error"
    case .refusedAfterConnectReject: return "likely 503 5.7.0 access denied (rejected at CONNECT)"
    case .quitOrHangUpAfterMessage: return "likely 221 after QUIT (a hang-up after the message is not logged)"
    case .milterChoseCode: return "likely 550 (the Milter chose the code; the log has the enhanced code only)"
    case .noValidRecipients:
      return "likely 503 or 554 5.5.1 (no valid recipients; whether MAIL was given is not logged)"
    }
  }

  /// The basic codes the refusal most likely had (what `description` says), for `grep CODE`
  /// to point at refusals whose code the log omits; empty when no code is likely.
  public var likelyCodes: [UInt16] {
    switch self {
    case .none: return []
    case .startTLSRequired: return [530]
    case .authenticationRequired: return [530, 553]
    case .syntaxError: return [501]
    case .unknownCommand: return [500, 502]
    case .badSequence: return [503]
    case .tooManyRecipients: return [452]
    case .authRefused: return [501, 503, 504, 534, 538]
    case .contentRejected: return [550, 552, 554]
    case .mailRefused: return [501, 503]
    case .refusedAfterConnectReject: return [503]
    case .quitOrHangUpAfterMessage: return [221]
    case .milterChoseCode: return [550]
    case .noValidRecipients: return [503, 554]
    }
  }

  /// The hint with the short name `name` (`starttls-required`), as `--hint` takes it.
  public init?(name: String) {
    guard let hint = Hint.allCases.first(where: { $0 != .none && $0.name == name.lowercased() }) else { return nil }
    self = hint
  }

  /// The short stable name used in JSON.
  public var name: String {
    switch self {
    case .none: return ""
    case .startTLSRequired: return "starttls-required"
    case .authenticationRequired: return "authentication-required"
    case .syntaxError: return "syntax-error"
    case .unknownCommand: return "unknown-command"
    case .badSequence: return "bad-sequence"
    case .tooManyRecipients: return "too-many-recipients"
    case .authRefused: return "auth-refused"
    case .contentRejected: return "content-rejected"
    case .mailRefused: return "mail-refused"
    case .refusedAfterConnectReject: return "refused-after-connect-reject"
    case .quitOrHangUpAfterMessage: return "quit-or-hang-up-after-message"
    case .milterChoseCode: return "milter-chose-code"
    case .noValidRecipients: return "no-valid-recipients"
    }
  }
}
