import MailCodesSMTP
import MailCodesSupport

/// The parts of a log line around the message: time, host, program, pid.
///
/// Produced by `EnvelopeParser` for every line. Ranges point into the line. `style` says which
/// timestamp form the line used; `.none` means the line has no recognizable header (a
/// transcript line, a continuation line, junk) and `message` is then the start of the line.
public struct SyslogEnvelope: Sendable {
  /// How the line's timestamp was written.
  public enum Style: UInt8, Sendable {
    case none
    /// `Nov 28 06:25:01 host prog[pid]: msg` (RFC 3164, journalctl `short`, Postfix postlogd).
    case rfc3164
    /// `2026-11-28T06:25:01.123456+01:00 host prog[pid]: msg` (RFC 3339, journalctl `short-iso`).
    case rfc3339
    /// `<PRI>1 2026-11-28T06:25:01Z host app procid msgid - msg` (RFC 5424).
    case rfc5424
    /// `2026-11-28 06:25:01[.fff] [+0100] [[pid]] msg` (Exim's own mainlog).
    case eximNative
  }

  public var style: Style = .none
  public var time: LogTimestamp? = nil
  public var host: TextRange = .none
  /// The syslog tag without the pid: `postfix/submission/smtpd`, `exim`, `dovecot`.
  public var program: TextRange = .none
  public var pid: Int32 = -1
  /// Offset of the message text (after `: ` of the tag).
  public var message: Int = 0

  public init() {}

  public var hasHeader: Bool { style != .none }
}
