import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Exim's refusals of a client's commands.
///
/// - ACL failures (smtp_in.c `smtp_handle_acl_fail`): `H=HOST [X=...] [F=<s>]
///   [temporarily ]rejected WHAT: MESSAGE`, WHAT being `RCPT <r>`, `MAIL <s>`, `DATA`,
///   `after DATA`, `during MIME ACL checks`, `DKIM ...`, `EHLO or HELO name`, `AUTH mech`,
///   `STARTTLS`, `VRFY x`, `EXPN x`, `ETRN x` or `connection in "connect" ACL`. The reply is
///   the ACL message's own code when the message starts with one (`530 5.7.0 Authentication
///   required`, observed), else the default of the stage (globals.c `acl_wherecodes`: 550;
///   503 for AUTH, 458 for ETRN, 252 for VRFY) or 451 for `temporarily rejected` (inferred). A
///   `message =` with a code and a separate `log_message =` without one is the case the log
///   cannot show: the default is counted. DNSBL and sender-verify refusals are ACL failures too.
///   A connect-ACL refusal ends the session.
/// - `rejected EHLO|HELO from HOST: syntactically invalid argument(s): x` (501);
///   `[temporarily ]rejected "EHLO x" from HOST` (helo_verify: 550 or 451).
/// - `rejected MAIL FROM:<s> H=HOST: message too big: size=N max=M` (552 at MAIL);
///   `ID rejected from <s> H=HOST: message too big: read=N max=M` (receive.c, 552 after DATA);
///   `... Too many "Received" headers` (550 after DATA); `rejected MAIL from HOST: no HELO/EHLO
///   given` (503); `rejected MAIL command H=HOST: too many messages in one connection` (421).
/// - `too many recipients: excess temporarily rejected: sender=<s> H=HOST` (452) or `...
///   message rejected: ...` (552): Exim logs the first excess RCPT only, so one event stands for
///   one or more refusals.
/// - `SMTP syntax error in "CMD" H=HOST MESSAGE` (`synprot_error`): 500 for `unrecognized
///   command`, else 501; `SMTP protocol error in "CMD" H=HOST MESSAGE`: the code each message
///   is sent with in smtp_in.c (503, 501, 504 or 554); an unknown message gets no code.
/// - `NAME authenticator failed for HOST: 535 Incorrect authentication data (set_id=x)`: the
///   reply as sent, observed; `NAME authenticator failed H=HOST ...` is our client failing at a
///   remote server (outbound).
/// - `F=s H=HOST P=proto [temporarily ]rejected by local_scan(): x` (the sender bare, `F=<>`
///   for the null sender; 550 / 451 after DATA), `local_scan() function timed out|crashed ...`
///   (421, receive_bomb_out), `unqualified sender|recipient rejected: <a> H=HOST` (501), `VRFY
///   failed for x H=HOST` (550).
/// - Callouts (verify.c): the message of `sender verify fail|defer for <a>: MESSAGE` and of a
///   recipient-verify refusal is `NAME [IP] : SMTP error from remote mail server after CMD:
///   REPLY` or `NAME [IP] : response to "CMD" was: REPLY` (after `Could not complete ... verify
///   callout: ` for a defer): REPLY is the callout target's answer to our probe, an outbound
///   event of its own (printed), besides the refusal of the client.
/// - Recognized without an event: `sender verify fail|defer` without a callout reply (the
///   `rejected` line follows), `RCPT ...: discarded by ... ACL` (answered 250), `incomplete
///   transaction` (its recipients put the session at RCPT), ACL `warn` lines (`H=HOST Warning:
///   ...`), and the smtp transport's per-host notices on outbound messages (`ID H=HOST [ip]:
///   SMTP error from remote mail server ...`), which the recipient's `==` or `**` line repeats.
/// - `H=HOST [X=...] dropped by 'connect' ACL[: msg]` (4.97+, a TLS-on-connect port): refused
///   before TLS, so no reply was sent; ends the session `rejected`.
/// - A local `-bs` session has no `H=`: `U=user F=<s> rejected after DATA: ...`.
///
/// The fake-`H=` trap: a command quoted in a line (`SMTP protocol error in "MAIL FROM:<" H=x
/// [1.2.3.4]:1>"`) can contain `" H=` itself. Of the candidates after the quote, the one that
/// names an open session wins, else the last one (what Exim wrote follows the client's text).
extension EximParser {
  /// Lines that start with `H=` (or `U=`: a client without an address), `at` at the `H`.
  mutating func hostLine(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let field = line[at] == 0x55 ? EximHostField.ident(line, at: at + 2) : EximHostField.parse(line, at: at + 2)
    else { return classifyLeftover(ctx, at, id, &out) }
    let rest = field.end
    let connectFailure = line.byte(at: rest) == ASCII.space ? EximParser.connectFailureReason(line, at: rest + 1) : nil
    if !id.isEmpty, line.matches(": ", at: rest) || connectFailure != nil {
      // The smtp transport's note about one host; the recipient's line repeats it. A connect
      // failure names the remote that the `==` line after it (without H=) does not.
      out.lineClass = .recognized
      if let connectFailure { noteConnectFailure(line, id, field, reason: rest + 1, length: connectFailure) }
      return
    }
    guard let rejected = line.firstRange(of: "rejected ", from: rest) else {
      if let verify = line.firstRange(of: " sender verify ", from: rest) {
        out.lineClass = .recognized
        let slot = openSlot(ctx, field, tracker)
        out.session = tracker.sessionID(in: slot)
        // `sender verify fail|defer for <a>: MESSAGE`: the callout target's reply, if any.
        if let close = line.firstRange(of: ">: ", from: verify + 15), EximParser.mayBeCallout(line, at: close + 3) {
          // Written to the rejectlog too: a copy there must not count the callout again.
          markIfRepeated(ctx)
          calloutReply(ctx, at: close + 3, into: &out)
        }
        return
      }
      if let incomplete = line.firstRange(of: " incomplete transaction (", from: rest) {
        out.lineClass = .recognized
        let slot = openSlot(ctx, field, tracker)
        out.session = tracker.sessionID(in: slot)
        // `... from <s> for r1 r2`: a sender and accepted recipients were given.
        if let slot, let from = line.firstRange(of: ") from <", from: incomplete + 25) {
          let reached: SMTPCommand = line.firstRange(of: "> for ", from: from + 8) != nil ? .rcpt : .mail
          if tracker[slot].lastCommand < reached { tracker[slot].lastCommand = reached }
        }
        return
      }
      if line.firstRange(of: " Warning: ", from: rest) != nil
        || line.firstRange(of: ": discarded by ", from: rest) != nil
      {
        out.lineClass = .recognized
        out.session = tracker.sessionID(in: openSlot(ctx, field, tracker))
        return
      }
      if let dropped = line.firstRange(of: " dropped by '", from: rest) {
        return droppedBeforeTLS(ctx, field, dropped, id, &tracker, &out)
      }
      return classifyLeftover(ctx, rest, id, &out)
    }
    markIfRepeated(ctx)
    let temporary = rejected >= 12 && line.matches("temporarily ", at: rejected - 12)
    let what = rejected + 9
    var command = SMTPCommand.none
    var defaultCode = 550
    var whatEnd = what
    if line.matches("RCPT ", at: what) {
      command = .rcpt
      whatEnd = what + 5
    } else if line.matches("MAIL ", at: what) {
      command = .mail
      whatEnd = what + 5
    } else if line.matches("after DATA", at: what) {
      command = .endOfData
      whatEnd = what + 10
    } else if line.matches("DATA", at: what) {
      command = .data
      whatEnd = what + 4
    } else if line.matches("during MIME ACL checks", at: what) || line.matches("DKIM", at: what) {
      command = .endOfData
      whatEnd = what + 4
    } else if line.matches("connection in \"connect\" ACL", at: what) {
      command = .connect
      whatEnd = what + 27
    } else if line.matches("EHLO or HELO ", at: what) {
      command = .ehlo
      whatEnd = what + 13
    } else if line.matches("AUTH ", at: what) {
      command = .auth
      defaultCode = 503
      whatEnd = what + 5
    } else if line.matches("STARTTLS", at: what) {
      command = .starttls
      whatEnd = what + 8
    } else if line.matches("VRFY ", at: what) {
      command = .vrfy
      defaultCode = 252
      whatEnd = what + 5
    } else if line.matches("EXPN ", at: what) {
      command = .expn
      whatEnd = what + 5
    } else if line.matches("ETRN ", at: what) {
      command = .etrn
      defaultCode = 458
      whatEnd = what + 5
    } else {
      return classifyLeftover(ctx, rest, id, &out)
    }
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    noteHELO(field, slot, &tracker)
    var event = inbound(.reject, ctx, field)
    event.command = command
    event.queueID = id
    if let from = line.firstRange(of: " F=<", from: rest), from < rejected,
      let close = EximParser.angleEnd(line, from: from + 4, before: rejected)
    {
      event.sender = TextRange(start: from + 4, end: close)
    }
    // `RCPT <r>: message`: the address as the client wrote it (see `printedAngleAddress`).
    var messageAt = line.firstRange(of: ": ", from: whatEnd).map { $0 + 2 } ?? line.count
    if command == .rcpt || command == .mail, line.byte(at: whatEnd) == ASCII.lessThan,
      let printed = EximParser.printedAngleAddress(line, at: whatEnd)
    {
      if command == .rcpt { event.recipient = printed.address } else { event.sender = printed.address }
      messageAt = printed.messageAt
    }
    reply(&event, line, messageAt, defaultCode: temporary ? 451 : defaultCode)
    if command == .rcpt, EximParser.mayBeCallout(line, at: messageAt) {
      // A recipient callout's failure is the refusal's log message: the remote's reply first.
      calloutReply(ctx, at: messageAt, into: &out)
    }
    if command == .connect {
      end(
        &event, slot ?? endingSlot(ctx, field, &tracker), outcome: .rejected, stage: .connect, ctx, &tracker,
        &out)
    } else {
      emit(&event, slot, &tracker, &out)
    }
  }

