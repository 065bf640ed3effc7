import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Exim's message lines: arrivals, and the replies of remote servers to our deliveries.
///
/// Written against deliver.c (`delivery_log`, `deferral_log`, `failure_log`) and
/// transports/smtp.c (`check_response`, `write_logs`):
/// - `ID <= sender H=HOST P=esmtp S=N id=...`: a message accepted from the session of HOST
///   (no event: Postfix logs no 250 either); `U=user P=local` is a local submission.
/// - `ID => rcpt [<orig>] R=router T=transport H=name [ip][:port] [X=...] C="250 ..."` and
///   `->` (another address of the same delivery): the remote's final reply from
///   `+smtp_confirmation`, observed, as the answer to the end of data. A `221` or `421` taken
///   as that answer means the remote closed without being sent QUIT: a remote hang-up, not a
///   clean delivery. Local deliveries (no `H=`) and `*>` (suppressed by `-N`) have no reply.
/// - `ID == rcpt R=.. T=.. defer (errno)[: strerror] [H=name [ip]]: MESSAGE`: deferred;
///   `ID ** rcpt [R=.. T=..] [H=..]: MESSAGE`: bounced. MESSAGE `SMTP error from remote mail
///   server after [pipelined ]CMD: 550 5.1.1 ...` gives the remote's reply and the command it
///   answered; `Remote host closed connection in response to CMD` (errno -18,
///   `ERRNO_SMTPCLOSED`) is a remote hang-up, possibly with `(EHLO response was: 421 ...)`;
///   `SMTP timeout after CMD` and `Connection refused` carry no reply. `defer (-52|-53|-54):
///   retry time not reached` (Exim's `retry_defer` lines) means no host was tried: recognized,
///   no event.
/// - `ID ** rcpt: retry timeout exceeded` and `ID ** rcpt R=.. T=..: all hosts for 'domain'
///   have been failing for a long time (and retry time not reached)` (retry.c): the retry time
///   ran out, kind `expired`.
/// - The spellings of the message's place: `: MESSAGE` after the host, ` : MESSAGE` (4.99),
///   after ` X=... CV=... DN="..." PS=...` (`**`) or ` DT=...` (`==`); before 4.85 the remote
///   is inside the message (`after CMD: host NAME [IP]: REPLY`); a connect failure leaves the
///   `==` line without H=, and the remote's address comes from the per-host line before it
///   (`ID H=name [ip] Connection refused`; its name cannot be carried over, an event's texts
///   are ranges of its own line). `LMTP error after CMD: REPLY` (lmtp transport, no remote);
///   `TLS session: ...` failed at STARTTLS.
/// - `ID (= sender H=HOST ...` (`control = fakereject`): the message is kept, but the client
///   was told `550-FAKE_REJECT`: an inferred 550 after DATA.
extension EximParser {
  mutating func arrival(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.lineClass = .recognized
    guard let h = line.firstRange(of: " H=", from: at), let field = EximHostField.parse(line, at: h + 3),
      let slot = openSlot(ctx, field, tracker)
    else { return }
    noteHELO(field, slot, &tracker)
    if tracker[slot].lastCommand < .endOfData { tracker[slot].lastCommand = .endOfData }
    tracker[slot].last = ctx.time ?? tracker[slot].last
    out.session = tracker[slot].id
  }

  /// `(= sender H=HOST P=proto S=N ...`, `at` at the sender: an arrival under `control =
  /// fakereject` (receive.c): the client was answered 550 (`550-FAKE_REJECT id=...`).
  mutating func fakeReject(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.lineClass = .recognized
    var field: EximHostField?
    if let h = line.firstRange(of: " H=", from: at) { field = EximHostField.parse(line, at: h + 3) }
    let slot = field.flatMap { openSlot(ctx, $0, tracker) }
    if let slot, let field { noteHELO(field, slot, &tracker) }
    var event = inbound(.reject, ctx, field)
    event.command = .endOfData
    event.queueID = id
    if let space = line.firstIndex(of: ASCII.space, from: at), space > at {
      event.sender = TextRange(start: at, end: space)
    }
    infer(&event, 550)
    emit(&event, slot, &tracker, &out)
  }

