import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Turns Postfix log lines into SMTP events and sessions.
///
/// Written against the lines Postfix itself writes (smtpd.c, smtpd_check.c `log_whatsup`,
/// smtpd_sasl_glue.c, postscreen, global/log_adhoc.c for delivery status lines), for any
/// syslog name and service. What it reads, per daemon:
/// - smtpd: `connect from` / `disconnect from` (with the per-command counters), `reject:`,
///   `reject_warning:`, `milter-reject:`, `proxy-reject:` at every stage, SASL failures
///   (inferred 535 5.7.8, or 454 4.7.0 for a temporary failure), `timeout after` (inferred
///   421 4.4.2), `lost connection after`, `too many errors after` (inferred 421 4.7.0), anvil
///   limits (inferred 421 4.7.0 / 450 4.7.1), `queue file size limit exceeded` (inferred
///   552 5.3.4), `improper command pipelining after`.
/// - postscreen: CONNECT, PASS NEW/OLD, ALLOWLISTED, DENYLISTED, PREGREET, DNSBL, HANGUP,
///   COMMAND PIPELINING / NON-SMTP COMMAND / BARE NEWLINE, `DATA without valid RCPT`,
///   DISCONNECT, and its `NOQUEUE: reject:` lines.
/// - smtp / lmtp: `status=sent|deferred|bounced|expired (...)` with the remote's reply,
///   the command it answered, the relay host and `dsn=`; `host ... said:` notices.
/// - cleanup: header/body `reject:` and `milter-reject:`; qmgr: `status=expired`.
///
/// Failed commands that the `disconnect` counters report but no reject line explains become
/// events with no code and a `Hint` (Postfix does not log `530 5.7.0 Must issue a STARTTLS
/// command first`, for one). A `quit=1` counter means Postfix answered QUIT: an inferred 221.
public struct PostfixParser {
  private var daemons: [UInt8] = []
  /// Recent `disconnect` counter texts, parsed (a pure function of the text; see `BytesMemo`).
  let counterMemo = BytesMemo(slots: 64, maxLength: 96, placeholder: DisconnectCounters())
  /// Per syslog tag id: `serviceFlags`, 0 when not classified yet.
  private var services: [UInt8] = []
  /// postscreen sessions that passed and may be handed to smtpd: client address -> key.
  var passedPostscreen = FastDictionary<IPAddress, SessionKey>(capacity: 64)
  /// Queue id -> the smtpd session that received the message, from `client=` to qmgr's
  /// `removed` (the last line about a queue file; a short queue id can then be reused). Bounded
  /// (`maxQueueIDs`, oldest first out) for logs whose `removed` lines are missing.
  var queueSessions = FastDictionary<QueueKey, QueueOwner>(capacity: 4096)
  private var queueOrder: [QueueKey] = []
  private var queueOrderHead = 0
  public let maxQueueIDs: Int
  /// postscreen sessions handed over to smtpd (not counted as sessions of their own).
  public internal(set) var postscreenHandoffs = 0
  /// The dialogues of `debug_peer_list` peers (see PostfixVerboseLines.swift).
  var verbose = PostfixVerboseDialogues()
  /// The daemons of processes whose tag does not name them (see `PostfixDaemonGuess`).
  var unnamedDaemons = PostfixDaemonMemory()
  /// A line whose tag names no daemon was read: which lines matter is then known only from
  /// their messages, so a line prefilter (whose literals include tags such as `postscreen`)
  /// must not skip any.
  public private(set) var sawUnnamedTag = false

  /// Session flag: a reject at CONNECT was logged (later commands get 503 access denied).
  static let connectRejectedFlag: UInt32 = 1 << 16
  /// Session flag: the session ended inside a command that reads from the client (`timeout
  /// after DATA (N bytes)`, `lost connection after AUTH`): its failure in the counters is that
  /// end, not a refusal.
  static let endedInsideCommandFlag: UInt32 = 1 << 17
  /// Session flag: a queue id was linked to the session (`QUEUEID: client=`).
  static let queuedFlag: UInt32 = 1 << 18
  /// Session flag: `improper command pipelining after CMD` was logged; CMD is kept in
  /// `improperCommandShift` (see `closeSMTPD`).
  static let improperPipeliningFlag: UInt32 = 1 << 19
  /// The session logged its TLS handshake (`Anonymous TLS connection established from ...`):
  /// the messages it then receives came over TLS.
  static let tlsFlag: UInt32 = 1 << 20
  static let improperCommandShift: UInt32 = 24

  public init(maxQueueIDs: Int = 200_000) {
    self.maxQueueIDs = maxQueueIDs
  }

  /// The Postfix daemon behind `programID`'s tag, `.notPostfix` for other programs (cached per
  /// tag: `PostfixDaemon.rawValue + 1`, 0 for a tag not classified yet).
  @inline(__always) mutating func daemon(_ ctx: ParseContext) -> PostfixDaemon {
    let id = Int(ctx.programID)
    if id < daemons.count {
      let cached = daemons[id]
      if cached != 0, let d = PostfixDaemon(rawValue: cached &- 1) { return d }
    }
    return classifyTag(ctx)
  }