  /// Remembers the smtp transport's per-host connect failure for the message's `==`/`**` line
  /// that follows without H= (see `EximConnectFailures`).
  mutating func noteConnectFailure(_ line: ByteView, _ id: TextRange, _ field: EximHostField, reason: Int, length: Int)
  {
    guard let address = field.address else { return }
    connectFailures.note(
      message: EximParser.messageHash(line.slice(id)), address: address, name: line.slice(field.name),
      reason: EximConnectFailures.reasonHash(line.slice(reason, reason + length)))
  }

  /// The `>` that ends an address written as `<a> ` (`F=<s> `) from `from` (after the `<`) and
  /// before `limit`: the first outside a quoted local part (`"a> b"@example.org`) that a space
  /// follows. nil when there is none.
  static func angleEnd(_ line: ByteView, from: Int, before limit: Int) -> Int? {
    var quoted = false
    var i = from
    while i < limit {
      let c = line[i]
      if quoted {
        if c == ASCII.backslash { i += 1 } else if c == ASCII.quote { quoted = false }
      } else if c == ASCII.quote {
        quoted = true
      } else if c == ASCII.greaterThan, line.byte(at: i + 1) == ASCII.space {
        return i
      }
      i += 1
    }
    // An unbalanced quote: the first `>`, as before.
    guard let close = line.firstIndex(of: ASCII.greaterThan, from: from), close < limit else { return nil }
    return close
  }

