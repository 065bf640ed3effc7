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
  private let counterMemo = BytesMemo(slots: 64, maxLength: 96, placeholder: DisconnectCounters())
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
  public private(set) var postscreenHandoffs = 0
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

  // MARK: - smtpd

  private mutating func parseSMTPD(
    _ ctx: ParseContext, _ m: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    let key = SessionKey(host: ctx.hostID, program: ctx.programID, pid: ctx.envelope.pid)
    switch line[m] {
    case 0x63:  // c
      if line.matches("connect from ", at: m) {
        openSMTPD(ctx, key, m + 13, &tracker, &out)
        return
      }
    case 0x64:  // d
      if line.matches("disconnect from ", at: m) {
        closeSMTPD(ctx, key, m + 16, &tracker, &out)
        return
      }
    case 0x4E:  // N
      if line.matches("NOQUEUE: ", at: m) {
        // Postfix >= 3.10: `NOQUEUE: lost connection after CMD from CLIENT`.
        if sessionEndingLine(ctx, key, m + 9, queueID: .none, &tracker, &out) { return }
        parseAction(ctx, m + 9, queue: nil, key: key, &tracker, &out)
        return
      }
    case 0x74:  // t
      if line.matches("timeout after ", at: m) {
        sessionEnding(ctx, key, m + 14, kind: .timeout, &tracker, &out)
        return
      }
      if line.matches("too many errors after ", at: m) {
        sessionEnding(ctx, key, m + 22, kind: .reject, &tracker, &out)
        return
      }
    case 0x6C:  // l
      if line.matches("lost connection after ", at: m) {
        sessionEnding(ctx, key, m + 22, kind: .lostConnection, &tracker, &out)
        return
      }
    case 0x69:  // i
      if line.matches("improper command pipelining after ", at: m) {
        out.lineClass = .recognized
        out.session = sessionID(key, tracker)
        // CMD is the command just read (>= 3.9); whether it was refused (554 5.5.0 with
        // smtpd_forbid_unauth_pipelining = yes) only the `disconnect` counters tell.
        var e = m + 34
        while e < line.count, line[e] != ASCII.space { e += 1 }
        if let slot = tracker.find(key), let command = SMTPCommand(name: line.slice(m + 34, e)) {
          tracker[slot].flags =
            tracker[slot].flags & ~(0xFF << PostfixParser.improperCommandShift)
            | PostfixParser.improperPipeliningFlag | UInt32(command.rawValue) << PostfixParser.improperCommandShift
        }
        return
      }
    case 0x70:  // p
      // Before-queue content filter (smtpd_proxy_filter): `proxy-reject: END-OF-MESSAGE: 554 ...`.
      if line.matches("proxy-reject: ", at: m) {
        parseAction(ctx, m, queue: nil, key: key, &tracker, &out)
        return
      }
      if line.matches("proxy-accept: ", at: m) {
        out.lineClass = .recognized
        out.session = sessionID(key, tracker)
        return
      }
    case 0x77:  // w
      if line.matches("warning: ", at: m) {
        parseSMTPDWarning(ctx, key, m + 9, &tracker, &out)
        return
      }
    case ASCII.greaterThan, ASCII.lessThan:
      // debug_peer_list verbose lines (Formats/Transcript/PostfixVerboseLines.swift).
      parseVerboseServerLine(ctx, m, key, &tracker, &out)
      return
    default:
      break
    }
    if let (queue, colon) = QueueKey.parse(line, at: m), line.byte(at: colon + 1) == ASCII.space {
      let rest = colon + 2
      if line.matches("client=", at: rest) {
        registerQueue(queue, key: key, &tracker)
        out.lineClass = .recognized
        out.session = sessionID(key, tracker)
        noteReceived(ctx, queueStart: m, colon: colon, at: rest + 7, &out)
        return
      }
      // Postfix >= 3.10: `QUEUEID: timeout after DATA (N bytes) from CLIENT`.
      if sessionEndingLine(ctx, key, rest, queueID: TextRange(start: m, end: colon), &tracker, &out) { return }
      noteSMTPDAction(ctx, queueStart: m, colon: colon, at: rest, &out)
      parseAction(ctx, rest, queue: queue, queueStart: m, key: key, &tracker, &out)
      return
    }
    classifyLeftover(ctx, m, &out)
    out.session = sessionID(key, tracker)
  }

  private mutating func openSMTPD(
    _ ctx: ParseContext, _ key: SessionKey, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let client = ClientField.parse(ctx.line, at: at)
    // A postscreen session that passed is handed to this smtpd: it is not a session of its own.
    if !passedPostscreen.isEmpty, let address = client?.address, let pscKey = passedPostscreen.remove(address),
      let slot = tracker.find(pscKey)
    {
      tracker.discard(slot: slot)
      postscreenHandoffs += 1
    }
    let slot = tracker.open(
      key: key, family: .postfix, direction: .inbound, client: client?.address,
      time: ctx.time, line: ctx.lineNumber)
    var event = SMTPEvent(kind: .connect, direction: .inbound)
    fill(&event, ctx, client)
    event.command = .connect
    event.session = tracker[slot].id
    out.events.append(event)
    out.lineClass = .recognized
    out.session = event.session
  }

  private mutating func closeSMTPD(
    _ ctx: ParseContext, _ key: SessionKey, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    out.lineClass = .recognized
    let line = ctx.line
    let client = ClientField.parse(line, at: at)
    let countersStart = client?.end ?? at
    let counters = counterMemo.value(for: line.suffix(from: countersStart)) { DisconnectCounters.parse($0, from: 0) }
    guard let slot = tracker.find(key) else {
      // The session began before the input did: still count what the counters say.
      if counters.sent[.quit] > 0 {
        var event = SMTPEvent(kind: .disconnect, direction: .inbound)
        fill(&event, ctx, client)
        event.command = .quit
        event.code = .closing
        event.enhanced = EnhancedStatusCode(statusClass: 2, subject: 0, detail: 0)
        event.inferred = true
        out.events.append(event)
      }
      return
    }
    let state = tracker[slot]
    out.session = state.id
    var base = SMTPEvent(kind: .reject, direction: .inbound)
    fill(&base, ctx, client)
    base.session = state.id
    base.inferred = false
    var improperPipelining: SMTPCommand? = nil
    if counters.hasCounters, counters.anyFailed {
      let service = serviceFlags(ctx, tracker)
      let tls = counters.sent[.starttls] > counters.failed[.starttls] || service & PostfixParser.implicitTLSService != 0
      let isSubmission = service & PostfixParser.submissionService != 0
      let inference = CounterInference(
        counters: counters, logged: state.loggedFailures, tls: tls,
        connectRejected: state.flags & PostfixParser.connectRejectedFlag != 0)
      if state.flags & PostfixParser.improperPipeliningFlag != 0, state.outcome == nil, counters.sent[.quit] == 0,
        let command = SMTPCommand(
          rawValue: UInt8(truncatingIfNeeded: state.flags >> PostfixParser.improperCommandShift))
      {
        improperPipelining = command
      }
      for command in SMTPCommand.everyCase where counters.failed[command] > 0 {
        var logged = state.loggedFailures[command]
        if command == .helo || command == .ehlo {
          logged = state.loggedFailures[.helo] + state.loggedFailures[.ehlo]
          if command == .ehlo { logged -= min(logged, counters.failed[.helo]) }
        }
        if command == .data { logged += state.loggedFailures[.endOfData] }
        var missing = counters.failed[command] - logged
        // A command cut short by a timeout or a lost connection (`timeout after DATA (N
        // bytes)`) fails in the counters without any refusal: that one is not a rejection.
        if state.stage == command, state.outcome == .idleTimeout || state.outcome == .lostConnection,
          state.flags & PostfixParser.endedInsideCommandFlag != 0
        {
          missing -= 1
        }
        guard missing > 0 else { continue }
        var event = base
        event.command = command
        if command == improperPipelining {
          // smtpd_forbid_unauth_pipelining: the command named by the `improper command
          // pipelining` line was answered 554 5.5.0 and the session ended there.
          var refused = event
          refused.code = ReplyCode(554)
          refused.enhanced = EnhancedStatusCode(statusClass: 5, subject: 5, detail: 0)
          refused.inferred = true
          out.events.append(refused)
          tracker[slot].replyEvents += 1
          tracker[slot].outcome = .rejected
          tracker[slot].stage = command
          tracker[slot].closedWithoutQuit = true
          missing -= 1
          guard missing > 0 else { continue }
        }
        if let reply = inference.reply(for: command) {
          event.code = ReplyCode(reply.code)
          event.enhanced = reply.enhanced
          event.inferred = true
        } else {
          event.hint = hint(for: command, counters: counters, tls: tls, submission: isSubmission)
        }
        if command == .auth { event.kind = .authFailure }
        for _ in 0..<missing { out.events.append(event) }
        tracker[slot].replyEvents += Int32(missing)
      }
    }
    let quit = counters.sent[.quit] > counters.failed[.quit]
    var outcome: Outcome? = nil
    var stage: SMTPCommand? = nil
    // Before Postfix 2.11 `disconnect from` has no counters. smtpd then logs every other way a
    // session can end (`lost connection`, `timeout`, `too many errors`, 421 rejects, anvil
    // limits), so a plain disconnect with none of those is the end of a QUIT.
    // After a message, though, a client that hangs up leaves no line (`smtpd_proto` does not log
    // a lost connection after END-OF-MESSAGE): QUIT is then likely, not certain.
    let afterMessage = state.flags & PostfixParser.queuedFlag != 0
    let quitWithoutCounters = !counters.hasCounters && state.outcome == nil && !afterMessage
    let state2 = tracker[slot]
    if state2.outcome == nil {
      if quit || quitWithoutCounters || (!counters.hasCounters && afterMessage) {
        outcome = .quit
        stage = .quit
      } else if counters.hasCounters, counters.sent.total == 0 {
        stage = .connect
      }
    }
    var end = base
    end.kind = .disconnect
    if (quit || quitWithoutCounters) && (state.outcome == nil || state.outcome == .quit) {
      end.command = .quit
      end.code = .closing
      end.enhanced = EnhancedStatusCode(statusClass: 2, subject: 0, detail: 0)
      end.inferred = true
      tracker[slot].replyEvents += 1
    } else if !counters.hasCounters && afterMessage && state.outcome == nil {
      end.command = .quit
      end.hint = .quitOrHangUpAfterMessage
    } else {
      end.command = state2.stage != .none ? state2.stage : state2.lastCommand
    }
    tracker.close(
      slot: slot, outcome: outcome, fallback: .lostConnection, stage: stage, time: ctx.time,
      line: ctx.lineNumber)
    end.outcome = outcome ?? state2.outcome ?? .lostConnection
    out.events.append(end)
  }

  private func hint(for command: SMTPCommand, counters: DisconnectCounters, tls: Bool, submission: Bool) -> Hint {
    switch command {
    case .mail:
      if submission { return tls ? .authenticationRequired : .startTLSRequired }
      return counters.sent[.helo] + counters.sent[.ehlo] == 0 ? .badSequence : .mailRefused
    case .rcpt:
      return counters.sent[.mail] - counters.failed[.mail] == 0 ? .badSequence : .syntaxError
    case .data, .bdat:
      return counters.sent[.rcpt] - counters.failed[.rcpt] == 0 ? .badSequence : .contentRejected
    case .auth: return .authRefused
    case .vrfy, .etrn, .unknown, .expn: return .unknownCommand
    case .helo, .ehlo: return .syntaxError
    default: return .syntaxError
    }
  }

  /// `lost connection after`, `timeout after`, `too many errors after` at `at` (after the
  /// `NOQUEUE: ` or `QUEUEID: ` that Postfix >= 3.10 writes first); false for another text.
  private mutating func sessionEndingLine(
    _ ctx: ParseContext, _ key: SessionKey, _ at: Int, queueID: TextRange,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) -> Bool {
    let line = ctx.line
    if line.matches("lost connection after ", at: at) {
      sessionEnding(ctx, key, at + 22, kind: .lostConnection, queueID: queueID, &tracker, &out)
    } else if line.matches("timeout after ", at: at) {
      sessionEnding(ctx, key, at + 14, kind: .timeout, queueID: queueID, &tracker, &out)
    } else if line.matches("too many errors after ", at: at) {
      sessionEnding(ctx, key, at + 22, kind: .reject, queueID: queueID, &tracker, &out)
    } else {
      return false
    }
    return true
  }

  /// `timeout after CMD from`, `lost connection after CMD from`, `too many errors after CMD from`.
  private mutating func sessionEnding(
    _ ctx: ParseContext, _ key: SessionKey, _ at: Int, kind: EventKind,
    queueID: TextRange = .none, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.lineClass = .recognized
    var i = at
    while i < line.count, line[i] != ASCII.space { i += 1 }
    let command = SMTPCommand(name: line.slice(at, i)) ?? .unknown
    // The end came inside the command when the command reads from the client itself: the
    // message content (`DATA (223 bytes)`, BDAT chunks), the SASL dialogue, the TLS handshake.
    // A DATA without the byte count was answered (refused) before the client left.
    let insideCommand =
      command == .data
      ? line.byte(at: i + 1) == ASCII.openParen
      : command == .bdat || command == .auth || command == .starttls
    if let from = line.firstRange(of: " from ", from: i) { i = from + 6 }
    let client = ClientField.parse(line, at: i)
    var event = SMTPEvent(kind: kind, direction: .inbound)
    fill(&event, ctx, client)
    event.command = command
    event.queueID = queueID
    switch kind {
    case .timeout:
      event.code = .serviceNotAvailable
      event.enhanced = EnhancedStatusCode(statusClass: 4, subject: 4, detail: 2)
      event.inferred = true
    case .reject:
      event.code = .serviceNotAvailable
      event.enhanced = EnhancedStatusCode(statusClass: 4, subject: 7, detail: 0)
      event.inferred = true
    default:
      break
    }
    if let slot = tracker.find(key) {
      event.session = tracker[slot].id
      let outcome: Outcome = kind == .timeout ? .idleTimeout : kind == .lostConnection ? .lostConnection : .rejected
      if tracker[slot].outcome == nil || outcome != .lostConnection {
        tracker[slot].outcome = outcome
        tracker[slot].stage = command
        if insideCommand {
          tracker[slot].flags |= PostfixParser.endedInsideCommandFlag
        } else {
          tracker[slot].flags &= ~PostfixParser.endedInsideCommandFlag
        }
      }
      if event.code != nil {
        tracker[slot].replyEvents += 1
        tracker[slot].closedWithoutQuit = true
      }
      tracker[slot].last = ctx.time
    }
    out.session = event.session
    out.events.append(event)
  }

  private mutating func parseSMTPDWarning(
    _ ctx: ParseContext, _ key: SessionKey, _ at: Int,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.session = sessionID(key, tracker)
    // `warning: NAME[IP]: SASL LOGIN authentication failed: REASON`, `... authentication aborted`
    if let client = ClientField.parse(line, at: at), line.matches(": SASL ", at: client.end),
      let failed = line.firstRange(of: " authentication failed", from: client.end)
        ?? line.firstRange(of: " authentication aborted", from: client.end)
    {
      var event = SMTPEvent(kind: .authFailure, direction: .inbound)
      fill(&event, ctx, client)
      event.command = .auth
      event.inferred = true
      if line.matches(" authentication aborted", at: failed) {
        // The client sent `*`: `501 5.7.0 Authentication aborted`.
        event.code = ReplyCode(501)
        event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 7, detail: 0)
      } else if PostfixParser.isTemporarySASLFailure(line, reasonAt: failed + 24) {
        event.code = ReplyCode(454)
        event.enhanced = EnhancedStatusCode(statusClass: 4, subject: 7, detail: 0)
      } else {
        event.code = .authenticationFailed
        event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 7, detail: 8)
      }
      event.text = TextRange(start: at, end: line.count)
      record(&event, key, command: .auth, countsAsFailure: true, &tracker)
      out.events.append(event)
      out.lineClass = .recognized
      return
    }
    // anvil limits: `warning: Connection rate limit exceeded: 4 from NAME[IP] for service smtp`
    if let limit = anvilLimit(line, at) {
      var i = limit.end
      if let from = line.firstRange(of: " from ", from: i) { i = from + 6 }
      let client = ClientField.parse(line, at: i)
      var event = SMTPEvent(kind: .reject, direction: .inbound)
      fill(&event, ctx, client)
      event.command = limit.command
      event.code = ReplyCode(limit.code)
      event.enhanced = limit.enhanced
      event.inferred = limit.code != 0
      event.text = TextRange(start: at, end: line.count)
      record(&event, key, command: limit.command, countsAsFailure: limit.command != .connect, &tracker)
      if limit.code == 421, let slot = tracker.find(key) {
        tracker[slot].outcome = .rejected
        tracker[slot].stage = limit.command
        tracker[slot].closedWithoutQuit = true
      }
      out.events.append(event)
      out.lineClass = .recognized
      return
    }
    // `warning: QUEUEID: queue file size limit exceeded`: 552 5.3.4 after the final dot.
    if let (_, colon) = QueueKey.parse(line, at: at), line.matches(": queue file size limit exceeded", at: colon) {
      var event = SMTPEvent(kind: .reject, direction: .inbound)
      fill(&event, ctx, nil)
      event.command = .endOfData
      event.code = ReplyCode(552)
      event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 3, detail: 4)
      event.inferred = true
      event.queueID = TextRange(start: at, end: colon)
      if let slot = tracker.find(key) { event.client = tracker[slot].client }
      record(&event, key, command: .endOfData, countsAsFailure: true, &tracker)
      out.events.append(event)
      out.lineClass = .recognized
      return
    }
    if parseSMTPDReplyWarning(ctx, key, at, &tracker, &out) { return }
    out.lineClass = .ignored
  }

  private func anvilLimit(_ line: ByteView, _ at: Int) -> (
    end: Int, command: SMTPCommand, code: Int,
    enhanced: EnhancedStatusCode?
  )? {
    let e421 = EnhancedStatusCode(statusClass: 4, subject: 7, detail: 0)
    let e450 = EnhancedStatusCode(statusClass: 4, subject: 7, detail: 1)
    if line.matches("Connection rate limit exceeded", at: at) { return (at + 30, .connect, 421, e421) }
    if line.matches("Connection concurrency limit exceeded", at: at) { return (at + 37, .connect, 421, e421) }
    if line.matches("Message delivery request rate limit exceeded", at: at) { return (at + 44, .mail, 450, e450) }
    if line.matches("Recipient address rate limit exceeded", at: at) { return (at + 37, .rcpt, 450, e450) }
    if line.matches("New TLS session rate limit exceeded", at: at) { return (at + 35, .starttls, 421, e421) }
    if line.matches("AUTH command rate limit exceeded", at: at) { return (at + 32, .auth, 450, e450) }
    return nil
  }

  // MARK: - reject lines (smtpd, postscreen, cleanup)

  /// `reject: STAGE from CLIENT: REPLY; from=<s> to=<r> proto=P helo=<h>` and its variants,
  /// after `NOQUEUE: ` or `QUEUEID: ` (`at` points at the action word).
  private mutating func parseAction(
    _ ctx: ParseContext, _ at: Int, queue: QueueKey?, queueStart: Int = -1,
    key: SessionKey, _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.session = sessionID(key, tracker)
    var kind = EventKind.reject
    var i = at
    // `hangup:` (an access table's HANGUP action: no reply, the connection is closed) and
    // `abort: TLS` (a required client certificate missing: 421 4.7.1, then the hang-up).
    var hangsUp = false
    if line.matches("reject: ", at: at) {
      i += 8
    } else if line.matches("hangup: ", at: at) {
      i += 8
      hangsUp = true
    } else if line.matches("abort: TLS from ", at: at) {
      parseTLSAbort(ctx, at + 16, key: key, &tracker, &out)
      return
    } else if line.matches("reject_warning: ", at: at) {
      kind = .warning
      i += 16
    } else if line.matches("milter-reject: ", at: at) {
      i += 15
    } else if line.matches("proxy-reject: ", at: at) {
      i += 14
    } else if line.matches("warning: ", at: at) || line.matches("discard: ", at: at)
      || line.matches("hold: ", at: at) || line.matches("filter: ", at: at) || line.matches("redirect: ", at: at)
      || line.matches("milter-discard: ", at: at) || line.matches("milter-hold: ", at: at)
      || line.matches("enabling PIX", at: at) || line.matches("replace: ", at: at) || line.matches("prepend: ", at: at)
    {
      out.lineClass = .recognized
      return
    } else {
      classifyLeftover(ctx, at, &out)
      return
    }
    var event = SMTPEvent(kind: kind, direction: .inbound)
    guard parseReject(ctx, stageAt: i, into: &event) else {
      out.lineClass = .unrecognized
      return
    }
    if queueStart >= 0, let q = queue {
      event.queueID = TextRange(start: queueStart, end: queueStart + Int(QueueKey.length(of: line, at: queueStart)))
      _ = q
    }
    var sessionKey = key
    if let q = queue, let linked = queueSessions[q], tracker.find(key) == nil { sessionKey = linked.key }
    let stage = event.command
    var countsAsFailure = kind == .reject
    if hangsUp {
      // No reply: the text is the access table's, not one sent to the client.
      event.code = nil
      event.enhanced = nil
      event.inferred = false
    } else if event.code == nil, line.slice(event.text).hasPrefix("bare <LF> received") {
      // `smtpd_forbid_bare_newline`: `CODE 5.5.2 HOST Error: bare <LF> received` and the
      // hang-up; CODE is configurable (550 by default), so only 5.5.2 is certain. STAGE is the
      // command before: the line with the bare LF never became a command.
      event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 5, detail: 2)
      event.inferred = true
      countsAsFailure = false
      hangsUp = true
    } else if stage == .connect, line.matches("milter-reject: ", at: at), let code = event.code?.rawValue {
      // A Milter's reject at CONNECT is not sent as it is: smtpd answers a 5xx with `554 HOST
      // ESMTP not accepting connections`, a 421 with `421 HOST Service unavailable - try again
      // later`, and greets any other 4xx with 220 (the reply then applies to later commands).
      event.enhanced = nil
      event.inferred = true
      event.code = code >= 500 ? ReplyCode(554) : code == 421 ? ReplyCode(421) : nil
      if event.code == nil { event.inferred = false }
    }
    let isClosing = event.code?.rawValue == 421 || event.code?.rawValue == 521 || hangsUp
    record(&event, sessionKey, command: stage, countsAsFailure: countsAsFailure, &tracker)
    if stage == .connect, kind == .reject, let slot = tracker.find(sessionKey) {
      tracker[slot].flags |= PostfixParser.connectRejectedFlag
    }
    if isClosing, kind == .reject, let slot = tracker.find(sessionKey) {
      tracker[slot].outcome = .rejected
      tracker[slot].stage = stage
      tracker[slot].closedWithoutQuit = event.code != nil
    }
    if out.session.isNone { out.session = event.session }
    out.events.append(event)
    out.lineClass = .recognized
  }

  /// `NOQUEUE: abort: TLS from CLIENT: REASON` (`smtpd_start_tls`): a client certificate that
  /// `smtpd_tls_req_ccert` requires is missing or not trusted; smtpd sends `421 4.7.1 HOST
  /// Error: REASON` and hangs up. `at` is the client.
  private mutating func parseTLSAbort(
    _ ctx: ParseContext, _ at: Int, key: SessionKey, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    var event = SMTPEvent(kind: .reject, direction: .inbound)
    fill(&event, ctx, ClientField.parse(ctx.line, at: at))
    event.command = .starttls
    event.code = .serviceNotAvailable
    event.enhanced = EnhancedStatusCode(statusClass: 4, subject: 7, detail: 1)
    event.inferred = true
    event.text = TextRange(start: at, end: ctx.line.count)
    record(&event, key, command: .starttls, countsAsFailure: false, &tracker)
    if let slot = tracker.find(key) {
      tracker[slot].outcome = .rejected
      tracker[slot].stage = .starttls
      tracker[slot].closedWithoutQuit = true
    }
    out.events.append(event)
    out.session = event.session
    out.lineClass = .recognized
  }

  /// Parses `STAGE from CLIENT: REPLY; from=<..> to=<..> proto=.. helo=<..>` at `at`.
  func parseReject(_ ctx: ParseContext, stageAt at: Int, kind: EventKind) -> SMTPEvent? {
    var event = SMTPEvent(kind: kind, direction: .inbound)
    return parseReject(ctx, stageAt: at, into: &event) ? event : nil
  }

  /// `parseReject(_:stageAt:kind:)` into an event the caller made (of the reject's kind):
  /// false when the line is not a reject line after all.
  func parseReject(_ ctx: ParseContext, stageAt at: Int, into event: inout SMTPEvent) -> Bool {
    let line = ctx.line
    let n = line.count
    let kind = event.kind
    fill(&event, ctx, nil)
    // ` from ` follows the stage word: the first space decides (no earlier ` from ` exists).
    var from: Int? = nil
    let space = ByteScan.first(ASCII.space, in: line.base, from: at, end: min(n, at + 21))
    if space < min(n, at + 21), line.matches(" from ", at: space) {
      from = space
    } else if let found = line.firstRange(of: " from ", from: at), found - at <= 20 {
      from = found
    }
    // proxy-reject: `END-OF-MESSAGE: 554 5.7.1 text; from=<> ...` (no client).
    var replyStart: Int
    if let from, let stage = SMTPCommand(name: line.slice(at, from)) {
      event.command = stage
      guard let client = ClientField.parse(line, at: from + 6) else { return false }
      fillClient(&event, client)
      guard client.end + 2 <= n, line[client.end] == ASCII.colon else { return false }
      replyStart = client.end + 2
    } else if let colon = line.firstIndex(of: ASCII.colon, from: at), colon - at <= 20,
      let stage = SMTPCommand(name: line.slice(at, colon))
    {
      event.command = stage
      replyStart = colon + 2
    } else {
      return false
    }
    // The reply runs to `; from=<`, where the envelope fields begin.
    let fieldsStart =
      line.firstRange(of: "; from=<", from: replyStart) ?? line.firstRange(of: ";", from: replyStart) ?? n
    parseReply(line, replyStart, fieldsStart, into: &event)
    // Digits that are no code (`5500 5.7.1 ...`, `55 ...`): Postfix always logs a three-digit
    // code here, so the line is damaged. nil makes it unrecognized (counted, `--unparsed`)
    // instead of a refusal "whose reply the log does not print", which it is not.
    if event.code == nil, event.enhanced == nil, ASCII.isDigit(line.byte(at: replyStart)) { return false }
    parseEnvelopeFields(line, from: fieldsStart, into: &event)
    if event.code == nil, let enhanced = event.enhanced, kind == .reject {
      // milter and cleanup rejects log the enhanced code only; smtpd sends 550 or 451 with it.
      event.code = ReplyCode(enhanced.statusClass == 4 ? 451 : 550)
      event.inferred = true
    }
    if event.code?.rawValue == 530
      || (event.code?.rawValue == 553
        && line.slice(replyStart, fieldsStart)
          .firstRange(of: "not logged in") != nil)
    {
      event.kind = kind == .warning ? .warning : .authRequired
    }
    return true
  }

  /// Code, enhanced code and text of a reply in `start..<end`.
  func parseReply(_ line: ByteView, _ start: Int, _ end: Int, into event: inout SMTPEvent) {
    var i = start
    if let code = ReplyCode.parse(line, at: i) {
      event.code = code
      i += 4
    }
    if let (enhanced, e) = EnhancedStatusCode.parse(line, at: i), e <= end {
      event.enhanced = enhanced
    }
    event.text = TextRange(start: start, end: end)
  }

  /// `; from=<s> to=<r> proto=P helo=<h>` (smtpd) or `, to=<r>, ...` (postscreen).
  func parseEnvelopeFields(_ line: ByteView, from start: Int, into event: inout SMTPEvent) {
    var i = start
    let n = line.count
    let p = line.base
    while i < n, i >= 0 {
      let lt = ByteScan.first(ASCII.lessThan, in: p, from: i, end: n)
      guard lt < n, lt >= 1, p[lt - 1] == ASCII.equals else { break }
      let close = PostfixParser.fieldValueEnd(line, from: lt + 1, last: line.matches("helo=", at: lt - 5))
      let value = TextRange(start: lt + 1, end: close)
      if line.matches("from=", at: lt - 5) {
        event.sender = value
      } else if line.matches("to=", at: lt - 3) {
        event.recipient = value
      } else if line.matches("helo=", at: lt - 5) {
        event.helo = value
      }
      i = close + 1
    }
  }

  /// Where the value of a bracketed field (`from=<`, `to=<`, `helo=<`) that starts at `start`
  /// ends: at the first `>` that the line's own syntax can follow: the next field, the end of
  /// the line, or the `: ` of the reply after cleanup's fields. The HELO name is the last field
  /// (smtpd_check.c `log_whatsup`), so only the end of the line or cleanup's reply can follow
  /// it (`last`). A HELO name or an address may hold `>` itself (Postfix logs the HELO
  /// argument as the client sent it, only non-printable bytes replaced): cut at its first `>`,
  /// the rest of the value would be lost.
  static func fieldValueEnd(_ line: ByteView, from start: Int, last: Bool) -> Int {
    let n = line.count
    var close = ByteScan.first(ASCII.greaterThan, in: line.base, from: start, end: n)
    let first = close
    while close < n {
      let k = close + 1
      if k == n { return close }
      // cleanup: `helo=<h>: 5.7.1 text`; a reply code or enhanced code follows.
      if line[k] == ASCII.colon, line.byte(at: k + 1) == ASCII.space, ASCII.isDigit(line.byte(at: k + 2)) {
        return close
      }
      if !last {
        let space = line[k] == ASCII.comma ? k + 1 : k
        if line.byte(at: space) == ASCII.space,
          line.matches("to=<", at: space + 1) || line.matches("proto=", at: space + 1)
            || line.matches("helo=<", at: space + 1) || line.matches("from=<", at: space + 1)
        {
          return close
        }
      }
      close = ByteScan.first(ASCII.greaterThan, in: line.base, from: k, end: n)
    }
    // No `>` the syntax can follow (a damaged line): the first one, as before.
    return first
  }

  // MARK: - cleanup

  private mutating func parseCleanup(
    _ ctx: ParseContext, _ m: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    if line.matches("warning: ", at: m) {
      parseCleanupWarning(ctx, m + 9, &tracker, &out)
      return
    }
    guard let (queue, colon) = QueueKey.parse(line, at: m), line.byte(at: colon + 1) == ASCII.space else {
      out.lineClass = .ignored
      return
    }
    let at = colon + 2
    let linked = queueSessions[queue]
    out.session = linked?.id ?? .none
    noteCleanup(ctx, queueStart: m, colon: colon, &out)
    if line.matches("milter-reject: ", at: at) {
      parseAction(
        ctx, at, queue: queue, queueStart: m, key: linked?.key ?? SessionKey(host: 0, program: 0, pid: -1),
        &tracker, &out)
      // cleanup logs the Milter's reply without its basic code, and smtpd sends the Milter's
      // whole reply: the code is the Milter's choice (550 for libmilter's REJECT, any 5xx with
      // SMFIR_REPLYCODE). Only the class and the enhanced code are certain.
      if let last = out.events.indices.last, out.events[last].inferred {
        out.events[last].code = nil
        out.events[last].inferred = false
        out.events[last].hint = .milterChoseCode
      }
      return
    }
    // `QID: reject: header Subject: ... from NAME[IP]; from=<> to=<> proto=ESMTP helo=<>: 5.7.1 text`
    if line.matches("reject: ", at: at) || line.matches("warning: ", at: at) {
      let isReject = line[at] == 0x72
      guard let fields = line.lastRange(of: "; from=<") else {
        out.lineClass = isReject ? .unrecognized : .recognized
        return
      }
      var event = SMTPEvent(kind: isReject ? .reject : .warning, direction: .inbound)
      fill(&event, ctx, nil)
      event.command = .endOfData
      event.queueID = TextRange(start: m, end: colon)
      if let from = line.lastRange(of: " from ", before: fields) {
        if let client = ClientField.parse(line, at: from + 6, limit: fields) { fillClient(&event, client) }
      }
      parseEnvelopeFields(line, from: fields, into: &event)
      if !event.helo.isEmpty, event.helo.end + 3 <= line.count, line.matches(": ", at: event.helo.end + 1) {
        parseReply(line, event.helo.end + 3, line.count, into: &event)
      } else if let tail = line.firstRange(of: ">: ", from: fields) {
        parseReply(line, tail + 3, line.count, into: &event)
      }
      // `reject: mime-error TEXT`: CLEANUP_STAT_CONT with `mime_state_detail`, all 5.6.0.
      if isReject, event.enhanced == nil, line.matches("reject: mime-error ", at: at) {
        event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 6, detail: 0)
      }
      // `from local`: a message from sendmail or pickup, refused without any SMTP reply (it
      // bounces to its sender).
      let fromLocal = line.lastRange(of: " from local;", before: fields + 1) != nil
      if isReject, event.code == nil, !fromLocal {
        let enhancedClass = event.enhanced?.statusClass ?? 5
        event.code = ReplyCode(enhancedClass == 4 ? 451 : 550)
        event.inferred = true
      }
      if isReject, let linked {
        record(&event, linked.key, command: .endOfData, countsAsFailure: true, &tracker)
      } else {
        event.session = linked?.id ?? .none
      }
      out.events.append(event)
      out.lineClass = .recognized
      return
    }
    out.lineClass = .recognized
  }

  /// cleanup's `warning: QUEUEID: message rejected: hopcount exceeded` (`cleanup_message.c`):
  /// CLEANUP_STAT_HOPS, which smtpd answers `554 5.4.0 Error: too many hops`. Only for a queue
  /// id of a known smtpd session: a message from sendmail or pickup gets no SMTP reply.
  private mutating func parseCleanupWarning(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.lineClass = .ignored
    guard let (queue, colon) = QueueKey.parse(line, at: at),
      line.matches(": message rejected: hopcount exceeded", at: colon)
    else { return }
    out.lineClass = .recognized
    guard let linked = queueSessions[queue] else { return }
    out.session = linked.id
    var event = SMTPEvent(kind: .reject, direction: .inbound)
    fill(&event, ctx, nil)
    event.command = .endOfData
    event.code = ReplyCode(554)
    event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 4, detail: 0)
    event.inferred = true
    event.queueID = TextRange(start: at, end: colon)
    event.text = TextRange(start: colon + 2, end: line.count)
    record(&event, linked.key, command: .endOfData, countsAsFailure: true, &tracker)
    out.events.append(event)
  }

  // MARK: - qmgr

  private mutating func parseQmgr(
    _ ctx: ParseContext, _ m: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let (queue, colon) = QueueKey.parse(line, at: m) else {
      out.lineClass = .ignored
      return
    }
    out.session = queueSessions[queue]?.id ?? .none
    out.lineClass = .recognized
    noteQmgr(ctx, queueStart: m, colon: colon, &out)
    if line.matches("removed", at: colon + 2), colon + 9 == line.count {
      forgetQueue(queue)
      return
    }
    // `QID: to=<r>, relay=none, ..., status=deferred (delivery temporarily suspended: ...)`.
    if line.matches("to=<", at: colon + 2) {
      parseClient(ctx, m, &tracker, &out)
      return
    }
    // `QID: from=<s>, status=expired, returned to sender` (`force-expired`: postsuper -e).
    if let comma = line.firstRange(of: ", status=", from: colon),
      line.matches("expired", at: comma + 9) || line.matches("force-expired", at: comma + 9)
    {
      let status = comma + 2
      var event = SMTPEvent(kind: .expired, direction: .outbound)
      fill(&event, ctx, nil)
      event.queueID = TextRange(start: m, end: colon)
      if line.matches("from=<", at: colon + 2), let close = line.firstIndex(of: ASCII.greaterThan, from: colon + 8) {
        event.sender = TextRange(start: colon + 8, end: close)
      }
      event.text = TextRange(start: status, end: line.count)
      out.events.append(event)
    }
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
    tracker.find(key).map { tracker[$0].id } ?? .none
  }

  /// Attaches `event` to the open session of `key` and counts it there.
  mutating func record(
    _ event: inout SMTPEvent, _ key: SessionKey, command: SMTPCommand, countsAsFailure: Bool,
    _ tracker: inout SessionTracker
  ) {
    guard let slot = tracker.find(key) else { return }
    event.session = tracker[slot].id
    if event.client == nil { event.client = tracker[slot].client }
    tracker[slot].replyEvents += 1
    if countsAsFailure { tracker[slot].loggedFailures.add(command) }
    if command != .none, command != .connect { tracker[slot].lastCommand = command }
    tracker[slot].last = event.time ?? tracker[slot].last
  }

  private mutating func registerQueue(_ queue: QueueKey, key: SessionKey, _ tracker: inout SessionTracker) {
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
  private mutating func forgetQueue(_ queue: QueueKey) {
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
