import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Postfix's SMTP and LMTP clients: the replies of remote servers to our deliveries.
///
/// The status line is written by `global/log_adhoc.c`: `QID: to=<r>, [orig_to=<o>,]
/// relay=HOST[IP]:PORT, [conn_use=N,] delay=D, delays=a/b/c/d, [tls=...,] dsn=X.Y.Z,
/// status=STATUS (TEXT)`; optional fields are skipped. In TEXT the remote's reply appears as
/// `(250 2.0.0 Ok)`, `(host H[IP] said: 550 5.1.1 ... (in reply to RCPT TO command))` or
/// `(host H[IP] refused to talk to me: 554 ...)`. `lost connection with H[IP] while sending
/// RCPT TO` means the remote closed without being sent QUIT: a remote hang-up, and so is a
/// 221 or 421 taken as the answer to the final dot (`status=sent (221 4.4.2 ...)`).
extension PostfixParser {
  mutating func parseClient(
    _ ctx: ParseContext, _ m: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    if line.byte(at: m) == ASCII.greaterThan || line.byte(at: m) == ASCII.lessThan {
      // debug_peer_list verbose lines (Formats/Transcript/PostfixVerboseLines.swift).
      parseVerboseClientLine(ctx, m, &tracker, &out)
      return
    }
    guard let (queue, colon) = QueueKey.parse(line, at: m), line.byte(at: colon + 1) == ASCII.space else {
      if line.matches("connect to ", at: m) {
        // `connect to H[IP]:25: Connection refused`: an MX that failed before the next one was
        // tried (the final status line names only the last). No reply, but the remote.
        var event = SMTPEvent(kind: .connect, direction: .outbound)
        fill(&event, ctx, nil)
        readRemoteReply(line, m, line.count, into: &event)
        out.events.append(event)
        out.lineClass = .recognized
        return
      }
      out.lineClass =
        line.matches("warning: ", at: m)
          || line.firstRange(of: " TLS connection established", from: m) != nil
        ? .recognized
        : (PostfixParser.looksLikeReply(line, from: m) ? .unrecognized : .ignored)
      return
    }
    out.session = queueSessions[queue]?.id ?? .none
    out.lineClass = .recognized
    let at = colon + 2
    var event = SMTPEvent(kind: .other, direction: .outbound)
    fill(&event, ctx, nil)
    event.queueID = TextRange(start: m, end: colon)
    if line.matches("to=<", at: at) {
      noteDelivery(ctx, queueStart: m, colon: colon, agent: PostfixParser.clientAgent(ctx), &out)
      let close = line.firstIndex(of: ASCII.greaterThan, from: at + 4) ?? line.count
      event.recipient = TextRange(start: at + 4, end: close)
      guard let statusAt = line.firstRange(of: ", status=", from: close) else {
        out.lineClass = .unrecognized
        return
      }
      // A delivery without an SMTP reply that succeeded (local, virtual, pipe, discard: `sent
      // (delivered to mailbox)`; a probe's `deliverable`) says nothing about replies: no event,
      // decided before the rest of the line is read (local deliveries are frequent).
      if line.matches("sent (", at: statusAt + 9) || line.matches("deliverable (", at: statusAt + 9) {
        let text = statusAt + (line[statusAt + 9] == 0x73 ? 15 : 22)
        if !ASCII.isDigit(line.byte(at: text)), !line.matches("host ", at: text) { return }
      }
      // `relay=none`: no connection was made; the text may name the remote that failed.
      var relayNone = TextRange.none
      if let relay = line.firstRange(of: "relay=", from: close), relay < statusAt {
        if let c = ClientField.parse(line, at: relay + 6, limit: statusAt) {
          // `relay=host[private/dovecot-lmtp]`: a socket, not an address.
          event.client = c.address
          event.remoteHost = c.name
        } else {
          var e = relay + 6
          while e < statusAt, line[e] != ASCII.comma { e += 1 }
          if line.matches("none,", at: relay + 6) {
            relayNone = TextRange(start: relay + 6, end: e)
          } else {
            event.remoteHost = TextRange(start: relay + 6, end: e)
          }
        }
      }
      if let dsn = line.firstRange(of: "dsn=", from: close), dsn < statusAt {
        event.dsn = EnhancedStatusCode.parse(line, at: dsn + 4)?.code
      }
      let word = statusAt + 9
      var wordEnd = word
      while wordEnd < line.count, ASCII.isLetter(line[wordEnd]) || line[wordEnd] == ASCII.minus { wordEnd += 1 }
      // Address-verification probes (`verify.c`): the result of a probe that stops after RCPT.
      var probe = false
      switch line.slice(word, wordEnd).count {
      case 4 where line.matches("sent", at: word): event.delivery = .sent
      case 8 where line.matches("deferred", at: word): event.delivery = .deferred
      case 7 where line.matches("bounced", at: word): event.delivery = .bounced
      case 7 where line.matches("expired", at: word): event.delivery = .expired
      // `soft_bounce = yes`: a bounce turned into a deferral, the recipient stays queued.
      case 10 where line.matches("SOFTBOUNCE", at: word): event.delivery = .deferred
      case 11 where line.matches("deliverable", at: word), 13 where line.matches("undeliverable", at: word),
        28 where line.matches("undeliverable-but-not-cached", at: word):
        probe = true
      default:
        out.lineClass = .unrecognized
        return
      }
      let textStart = wordEnd + 2 <= line.count && line.byte(at: wordEnd + 1) == ASCII.openParen ? wordEnd + 2 : wordEnd
      var textEnd = line.count
      if textEnd > textStart, line[textEnd - 1] == ASCII.closeParen { textEnd -= 1 }
      readRemoteReply(line, textStart, textEnd, into: &event)
      if event.remoteHost.isEmpty, event.client == nil { event.remoteHost = relayNone }
      // A delivery without an SMTP reply that succeeded (local, virtual, pipe, discard: `sent
      // (delivered to mailbox)`) says nothing about replies: no event.
      if event.code == nil, event.delivery == .sent || (probe && line[word] == 0x64) { return }
      if probe {
        // The probe's reply answers RCPT TO (or an earlier command, which the text names).
        if event.command == .none || event.command == .endOfData, event.code != nil { event.command = .rcpt }
        event.kind = event.code.map { $0.replyClass == .positiveCompletion ? .other : .reject } ?? .other
        out.events.append(event)
        return
      }
      switch event.delivery {
      case .sent:
        event.kind = .delivered
        if event.command == .none, event.code != nil { event.command = .endOfData }
      case .deferred: event.kind = .deferred
      case .bounced: event.kind = .bounced
      case .expired: event.kind = .expired
      case nil: break
      }
      // A 221/421 taken as the answer to a command, or a connection lost while talking:
      // the remote closed the session without QUIT.
      if let code = event.code?.rawValue, code == 221 || code == 421,
        event.delivery == .sent
          || event.command != .connect
      {
        event.kind = .remoteHangup
      } else if event.code == nil, line.slice(textStart, textEnd).hasPrefix("lost connection with ") {
        event.kind = .remoteHangup
      }
      out.events.append(event)
      return
    }
    // `QID: host H[IP] said: 451 ... (in reply to end of DATA command)` (next MX will be tried),
    // `QID: lost connection with H[IP] while ...`, `QID: conversation with H[IP] timed out ...`.
    if line.matches("host ", at: at) || line.matches("lost connection with ", at: at)
      || line.matches("conversation with ", at: at)
    {
      var textEnd = line.count
      if line.matches("host ", at: at), line[textEnd - 1] == ASCII.closeParen { textEnd = line.count }
      readRemoteReply(line, at, textEnd, into: &event)
      if event.code == nil, !line.matches("lost connection with ", at: at) {
        out.events.append(event)
        return
      }
      event.kind =
        event.code == nil
        ? .remoteHangup
        : (event.code!.replyClass == .permanentNegative
          ? .reject
          : event.code!.replyClass == .transientNegative ? .reject : .other)
      if let code = event.code?.rawValue, code == 221 || code == 421, event.command != .connect {
        event.kind = .remoteHangup
      }
      out.events.append(event)
      return
    }
    out.lineClass = .recognized
  }