  /// The address of `rejected RCPT <a>[: message]` (or `MAIL`) whose `<` is at `open`, without
  /// the brackets, and where the message starts (the line's end when there is none).
  ///
  /// smtp_in.c `smtp_handle_acl_fail` writes the command's argument as the client typed it
  /// (`smtp_cmd_data`, its ESMTP options cut off), which passed `parse_extract_address`: a `>`
  /// inside it is in a quoted local part (`<"a>: b"@example.net>`), so the address ends at the
  /// first `>` outside quotes that ends the line or comes before `: `. Since 4.95 the argument
  /// is cut at 100 bytes (`%.*s`): an address without its `>` there is what Exim printed, and
  /// its message starts after the `: ` at the cut. nil when neither is found.
  static func printedAngleAddress(_ line: ByteView, at open: Int) -> (address: TextRange, messageAt: Int)? {
    let n = line.count
    let cut = open + 100
    var quoted = false
    var i = open + 1
    while i < n {
      if i == cut, line.matches(": ", at: i) { return (TextRange(start: open + 1, end: cut), cut + 2) }
      let c = line[i]
      if quoted {
        if c == ASCII.backslash {
          i += 2
          continue
        }
        if c == ASCII.quote { quoted = false }
      } else if c == ASCII.quote {
        quoted = true
      } else if c == ASCII.greaterThan {
        if i + 1 == n { return (TextRange(start: open + 1, end: i), n) }
        if line.matches(": ", at: i + 1) { return (TextRange(start: open + 1, end: i), i + 3) }
      }
      i += 1
    }
    if cut == n { return (TextRange(start: open + 1, end: n), n) }
    // An unbalanced quote: the first `>: `, as the line most likely means.
    guard let close = line.firstRange(of: ">: ", from: open) else { return nil }
    return (TextRange(start: open + 1, end: close), close + 3)
  }

