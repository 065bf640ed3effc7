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
/// Per line this allocates nothing: readers return ranges into the line, sessions live in a
/// dictionary that only grows when a session begins.
public struct TranscriptParser {
  /// Lines of an input within which a transcript must show itself (unless forced).
  public static let detectionWindow = 200

  private var dialect: TranscriptDialect?
  private var exchange = ExchangeProtocolLogReader()
  /// Open (and recently ended) sessions by stream: 0 for one-session-at-a-time dialects,
  /// the session id of keyed ones.
  private var sessions: [UInt64: TranscriptSession] = [:]
  private var nextSerial: UInt64 = 1
  /// Sides of the sessions of the current input (bit 1 client, bit 2 server).
  private var sidesSeen: UInt8 = 0
  private var sessionsSeen = 0

  public init() {}

  /// Called at the start of each input: its dialect is detected anew. A session still open
  /// continues (a transcript split over rotated files) until something ends it.
  public mutating func beginInput() {
    dialect = nil
    exchange = ExchangeProtocolLogReader()
    sidesSeen = 0
    sessionsSeen = 0
  }

  /// Whether this input has been identified as a transcript.
  public var isActive: Bool { dialect != nil }

  /// What the current input was read as, for the report: `swaks transcript, client side
  /// (outbound)`: the replies are the remote server's; nil when it was not a transcript.
  public var inputDescription: String? {
    guard let dialect else { return nil }
    let side: String
    switch sidesSeen {
    case 1: side = "client side (outbound)"
    case 2: side = "server side (inbound)"
    case 3: side = "client and server sides"
    default: side = dialect.defaultSide == .client ? "client side (outbound)" : "server side (inbound)"
    }
    return "\(dialect) transcript, \(side)"
  }

  /// Offered every line that no syslog family claimed; returns false to leave it ignored.
  public mutating func parse(_ ctx: ParseContext, forced: Bool, tracker: inout SessionTracker,
                             into out: inout ParseOutput) -> Bool {
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
    if t.continuesReply, sessions[t.stream].map({ $0.closed || !$0.reply.inProgress }) ?? true { return false }
    if t.time == nil { t.time = time }
    out.family = .transcript
    out.lineClass = .recognized
    apply(t, dialect, ctx, &tracker, &out)
    return true
  }

  private mutating func apply(_ t: TranscriptLine, _ dialect: TranscriptDialect, _ ctx: ParseContext,
                              _ tracker: inout SessionTracker, _ out: inout ParseOutput) {
    let line = ctx.line
    let stream = t.stream
    switch t.kind {
    case .none, .info:
      break
    case .sessionStart:
      begin(t, dialect, expectGreeting: true, ctx, &tracker)
    case .reply:
      if sessions[stream]?.inContent == true, t.directionGuessed {
        sessions[stream]!.clientLine(line, Int(t.text.start), t.text.end)
        break
      }
      if sessions[stream].map({ $0.closed }) ?? true { begin(t, dialect, expectGreeting: true, ctx, &tracker) }
      learnSide(t, stream, &tracker)
      let ok = sessions[stream]!.serverLine(line, codeStart: t.codeStart, text: t.text, lineNumber: ctx.lineNumber,
                                            time: t.time, tracker: &tracker, out: &out)
      if !ok, t.directionGuessed { sessions[stream]!.clientLine(line, Int(t.text.start), t.text.end) }
    case .command, .escapedCommands, .contentSummary:
      if sessions[stream] == nil { begin(t, dialect, expectGreeting: false, ctx, &tracker) }
      learnSide(t, stream, &tracker)
      switch t.kind {
      case .command: sessions[stream]!.clientLine(line, Int(t.text.start), t.text.end)
      case .escapedCommands: sessions[stream]!.clientEscapedLines(line, t.text)
      default: sessions[stream]!.contentSummary(line, Int(t.text.start), t.text.end)
      }
    case .serverClosed, .clientClosed, .sessionEnd:
      sessions[stream]?.connectionEnded(t.kind, lineNumber: ctx.lineNumber, time: t.time, tracker: &tracker,
                                        out: &out)
      if dialect.isKeyed, let session = sessions.removeValue(forKey: stream) {
        out.session = session.id
        return
      }
    }
    out.session = sessions[stream]?.id ?? .none
    if dialect.isKeyed, sessions.count > 4096 { sweepClosedSessions() }
  }

  /// Starts a session for `t.stream`, ending the one before it (as `open` if nothing ended it).
  private mutating func begin(_ t: TranscriptLine, _ dialect: TranscriptDialect, expectGreeting: Bool,
                              _ ctx: ParseContext, _ tracker: inout SessionTracker) {
    sessions[t.stream]?.abandon(line: ctx.lineNumber, tracker: &tracker)
    let side = t.side ?? (dialect == .exchange ? exchange.side : nil) ?? dialect.defaultSide
    let key = SessionKey(host: 0, program: 0, pid: -1, port: UInt32(dialect.rawValue), discriminator: nextSerial)
    nextSerial += 1
    let session = TranscriptSession(
      key: key, family: .transcript, side: side, sideIsKnown: dialect.sideIsFixed || t.side != nil, peer: t.peer,
      contentIsLogged: dialect.logsMessageContent, expectGreeting: expectGreeting, time: t.time,
      line: ctx.lineNumber, tracker: &tracker)
    sessions[t.stream] = session
    sidesSeen |= side.rawValue
    sessionsSeen += 1
  }

  /// The first line that tells the side (Exim's arrows) fixes it for the session.
  private mutating func learnSide(_ t: TranscriptLine, _ stream: UInt64, _ tracker: inout SessionTracker) {
    guard let side = t.side, let session = sessions[stream], !session.sideIsKnown else {
      if let peer = t.peer, sessions[stream]?.peer == nil { sessions[stream]!.peer = peer }
      return
    }
    sessions[stream]!.sideIsKnown = true
    sidesSeen |= side.rawValue
    if session.side != side {
      sessions[stream]!.side = side
      if let slot = session.slot(in: tracker) { tracker[slot].direction = side.direction }
    }
  }

  /// Forgets ended sessions of keyed dialects whose rows stopped (hMailServer logs no end).
  private mutating func sweepClosedSessions() {
    sessions = sessions.filter { !$0.value.closed }
  }

  /// Ends the sessions still open when the input series ends: `open`, the transcript just
  /// stopped.
  public mutating func finish(tracker: inout SessionTracker, line: Int) {
    for stream in sessions.keys.sorted(by: { sessions[$0]!.id < sessions[$1]!.id }) {
      sessions[stream]!.abandon(line: line, tracker: &tracker)
    }
    sessions.removeAll()
  }
}
