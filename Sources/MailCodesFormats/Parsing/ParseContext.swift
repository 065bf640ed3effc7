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
  /// The line's message event may leave its fields to be read later, by whoever reads it
  /// (`MessageEvent.pending`): set when the sink runs on another thread (`DeferredSink`),
  /// which then reads them there.
  public var defersMessageFields = false

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
  /// The bytes the events' texts index when an event holds a text of an earlier line (see
  /// `carry`): the line, then the carried texts. Empty, as on almost every line: the events'
  /// texts index the line itself.
  public var eventBytes: [UInt8] = []
  /// What the line says about a message: at most one `MessageEvent`, none for most lines.
  /// An array, like `events`, so that `ParseOutput` stays small: it is passed along per line.
  public var messages: [MessageEvent] = []

  public init() {
    events.reserveCapacity(32)
    messages.reserveCapacity(1)
  }

  /// Sets the line's message event (replacing one set before).
  @inline(__always) public mutating func setMessage(_ event: MessageEvent) {
    if messages.isEmpty { messages.append(event) } else { messages[0] = event }
  }

  @inline(__always) public mutating func reset() {
    lineClass = .ignored
    family = nil
    session = .none
    secret = .none
    if !eventBytes.isEmpty { eventBytes.removeAll(keepingCapacity: true) }
    if !messages.isEmpty { messages.removeLast() }
    // `removeAll(keepingCapacity:)` takes the generic range-replacement path (about 70
    // instructions); a line has one or two events, and removing them one by one is cheaper.
    while !events.isEmpty { events.removeLast() }
  }

  /// Starts carrying a text of an earlier line for this line's events: from now on their texts
  /// index `eventBytes`, a copy of `line` with the carried texts after it. Returns where the
  /// next appended text starts.
  mutating func beginCarrying(after line: ByteView) -> Int {
    if eventBytes.isEmpty { eventBytes.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count)) }
    return eventBytes.count
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
