import MailCodesSupport
import MailCodesSMTP
import MailCodesKnowledge
import MailCodesInput

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
/// - `F=<s> H=HOST [temporarily ]rejected by local_scan(): x` (550 / 451 after DATA),
///   `unqualified sender|recipient rejected: <a> H=HOST` (501), `VRFY failed for x H=HOST`
///   (550).
/// - Recognized without an event: `sender verify fail|defer` (the `rejected` line follows),
///   `RCPT ...: discarded by ... ACL` (answered 250), `incomplete transaction`, ACL `warn`
///   lines (`H=HOST Warning: ...`), and the smtp transport's per-host notices on outbound
///   messages (`ID H=HOST [ip]: SMTP error from remote mail server ...`), which the recipient's
///   `==` or `**` line repeats.
///
/// The fake-`H=` trap: a command quoted in a line (`SMTP protocol error in "MAIL FROM:<" H=x
/// [1.2.3.4]:1>"`) can contain `" H=` itself. Of the candidates after the quote, the one that
/// names an open session wins, else the last one (what Exim wrote follows the client's text).
extension EximParser {
  /// Lines that start with `H=`, `at` at the `H`.
  mutating func hostLine(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
                         _ out: inout ParseOutput) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at + 2) else { return classifyLeftover(ctx, at, id, &out) }
    let rest = field.end
    if !id.isEmpty, line.matches(": ", at: rest) || line.matches(" Connection ", at: rest) {
      // The smtp transport's note about one host; the recipient's line repeats it.
      out.lineClass = .recognized
      return
    }
    guard let rejected = line.firstRange(of: "rejected ", from: rest) else {
      if line.firstRange(of: " sender verify ", from: rest) != nil || line.firstRange(of: " Warning: ", from: rest) != nil
        || line.firstRange(of: " incomplete transaction (", from: rest) != nil
        || line.firstRange(of: ": discarded by ", from: rest) != nil
      {
        out.lineClass = .recognized
        out.session = openSlot(ctx, field, tracker).map { tracker[$0].id } ?? .none
        return
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
      let close = line.firstIndex(of: ASCII.greaterThan, from: from + 4), close < rejected
    {
      event.sender = TextRange(start: from + 4, end: close)
    }
    // `RCPT <r>: message`: the address runs to `>: ` (it may hold spaces in a quoted part).
    var messageAt = line.firstRange(of: ": ", from: whatEnd).map { $0 + 2 } ?? line.count
    if command == .rcpt || command == .mail, line.byte(at: whatEnd) == ASCII.lessThan,
      let close = line.firstRange(of: ">: ", from: whatEnd)
    {
      let address = TextRange(start: whatEnd + 1, end: close)
      if command == .rcpt { event.recipient = address } else { event.sender = address }
      messageAt = close + 3
    }
    reply(&event, line, messageAt, defaultCode: temporary ? 451 : defaultCode)
    if command == .connect {
      end(&event, slot, outcome: .rejected, stage: .connect, ctx, &tracker, &out)
    } else {
      emit(&event, slot, &tracker, &out)
    }
  }

  /// `F=<s> H=HOST [temporarily ]rejected by local_scan(): x`, `F=<s> rejected by non-SMTP ACL`.
  mutating func senderFirstLine(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
                                _ out: inout ParseOutput) {
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
    if let close = line.firstIndex(of: ASCII.greaterThan, from: at + 3), close < rejected {
      event.sender = TextRange(start: at + 3, end: close)
    }
    let temporary = rejected >= 12 && line.matches("temporarily ", at: rejected - 12)
    reply(&event, line, rejected + 26, defaultCode: temporary ? 451 : 550)
    emit(&event, slot, &tracker, &out)
  }

  /// Lines that start with `rejected ` or `temporarily rejected "`.
  mutating func rejectedLine(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
                             _ out: inout ParseOutput) {
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
  mutating func tooManyRecipients(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                                  _ out: inout ParseOutput) {
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
  mutating func authenticatorFailed(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                                    _ out: inout ParseOutput) {
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
    guard line.matches("for ", at: at), let field = EximHostField.parse(line, at: at + 4),
      line.matches(": ", at: field.end)
    else { return classifyLeftover(ctx, at, .none, &out) }
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
  mutating func syntaxOrProtocolError(_ ctx: ParseContext, _ at: Int, isSyntax: Bool,
                                      _ tracker: inout SessionTracker, _ out: inout ParseOutput) {
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
    } else {
      event.hint = isSyntax ? .syntaxError : .badSequence
    }
    emit(&event, slot, &tracker, &out)
  }

  /// `unqualified sender|recipient rejected: <a> H=HOST`, `at` at the address.
  mutating func unqualifiedAddress(_ ctx: ParseContext, _ at: Int, command: SMTPCommand,
                                   _ tracker: inout SessionTracker, _ out: inout ParseOutput) {
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
  mutating func vrfyFailed(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                           _ out: inout ParseOutput) {
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
      || message.hasPrefix("valid RCPT command must precede") || message.hasPrefix("AUTH command used when not advertised")
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
    if message.hasPrefix("zero size for BDAT command") || message.firstRange(of: " authentication mechanism not supported") != nil {
      return 504
    }
    if message.hasPrefix("SMTP synchronization error") { return 554 }
    return nil
  }
}