  /// `=>` and `->`, `at` at the recipient.
  mutating func delivery(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ out: inout ParseOutput) {
    let line = ctx.line
    out.lineClass = .recognized
    guard let transport = line.firstRange(of: " T=", from: at), let h = line.firstRange(of: " H=", from: transport),
      let field = EximHostField.parse(line, at: h + 3)
    else { return }
    var event = outbound(.delivered, ctx, id, at, field)
    event.delivery = .sent
    if let confirmation = line.firstRange(of: " C=\"", from: field.end) {
      let textAt = confirmation + 4
      var textEnd = line.count
      if textEnd > textAt, line[textEnd - 1] == ASCII.quote { textEnd -= 1 }
      if let code = ReplyCode.parse(line, at: textAt) {
        event.code = code
        event.enhanced = EnhancedStatusCode.parse(line, at: textAt + 4)?.code
        event.command = .endOfData
      }
      event.text = TextRange(start: textAt, end: textEnd)
    }
    if let code = event.code?.rawValue, code == 221 || code == 421 { event.kind = .remoteHangup }
    out.events.append(event)
  }

  /// `==`, `at` at the recipient.
  mutating func deferral(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ out: inout ParseOutput) {
    let line = ctx.line
    out.lineClass = .recognized
    guard let deferAt = line.firstRange(of: " defer (", from: at) else {
      return classifyLeftover(ctx, at, id, &out)
    }
    let errno = EximParser.signedDecimal(line, at: deferAt + 8)
    // `defer (-52|-53|-54): retry time not reached`: no host was tried, nothing was answered.
    if let errno, errno <= -52, errno >= -54 { return }
    // ` defer (N)[: strerror][ H=name [ip]][: message]`: strerror texts hold no ` H=`.
    var field: EximHostField?
    var messageAt = line.firstRange(of: ": ", from: deferAt).map { $0 + 2 } ?? line.count
    if let h = line.firstRange(of: " H=", from: deferAt), let f = EximHostField.parse(line, at: h + 3), f.address != nil
    {
      field = f
      messageAt = EximParser.messageAfterFields(line, from: f.end) ?? line.count
    }
    var event = outbound(.deferred, ctx, id, at, field)
    event.delivery = .deferred
    let hangUp = readRemoteMessage(line, messageAt, into: &event)
    if field == nil, event.command == .connect { rememberedRemote(&event, id, line, reasonAt: messageAt, &out) }
    if hangUp || errno == -18 {
      event.kind = .remoteHangup
    } else if let code = event.code?.rawValue, code == 221 || code == 421, event.command != .connect {
      event.kind = .remoteHangup
    }
    out.events.append(event)
  }

  /// `**`, `at` at the recipient.
  mutating func failure(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ out: inout ParseOutput) {
    let line = ctx.line
    out.lineClass = .recognized
    var field: EximHostField?
    var messageAt = line.firstRange(of: ": ", from: at).map { $0 + 2 } ?? line.count
    if let h = line.firstRange(of: " H=", from: at), h < messageAt {
      field = EximHostField.parse(line, at: h + 3)
      if let f = field { messageAt = EximParser.messageAfterFields(line, from: f.end) ?? line.count }
    }
    var event = outbound(.bounced, ctx, id, at, field)
    event.delivery = .bounced
    let message = line.slice(messageAt, line.count)
    if message.hasPrefix("retry timeout exceeded")
      || message.firstRange(of: "have been failing for a long time") != nil
    {
      event.kind = .expired
      event.delivery = .expired
      event.text = TextRange(start: messageAt, end: line.count)
    } else if readRemoteMessage(line, messageAt, into: &event) {
      event.kind = .remoteHangup
    } else if let code = event.code?.rawValue, code == 221 || code == 421, event.command != .connect {
      event.kind = .remoteHangup
    }
    if field == nil, event.command == .connect { rememberedRemote(&event, id, line, reasonAt: messageAt, &out) }
    out.events.append(event)
  }

