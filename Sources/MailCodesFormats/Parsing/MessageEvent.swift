import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// What a line says about a message (a Postfix queue file, an Exim message), beside the SMTP
/// replies it may carry.
///
/// A line says at most one such thing (`ParseOutput.message`). Like `SMTPEvent`, texts are
/// `TextRange`s into the line, valid while the line is lent. The message model
/// (`MessageTracker`, in the analysis layer) follows a message through these events:
///
/// - Postfix: smtpd `QID: client=NAME[IP]` or pickup `QID: uid=N from=<s>` (`received`),
///   cleanup `message-id=<...>` (`messageID`), qmgr `from=<s>, size=N, nrcpt=N` (`queued`, each
///   time the queue manager activates it), each delivery agent's `to=<r>, relay=..., delay=D,
///   delays=a/b/c/d, dsn=X.Y.Z, status=...` (`delivery`), qmgr `status=expired` (`expired`),
///   bounce `sender non-delivery notification: NEWQID` (`notification`), cleanup or smtpd
///   `hold:` / `discard:` / `reject:` (`held`, `discarded`, `rejected`), qmgr `removed`.
/// - Exim: `<=` (`received`), `=>` and `->` (delivered), `==` (deferred), `**` (bounced or
///   expired), `Frozen` (`held`), `Completed` (`removed`).
/// - Either: a daemon's `warning:`, `error:`, `fatal:` or `panic:` line (`daemonProblem`).
public struct MessageEvent: Sendable {
  public var kind: MessageEventKind = .none
  /// Fields not read yet (`ParseContext.defersMessageFields`): `completed` reads them.
  public var pending: PendingMessageFields = .none
  /// Where the pending fields start (Exim: the flag of the line).
  public var pendingAt: Int32 = 0
  /// The queue id or Exim message id.
  public var id: TextRange = .none
  public var sender: TextRange = .none
  public var recipient: TextRange = .none
  /// Postfix `orig_to=<...>`, Exim's `<original>` after a rewritten recipient.
  public var originalRecipient: TextRange = .none
  /// The client's or the remote's host name as logged (Exim `H=`, Postfix `relay=NAME[...]`).
  public var hostName: TextRange = .none
  /// The client's address of a received message, as logged (inside Postfix smtpd's
  /// `client=NAME[IP]`, Exim's `H=... [IP]`); empty for a local submission.
  public var client: TextRange = .none
  /// Postfix `relay=` (`local`, `none`, `host[ip]:port`, a pipe's service name).
  public var relay: TextRange = .none
  /// The transport's name: the delivery agent of a Postfix line (`smtp`, `local`, ...), Exim's
  /// `T=` (`remote_smtp`, `local_mailbox`).
  public var transport: TextRange = .none
  public var agent: DeliveryAgent = .other
  /// The recipient's result (`delivery` events).
  public var status: DeliveryStatus? = nil
  /// Postfix `status=sent (forwarded as QID)`: the message went on as a new queue file.
  public var forwarded = false
  /// Bytes (Postfix `size=`, Exim `S=`), -1 when the line does not say.
  public var size: Int64 = -1
  /// Postfix `nrcpt=`, -1 when the line does not say.
  public var recipientCount: Int32 = -1
  /// Postfix `delay=` in milliseconds (time since the message arrived), -1 when absent.
  public var delay: Int64 = -1
  /// Postfix `delays=a/b/c/d` in milliseconds (before the queue manager, in it, connection
  /// setup, transmission), each -1 when absent.
  public var delays: DelayParts = DelayParts()
  /// Postfix `dsn=`.
  public var dsn: EnhancedStatusCode? = nil
  /// The status text, the reason of a hold/discard/reject, or a daemon problem's text.
  public var text: TextRange = .none
  /// The message's `Message-ID:` header (Postfix cleanup `message-id=`, Exim `id=`).
  public var messageID: TextRange = .none
  /// The authenticated user (Postfix `sasl_username=`, Exim `A=authenticator:user`).
  public var user: TextRange = .none
  /// The local user who submitted a message on the host (Exim `U=` of a `<=` without `H=`,
  /// Postfix pickup `uid=N`).
  public var localUser: TextRange = .none
  /// Another message this one names: the notification a Postfix bounce line created, the
  /// queue file a `forwarded as` delivery became, the message an Exim bounce returns (`R=`).
  public var related: TextRange = .none
  /// Where a received message came from.
  public var origin: MessageOrigin = .unknown
  /// TLS on the connection that handed the message in (Exim `X=`); nil when the line does not say.
  public var tls: Bool? = nil
  /// A daemon problem's severity.
  public var severity: ProblemSeverity = .warning

