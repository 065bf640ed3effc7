import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// postscreen, one process for every client: sessions keyed by client address and port.
///
/// postscreen logs neither QUIT nor most of its replies. A session that ends in `DISCONNECT`
/// after a failed test with nothing in between was dropped by the `drop` action: postscreen sent
/// 521 (inferred). One that ends in `DISCONNECT` without HANGUP and without a drop was ended by
/// the client's QUIT, which postscreen's engine answers with 221 (inferred). `PASS` hands the
/// connection to smtpd, whose `connect from` then takes the session over.
extension PostfixParser {
  enum PostscreenFlag {
    static let testMask: UInt32 = 0xF
    static let passed: UInt32 = 1 << 4
    static let hangup: UInt32 = 1 << 5
    static let dropped: UInt32 = 1 << 6
  }

  /// A postscreen test whose `drop` action ends the session with a 521.
  enum PostscreenTest: UInt32 {
    case none = 0
    case denylisted, pregreet, nonSMTP, bareNewline, pipelining, dnsbl

    var dropReply: (code: Int, enhanced: EnhancedStatusCode?) {
      switch self {
      case .denylisted: return (521, EnhancedStatusCode(statusClass: 5, subject: 3, detail: 2))
      // PSC_DNSBL_FORMAT: `521 5.7.1 Service unavailable; client [ADDR] blocked using D`.
      case .dnsbl: return (521, EnhancedStatusCode(statusClass: 5, subject: 7, detail: 1))
      case .nonSMTP: return (521, EnhancedStatusCode(statusClass: 5, subject: 7, detail: 0))
      default: return (521, EnhancedStatusCode(statusClass: 5, subject: 5, detail: 1))
      }
    }
  }

  mutating func parsePostscreen(
    _ ctx: ParseContext, _ m: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.lineClass = .recognized
    func key(_ client: ClientField) -> SessionKey {
      SessionKey(
        host: ctx.hostID, program: ctx.programID, pid: ctx.envelope.pid, port: UInt32(max(0, client.port)),
        address: client.address ?? IPAddress(high: 0, low: 0))
    }
    /// The client field after `prefix` (`[ip]:port`, possibly after ` from `).
    func client(after start: Int) -> ClientField? {
      var i = start
      if let from = line.firstRange(of: "from [", from: start), from - start < 40 {
        i = from + 5
      } else if let bracket = line.firstIndex(of: ASCII.openBracket, from: start), bracket - start < 40 {
        i = bracket
      }
      return ClientField.parse(line, at: i)
    }
    func setTest(_ test: PostscreenTest, _ client: ClientField?) {
      guard let client, let slot = tracker.find(key(client)) else { return }
      tracker[slot].flags = (tracker[slot].flags & ~PostscreenFlag.testMask) | test.rawValue
      if let after = line.firstRange(of: " after ", from: client.end) {
        var e = after + 7
        while e < line.count, line[e] != ASCII.space, line[e] != ASCII.colon { e += 1 }
        if let command = SMTPCommand(name: line.slice(after + 7, e)) { tracker[slot].lastCommand = command }
      }
      // The time of the failed test: a drop ends the session at once (see `DISCONNECT`).
      tracker[slot].last = ctx.time ?? tracker[slot].last
      out.session = tracker[slot].id
    }
    /// A non-SMTP command that was not dropped (enforce or ignore: the session went on) got
    /// `502 5.5.2 Error: command not recognized`, as every unknown command does.
    func settleNonSMTPCommand(_ client: ClientField?) {
      guard let client, let slot = tracker.find(key(client)),
        tracker[slot].flags & PostscreenFlag.testMask == PostscreenTest.nonSMTP.rawValue
      else { return }
      var event = SMTPEvent(kind: .reject, direction: .inbound)
      fill(&event, ctx, client)
      event.command = .unknown
      event.code = ReplyCode(502)
      event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 5, detail: 2)
      event.inferred = true
      record(&event, key(client), command: .unknown, countsAsFailure: true, &tracker)
      tracker[slot].flags &= ~PostscreenFlag.testMask
      out.events.append(event)
    }