  /// `H=HOST[ X=...] dropped by 'connect' ACL[: msg]` (smtp_in.c `log_connect_tls_drop`, 4.97+):
  /// the connect ACL refused a TLS-on-connect client before TLS, so no reply could be sent.
  private mutating func droppedBeforeTLS(
    _ ctx: ParseContext, _ field: EximHostField, _ dropped: Int, _ id: TextRange,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    markIfRepeated(ctx)
    out.lineClass = .recognized
    let slot = endingSlot(ctx, field, &tracker)
    var event = inbound(.reject, ctx, field)
    event.command = .connect
    event.queueID = id
    if let colon = ctx.line.firstRange(of: ": ", from: dropped) {
      event.text = TextRange(start: colon + 2, end: ctx.line.count)
    }
    end(&event, slot, outcome: .rejected, stage: .connect, ctx, &tracker, &out)
  }

  /// Whether a message at `at` may be a callout's (`NAME [IP] : ...`, `Could not complete ...`):
  /// a cheap test for every refusal message, most of which are not.
  @inline(__always)
  static func mayBeCallout(_ line: ByteView, at: Int) -> Bool {
    guard at < line.count else { return false }
    let space = ByteScan.first(ASCII.space, in: line.base, from: at, end: line.count)
    return line.matches(" [", at: space) || line.matches("Could not complete ", at: at)
  }