  public init() {}

  public init(kind: MessageEventKind, id: TextRange) {
    self.kind = kind
    self.id = id
  }
}

/// What a line says about a message.
public enum MessageEventKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case none = 0
  /// The message entered the system (a client's DATA, a local submission, a notification).
  case received
  /// Postfix cleanup: the message's Message-ID header.
  case messageID
  /// Postfix qmgr `from=<s>, size=N, nrcpt=N (queue active)`: sender and size.
  case queued
  /// One recipient's delivery attempt and its result (`status`).
  case delivery
  /// The queue manager gave up on the whole message (Postfix qmgr `status=expired`).
  case expired
  /// A notification (bounce, delay warning) was created for this message (`related`).
  case notification
  /// Put on hold (Postfix `hold:`), or frozen (Exim).
  case held
  /// Accepted and thrown away (Postfix `discard:`).
  case discarded
  /// Refused after its content was received (Postfix cleanup `reject:`).
  case rejected
  /// The message left the queue (Postfix qmgr `removed`, Exim `Completed`).
  case removed
  /// A daemon's `warning:`, `error:`, `fatal:` or `panic:` line (not about one message).
  case daemonProblem

  public var description: String {
    switch self {
    case .none: return "none"
    case .received: return "received"
    case .messageID: return "message-id"
    case .queued: return "queued"
    case .delivery: return "delivery"
    case .expired: return "expired"
    case .notification: return "notification"
    case .held: return "held"
    case .discarded: return "discarded"
    case .rejected: return "rejected"
    case .removed: return "removed"
    case .daemonProblem: return "daemon-problem"
    }
  }
}

/// How a message entered the system.
public enum MessageOrigin: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case unknown = 0
  /// Over SMTP from a client (Postfix smtpd `client=`, Exim `<=` with `H=`).
  case smtp
  /// Submitted on this host (Postfix pickup, Exim `<=` with `U=` and no host).
  case local
  /// Made by the MTA itself: a bounce or delay notification (Postfix bounce, Exim `<= <>` with `R=`).
  case notification

  public var description: String {
    switch self {
    case .unknown: return "unknown"
    case .smtp: return "smtp"
    case .local: return "local"
    case .notification: return "notification"
    }
  }
}

/// The kind of program that delivered (or tried to deliver) a recipient.
public enum DeliveryAgent: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case other = 0
  case smtp, lmtp, local, virtual, pipe
  /// Postfix `error` and `retry`: no delivery, a result decided by configuration.
  case error
  /// Postfix `discard`.
  case discard
  /// The queue manager itself (Postfix qmgr deferring a recipient: a dead transport).
  case queueManager

  public var description: String {
    switch self {
    case .other: return "other"
    case .smtp: return "smtp"
    case .lmtp: return "lmtp"
    case .local: return "local"
    case .virtual: return "virtual"
    case .pipe: return "pipe"
    case .error: return "error"
    case .discard: return "discard"
    case .queueManager: return "qmgr"
    }
  }
}

/// A daemon line's severity.
public enum ProblemSeverity: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case warning = 0
  case error, fatal, panic
  /// Not a problem: a notice of the master daemon (`terminating on signal 15`, `daemon started`).
  case notice

  public var description: String {
    switch self {
    case .warning: return "warning"
    case .error: return "error"
    case .fatal: return "fatal"
    case .panic: return "panic"
    case .notice: return "notice"
    }
  }

  public init?(name: String) {
    guard let s = ProblemSeverity.allCases.first(where: { $0.description == name }) else { return nil }
    self = s
  }
}

/// Postfix `delays=a/b/c/d` in milliseconds: before the queue manager (a), in the queue
/// manager (b), connection setup including DNS and TLS (c), transmission (d); -1 when absent.
public struct DelayParts: Sendable, Equatable {
  public var beforeQueue: Int64 = -1
  public var inQueue: Int64 = -1
  public var connection: Int64 = -1
  public var transmission: Int64 = -1

  public init() {}

  public var isPresent: Bool { beforeQueue >= 0 }

  /// The parts in order a, b, c, d.
  public var all: [Int64] { [beforeQueue, inQueue, connection, transmission] }
}