  // MARK: - helpers

  /// Where the message of a `==`/`**` line starts after the host field ending at `from`: past
  /// the fields Exim writes between them (` X=...`, ` CV=...`, ` DN="..."`, ` PS=...`,
  /// ` DT=...`), at `: ` or ` : ` (4.99). nil when no message follows.
  static func messageAfterFields(_ line: ByteView, from: Int) -> Int? {
    let n = line.count
    var i = from
    while i < n {
      if line.matches(": ", at: i) { return i + 2 }
      if line.matches(" : ", at: i) { return i + 3 }
      // ` NAME=value`: NAME of one to three capitals.
      guard line[i] == ASCII.space, i + 2 < n, ASCII.isUpper(line[i + 1]) else { return nil }
      var j = i + 2
      while j < n, j - i <= 4, ASCII.isUpper(line[j]) { j += 1 }
      guard j < n, line[j] == ASCII.equals else { return nil }
      j += 1
      if j < n, line[j] == ASCII.quote {
        // `DN="CN=..., O=..."`: quoted, spaces inside.
        guard let close = line.firstIndex(of: ASCII.quote, from: j + 1) else { return nil }
        i = close + 1
      } else {
        i = EximHostField.tokenEnd(line, from: j, limit: n)
      }
    }
    return nil
  }

  /// A connect failure's `==`/`**` line has no H=: the remote from the per-host line the smtp
  /// transport wrote before it for the same message and reason (`reasonAt`). Its name is a text
  /// of that earlier line: the event carries a copy (`ParseOutput.eventBytes`).
  private mutating func rememberedRemote(
    _ event: inout SMTPEvent, _ id: TextRange, _ line: ByteView, reasonAt: Int, _ out: inout ParseOutput
  ) {
    guard let length = EximParser.connectFailureReason(line, at: reasonAt),
      let (failure, name) = connectFailures.failure(
        message: EximParser.messageHash(line.slice(id)),
        reason: EximConnectFailures.reasonHash(line.slice(reasonAt, reasonAt + length)))
    else { return }
    event.client = failure.address
    if !name.isEmpty {
      let start = out.beginCarrying(after: line)
      out.eventBytes.append(contentsOf: name)
      event.remoteHost = TextRange(start: start, end: start + name.count)
    }
  }

  /// The length of the `strerror` text of a failed connect at `at` (smtp.c `write_logs` on the
  /// per-host line, deliver.c `deferral_log` on the address's line), nil for other texts.
  static func connectFailureReason(_ line: ByteView, at: Int) -> Int? {
    if line.matches("Connection refused", at: at) { return 18 }
    if line.matches("Connection timed out", at: at) { return 20 }
    if line.matches("Network is unreachable", at: at) { return 22 }
    if line.matches("No route to host", at: at) { return 16 }
    return nil
  }

