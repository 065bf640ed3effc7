import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Exim's message lines as `MessageEvent`s (deliver.c, receive.c, log.c):
/// - `ID <= sender [R=parent] H=host [ip]:port | U=user P=proto [X=tls] [A=auth:user] S=size
///   [id=msgid] [T="subject"] ...`: received (`<= <>` with `R=` is a bounce Exim made);
/// - `ID => rcpt [<orig>] ... R=router T=transport [H=host [ip]] ... [QT=t] [DT=t]` and `->`
///   (another address of the same delivery): delivered, with `QT=` the time since arrival
///   (`+queue_time`); `*>` (suppressed by `-N`) delivers nothing and is not counted;
/// - `ID == rcpt ... defer (...)...`: deferred; `ID ** rcpt ...: message`: bounced, or expired
///   when the retry time ran out (the same test as `EximParser.failure`);
/// - `ID Frozen ...`: held; `ID Completed [QT=t]`: removed.
extension EximParser {
  /// Reads the message side of a `<=`, `=>`, `->`, `==` or `**` line; `m` at the flag.
  func noteMessageLine(_ ctx: ParseContext, _ m: Int, _ id: TextRange, _ out: inout ParseOutput) {
    if ctx.defersMessageFields {
      var event = MessageEvent(kind: .none, id: id)
      event.pending = .eximMessageLine
      event.pendingAt = Int32(m)
      out.setMessage(event)
      return
    }
    EximParser.readMessageLine(ctx, m, id, &out)
  }

  /// `noteMessageLine`'s reading of the line's fields (also `MessageEvent.completed`'s).
  static func readMessageLine(_ ctx: ParseContext, _ m: Int, _ id: TextRange, _ out: inout ParseOutput) {
    let line = ctx.line
    switch (line[m], line[m + 1]) {
    case (ASCII.lessThan, ASCII.equals): noteArrival(ctx, m + 3, id, &out)
    case (ASCII.equals, ASCII.greaterThan), (ASCII.minus, ASCII.greaterThan):
      noteRecipient(ctx, m + 3, id, .sent, &out)
    case (ASCII.equals, ASCII.equals): noteRecipient(ctx, m + 3, id, .deferred, &out)
    case (ASCII.asterisk, ASCII.asterisk): noteRecipient(ctx, m + 3, id, .bounced, &out)
    default: break
    }
  }

  /// `ID Completed`, `ID Frozen ...`.
  func noteMessageState(
    _ kind: MessageEventKind, _ ctx: ParseContext, _ m: Int, _ id: TextRange,
    _ out: inout ParseOutput
  ) {
    guard !id.isEmpty else { return }
    var event = MessageEvent(kind: kind, id: id)
    event.text = TextRange(start: m, end: ctx.line.count)
    out.setMessage(event)
  }

  private static func noteArrival(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ out: inout ParseOutput) {
    let line = ctx.line
    let n = line.count
    var event = MessageEvent(kind: .received, id: id)
    var i = at
    while i < n, line[i] != ASCII.space { i += 1 }
    event.sender = TextRange(start: at, end: i)
    if i - at == 2, line.matches("<>", at: at) { event.sender = TextRange(start: at, end: at) }
    var local = false
    var fromHost = false
    // ` NAME=value` fields up to the subject (`T="..."`, whose text may hold anything).
    while i + 3 < n, line[i] == ASCII.space {
      let name = i + 1
      var equals = name
      while equals < n, equals - name < 4, ASCII.isLetter(line[equals]) || ASCII.isDigit(line[equals]) { equals += 1 }
      guard equals < n, line[equals] == ASCII.equals else {
        // `from <...>`, `for rcpt ...` (+received_recipients) close the fields.
        break
      }
      let value = equals + 1
      var end = value
      while end < n, line[end] != ASCII.space { end += 1 }
      switch line.slice(name, equals).count {
      case 1:
        switch line[name] {
        case 0x48:  // H
          if let field = EximHostField.parse(line, at: value) {
            fromHost = true
            event.hostName = field.name.isEmpty ? field.helo : field.name
            event.client = field.addressText
            end = max(value, field.end)
          }
        case 0x55:  // U: a local submitter (not an authenticated user)
          local = true
          event.localUser = TextRange(start: value, end: end)
        case 0x50: local = local || line.matches("local", at: value)  // P
        case 0x53:  // S
          if let size = line.decimal(at: value) { event.size = Int64(size.value) }
        case 0x52: event.related = TextRange(start: value, end: end)  // R
        case 0x58: event.tls = true  // X
        case 0x41:  // A: `A=authenticator:user`
          if let colon = line.firstIndex(of: ASCII.colon, from: value), colon < end {
            event.user = TextRange(start: colon + 1, end: end)
          }
        case 0x54: i = n  // T: the subject, last of the fields read here
        default: break
        }
      case 2 where line.matches("id", at: name):
        event.messageID = TextRange(start: value, end: end)
      default:
        break
      }
      if i >= n { break }
      i = end
    }
    if event.sender.isEmpty, !event.related.isEmpty {
      event.origin = .notification
    } else if fromHost {
      event.origin = .smtp
    } else {
      event.origin = local ? .local : .unknown
    }
    // `U=` of a host's message is an ident answer, not a local user.
    if fromHost { event.localUser = .none }
    if event.tls == nil, event.origin == .smtp { event.tls = false }
    out.setMessage(event)
  }