  /// Appends the callout target's reply in a verify message at `at`: `[Could not complete ...
  /// verify callout: ]NAME [IP] : SMTP error from remote mail server after CMD: REPLY` or `NAME
  /// [IP] : response to "CMD" was: REPLY` (verify.c). An outbound event of that remote (our
  /// probe's answer, printed); none when the message holds no reply (`Connection refused`,
  /// `SMTP timeout after ...`, `Unrouteable address`).
  @inline(never)
  func calloutReply(_ ctx: ParseContext, at start: Int, into out: inout ParseOutput) {
    let line = ctx.line
    var at = start
    if line.matches("Could not complete ", at: at), let colon = line.firstRange(of: " callout: ", from: at + 19),
      colon - at < 48
    {
      at = colon + 10
    }
    guard let field = EximHostField.parse(line, at: at), field.address != nil,
      line.matches(" : ", at: field.end)
    else { return }
    let message = field.end + 3
    var event = SMTPEvent(kind: .reject, direction: .outbound)
    event.time = ctx.time
    event.client = field.address
    event.remoteHost = field.name
    if line.matches("response to \"", at: message) {
      event.command = EximParser.command(named: line, at: message + 13)
      guard let was = line.firstRange(of: "\" was: ", from: message + 13), let code = ReplyCode.parse(line, at: was + 7)
      else { return }
      event.code = code
      event.enhanced = EnhancedStatusCode.parse(line, at: was + 11)?.code
      event.text = TextRange(start: was + 7, end: line.count)
    } else {
      guard line.matches("SMTP error from remote mail server after ", at: message) else { return }
      readRemoteMessage(line, message, into: &event)
      guard event.code != nil else { return }
    }
    if let code = event.code?.rawValue, code < 400 { event.kind = .other }
    out.events.append(event)
  }

  /// `F=s H=HOST P=proto [temporarily ]rejected by local_scan(): x` (receive.c writes the
  /// sender bare, `<>` for the null sender), `F=<s> rejected by non-SMTP ACL`.
  mutating func senderFirstLine(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let rejected = line.firstRange(of: "rejected by local_scan(): ", from: at) else {
      out.lineClass = line.firstRange(of: " rejected by non-SMTP ACL", from: at) != nil ? .recognized : .ignored
      if out.lineClass == .ignored { classifyLeftover(ctx, at, id, &out) }
      return
    }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    var field: EximHostField?
    if let h = line.firstRange(of: " H=", from: at), h < rejected { field = EximHostField.parse(line, at: h + 3) }
    let slot = field.flatMap { openSlot(ctx, $0, tracker) }
    var event = inbound(.reject, ctx, field)
    event.command = .endOfData
    event.queueID = id
    if line.byte(at: at + 2) == ASCII.lessThan {
      if let close = line.firstIndex(of: ASCII.greaterThan, from: at + 3), close < rejected {
        event.sender = TextRange(start: at + 3, end: close)
      }
    } else if let space = line.firstIndex(of: ASCII.space, from: at + 2), space < rejected {
      event.sender = TextRange(start: at + 2, end: space)
    }
    let temporary = rejected >= 12 && line.matches("temporarily ", at: rejected - 12)
    reply(&event, line, rejected + 26, defaultCode: temporary ? 451 : 550)
    emit(&event, slot, &tracker, &out)
  }

  /// `ID local_scan() function timed out - message temporarily rejected (size N)` and `...
  /// crashed with signal N - ...` (receive.c): receive_bomb_out answers `421 HOST local
  /// verification problem - closing connection.` and the process exits. The line names no
  /// client, so no session is known.
  mutating func localScanFailure(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard line.firstRange(of: " - message temporarily rejected", from: at + 22) != nil else {
      return classifyLeftover(ctx, at, id, &out)
    }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    var event = SMTPEvent(kind: .reject, direction: .inbound)
    event.time = ctx.time
    event.command = .endOfData
    event.queueID = id
    event.text = TextRange(start: at, end: line.count)
    infer(&event, 421)
    emit(&event, nil, &tracker, &out)
  }

