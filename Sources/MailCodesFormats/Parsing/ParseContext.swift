import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What a format parser gets for one line.
public struct ParseContext {
  public var line: ByteView
  public var envelope: SyslogEnvelope
  public var lineNumber: Int
  /// Interned `envelope.host` (0 when the line has none).
  public var hostID: UInt32
  /// Interned `envelope.program` (0 when the line has none).
  public var programID: UInt32

  /// The envelope's time, or the last time seen in this input for lines without one.
  public var time: LogTimestamp?

  public init(
    line: ByteView, envelope: SyslogEnvelope, lineNumber: Int, hostID: UInt32, programID: UInt32, time: LogTimestamp?
  ) {
    self.line = line
    self.envelope = envelope
    self.lineNumber = lineNumber
    self.hostID = hostID
    self.programID = programID
    self.time = time
  }
}

/// What a format parser produces for one line: its class and its events.
///
/// The event array is reused from line to line (no allocation once warm). `session` names the
/// session the line belongs to, for grep's `--session` mode.
public struct ParseOutput {
  public var lineClass: LineClass = .ignored
  public var family: LogFamily?
  public var session: SessionID = .none
  public var events: [SMTPEvent] = []
  /// The part of the line that is a credential (a transcript's AUTH data), for `Redactor`;
  /// empty when the parser saw none.
  public var secret: TextRange = .none

  public init() { events.reserveCapacity(32) }

  @inline(__always) public mutating func reset() {
    lineClass = .ignored
    family = nil
    session = .none
    secret = .none
    // `removeAll(keepingCapacity:)` takes the generic range-replacement path (about 70
    // instructions); a line has one or two events, and removing them one by one is cheaper.
    while !events.isEmpty { events.removeLast() }
  }

  /// Marks `range` as a credential (several on one line: the span from the first to the last).
  @inline(__always) mutating func addSecret(_ range: TextRange) {
    secret = secret.spanning(range)
  }
}

extension TextRange {
  /// The smallest range that holds both (an empty one counts as absent).
  func spanning(_ other: TextRange) -> TextRange {
    if other.isEmpty { return self }
    if isEmpty { return other }
    return TextRange(start: min(Int(start), Int(other.start)), end: max(end, other.end))
  }
}