  private mutating func classifyTag(_ ctx: ParseContext) -> PostfixDaemon {
    let id = Int(ctx.programID)
    let d = PostfixDaemon.classify(ctx.line.slice(ctx.envelope.program))
    // Ids beyond a million (a flood of distinct tags) are classified each time, not cached.
    guard id <= 1_000_000 else { return d }
    if id >= daemons.count { daemons.append(contentsOf: repeatElement(0, count: id - daemons.count + 1)) }
    daemons[id] = d.rawValue + 1
    return d
  }

  static let serviceKnown: UInt8 = 1
  static let submissionService: UInt8 = 2
  static let implicitTLSService: UInt8 = 4

  /// What the line's syslog tag says about the service: submission (`submission`, `submit`,
  /// `587`), wrapper-mode TLS (`smtps`, `465`). Cached per tag (`serviceKnown` set once
  /// classified): a `disconnect` line with failed commands asks for every session.
  @inline(__always) mutating func serviceFlags(_ ctx: ParseContext, _ tracker: SessionTracker) -> UInt8 {
    let id = Int(ctx.programID)
    if id < services.count, services[id] != 0 { return services[id] }
    let program = ctx.line.slice(ctx.envelope.program)
    var flags = PostfixParser.serviceKnown
    if tracker.isSubmission(program: program) { flags |= PostfixParser.submissionService }
    if tracker.isImplicitTLS(program: program) { flags |= PostfixParser.implicitTLSService }
    guard id <= 1_000_000 else { return flags }
    if id >= services.count { services.append(contentsOf: repeatElement(0, count: id - services.count + 1)) }
    services[id] = flags
    return flags
  }

  /// Whether the line's tag belongs to Postfix.
  public mutating func accepts(_ ctx: ParseContext) -> Bool { daemon(ctx) != .notPostfix }