  private static func noteRecipient(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ status: DeliveryStatus,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    let n = line.count
    var event = MessageEvent(kind: .delivery, id: id)
    event.status = status
    var i = at
    while i < n, line[i] != ASCII.space, line[i] != ASCII.colon || i + 1 < n && line[i + 1] != ASCII.space { i += 1 }
    event.recipient = TextRange(start: at, end: i)
    if line.matches(" <", at: i), let close = line.firstIndex(of: ASCII.greaterThan, from: i + 2) {
      event.originalRecipient = TextRange(start: i + 2, end: close)
      i = close + 1
    }
    var messageStart = -1
    var toHost = false
    while i + 3 < n, line[i] == ASCII.space {
      let name = i + 1
      var equals = name
      while equals < n, equals - name < 3, ASCII.isLetter(line[equals]) { equals += 1 }
      guard equals < n, line[equals] == ASCII.equals else {
        // `defer (-44): ...` and the like: the message follows the next `: `.
        break
      }
      let value = equals + 1
      var end = value
      while end < n, line[end] != ASCII.space { end += 1 }
      switch line.slice(name, equals).count {
      case 1:
        switch line[name] {
        case 0x54:  // T
          var e = end
          if e > value, line[e - 1] == ASCII.colon { e -= 1 }
          event.transport = TextRange(start: value, end: e)
        case 0x48:  // H
          if let field = EximHostField.parse(line, at: value) {
            toHost = true
            event.hostName = field.name
            event.relay = TextRange(start: value, end: field.end)
            end = max(value, field.end)
          }
        case 0x43:  // C: `C="250 ..."`, the remote's confirmation (runs to the closing quote)
          if line.byte(at: value) == ASCII.quote, let q = line.firstIndex(of: ASCII.quote, from: value + 1) {
            event.text = TextRange(start: value + 1, end: q)
            end = q + 1
          }
        default: break
        }
      case 2 where line.matches("QT", at: name):
        if let t = EximParser.duration(line, value, end) { event.delay = t }
      default:
        break
      }
      if end >= n || line[end - 1] == ASCII.colon {
        messageStart = end + 1
        break
      }
      i = end
    }
    if status != .sent {
      if messageStart < 0 { messageStart = line.firstRange(of: ": ", from: i).map { $0 + 2 } ?? n }
      event.text = TextRange(start: min(messageStart, n), end: n)
      if status == .bounced {
        let message = line.slice(event.text)
        if message.hasPrefix("retry timeout exceeded")
          || message.firstRange(of: "have been failing for a long time") != nil
        {
          event.status = .expired
        }
      }
    }
    let recipient = line.slice(event.recipient)
    if toHost {
      event.agent = line.slice(event.transport).firstRange(of: "lmtp") != nil ? .lmtp : .smtp
    } else if recipient.hasPrefix("|") {
      event.agent = .pipe
    } else if status == .sent || !event.transport.isEmpty {
      event.agent = .local
    }
    out.setMessage(event)
  }

  /// Exim's `QT=`/`DT=` durations (`readconf_printtime`: `1d2h3m4s`, or `0.033s` with
  /// `+millisec`) between `start` and `end`, in milliseconds.
  static func duration(_ line: ByteView, _ start: Int, _ end: Int) -> Int64? {
    var total: Int64 = 0
    var i = start
    var any = false
    while i < end {
      guard let number = line.decimal(at: i, maxDigits: 12) else { return nil }
      var value = Int64(number.value) * 1000
      i = number.end
      if i < end, line[i] == ASCII.dot {
        var scale: Int64 = 100
        i += 1
        while i < end, ASCII.isDigit(line[i]) {
          value += Int64(line[i] &- ASCII.zero) * scale
          scale /= 10
          i += 1
        }
      }
      guard i < end else { return nil }
      switch line[i] {
      case 0x77: total += value * 7 * 86400  // w
      case 0x64: total += value * 86400  // d
      case 0x68: total += value * 3600  // h
      case 0x6D: total += value * 60  // m
      case 0x73: total += value  // s
      default: return nil
      }
      any = true
      i += 1
    }
    return any ? total : nil
  }
}