  /// Reads the remote's reply out of a status text: code, enhanced code, command, remote host.
  func readRemoteReply(_ line: ByteView, _ start: Int, _ end: Int, into event: inout SMTPEvent) {
    var start = start
    // qmgr and the retry service quote the failure that suspended the destination.
    if line.matches("delivery temporarily suspended: ", at: start) { start += 32 }
    var replyStart = -1
    if ReplyCode.parse(line, at: start) != nil {
      replyStart = start
    } else if line.matches("lost connection with ", at: start) || line.matches("conversation with ", at: start) {
      // `lost connection with H[IP] while sending RCPT TO`: the remote is named.
      let hostAt = start + (line[start] == 0x6C ? 21 : 18)
      if let c = ClientField.parse(line, at: hostAt, limit: end) {
        if event.client == nil { event.client = c.address }
        if event.remoteHost.isEmpty { event.remoteHost = c.name }
      }
    } else if line.matches("TLS is required, but host ", at: start)
      || line.matches("SASL authentication failed; server ", at: start)
    {
      // `TLS is required, but host H[IP] refused to start TLS: 454 4.7.0 ...` (the reply to
      // STARTTLS); `SASL authentication failed; server H[IP] said: 535-5.7.8 ...?535 5.7.8
      // ...` (the reply to AUTH; a multi-line reply joined by `?`).
      let isTLS = line[start] == 0x54
      if let c = ClientField.parse(line, at: start + (isTLS ? 26 : 35), limit: end) {
        if event.client == nil { event.client = c.address }
        if event.remoteHost.isEmpty { event.remoteHost = c.name }
        if isTLS, line.matches(" refused to start TLS: ", at: c.end) {
          replyStart = c.end + 23
          event.command = .starttls
        } else if !isTLS, line.matches(" said: ", at: c.end) {
          replyStart = c.end + 7
          event.command = .auth
        }
      }
    } else if line.matches("host ", at: start) {
      if let c = ClientField.parse(line, at: start + 5, limit: end) {
        if event.client == nil { event.client = c.address }
        if event.remoteHost.isEmpty { event.remoteHost = c.name }
        if line.matches(" said: ", at: c.end) {
          replyStart = c.end + 7
        } else if line.matches(" refused to talk to me: ", at: c.end) {
          replyStart = c.end + 24
          event.command = .connect
        }
      }
    } else if line.matches("connect to ", at: start) {
      // `connect to H[IP]:25: Connection refused`: no reply at all, but the remote is named.
      event.command = .connect
      if let c = ClientField.parse(line, at: start + 11, limit: end) {
        if event.client == nil { event.client = c.address }
        if event.remoteHost.isEmpty { event.remoteHost = c.name }
      }
    }
    var replyEnd = end
    if let inReply = line.lastRange(of: " (in reply to ", before: end), inReply > start {
      replyEnd = inReply
      let nameStart = inReply + 14
      if let commandEnd = line.firstRange(of: " command)", from: nameStart), commandEnd <= end + 1 {
        let name = line.slice(nameStart, commandEnd)
        if let command = SMTPCommand(name: name) {
          event.command = command
        } else if name.count >= 4, let command = SMTPCommand(name: name.slice(0, 4)) {
          event.command = command
        }
      }
    } else if let whileAt = line.firstRange(of: " while ", from: start), whileAt < end {
      event.command = PostfixParser.commandOfWhile(line.slice(whileAt + 7, end))
    }
    if replyStart >= 0, let code = ReplyCode.parse(line, at: replyStart) {
      event.code = code
      if let (enhanced, _) = EnhancedStatusCode.parse(line, at: replyStart + 4) { event.enhanced = enhanced }
      event.text = TextRange(start: replyStart, end: replyEnd)
    } else {
      event.text = TextRange(start: start, end: end)
    }
  }

  /// `sending RCPT TO` -> RCPT, `receiving the initial server greeting` -> CONNECT ...
  static func commandOfWhile(_ text: ByteView) -> SMTPCommand {
    if text.hasPrefix("receiving the initial server greeting") { return .connect }
    if text.hasPrefix("performing the EHLO handshake") { return .ehlo }
    if text.hasPrefix("performing the HELO handshake") { return .helo }
    if text.hasPrefix("performing the LHLO handshake") { return .ehlo }
    if text.hasPrefix("sending MAIL FROM") { return .mail }
    if text.hasPrefix("sending RCPT TO") { return .rcpt }
    if text.hasPrefix("sending DATA command") { return .data }
    if text.hasPrefix("sending message body") { return .data }
    if text.hasPrefix("sending end of data") { return .endOfData }
    if text.hasPrefix("receiving the STARTTLS response") || text.hasPrefix("performing the TLS handshake") {
      return .starttls
    }
    if text.hasPrefix("sending RSET") { return .rset }
    if text.hasPrefix("sending QUIT") { return .quit }
    if text.hasPrefix("sending AUTH") || text.hasPrefix("performing SASL") { return .auth }
    return .unknown
  }
}