  /// A hash of a message id, to match two lines about the same message.
  static func messageHash(_ id: ByteView) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for i in 0..<id.count { hash = (hash ^ UInt64(id[i])) &* 0x0000_0100_0000_01B3 }
    return hash
  }

  private func outbound(
    _ kind: EventKind, _ ctx: ParseContext, _ id: TextRange, _ recipientAt: Int,
    _ field: EximHostField?
  ) -> SMTPEvent {
    let line = ctx.line
    var event = SMTPEvent(kind: kind, direction: .outbound)
    event.time = ctx.time
    event.queueID = id
    var end = recipientAt
    while end < line.count, line[end] != ASCII.space,
      line[end] != ASCII.colon
        || end + 1 < line.count
          && line[end + 1] != ASCII.space
    {
      end += 1
    }
    event.recipient = TextRange(start: recipientAt, end: end)
    if let field {
      event.client = field.address
      event.remoteHost = field.name
      if field.address == nil { event.clientText = field.addressText }
    }
    return event
  }

  /// Reads an smtp transport message at `at`: the remote's reply and the command it answered.
  /// Returns true when the remote closed the connection without a reply to our command.
  @discardableResult
  func readRemoteMessage(_ line: ByteView, _ at: Int, into event: inout SMTPEvent) -> Bool {
    guard at < line.count else { return false }
    event.text = TextRange(start: at, end: line.count)
    let smtpError = line.matches("SMTP error from remote mail server after ", at: at)
    if smtpError || line.matches("LMTP error after ", at: at) {
      let commandAt = smtpError ? at + 41 : at + 17
      event.command = EximParser.remoteCommand(line, at: commandAt)
      // The command may hold `: ` itself (`RCPT TO:<a@b>: 550 ...`): the reply is the first
      // `: ` followed by a code.
      var i = commandAt
      while let colon = line.firstRange(of: ": ", from: i) {
        if let code = ReplyCode.parse(line, at: colon + 2) {
          event.code = code
          event.enhanced = EnhancedStatusCode.parse(line, at: colon + 6)?.code
          event.text = TextRange(start: colon + 2, end: line.count)
          break
        }
        // Before 4.85: `after CMD: host NAME [IP]: REPLY`, the only place the remote is named.
        if line.matches("host ", at: colon + 2), event.client == nil, event.remoteHost.isEmpty,
          let host = EximHostField.parse(line, at: colon + 7), host.address != nil, line.matches(": ", at: host.end)
        {
          event.client = host.address
          event.remoteHost = host.name
          i = host.end
          continue
        }
        i = colon + 2
      }
      return false
    }
    if line.matches("TLS session: ", at: at) {
      // smtp.c TLS_CONN_FAILED: the handshake after STARTTLS failed. (A transport with
      // `protocol = smtps` fails the same way at the connection; the line does not tell.)
      event.command = .starttls
      return false
    }
    if line.matches("Remote host closed connection in response to ", at: at) {
      event.command = EximParser.remoteCommand(line, at: at + 45)
      // `... HELO x (EHLO response was: 421 4.7.0 ...)`: the remote refused EHLO, then hung up.
      if let was = line.firstRange(of: "(EHLO response was: ", from: at + 46),
        let code = ReplyCode.parse(line, at: was + 20)
      {
        event.code = code
        event.enhanced = EnhancedStatusCode.parse(line, at: was + 24)?.code
        event.command = .ehlo
      }
      return true
    }
    if line.matches("SMTP timeout after ", at: at) {
      event.command = EximParser.remoteCommand(line, at: at + 19)
    } else if line.matches("Connection refused", at: at) || line.matches("Connection timed out", at: at)
      || line.matches("Network is unreachable", at: at) || line.matches("No route to host", at: at)
    {
      event.command = .connect
    }
    return false
  }

  /// The command named in `after CMD` / `in response to CMD` (smtp.c `smtp_command`).
  static func remoteCommand(_ line: ByteView, at start: Int) -> SMTPCommand {
    var at = start
    if line.matches("pipelined ", at: at) { at += 10 }
    if line.matches("initial connection", at: at) { return .connect }
    if line.matches("end of data", at: at) { return .endOfData }
    if line.matches("sending data block", at: at) { return .data }
    if line.matches("LHLO", at: at) { return .ehlo }
    return command(named: line, at: at)
  }

  static func signedDecimal(_ line: ByteView, at: Int) -> Int? {
    if line.byte(at: at) == ASCII.minus { return line.decimal(at: at + 1, maxDigits: 6).map { -$0.value } }
    return line.decimal(at: at, maxDigits: 6)?.value
  }
}
