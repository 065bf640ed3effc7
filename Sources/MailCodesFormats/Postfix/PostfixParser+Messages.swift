import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Postfix's message lines: what happened to each queue file, as `MessageEvent`s.
///
/// Read from the Postfix source: smtpd.c (`client=`, with `sasl_method=`, `sasl_username=`,
/// `orig_queue_id=`, `orig_client=` after XFORWARD), pickup.c (`uid=N from=<s>`), cleanup
/// (`message-id=<...>`, `hold:`, `discard:`, `reject:` of header/body checks and milters),
/// qmgr (`from=<s>, size=N, nrcpt=N (queue active)`, `removed`, `status=expired, returned to
/// sender`, and its own deferrals of a dead transport), `global/log_adhoc.c` for every delivery
/// agent's status line, bounce (`sender non-delivery notification: QID`), and `msg_warn`,
/// `msg_error`, `msg_fatal`, `msg_panic` of every daemon (`warning: `, `error: `, `fatal: `,
/// `panic: `).
extension PostfixParser {
  /// A daemon's `warning: `, `error: `, `fatal: ` or `panic: ` line, or a master notice. Checks
  /// one byte first: called for every Postfix line.
  @inline(__always)
  func noteDaemonProblem(_ ctx: ParseContext, _ daemon: PostfixDaemon, _ m: Int, _ out: inout ParseOutput) {
    let line = ctx.line
    let severity: ProblemSeverity
    let textStart: Int
    switch line[m] {
    case 0x77 where line.matches("warning: ", at: m):  // w
      (severity, textStart) = (.warning, m + 9)
    case 0x65 where line.matches("error: ", at: m):  // e
      (severity, textStart) = (.error, m + 7)
    case 0x66 where line.matches("fatal: ", at: m):  // f
      (severity, textStart) = (.fatal, m + 7)
    case 0x70 where line.matches("panic: ", at: m):  // p
      (severity, textStart) = (.panic, m + 7)
    default:
      guard daemon == .other, PostfixParser.isMaster(ctx) else { return }
      (severity, textStart) = (.notice, m)
    }
    var event = MessageEvent(kind: .daemonProblem, id: .none)
    event.severity = severity
    event.text = TextRange(start: textStart, end: line.count)
    out.setMessage(event)
  }

  /// Whether the line's tag is the master daemon's (`postfix/master`, `postfix-out/master`).
  static func isMaster(_ ctx: ParseContext) -> Bool {
    let tag = ctx.line.slice(ctx.envelope.program)
    return tag.count >= 6 && tag.suffix(from: tag.count - 6).hasPrefix("master")
      && (tag.count == 6 || tag[tag.count - 7] == ASCII.slash)
  }

  /// smtpd `QID: client=NAME[IP][:PORT][, sasl_method=M, sasl_username=U][, orig_queue_id=Q,
  /// orig_client=...]`, `at` after `client=`.
  func noteReceived(_ ctx: ParseContext, queueStart: Int, colon: Int, at: Int, _ out: inout ParseOutput) {
    let line = ctx.line
    var event = MessageEvent(kind: .received, id: TextRange(start: queueStart, end: colon))
    event.origin = .smtp
    // The client's name and address are the session's; what follows them (after XFORWARD or
    // SASL) is read only when the line has a comma.
    var i = ByteScan.first(ASCII.comma, in: line.base, from: at, end: line.count)
    // `NAME[IP]` (a name has no brackets), then `:PORT` with `smtpd_client_port_logging`.
    let open = ByteScan.first(ASCII.openBracket, in: line.base, from: at, end: i)
    if open < i {
      let close = ByteScan.first(ASCII.closeBracket, in: line.base, from: open + 1, end: i)
      if close < i { event.client = TextRange(start: open + 1, end: close) }
    }
    while i + 2 < line.count, line[i] == ASCII.comma, line[i + 1] == ASCII.space {
      let name = i + 2
      guard let equals = line.firstIndex(of: ASCII.equals, from: name) else { break }
      let end = ByteScan.first(ASCII.comma, in: line.base, from: equals + 1, end: line.count)
      let value = TextRange(start: equals + 1, end: end)
      if line.matches("sasl_username=", at: name) {
        event.user = value
      } else if line.matches("orig_queue_id=", at: name) {
        event.related = value
      }
      i = end
    }
    out.setMessage(event)
  }