  /// Lines that start with `rejected ` or `temporarily rejected "`.
  mutating func rejectedLine(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    var field: EximHostField?
    var command = SMTPCommand.none
    var code: Int? = nil
    var messageAt = -1
    var sender = TextRange.none
    if line.matches("rejected EHLO from ", at: at) || line.matches("rejected HELO from ", at: at) {
      command = line[at + 9] == 0x45 ? .ehlo : .helo
      field = EximHostField.parse(line, at: at + 19)
      code = 501
      if let f = field, line.matches(": ", at: f.end) { messageAt = f.end + 2 }
    } else if line.matches("rejected \"", at: at) || line.matches("temporarily rejected \"", at: at) {
      let quoted = line[at] == 0x74 ? at + 22 : at + 10
      command = EximParser.command(named: line, at: quoted)
      code = line[at] == 0x74 ? 451 : 550
      if let from = line.firstRange(of: "\" from ", from: quoted) { field = EximHostField.parse(line, at: from + 7) }
    } else if line.matches("rejected MAIL FROM:<", at: at) {
      command = .mail
      if let h = line.firstRange(of: "> H=", from: at + 20) {
        sender = TextRange(start: at + 20, end: h)
        field = EximHostField.parse(line, at: h + 4)
      }
      if let f = field, line.matches(": ", at: f.end) { messageAt = f.end + 2 }
      code = messageAt >= 0 && line.matches("message too big", at: messageAt) ? 552 : nil
    } else if line.matches("rejected MAIL from ", at: at) {
      command = .mail
      field = EximHostField.parse(line, at: at + 19)
      if let f = field, line.matches(": no HELO/EHLO given", at: f.end) {
        code = 503
        messageAt = f.end + 2
      }
    } else if line.matches("rejected MAIL command H=", at: at) {
      command = .mail
      field = EximHostField.parse(line, at: at + 24)
      if let f = field, line.matches(": too many messages", at: f.end) {
        code = 421
        messageAt = f.end + 2
      }
    } else if line.matches("rejected from <", at: at) {
      command = .endOfData
      if let close = line.firstIndex(of: ASCII.greaterThan, from: at + 15) {
        sender = TextRange(start: at + 15, end: close)
        // `> H=HOST` for a message too big, `>H=HOST` (no space) for too many Received headers.
        if line.matches(" H=", at: close + 1) {
          field = EximHostField.parse(line, at: close + 4)
        } else if line.matches("H=", at: close + 1) {
          field = EximHostField.parse(line, at: close + 3)
        }
        if let f = field, line.matches(": ", at: f.end) { messageAt = f.end + 2 }
      }
      if messageAt >= 0 {
        if line.matches("message too big", at: messageAt) { code = 552 }
        if line.matches("Too many \"Received\" headers", at: messageAt) { code = 550 }
        // CHUNKING (4.89+): `552 Message header not CRLF terminated`.
        if line.matches("Non-CRLF-terminated header", at: messageAt) { code = 552 }
      }
    } else {
      return classifyLeftover(ctx, at, id, &out)
    }
    guard command != .none else { return classifyLeftover(ctx, at, id, &out) }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    let slot = field.flatMap { openSlot(ctx, $0, tracker) }
    var event = inbound(.reject, ctx, field)
    event.command = command
    event.queueID = id
    event.sender = sender
    if let code { infer(&event, code) } else { event.hint = command == .endOfData ? .contentRejected : .mailRefused }
    if messageAt >= 0 { event.text = TextRange(start: messageAt, end: line.count) }
    emit(&event, slot, &tracker, &out)
  }

  /// `too many recipients: excess temporarily rejected: sender=<s> H=HOST` (452) or `message
  /// rejected: ...` (552), `at` after `too many recipients: `.
  mutating func tooManyRecipients(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    let temporary = line.matches("excess temporarily rejected", at: at)
    guard temporary || line.matches("message rejected", at: at), let h = line.firstRange(of: "> H=", from: at),
      let field = EximHostField.parse(line, at: h + 4)
    else { return classifyLeftover(ctx, at, .none, &out) }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    var event = inbound(.reject, ctx, field)
    event.command = .rcpt
    event.hint = .tooManyRecipients
    if let s = line.firstRange(of: "sender=<", from: at), s < h { event.sender = TextRange(start: s + 8, end: h) }
    infer(&event, temporary ? 452 : 552)
    event.text = TextRange(start: at - 21, end: line.count)
    emit(&event, slot, &tracker, &out)
  }

