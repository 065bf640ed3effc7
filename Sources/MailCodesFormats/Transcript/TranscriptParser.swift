import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads SMTP transcripts into events and sessions: swaks, `C:`/`S:` dialogues and telnet
/// pastes, Python smtplib debug output, Exim debug output and test scripts, Exchange protocol
/// logs and hMailServer logs (Postfix `debug_peer_list` lines are read inside Postfix logs,
/// see `PostfixParser.parseVerboseServerLine`).
///
/// The dialect is detected per input from its first lines (`TranscriptDialect.detect`, within
/// the first `detectionWindow` lines), or forced with `--format transcript` (then from the
/// first line that has a marker). Time stamps in front of the lines are read and skipped
/// (`TimeStampPrefix`). Each line is cut up by the dialect's reader into a `TranscriptLine`
/// and applied to its session (`TranscriptSession`), which makes the events and decides how
/// the session ended. One session at a time, except for the keyed dialects whose rows name
/// their session (Exchange, hMailServer).
///
/// Per line this allocates nothing: readers return ranges into the line, and the session is
/// changed in place (`current`, or its slot of `keyed`, which only grows when a session begins).
public struct TranscriptParser {
  /// Lines of an input within which a transcript must show itself (unless forced).
  public static let detectionWindow = 200

  private var dialect: TranscriptDialect?
  private var exchange = ExchangeProtocolLogReader()
  /// The session of the one-session-at-a-time dialects (open, or ended and still taking
  /// its trailing lines).
  private var current: TranscriptSession?
  /// The sessions of keyed dialects by the session id their rows name.
  private var keyed: [UInt64: TranscriptSession] = [:]
  private var counters = Counters()

  public init() {}

  /// Called at the start of each input: its dialect is detected anew. A session still open
  /// continues (a transcript split over rotated files) until something ends it.
  public mutating func beginInput() {
    dialect = nil
    exchange = ExchangeProtocolLogReader()
    counters.sidesSeen = 0
  }

  /// Whether this input has been identified as a transcript.
  public var isActive: Bool { dialect != nil }

  /// What the current input was read as, for the report: `swaks transcript, client side
  /// (outbound)`: the replies are the remote server's; nil when it was not a transcript.
  public var inputDescription: String? {
    guard let dialect else { return nil }
    let side: String
    switch counters.sidesSeen {
    case 1: side = "client side (outbound)"
    case 2: side = "server side (inbound)"
    case 3: side = "client and server sides"
    default: side = dialect.defaultSide == .client ? "client side (outbound)" : "server side (inbound)"
    }
    return "\(dialect) transcript, \(side)"
  }

  /// Offered every line that no syslog family claimed; returns false to leave it ignored.
  public mutating func parse(
    _ ctx: ParseContext, forced: Bool, tracker: inout SessionTracker,
    into out: inout ParseOutput
  ) -> Bool {
    // Past the detection window without a dialect, no line is a transcript's: decided before
    // any time stamp is read (every line of an Exim mainlog comes here first).
    if dialect == nil, !forced, ctx.lineNumber > TranscriptParser.detectionWindow { return false }
    let line = ctx.line
    var start = 0
    var time = ctx.time
    let tagged = ctx.envelope.hasHeader && ctx.programID != 0
    if tagged {
      start = ctx.envelope.message
    } else if let stamp = TimeStampPrefix.skip(line, at: 0, reference: ctx.time) {
      start = stamp.end
      time = stamp.time ?? (ctx.envelope.hasHeader ? ctx.envelope.time : nil)
    } else if !ctx.envelope.hasHeader {
      time = ctx.time
    }
    if dialect == nil {
      guard forced || ctx.lineNumber <= TranscriptParser.detectionWindow,
        let detected = TranscriptDialect.detect(line, from: start)
      else { return false }
      dialect = detected
    } else if tagged, !forced, TranscriptDialect.detect(line, from: start) == nil {
      // A syslog line of another program in a transcript file: only marked lines count.
      return false
    }
    guard let dialect else { return false }
    var t: TranscriptLine
    switch dialect {
    case .swaks: t = SwaksReader.read(line, start)
    case .dialogue: t = DialogueReader.read(line, start)
    case .smtplib: t = SmtplibReader.read(line, start)
    case .eximDebug: t = EximDebugReader.read(line, start)
    case .eximScript: t = EximScriptReader.read(line, start)
    case .exchange: t = exchange.read(line, start)
    case .hMailServer: t = HMailServerReader.read(line, start)
    }
    guard t.kind != .none else { return false }
    if t.continuesReply {
      let session = dialect.isKeyed ? keyed[t.stream] : current
      if session.map({ $0.closed || !$0.reply.inProgress }) ?? true { return false }
    }
    if t.time == nil { t.time = time }
    out.family = .transcript
    out.lineClass = .recognized
    apply(t, dialect, ctx, &tracker, &out)
    return true
  }

