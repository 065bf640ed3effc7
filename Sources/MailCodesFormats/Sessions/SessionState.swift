import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What the tracker knows about one open session.
///
/// Format parsers read and update it through `SessionTracker`; the generic fields serve every
/// family, `flags` holds a parser's own bits (postscreen test results, TLS seen...).
public struct SessionState: Sendable {
  public var id: SessionID
  public var key: SessionKey
  public var family: LogFamily
  public var direction: Direction
  public var client: IPAddress?
  public var start: LogTimestamp?
  public var last: LogTimestamp?
  /// Input line where the session began.
  public var startLine: Int
  /// The last command known to have been sent.
  public var lastCommand: SMTPCommand = .connect
  /// An outcome decided before the session's last line (a `timeout after` line precedes
  /// Postfix's `disconnect`).
  public var outcome: Outcome?
  /// The stage that goes with `outcome`.
  public var stage: SMTPCommand = .none
  /// Rejections the log printed, per command (to tell them apart from the failures that the
  /// Postfix `disconnect` counters report).
  public var loggedFailures = CommandCounts()
  /// Reply events seen in this session.
  public var replyEvents: Int32 = 0
  /// The closing reply (221 or 421) came without a QUIT from the client.
  public var closedWithoutQuit = false
  /// Parser-specific bits.
  public var flags: UInt32 = 0
}

/// A session that has ended, as sinks receive it.
public struct SessionRecord: Sendable {
  public var id: SessionID
  public var family: LogFamily
  public var direction: Direction
  public var client: IPAddress?
  /// Interned syslog host (see `NameTable.hosts`).
  public var host: UInt32
  /// Interned syslog tag, the service (see `NameTable.programs`).
  public var program: UInt32
  public var start: LogTimestamp?
  public var end: LogTimestamp?
  public var outcome: Outcome
  /// The last command: "idle-timeout after DATA" has stage DATA.
  public var stage: SMTPCommand
  public var startLine: Int
  public var endLine: Int
  public var replyEvents: Int32
  /// The session was pushed out of the bounded table (its outcome is then `open`).
  public var evicted: Bool
  /// The server's closing reply came without a QUIT (idle timeout or hang-up).
  public var closedWithoutQuit: Bool
}
