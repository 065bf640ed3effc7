import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The reject lines of smtpd, postscreen and cleanup (`reject:`, `reject_warning:`,
/// `milter-reject:`, `proxy-reject:`, smtpd_check.c `log_whatsup`) and their envelope fields.
extension PostfixParser {
  /// `reject: STAGE from CLIENT: REPLY; from=<s> to=<r> proto=P helo=<h>` and its variants,
  /// after `NOQUEUE: ` or `QUEUEID: ` (`at` points at the action word).
  mutating func parseAction(
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
  mutating func parseTLSAbort(
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
}