  private mutating func apply(
    _ t: TranscriptLine, _ dialect: TranscriptDialect, _ ctx: ParseContext,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let factory = SessionFactory(dialect: dialect, exchangeSide: exchange.side)
    if !dialect.isKeyed {
      TranscriptParser.apply(t, factory, ctx, &current, &counters, &tracker, &out)
      return
    }
    TranscriptParser.apply(t, factory, ctx, &keyed[t.stream], &counters, &tracker, &out)
    switch t.kind {
    case .serverClosed, .clientClosed, .sessionEnd:
      keyed[t.stream] = nil
    default:
      // hMailServer logs no end of a session: forget ended ones now and then.
      if keyed.count > 4096 { keyed = keyed.filter { !$0.value.closed } }
    }
  }

  /// What a new session needs to know about the input.
  private struct SessionFactory {
    var dialect: TranscriptDialect
    var exchangeSide: TranscriptSide?
  }

  /// Counters shared by the sessions of a run.
  private struct Counters {
    var nextSerial: UInt64 = 1
    /// Sides of the sessions of the current input (bit 1 client, bit 2 server).
    var sidesSeen: UInt8 = 0
  }

  /// Applies one line to the session in `session` (its stream's slot), starting one if needed.
  private static func apply(
    _ t: TranscriptLine, _ factory: SessionFactory, _ ctx: ParseContext,
    _ session: inout TranscriptSession?, _ counters: inout Counters,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let line = ctx.line
    switch t.kind {
    case .none, .info:
      break
    case .sessionStart:
      begin(t, factory, expectGreeting: true, ctx, &session, &counters, &tracker)
    case .reply:
      if t.directionGuessed, session?.inContent == true {
        out.addSecret(session!.clientLine(line, Int(t.text.start), t.text.end))
        break
      }
      if session?.closed ?? true { begin(t, factory, expectGreeting: true, ctx, &session, &counters, &tracker) }
      learnSide(t, &session!, &counters, &tracker)
      let ok = session!.serverLine(
        line, codeStart: t.codeStart, text: t.text, lineNumber: ctx.lineNumber,
        time: t.time, tracker: &tracker, out: &out)
      if !ok, t.directionGuessed { out.addSecret(session!.clientLine(line, Int(t.text.start), t.text.end)) }
    case .command, .escapedCommands, .contentSummary:
      if session == nil { begin(t, factory, expectGreeting: false, ctx, &session, &counters, &tracker) }
      learnSide(t, &session!, &counters, &tracker)
      switch t.kind {
      case .command: out.addSecret(session!.clientLine(line, Int(t.text.start), t.text.end))
      case .escapedCommands: out.addSecret(session!.clientEscapedLines(line, t.text))
      default: out.addSecret(session!.contentSummary(line, Int(t.text.start), t.text.end))
      }
    case .serverClosed, .clientClosed, .sessionEnd:
      session?.connectionEnded(
        t.kind, peer: t.peer, lineNumber: ctx.lineNumber, time: t.time, tracker: &tracker,
        out: &out)
    }
    out.session = session?.id ?? .none
  }

  /// Starts a session in `session`, ending the one before it (as `open` if nothing ended it).
  private static func begin(
    _ t: TranscriptLine, _ factory: SessionFactory, expectGreeting: Bool,
    _ ctx: ParseContext, _ session: inout TranscriptSession?, _ counters: inout Counters,
    _ tracker: inout SessionTracker
  ) {
    session?.abandon(line: ctx.lineNumber, tracker: &tracker)
    let dialect = factory.dialect
    let side = t.side ?? factory.exchangeSide ?? dialect.defaultSide
    let key = SessionKey(
      host: 0, program: 0, pid: -1, port: UInt32(dialect.rawValue),
      discriminator: counters.nextSerial)
    counters.nextSerial += 1
    counters.sidesSeen |= side.rawValue
    session = TranscriptSession(
      key: key, family: .transcript, side: side, sideIsKnown: dialect.sideIsFixed || t.side != nil, peer: t.peer,
      contentIsLogged: dialect.logsMessageContent, expectGreeting: expectGreeting, time: t.time,
      line: ctx.lineNumber, tracker: &tracker)
  }

  /// The first line that tells the side (Exim's arrows) fixes it for the session; the first
  /// that names the peer gives its address.
  @inline(__always)
  private static func learnSide(
    _ t: TranscriptLine, _ session: inout TranscriptSession, _ counters: inout Counters,
    _ tracker: inout SessionTracker
  ) {
    if let peer = t.peer, session.peer == nil { session.peer = peer }
    guard let side = t.side, !session.sideIsKnown else { return }
    session.sideIsKnown = true
    counters.sidesSeen |= side.rawValue
    if session.side != side {
      session.side = side
      if let slot = session.liveSlot(in: tracker) { tracker[slot].direction = side.direction }
    }
  }

  /// Ends the sessions still open when the input series ends: `open`, the transcript just
  /// stopped.
  public mutating func finish(tracker: inout SessionTracker, line: Int) {
    current?.abandon(line: line, tracker: &tracker)
    current = nil
    for stream in keyed.keys.sorted(by: { keyed[$0]!.id < keyed[$1]!.id }) {
      keyed[stream]!.abandon(line: line, tracker: &tracker)
    }
    keyed.removeAll()
  }
}