  /// `NAME authenticator failed for HOST: 535 ...` (inbound) or `NAME authenticator failed
  /// H=HOST [ip] ...` (our smtp transport at a remote), `at` after ` authenticator failed `.
  mutating func authenticatorFailed(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    if line.matches("H=", at: at), let field = EximHostField.parse(line, at: at + 2) {
      out.lineClass = .recognized
      var event = SMTPEvent(kind: .authFailure, direction: .outbound)
      event.time = ctx.time
      event.command = .auth
      event.client = field.address
      event.remoteHost = field.name
      let textAt = line.skippingSpaces(from: field.end)
      if let code = ReplyCode.parse(line, at: textAt) {
        event.code = code
        event.enhanced = EnhancedStatusCode.parse(line, at: textAt + 4)?.code
      }
      event.text = TextRange(start: textAt, end: line.count)
      out.events.append(event)
      return
    }
    // `for HOST: ` (to 4.98) or `for H=HOST: ` (4.99+, host_and_ident(TRUE)); `U=user` without
    // an address.
    guard line.matches("for ", at: at) else { return classifyLeftover(ctx, at, .none, &out) }
    let field: EximHostField
    if line.matches("U=", at: at + 4) {
      guard let user = EximHostField.ident(line, at: at + 6) else { return classifyLeftover(ctx, at, .none, &out) }
      field = user
    } else {
      let fieldAt = line.matches("H=", at: at + 4) ? at + 6 : at + 4
      guard let host = EximHostField.parse(line, at: fieldAt) else { return classifyLeftover(ctx, at, .none, &out) }
      field = host
    }
    guard line.matches(": ", at: field.end) else { return classifyLeftover(ctx, at, .none, &out) }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    noteHELO(field, slot, &tracker)
    var event = inbound(.authFailure, ctx, field)
    event.command = .auth
    let textAt = field.end + 2
    if let code = ReplyCode.parse(line, at: textAt) {
      event.code = code
      event.enhanced = EnhancedStatusCode.parse(line, at: textAt + 4)?.code
    } else {
      event.hint = .authRefused
    }
    event.text = TextRange(start: textAt, end: line.count)
    emit(&event, slot, &tracker, &out)
  }

  /// `SMTP syntax|protocol error in "CMD" H=HOST MESSAGE`, `at` at the start of CMD.
  mutating func syntaxOrProtocolError(
    _ ctx: ParseContext, _ at: Int, isSyntax: Bool,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let field = hostAfterQuoted(ctx, from: at, tracker) else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    noteHELO(field, slot, &tracker)
    let messageAt = min(field.end + 1, line.count)
    let message = line.slice(messageAt, line.count)
    var event = inbound(.reject, ctx, field)
    event.command = message.hasPrefix("unrecognized command") ? .unknown : EximParser.command(named: line, at: at)
    event.text = TextRange(start: messageAt, end: line.count)
    if let code = EximParser.synprotCode(isSyntax: isSyntax, message: message) {
      infer(&event, code)
      // The `too many unrecognized commands` drop may follow: this line counted its 500.
      if code == 500, let key = sessionKey(ctx, field) { recentUnrecognized.note(key) }
    } else {
      event.hint = isSyntax ? .syntaxError : .badSequence
    }
    emit(&event, slot, &tracker, &out)
  }

  /// `unqualified sender|recipient rejected: <a> H=HOST`, `at` at the address.
  mutating func unqualifiedAddress(
    _ ctx: ParseContext, _ at: Int, command: SMTPCommand,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let h = line.firstRange(of: "> H=", from: at), let field = EximHostField.parse(line, at: h + 4) else {
      return classifyLeftover(ctx, at, .none, &out)
    }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    var event = inbound(.reject, ctx, field)
    event.command = command
    let address = TextRange(start: at + 1, end: h)
    if command == .rcpt { event.recipient = address } else { event.sender = address }
    infer(&event, 501)
    emit(&event, slot, &tracker, &out)
  }