  /// smtpd `QID: hold: ...`, `QID: discard: ...`, `QID: reject: ...` (a refusal after the
  /// message was queued: END-OF-MESSAGE), `at` at the action word.
  func noteSMTPDAction(_ ctx: ParseContext, queueStart: Int, colon: Int, at: Int, _ out: inout ParseOutput) {
    guard let kind = PostfixParser.actionKind(ctx.line, at: at) else { return }
    var event = MessageEvent(kind: kind.kind, id: TextRange(start: queueStart, end: colon))
    event.text = TextRange(start: kind.textStart, end: ctx.line.count)
    out.setMessage(event)
  }

  /// `hold: `, `discard: `, `reject: ` and their `milter-` forms at `at`.
  static func actionKind(_ line: ByteView, at: Int) -> (kind: MessageEventKind, textStart: Int)? {
    var i = at
    if line.matches("milter-", at: i) { i += 7 }
    if line.matches("hold: ", at: i) { return (.held, i + 6) }
    if line.matches("discard: ", at: i) { return (.discarded, i + 9) }
    if line.matches("reject: ", at: i) { return (.rejected, i + 8) }
    return nil
  }

  /// cleanup `QID: message-id=<...>` and `QID: hold|discard|reject: ...`.
  func noteCleanup(_ ctx: ParseContext, queueStart: Int, colon: Int, _ out: inout ParseOutput) {
    let line = ctx.line
    let at = colon + 2
    let id = TextRange(start: queueStart, end: colon)
    if line.matches("message-id=", at: at) {
      var event = MessageEvent(kind: .messageID, id: id)
      var start = at + 11
      var end = line.count
      if line.byte(at: start) == ASCII.lessThan, line[end - 1] == ASCII.greaterThan {
        start += 1
        end -= 1
      }
      event.messageID = TextRange(start: start, end: end)
      out.setMessage(event)
      return
    }
    if let action = PostfixParser.actionKind(line, at: at) {
      var event = MessageEvent(kind: action.kind, id: id)
      event.text = TextRange(start: action.textStart, end: line.count)
      out.setMessage(event)
    }
  }

  /// qmgr: `QID: from=<s>, size=N, nrcpt=N (queue active)`, `QID: removed`,
  /// `QID: from=<s>, status=expired, returned to sender`, `QID: to=<r>, ... status=deferred (...)`.
  func noteQmgr(_ ctx: ParseContext, queueStart: Int, colon: Int, _ out: inout ParseOutput) {
    let line = ctx.line
    let at = colon + 2
    let id = TextRange(start: queueStart, end: colon)
    if line.matches("removed", at: at) {
      out.setMessage(MessageEvent(kind: .removed, id: id))
      return
    }
    if line.matches("to=<", at: at) {
      noteDelivery(ctx, queueStart: queueStart, colon: colon, agent: .queueManager, &out)
      return
    }
    guard line.matches("from=<", at: at) else { return }
    let close = ByteScan.first(ASCII.greaterThan, in: line.base, from: at + 6, end: line.count)
    guard close < line.count else { return }
    let sender = TextRange(start: at + 6, end: close)
    if line.matches(", size=", at: close + 1), let size = line.decimal(at: close + 8) {
      var event = MessageEvent(kind: .queued, id: id)
      event.sender = sender
      event.size = Int64(size.value)
      if line.matches(", nrcpt=", at: size.end), let n = line.decimal(at: size.end + 8, maxDigits: 9) {
        event.recipientCount = Int32(n.value)
      }
      out.setMessage(event)
    } else if line.matches(", status=expired", at: close + 1) {
      var event = MessageEvent(kind: .expired, id: id)
      event.sender = sender
      event.status = .expired
      event.text = TextRange(start: close + 10, end: line.count)
      out.setMessage(event)
    }
  }

