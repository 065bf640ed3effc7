import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// smtpd's `warning:` lines that come with a reply smtpd does not log (`src/smtpd/smtpd.c`,
/// `smtpd_proxy.c`): each sends exactly one reply right before or after the warning, so the
/// reply is inferred (the SASL failures and the anvil limits are read by `parseSMTPDWarning`,
/// below).
///
/// | warning | reply |
/// |---|---|
/// | `non-SMTP command from CLIENT: TEXT` | 221 2.7.0, and the hang-up |
/// | `Illegal address syntax from CLIENT in MAIL command: A` | 501 5.1.7 |
/// | `Illegal address syntax from CLIENT in RCPT command: A` (or VRFY) | 501 5.1.3 |
/// | `Refusing STARTTLS request from CLIENT for service S` | 454 4.7.0 |
/// | `QUEUEID: BDAT request from CLIENT exceeds message size limit` | 552 5.3.4 |
/// | `QUEUEID: malformed BDAT command syntax from CLIENT: TEXT` | 521 5.5.4, and the hang-up |
/// | `proxy SERVICE rejected "COMMAND ...": "REPLY"` | REPLY (printed), when 4xx or 5xx |
/// | `CLIENT: request longer than N: TEXT...` | none certain (recognized) |
extension PostfixParser {
  /// Reads the warning text at `at` (after `warning: `); false when it is none of these.
  mutating func parseSMTPDReplyWarning(
    _ ctx: ParseContext, _ key: SessionKey, _ at: Int,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) -> Bool {
    let line = ctx.line
    var event = SMTPEvent(kind: .reject, direction: .inbound)
    fill(&event, ctx, nil)
    event.inferred = true
    event.text = TextRange(start: at, end: line.count)
    var closes = false
    switch line.byte(at: at) {
    case 0x6E:  // n
      guard line.matches("non-SMTP command from ", at: at), let client = ClientField.parse(line, at: at + 22) else {
        return false
      }
      fillClient(&event, client)
      event.command = .unknown
      event.code = ReplyCode(221)
      event.enhanced = EnhancedStatusCode(statusClass: 2, subject: 7, detail: 0)
      closes = true
    case 0x49:  // I
      guard line.matches("Illegal address syntax from ", at: at), let client = ClientField.parse(line, at: at + 28),
        line.matches(" in ", at: client.end)
      else { return false }
      fillClient(&event, client)
      let name = client.end + 4
      guard let command = SMTPCommand(name: line.slice(name, min(line.count, name + 4))) else { return false }
      event.command = command
      event.code = ReplyCode(501)
      event.enhanced =
        command == .mail
        ? EnhancedStatusCode(statusClass: 5, subject: 1, detail: 7)
        : EnhancedStatusCode(statusClass: 5, subject: 1, detail: 3)
    case 0x52:  // R
      guard line.matches("Refusing STARTTLS request from ", at: at),
        let client = ClientField.parse(line, at: at + 31)
      else { return false }
      fillClient(&event, client)
      event.command = .starttls
      event.code = ReplyCode(454)
      event.enhanced = EnhancedStatusCode(statusClass: 4, subject: 7, detail: 0)
    case 0x70:  // p
      guard line.matches("proxy ", at: at) else { return false }
      return parseProxyRejected(ctx, key, at, &tracker, &out)
    default:
      // `QUEUEID: BDAT request from ...`, `NOQUEUE: malformed BDAT command syntax from ...`.
      if let (_, colon) = QueueKey.parse(line, at: at), line.byte(at: colon + 1) == ASCII.space {
        let rest = colon + 2
        if line.matches("BDAT request from ", at: rest), let client = ClientField.parse(line, at: rest + 18),
          line.matches(" exceeds message size limit", at: client.end)
        {
          fillClient(&event, client)
          event.code = ReplyCode(552)
          event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 3, detail: 4)
        } else if line.matches("malformed BDAT command syntax from ", at: rest),
          let client = ClientField.parse(line, at: rest + 35)
        {
          fillClient(&event, client)
          event.code = ReplyCode(521)
          event.enhanced = EnhancedStatusCode(statusClass: 5, subject: 5, detail: 4)
          closes = true
        } else {
          return false
        }
        if !line.matches("NOQUEUE", at: at) { event.queueID = TextRange(start: at, end: colon) }
        event.command = .bdat
      } else if let client = ClientField.parse(line, at: at), line.matches(": request longer than ", at: client.end) {
        // The reply depends on the version (see Docs/LogLines.md): none is inferred.
        out.lineClass = .recognized
        return true
      } else {
        return false
      }
    }
    record(&event, key, command: event.command, countsAsFailure: true, &tracker)
    if closes, let slot = tracker.find(key) {
      tracker[slot].outcome = .rejected
      tracker[slot].stage = event.command
      tracker[slot].closedWithoutQuit = true
    }
    out.events.append(event)
    out.session = event.session
    out.lineClass = .recognized
    return true
  }

  /// `proxy inet:127.0.0.1:10025 rejected "RCPT TO:<b@example.com>": "550 5.1.1 ..."`: the
  /// before-queue filter refused a command, and smtpd passed its 4xx/5xx reply to the client.
  private mutating func parseProxyRejected(
    _ ctx: ParseContext, _ key: SessionKey, _ at: Int,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) -> Bool {
    let line = ctx.line
    guard let rejected = line.firstRange(of: " rejected \"", from: at) else { return false }
    let requestStart = rejected + 11
    guard let requestEnd = line.firstRange(of: "\": \"", from: requestStart) else { return false }
    out.lineClass = .recognized
    out.session = sessionID(key, tracker)
    let replyStart = requestEnd + 4
    let first = line.byte(at: replyStart)
    guard first == 0x34 || first == 0x35, ReplyCode.parse(line, at: replyStart) != nil else { return true }
    var event = SMTPEvent(kind: .reject, direction: .inbound)
    fill(&event, ctx, nil)
    var wordEnd = requestStart
    while wordEnd < requestEnd, ASCII.isLetter(line[wordEnd]) { wordEnd += 1 }
    // `connection request`: the filter refused the connection that smtpd opens at MAIL FROM.
    event.command =
      line.matches("connection request", at: requestStart)
      ? .mail : SMTPCommand(name: line.slice(requestStart, wordEnd)) ?? .unknown
    var replyEnd = line.count
    if replyEnd > replyStart, line[replyEnd - 1] == ASCII.quote { replyEnd -= 1 }
    parseReply(line, replyStart, replyEnd, into: &event)
    record(&event, key, command: event.command, countsAsFailure: true, &tracker)
    out.events.append(event)
    out.session = event.session
    return true
  }

  /// Whether a SASL failure's REASON (at `reasonAt`, after `authentication failed: `) is one
  /// that the SASL back-end reports as temporary (`XSASL_AUTH_TEMP`), which smtpd answers
  /// `454 4.7.0 Temporary authentication failure` instead of `535 5.7.8`: Dovecot's lost or
  /// failed connection to its auth server (`xsasl_dovecot_server.c`), and the texts of Cyrus
  /// SASL's `SASL_FAIL`, `SASL_NOMEM`, `SASL_TRYAGAIN` and `SASL_UNAVAIL`
  /// (`xsasl_cyrus_server.c`, `sasl_errstring`).
  static func isTemporarySASLFailure(_ line: ByteView, reasonAt at: Int) -> Bool {
    line.matches("Connection lost to authentication server", at: at)
      || line.matches("Can't connect to authentication server", at: at)
      || line.matches("generic failure", at: at) || line.matches("no memory available", at: at)
      || line.matches("transient failure", at: at) || line.matches("remote authentication server unavailable", at: at)
      || line.firstRange(of: "emporary", from: at) != nil
  }
}

/// Every smtpd `warning:` line: SASL failures and anvil limits here, then the warnings above.
extension PostfixParser {
  mutating func parseSMTPDWarning(
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

  func anvilLimit(_ line: ByteView, _ at: Int) -> (
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
}
