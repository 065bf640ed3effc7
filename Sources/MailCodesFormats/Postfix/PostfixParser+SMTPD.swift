import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// smtpd's sessions: `connect from` opens one, `disconnect from` (with its per-command
/// counters) ends it, `lost connection after`, `timeout after` and `too many errors after` decide
/// how it ended; the `reject:` lines in between are read in PostfixParser+Rejects.swift.
extension PostfixParser {
  mutating func parseSMTPD(
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
        // Over TLS when the session logged its handshake; unknown otherwise (the handshake is
        // logged only with smtpd_tls_loglevel 1 or more).
        if !out.messages.isEmpty, let slot = tracker.find(key), tracker[slot].flags & PostfixParser.tlsFlag != 0 {
          out.messages[0].tls = true
        }
        return
      }
      // Postfix >= 3.10: `QUEUEID: timeout after DATA (N bytes) from CLIENT`.
      if sessionEndingLine(ctx, key, rest, queueID: TextRange(start: m, end: colon), &tracker, &out) { return }
      noteSMTPDAction(ctx, queueStart: m, colon: colon, at: rest, &out)
      parseAction(ctx, rest, queue: queue, queueStart: m, key: key, &tracker, &out)
      return
    }
    if let tls = PostfixTLSLine.parse(line, at: m), tls.direction == .inbound, let slot = tracker.find(key) {
      tracker[slot].flags |= PostfixParser.tlsFlag
    }
    classifyLeftover(ctx, m, &out)
    out.session = sessionID(key, tracker)
  }

  mutating func openSMTPD(
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

  mutating func closeSMTPD(
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

  func hint(for command: SMTPCommand, counters: DisconnectCounters, tls: Bool, submission: Bool) -> Hint {
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
  mutating func sessionEndingLine(
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
  mutating func sessionEnding(
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
}
