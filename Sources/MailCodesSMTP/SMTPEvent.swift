import MailCodesSupport

/// One thing that happened in an SMTP conversation, whichever log said it.
///
/// Events are values built per line without allocation: texts are `TextRange`s into the line
/// that produced the event, valid while that line is lent (see `LineReader`). `code` and
/// `enhanced` may be absent; `inferred` marks a reply the log does not print but the server
/// certainly sent (a SASL failure means 535). A reply whose code the log does not give at all is
/// an event with `code == nil` and usually a `hint`.
public struct SMTPEvent: Sendable {
  public var kind: EventKind
  public var direction: Direction
  /// The command the reply answered (`.connect` for the greeting stage).
  public var command: SMTPCommand = .none
  public var code: ReplyCode?
  public var enhanced: EnhancedStatusCode?
  public var inferred = false
  public var hint: Hint = .none
  public var time: LogTimestamp?
  /// The session this event belongs to (0: none, e.g. a Postfix delivery line).
  public var session: SessionID = .none
  /// The peer's address: the client's for inbound events, the remote server's for outbound
  /// ones (reports and filters call the latter `remote`).
  public var client: IPAddress?
  /// Where the event's text claimed an address that did not parse.
  public var clientText: TextRange = .none
  /// Client host name as logged (`mail.example.com` of `mail.example.com[192.0.2.1]`).
  public var clientName: TextRange = .none
  /// Outbound: the remote host name (`relay=` or `host ... said`).
  public var remoteHost: TextRange = .none
  public var sender: TextRange = .none
  public var recipient: TextRange = .none
  public var helo: TextRange = .none
  /// Postfix queue id or Exim message id.
  public var queueID: TextRange = .none
  /// The reply text (from the code on, e.g. `550 5.1.1 <x>: Recipient address rejected: ...`).
  public var text: TextRange = .none
  /// For a reply written over several lines (`250-...` ... `250 ...`): the line number of its
  /// first line; 0 when the event comes from one line (then it is the current line).
  public var firstLine: Int = 0
  /// For session-ending events: how the session ended (set by the session tracker).
  public var outcome: Outcome? = nil
  /// Outbound delivery lines: what the MTA decided for the recipient.
  public var delivery: DeliveryStatus? = nil
  /// Outbound delivery lines: the MTA's own status code for the recipient (Postfix `dsn=`),
  /// which need not come from a reply (`connect ... refused` is dsn 4.4.1).
  public var dsn: EnhancedStatusCode? = nil
  /// Events read from a transcript (or Postfix `debug_peer_list` lines): which end of the
  /// connection wrote it. nil for ordinary log lines.
  public var side: TranscriptSide? = nil

  public init(kind: EventKind, direction: Direction) {
    self.kind = kind
    self.direction = direction
  }

  /// The class of the code, if there is a code.
  public var replyClass: ReplyClass? { code?.replyClass }
}

extension SMTPEvent {
  /// Whether the event is a reply that reports count: it has a code, or it is a refusal,
  /// warning or authentication answer whose code the log does not print.
  @inline(__always) public var isReply: Bool {
    if code != nil { return true }
    switch kind {
    case .reject, .warning, .authFailure, .authRequired: return true
    default: return false
    }
  }
}
