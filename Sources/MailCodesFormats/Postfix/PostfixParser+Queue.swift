import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The lines about a queued message: cleanup's header/body `reject:` and `milter-reject:`
/// lines and warnings, qmgr's `removed` and `status=expired` lines.
extension PostfixParser {
  mutating func parseCleanup(
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
  mutating func parseCleanupWarning(
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

  mutating func parseQmgr(
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
}