  /// The lines of local, virtual, pipe, error/retry, discard, bounce and pickup: grouped with
  /// the session that received their message (grep -s), and read for the message model.
  mutating func parseQueueLine(
    _ ctx: ParseContext, _ m: Int, _ daemon: PostfixDaemon, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let (queue, colon) = QueueKey.parse(line, at: m) else {
      out.lineClass = .ignored
      return
    }
    // Status lines (`log_adhoc`) are read as the SMTP client's are: a failed delivery is an
    // event (without a code), a successful one (`status=sent (delivered to mailbox)`, the most
    // frequent line of these agents) is none.
    if line.matches(" to=<", at: colon + 1), let status = line.firstRange(of: ", status=", from: colon),
      !line.matches("sent (", at: status + 9)
    {
      parseClient(ctx, m, &tracker, &out)
      // The client's reading noted an SMTP delivery: the agent is this daemon.
      if !out.messages.isEmpty, let agent = PostfixParser.deliveryAgent(of: daemon) { out.messages[0].agent = agent }
      return
    }
    out.lineClass = .recognized
    if !queueSessions.isEmpty { out.session = queueSessions[queue]?.id ?? .none }
    guard line.byte(at: colon + 1) == ASCII.space else { return }
    let at = colon + 2
    switch daemon {
    case .local, .virtual, .pipe, .error, .discard:
      if line.matches("to=<", at: at), let agent = PostfixParser.deliveryAgent(of: daemon) {
        noteDelivery(ctx, queueStart: m, colon: colon, agent: agent, &out)
      }
    case .bounce:
      // `QID: sender non-delivery notification: NEWQID` (also `sender delay notification`,
      // `sender delivery status notification`, `postmaster non-delivery notification`).
      if let notification = line.firstRange(of: " notification: ", from: at) {
        var event = MessageEvent(kind: .notification, id: TextRange(start: m, end: colon))
        let start = notification + 15
        event.related = TextRange(start: start, end: start + QueueKey.length(of: line, at: start))
        event.text = TextRange(start: at, end: notification + 13)
        out.setMessage(event)
      }
    case .pickup:
      // `QID: uid=N from=<s>` (and `sender=<s>` of old versions).
      var event = MessageEvent(kind: .received, id: TextRange(start: m, end: colon))
      event.origin = .local
      if line.matches("uid=", at: at) {
        event.localUser = TextRange(
          start: at + 4, end: ByteScan.first(ASCII.space, in: line.base, from: at + 4, end: line.count))
      }
      if let from = line.firstRange(of: "from=<", from: at) ?? line.firstRange(of: "sender=<", from: at) {
        let start = line[from] == 0x66 ? from + 6 : from + 8
        let close = line.firstIndex(of: ASCII.greaterThan, from: start) ?? line.count
        event.sender = TextRange(start: start, end: close)
      }
      out.setMessage(event)
    default:
      break
    }
  }

  /// A delivery status line (`global/log_adhoc.c`): `QID: to=<r>, [orig_to=<o>, ]relay=R,
  /// [conn_use=N, ]delay=D, delays=a/b/c/d, [tls=..., ]dsn=X.Y.Z, status=S (TEXT)`.
  func noteDelivery(
    _ ctx: ParseContext, queueStart: Int, colon: Int, agent: DeliveryAgent,
    _ out: inout ParseOutput
  ) {
    if ctx.defersMessageFields {
      var event = MessageEvent(kind: .delivery, id: TextRange(start: queueStart, end: colon))
      event.agent = agent
      event.pending = .postfixDelivery
      out.setMessage(event)
      return
    }
    PostfixParser.readDelivery(ctx, queueStart: queueStart, colon: colon, agent: agent, &out)
  }