  /// Parses one Postfix line.
  public mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
    parse(ctx, daemon: daemon(ctx), tracker: &tracker, into: &out)
  }

  /// Parses one Postfix line whose tag's daemon the caller already looked up.
  @inline(__always)
  public mutating func parse(
    _ ctx: ParseContext, daemon: PostfixDaemon, tracker: inout SessionTracker,
    into out: inout ParseOutput
  ) {
    out.family = .postfix
    let line = ctx.line
    let m = ctx.envelope.message
    guard m < line.count else {
      out.lineClass = .ignored
      return
    }
    noteDaemonProblem(ctx, daemon, m, &out)
    switch daemon {
    case .smtpd: parseSMTPD(ctx, m, &tracker, &out)
    case .postscreen: parsePostscreen(ctx, m, &tracker, &out)
    case .smtp, .lmtp: parseClient(ctx, m, &tracker, &out)
    case .cleanup: parseCleanup(ctx, m, &tracker, &out)
    case .qmgr: parseQmgr(ctx, m, &tracker, &out)
    case .error, .local, .virtual, .pipe, .discard, .bounce, .pickup:
      // Lines of a queue id: grouped with the session that received the message (grep -s).
      parseQueueLine(ctx, m, daemon, &tracker, &out)
    case .other, .notPostfix:
      out.lineClass = .ignored
    case .unnamed:
      parseUnnamed(ctx, m, &tracker, &out)
    }
  }

  /// A line whose tag names no daemon: the daemon is read from the message, or remembered from
  /// an earlier line of the same process (`PostfixDaemonGuess`).
  @inline(never)
  private mutating func parseUnnamed(
    _ ctx: ParseContext, _ m: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    sawUnnamedTag = true
    var (daemon, certain) = PostfixDaemonGuess.guess(ctx.line, at: m)
    if certain {
      unnamedDaemons.remember(daemon, host: ctx.hostID, pid: ctx.envelope.pid)
    } else if let known = unnamedDaemons.daemon(host: ctx.hostID, pid: ctx.envelope.pid) {
      daemon = known
    }
    guard daemon != .unnamed else {
      out.lineClass = .ignored
      return
    }
    parse(ctx, daemon: daemon, tracker: &tracker, into: &out)
  }

  /// Ends the input: passed postscreen sessions count as handed off, the rest as `open`.
  public mutating func finish(tracker: inout SessionTracker, line: Int) {
    // Only passes whose session is still open: an evicted one was already reported (as open).
    let passed = Set(passedPostscreen.entries.map(\.value).filter { tracker.find($0) != nil })
    postscreenHandoffs += passed.count
    passedPostscreen.removeAll()
    tracker.closeAll(line: line) { !passed.contains($0.key) }
  }

  // MARK: - helpers

  @inline(__always) func fill(_ event: inout SMTPEvent, _ ctx: ParseContext, _ client: ClientField?) {
    event.time = ctx.time
    if let client { fillClient(&event, client) }
  }

  @inline(__always) func fillClient(_ event: inout SMTPEvent, _ client: ClientField) {
    event.client = client.address
    event.clientName = client.name
    if client.address == nil { event.clientText = client.addressText }
  }

  @inline(__always) func sessionID(_ key: SessionKey, _ tracker: SessionTracker) -> SessionID {
    tracker.sessionID(of: key)
  }

  /// Attaches `event` to the open session of `key` and counts it there.
  mutating func record(
    _ event: inout SMTPEvent, _ key: SessionKey, command: SMTPCommand, countsAsFailure: Bool,
    _ tracker: inout SessionTracker
  ) {
    guard let slot = tracker.find(key) else { return }
    tracker.attach(&event, to: slot, countsReply: true)
    if countsAsFailure { tracker[slot].loggedFailures.add(command) }
    if command != .none, command != .connect { tracker[slot].lastCommand = command }
    tracker[slot].last = event.time ?? tracker[slot].last
  }

  mutating func registerQueue(_ queue: QueueKey, key: SessionKey, _ tracker: inout SessionTracker) {
    guard let slot = tracker.find(key) else { return }
    tracker[slot].flags |= PostfixParser.queuedFlag
    let isNew = queueSessions.updateValue(QueueOwner(key: key, id: tracker[slot].id), forKey: queue) == nil
    guard isNew else { return }
    queueOrder.append(queue)
    // The order holds ids already removed too: past the bound, the oldest registered goes.
    while queueSessions.count > maxQueueIDs, queueOrderHead < queueOrder.count {
      queueSessions.remove(queueOrder[queueOrderHead])
      queueOrderHead += 1
    }
    if queueOrderHead > 65_536 {
      queueOrder.removeFirst(queueOrderHead)
      queueOrderHead = 0
    } else if queueOrder.count - queueOrderHead > 2 * queueSessions.count + 65_536 {
      // Mostly removed ids (the usual case): keep the order of those still registered.
      queueOrder = queueOrder[queueOrderHead...].filter { queueSessions[$0] != nil }
      queueOrderHead = 0
    }
  }

  /// qmgr's `QID: removed`: the queue file is gone, and with it the link to its session.
  mutating func forgetQueue(_ queue: QueueKey) {
    queueSessions.remove(queue)
  }

  /// The session id that received `queue`, if known.
  func session(ofQueue queue: QueueKey) -> SessionID? { queueSessions[queue]?.id }

  /// A Postfix line no pattern matched: unrecognized if it looks like it carries a reply.
  func classifyLeftover(_ ctx: ParseContext, _ m: Int, _ out: inout ParseOutput) {
    out.lineClass = PostfixParser.looksLikeReply(ctx.line, from: m) ? .unrecognized : .ignored
  }

  /// Whether `line` holds a reject action (`: reject: `, `-reject: `, `reject_warning: `) or a
  /// reply-shaped `[245]dd ` token after a colon or with an enhanced code. Verbose debug lines
  /// (`reject_unauth_destination: x`) are not replies.
  static func looksLikeReply(_ line: ByteView, from start: Int) -> Bool {
    if line.firstRange(of: "reject: ", from: start) != nil
      || line.firstRange(of: "reject_warning: ", from: start) != nil
    {
      return true
    }
    var i = start
    let n = line.count
    while i + 4 < n {
      if line[i] == ASCII.space || line[i] == ASCII.openParen, ReplyCode.parse(line, at: i + 1) != nil,
        line[i + 4] == ASCII.space || line[i + 4] == ASCII.minus
      {
        // `said: 550 ...`, `(450 4.7.1 ...)`, not `after 0.15` or a pid.
        if i + 5 < n, line[i + 4] == ASCII.space, EnhancedStatusCode.parse(line, at: i + 5) != nil { return true }
        if i >= 1, line[i - 1] == ASCII.colon { return true }
      }
      i += 1
    }
    return false
  }
}

/// The smtpd session that received a queue id.
struct QueueOwner: Sendable {
  var key: SessionKey
  var id: SessionID
}

extension QueueKey {
  static func length(of line: ByteView, at start: Int) -> Int {
    var i = start
    while i < line.count, ASCII.isDigit(line[i]) || ASCII.isLetter(line[i]) { i += 1 }
    return i - start
  }
}

extension SessionTracker {
  /// Whether a syslog tag names a submission-style service (`submission`, `submit`, `587`).
  func isSubmission(program: ByteView) -> Bool {
    program.firstRange(of: "submission") != nil || program.firstRange(of: "submit") != nil
      || program.firstRange(of: "587") != nil || isImplicitTLS(program: program)
  }

  /// Whether a syslog tag names a wrapper-mode TLS service (`smtps`, `465`).
  func isImplicitTLS(program: ByteView) -> Bool {
    program.firstRange(of: "smtps") != nil || program.firstRange(of: "465") != nil
  }
}