    if line.matches("CONNECT from ", at: m) {
      guard let c = ClientField.parse(line, at: m + 13) else {
        out.lineClass = .unrecognized
        return
      }
      let slot = tracker.open(
        key: key(c), family: .postfix, direction: .inbound, client: c.address, time: ctx.time,
        line: ctx.lineNumber)
      var event = SMTPEvent(kind: .connect, direction: .inbound)
      fill(&event, ctx, c)
      event.command = .connect
      event.session = tracker[slot].id
      out.events.append(event)
      out.session = event.session
      return
    }
    // Any later line of a session whose non-SMTP command was not dropped: it went on.
    if !line.matches("DISCONNECT ", at: m), !line.matches("NON-SMTP COMMAND ", at: m),
      !line.matches("CONNECT from ", at: m)
    {
      settleNonSMTPCommand(client(after: line.matches("NOQUEUE: ", at: m) ? m + 9 : m))
    }
    if line.matches("PASS NEW ", at: m) || line.matches("PASS OLD ", at: m) || line.matches("ALLOWLISTED ", at: m)
      || line.matches("WHITELISTED ", at: m)
    {
      guard let c = client(after: m), let slot = tracker.find(key(c)) else { return }
      tracker[slot].flags = (tracker[slot].flags & ~PostscreenFlag.testMask) | PostscreenFlag.passed
      if let address = c.address {
        passedPostscreen[address] = key(c)
        // Bounded by the open sessions (a flood of passes never handed to smtpd must not grow
        // it): past twice their bound, forget the passes whose session was evicted meanwhile.
        if passedPostscreen.count > 2 * tracker.maxOpenSessions {
          for (passed, owner) in passedPostscreen.entries where tracker.find(owner) == nil {
            passedPostscreen.remove(passed)
          }
        }
      }
      out.session = tracker[slot].id
      return
    }
    if line.matches("DENYLISTED ", at: m) || line.matches("BLACKLISTED ", at: m) {
      setTest(.denylisted, client(after: m))
      return
    }
    if line.matches("PREGREET ", at: m) {
      setTest(.pregreet, client(after: m))
      return
    }
    if line.matches("DNSBL rank ", at: m) {
      setTest(.dnsbl, client(after: m))
      return
    }
    if line.matches("NON-SMTP COMMAND ", at: m) {
      setTest(.nonSMTP, client(after: m))
      return
    }
    if line.matches("BARE NEWLINE ", at: m) {
      setTest(.bareNewline, client(after: m))
      return
    }
    if line.matches("COMMAND PIPELINING ", at: m) {
      setTest(.pipelining, client(after: m))
      return
    }
    if line.matches("HANGUP ", at: m) {
      guard let c = client(after: m), let slot = tracker.find(key(c)) else { return }
      tracker[slot].flags |= PostscreenFlag.hangup
      tracker[slot].outcome = .lostConnection
      tracker[slot].stage = .connect
      var event = SMTPEvent(kind: .lostConnection, direction: .inbound)
      fill(&event, ctx, c)
      event.command = .connect
      event.session = tracker[slot].id
      out.events.append(event)
      out.session = event.session
      return
    }
    if line.matches("DATA without valid RCPT", at: m) || line.matches("BDAT without valid RCPT", at: m) {
      guard let c = client(after: m), let slot = tracker.find(key(c)) else { return }
      var event = SMTPEvent(kind: .reject, direction: .inbound)
      fill(&event, ctx, c)
      event.command = line[m] == 0x44 ? .data : .bdat
      // postscreen answers `554 5.5.1 Error: no valid recipients` once MAIL was given, which a
      // logged RCPT reject shows (it rejects and logs every RCPT after MAIL). Without one, MAIL
      // may not have been given (`503 5.5.1 Error: need RCPT command` to DATA): only a hint.
      if tracker[slot].loggedFailures[.rcpt] > 0 {
        event.code = ReplyCode(554)
        event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 5, detail: 1)
        event.inferred = true
      } else {
        event.hint = .noValidRecipients
      }
      record(&event, key(c), command: event.command, countsAsFailure: true, &tracker)
      tracker[slot].flags = (tracker[slot].flags & ~PostscreenFlag.testMask) | PostscreenFlag.dropped
      tracker[slot].outcome = .rejected
      tracker[slot].stage = event.command
      tracker[slot].closedWithoutQuit = true
      out.events.append(event)
      out.session = event.session
      return
    }
    if line.matches("COMMAND TIME LIMIT ", at: m) || line.matches("COMMAND COUNT LIMIT ", at: m)
      || line.matches("COMMAND LENGTH LIMIT ", at: m)
    {
      guard let c = client(after: m), let slot = tracker.find(key(c)) else { return }
      let isTime = line.matches("COMMAND TIME", at: m)
      var event = SMTPEvent(kind: isTime ? .timeout : .reject, direction: .inbound)
      fill(&event, ctx, c)
      var stage = tracker[slot].lastCommand
      if let after = line.firstRange(of: " after ", from: m) {
        var e = after + 7
        while e < line.count, line[e] != ASCII.space, line[e] != ASCII.colon { e += 1 }
        stage = SMTPCommand(name: line.slice(after + 7, e)) ?? stage
      }
      event.command = stage
      event.code = .serviceNotAvailable
      event.inferred = true
      // `421 4.4.2 HOST Error: timeout exceeded`; the count and length limits send the generic
      // `421 HOST Service unavailable - try again later`, without an enhanced code.
      if isTime { event.enhanced = EnhancedStatusCode(statusClass: 4, subject: 4, detail: 2) }
      record(&event, key(c), command: stage, countsAsFailure: false, &tracker)
      tracker[slot].flags = (tracker[slot].flags & ~PostscreenFlag.testMask) | PostscreenFlag.dropped
      tracker[slot].outcome = isTime ? .idleTimeout : .rejected
      tracker[slot].stage = stage
      tracker[slot].closedWithoutQuit = true
      out.events.append(event)
      out.session = event.session
      return
    }
    // `reject: connect from [ADDR]:PORT: all screening ports busy` (no NOQUEUE, lower case).
    let screeningBusy = line.matches("reject: connect from ", at: m)
    if line.matches("NOQUEUE: ", at: m) || screeningBusy {
      let at = screeningBusy ? m : m + 9
      guard let c = client(after: at) else {
        out.lineClass = .unrecognized
        return
      }
      let k = key(c)
      // `NOQUEUE: reject: CONNECT from [ip]:port: too many connections` (no code logged).
      if line.matches("reject: CONNECT from ", at: at) || screeningBusy {
        var event = SMTPEvent(kind: .reject, direction: .inbound)
        fill(&event, ctx, c)
        event.command = .connect
        event.text = TextRange(start: c.end + 2, end: line.count)
        if ReplyCode.parse(line, at: c.end + 2) != nil {
          parseReply(line, c.end + 2, line.count, into: &event)
        } else {
          event.inferred = true
          event.code = .serviceNotAvailable
          event.enhanced =
            line.firstRange(of: "busy", from: c.end) != nil
            ? EnhancedStatusCode(statusClass: 4, subject: 3, detail: 2)
            : EnhancedStatusCode(statusClass: 4, subject: 7, detail: 0)
        }
        record(&event, k, command: .connect, countsAsFailure: false, &tracker)
        if let slot = tracker.find(k) {
          tracker[slot].flags = (tracker[slot].flags & ~PostscreenFlag.testMask) | PostscreenFlag.dropped
          tracker[slot].outcome = .rejected
          tracker[slot].stage = .connect
          tracker[slot].closedWithoutQuit = true
        }
        out.events.append(event)
        out.session = event.session
        return
      }
      if line.matches("reject: ", at: at), var event = parseReject(ctx, stageAt: at + 8, kind: .reject) {
        record(&event, k, command: event.command, countsAsFailure: true, &tracker)
        if let slot = tracker.find(k) { tracker[slot].flags &= ~PostscreenFlag.testMask }
        out.events.append(event)
        out.session = event.session
        return
      }
      out.lineClass = .unrecognized
      return
    }
    if line.matches("DISCONNECT ", at: m) {
      guard let c = client(after: m), let slot = tracker.find(key(c)) else { return }
      let state = tracker[slot]
      out.session = state.id
      if let address = c.address, passedPostscreen[address] == state.key { passedPostscreen.remove(address) }
      var event = SMTPEvent(kind: .disconnect, direction: .inbound)
      fill(&event, ctx, c)
      event.session = state.id
      var outcome: Outcome? = nil
      var stage: SMTPCommand? = nil
      var test = PostscreenTest(rawValue: state.flags & PostscreenFlag.testMask) ?? .none
      // A drop ends the session in the same moment as the test line. A non-SMTP command that
      // was followed by more than a second of session was answered 502 (enforce, ignore).
      if test == .nonSMTP, let testTime = state.last, let now = ctx.time, now.utcSeconds - testTime.utcSeconds >= 2 {
        settleNonSMTPCommand(c)
        test = .none
      }
      if state.outcome != nil {
        event.command = state.stage
      } else if test != .none {
        // Dropped right after a failed test: postscreen's `drop` action sends 521.
        let reply = test.dropReply
        var drop = SMTPEvent(kind: .reject, direction: .inbound)
        fill(&drop, ctx, c)
        drop.session = state.id
        // The reply answers the command that failed the test: the non-SMTP command itself
        // (logged with the state before it), the command with the bare newline or the pipelined
        // one; the DNSBL, denylist and pregreet tests fail before any command.
        drop.command =
          test == .nonSMTP
          ? .unknown
          : test == .bareNewline || test == .pipelining ? state.lastCommand : .connect
        drop.code = ReplyCode(reply.code)
        drop.enhanced = reply.enhanced
        drop.inferred = true
        tracker[slot].replyEvents += 1
        tracker[slot].closedWithoutQuit = true
        out.events.append(drop)
        outcome = .rejected
        stage = drop.command
        event.command = drop.command
      } else {
        outcome = .quit
        stage = .quit
        event.command = .quit
        event.code = .closing
        event.enhanced = EnhancedStatusCode(statusClass: 2, subject: 0, detail: 0)
        event.inferred = true
        tracker[slot].replyEvents += 1
      }
      tracker.close(slot: slot, outcome: outcome, fallback: .quit, stage: stage, time: ctx.time, line: ctx.lineNumber)
      event.outcome = tracker.ended.last?.outcome
      out.events.append(event)
      return
    }
    out.lineClass =
      line.matches("warning: ", at: m) || line.matches("cache ", at: m)
        || line.matches("ALLOWLIST VETO", at: m) || line.matches("WHITELIST VETO", at: m)
      ? .ignored
      : (PostfixParser.looksLikeReply(line, from: m) ? .unrecognized : .ignored)
  }
}