  /// `noteDelivery`'s reading of the line's fields (also `MessageEvent.completed`'s).
  static func readDelivery(
    _ ctx: ParseContext, queueStart: Int, colon: Int, agent: DeliveryAgent,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    let n = line.count
    let at = colon + 2
    var event = MessageEvent(kind: .delivery, id: TextRange(start: queueStart, end: colon))
    event.agent = agent
    // The transport is the tag's last component (`smtp`, `local`, `relay/smtp` -> `smtp`).
    let program = ctx.envelope.program
    if !program.isEmpty {
      let tag = line.slice(program)
      let slash = tag.lastIndex(of: ASCII.slash).map { $0 + 1 } ?? 0
      event.transport = TextRange(start: Int(program.start) + slash, end: program.end)
    }
    let close = ByteScan.first(ASCII.greaterThan, in: line.base, from: at + 4, end: n)
    guard close < n else { return }
    event.recipient = TextRange(start: at + 4, end: close)
    var i = close + 1
    while i + 2 < n, line[i] == ASCII.comma, line[i + 1] == ASCII.space {
      let name = i + 2
      if line.matches("status=", at: name) {
        let word = name + 7
        var wordEnd = word
        while wordEnd < n, ASCII.isLetter(line[wordEnd]) { wordEnd += 1 }
        switch wordEnd - word {
        case 4 where line.matches("sent", at: word): event.status = .sent
        case 8 where line.matches("deferred", at: word): event.status = .deferred
        case 7 where line.matches("bounced", at: word): event.status = .bounced
        case 7 where line.matches("expired", at: word): event.status = .expired
        default: return
        }
        var textStart = wordEnd
        var textEnd = n
        if line.byte(at: wordEnd) == ASCII.space, line.byte(at: wordEnd + 1) == ASCII.openParen {
          textStart = wordEnd + 2
          if line[n - 1] == ASCII.closeParen { textEnd = n - 1 }
        }
        event.text = TextRange(start: textStart, end: textEnd)
        if event.status == .sent, line.matches("forwarded as ", at: textStart) {
          event.forwarded = true
          let start = textStart + 13
          event.related = TextRange(start: start, end: start + QueueKey.length(of: line, at: start))
        }
        out.setMessage(event)
        return
      }
      // Every other field runs to the next `, ` (relay names, numbers and codes hold none;
      // `orig_to=<...>` is read to its `>`).
      var end = name
      if line.matches("orig_to=<", at: name) {
        end = ByteScan.first(ASCII.greaterThan, in: line.base, from: name + 9, end: n)
        event.originalRecipient = TextRange(start: name + 9, end: end)
        end += 1
      } else {
        end = ByteScan.first(ASCII.comma, in: line.base, from: name, end: n)
        switch line[name] {
        case 0x72 where line.matches("relay=", at: name):  // r
          event.relay = TextRange(start: name + 6, end: end)
          let bracket = ByteScan.first(ASCII.openBracket, in: line.base, from: name + 6, end: end)
          event.hostName = TextRange(start: name + 6, end: bracket)
        case 0x64:  // d
          if line.matches("delay=", at: name) {
            event.delay = PostfixParser.milliseconds(line, name + 6, end) ?? -1
          } else if line.matches("delays=", at: name) {
            event.delays = PostfixParser.delayParts(line, name + 7, end)
          } else if line.matches("dsn=", at: name) {
            event.dsn = EnhancedStatusCode.parse(line, at: name + 4)?.code
          }
        default:
          break
        }
      }
      i = end
    }
  }

  /// `delays=a/b/c/d` between `start` and `end`.
  static func delayParts(_ line: ByteView, _ start: Int, _ end: Int) -> DelayParts {
    var parts = DelayParts()
    guard let a = number(line, start, end), let b = number(line, a.end + 1, end),
      let c = number(line, b.end + 1, end), let d = number(line, c.end + 1, end), d.end == end
    else { return parts }
    parts.beforeQueue = a.ms
    parts.inQueue = b.ms
    parts.connection = c.ms
    parts.transmission = d.ms
    return parts
  }

  /// A `format_tv` number at `start` (before `end`), in milliseconds, and where it ends.
  @inline(__always) static func number(_ line: ByteView, _ start: Int, _ end: Int) -> (ms: Int64, end: Int)? {
    guard start < end, let whole = line.decimal(at: start, maxDigits: 12), whole.end <= end else { return nil }
    var ms = Int64(whole.value) * 1000
    var i = whole.end
    if i < end, line[i] == ASCII.dot {
      var scale: Int64 = 100
      i += 1
      while i < end, ASCII.isDigit(line[i]) {
        ms += Int64(line[i] &- ASCII.zero) * scale
        scale /= 10
        i += 1
      }
    }
    return (ms, i)
  }

  /// A `format_tv` number (`27`, `1.2`, `0.03`) between `start` and `end`, in milliseconds.
  static func milliseconds(_ line: ByteView, _ start: Int, _ end: Int) -> Int64? {
    guard let whole = line.decimal(at: start, maxDigits: 12), whole.end <= end else { return nil }
    var ms = Int64(whole.value) * 1000
    if whole.end < end, line[whole.end] == ASCII.dot {
      var scale: Int64 = 100
      var i = whole.end + 1
      while i < end, ASCII.isDigit(line[i]) {
        ms += Int64(line[i] &- ASCII.zero) * scale
        scale /= 10
        i += 1
      }
    }
    return ms
  }
}

extension PostfixParser {
  /// The delivery agent of a daemon that delivers without SMTP (nil for the others).
  static func deliveryAgent(of daemon: PostfixDaemon) -> DeliveryAgent? {
    switch daemon {
    case .local: .local
    case .virtual: .virtual
    case .pipe: .pipe
    case .discard: .discard
    case .error: .error
    default: nil
    }
  }

  /// smtp or lmtp, from the tag's last component (`postfix/lmtp`, `postfix-out/smtp`).
  static func clientAgent(_ ctx: ParseContext) -> DeliveryAgent {
    let tag = ctx.line.slice(ctx.envelope.program)
    return tag.count >= 4 && tag.suffix(from: tag.count - 4).hasPrefix("lmtp") ? .lmtp : .smtp
  }
}
