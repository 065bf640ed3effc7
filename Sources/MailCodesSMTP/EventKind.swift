import MailCodesSupport

/// What an `SMTPEvent` records, independent of the log format that said it.
public enum EventKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// A client connected (or we connected to a remote).
  case connect = 1
  /// The server refused a command (4xx/5xx), logged or inferred.
  case reject
  /// A reject that Postfix logs as `reject_warning`: it would have been rejected, was not.
  case warning
  /// An authentication attempt failed (535 and friends).
  case authFailure
  /// The server demanded authentication or encryption first (530).
  case authRequired
  /// The server closed an idle session (421 4.4.2, Exim `SMTP command timeout`).
  case timeout
  /// The peer went away without QUIT.
  case lostConnection
  /// The session ended (the closing 221 after QUIT, or the end without one).
  case disconnect
  /// A remote accepted a message for delivery.
  case delivered
  /// A remote answered with a temporary failure: delivery will be retried.
  case deferred
  /// A remote answered with a permanent failure: the message bounced.
  case bounced
  /// The queue lifetime ran out and the message was returned.
  case expired
  /// A remote closed the connection without being sent QUIT (221/421 unasked, or hang-up).
  case remoteHangup
  /// Any other reply (250, 354, 235 in transcripts...).
  case other

  public var description: String {
    switch self {
    case .connect: return "connect"
    case .reject: return "reject"
    case .warning: return "warning"
    case .authFailure: return "auth-failure"
    case .authRequired: return "auth-required"
    case .timeout: return "timeout"
    case .lostConnection: return "lost-connection"
    case .disconnect: return "disconnect"
    case .delivered: return "delivered"
    case .deferred: return "deferred"
    case .bounced: return "bounced"
    case .expired: return "expired"
    case .remoteHangup: return "remote-hangup"
    case .other: return "other"
    }
  }

  public init?(name: String) {
    guard let kind = EventKind.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
    self = kind
  }
}