  /// `VRFY failed for x H=HOST`: `550 <x> is not deliverable` (smtp_in.c).
  mutating func vrfyFailed(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let h = line.lastRange(of: " H="), h >= at, let field = EximHostField.parse(line, at: h + 3) else {
      return classifyLeftover(ctx, at, .none, &out)
    }
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    var event = inbound(.reject, ctx, field)
    event.command = .vrfy
    infer(&event, 550)
    emit(&event, slot, &tracker, &out)
  }

  // MARK: - helpers

  /// Code, enhanced code and text of an ACL message at `at`; the stage's default when the
  /// message carries no code (then inferred).
  func reply(_ event: inout SMTPEvent, _ line: ByteView, _ at: Int, defaultCode: Int) {
    if at < line.count, let code = ReplyCode.parse(line, at: at) {
      event.code = code
      event.enhanced = EnhancedStatusCode.parse(line, at: at + 4)?.code
    } else {
      event.code = ReplyCode(defaultCode)
      event.inferred = true
    }
    if at < line.count { event.text = TextRange(start: at, end: line.count) }
    if event.code?.rawValue == 530 { event.kind = .authRequired }
  }

  /// The real host field after a quoted client command starting at `quoted` (see the type's
  /// note on the fake-`H=` trap).
  func hostAfterQuoted(_ ctx: ParseContext, from quoted: Int, _ tracker: SessionTracker) -> EximHostField? {
    let line = ctx.line
    var best: EximHostField? = nil
    var i = quoted
    while let candidate = line.firstRange(of: "\" H=", from: i) {
      i = candidate + 1
      guard let field = EximHostField.parse(line, at: candidate + 4), field.address != nil || !field.helo.isEmpty else {
        continue
      }
      if openSlot(ctx, field, tracker) != nil {
        best = field
        continue
      }
      if best == nil || openSlot(ctx, best!, tracker) == nil { best = field }
    }
    return best
  }

  /// The command at `at` of a quoted client line: `MAIL FROM:<..>` is MAIL, `XBOGUS` UNKNOWN.
  static func command(named line: ByteView, at: Int) -> SMTPCommand {
    var end = at
    while end < line.count, end - at < 10, ASCII.isLetter(line[end]) { end += 1 }
    return SMTPCommand(name: line.slice(at, end)) ?? .unknown
  }

  /// The code `synprot_error()` sends with each message (smtp_in.c, Exim 4.96): every syntax
  /// error is 501 except an unrecognized command (500); protocol errors as listed.
  static func synprotCode(isSyntax: Bool, message: ByteView) -> Int? {
    if isSyntax { return message.hasPrefix("unrecognized command") ? 500 : 501 }
    if message.hasPrefix("sender not yet given") || message.hasPrefix("sender already given")
      || message.hasPrefix("valid RCPT command must precede")
      || message.hasPrefix("AUTH command used when not advertised")
      || message.hasPrefix("already authenticated") || message.hasPrefix("not permitted in mail transaction")
      || message.hasPrefix("STARTTLS command used when not advertised")
      || message.hasPrefix("BDAT command used when CHUNKING not advertised")
      || message.hasPrefix("only BDAT permissible after non-LAST BDAT") || message.hasPrefix("only RSET accepted now")
      || message.hasPrefix("ETRN is not permitted inside a transaction")
    {
      return 503
    }
    if message.hasPrefix("missing size for BDAT command") || message.hasPrefix("MAIL must have an address operand") {
      return 501
    }
    if message.hasPrefix("zero size for BDAT command")
      || message.firstRange(of: " authentication mechanism not supported") != nil
    {
      return 504
    }
    if message.hasPrefix("SMTP synchronization error") { return 554 }
    return nil
  }
}
