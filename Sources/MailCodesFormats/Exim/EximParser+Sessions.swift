import MailCodesSupport
import MailCodesSMTP
import MailCodesKnowledge
import MailCodesInput

/// Exim's connection-level lines: where sessions begin and end, and how.
///
/// - `SMTP connection from [ip]:port (TCP/IP connection count = N)` (daemon.c, with
///   `+smtp_connection`): a session begins.
/// - `SMTP connection from HOST closed by QUIT` (smtp_in.c): Exim answered QUIT, an inferred
///   221; outcome `quit`. `closed by EOF` (after a failed TLS handshake) and `lost D=...` (no
///   mail transaction yet): `lost-connection`; `lost while reading message data` (receive.c):
///   `lost-connection` in DATA; `closed by DROP in ACL`: `rejected` (the ACL line before it
///   carries the reply); `closed after SIGTERM`: an inferred 421, `rejected`.
/// - `SMTP command timeout on [TLS ]connection from HOST` (`smtp_command_timeout_exit`: `421
///   HOST: SMTP command timeout - closing connection`) and `SMTP data timeout (message
///   abandoned) on connection from HOST F=<s>` (`receive_bomb_out`, 421): inferred 421,
///   `idle-timeout`.
/// - `unexpected disconnection while reading SMTP command from HOST D=...`: Exim writes it only
///   when a sender or recipient was given (smtp_in.c `EOF_CMD`), so the stage is MAIL at least;
///   `lost-connection`.
/// - `SMTP protocol synchronization error (...): rejected connection from H=HOST input="..."`
///   and `... rejected "CMD" H=HOST next input="..."`: `554 SMTP synchronization error`, then
///   Exim hangs up: `rejected`.
/// - `SMTP call from HOST dropped: too many syntax or protocol errors` / `too many unrecognized
///   commands`: the last error's own reply (503, 500) was the final one, so no reply is added;
///   `too many nonmail commands`: `421 Too many nonmail commands`. All end as `rejected`.
/// - `Connection from [ip]:port refused: too many connections [from that IP address]`, `...
///   refused: load average` (daemon.c, before any session process: a one-line session) and
///   `refused connection from HOST (host_reject_connection|tcp wrappers)`, `temporarily refused
///   connection from ...`, `connection from HOST refused (IP options)` (smtp_in.c): 421, 554 or
///   451 at CONNECT, `rejected`.
/// - `no MAIL in SMTP connection from HOST D=... C=EHLO,QUIT` (`+smtp_no_mail`) follows the end
///   line of its session; `TLS error on connection from HOST (SSL_accept): ...` marks STARTTLS.
extension EximParser {
  mutating func connectionLine(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
                               _ out: inout ParseOutput) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at) else {
      classifyLeftover(ctx, at, id, &out)
      return
    }
    let rest = field.end
    out.lineClass = .recognized
    if line.matches(" (TCP/IP connection count", at: rest) {
      guard let key = sessionKey(ctx, field) else { return }
      let slot = tracker.open(key: key, family: .exim, direction: .inbound, client: field.address, time: ctx.time,
                              line: ctx.lineNumber)
      var event = inbound(.connect, ctx, field)
      event.command = .connect
      event.session = tracker[slot].id
      out.session = event.session
      out.events.append(event)
      return
    }
    let slot = openSlot(ctx, field, tracker)
    noteHELO(field, slot, &tracker)
    if line.matches(" closed by QUIT", at: rest) {
      var event = inbound(.disconnect, ctx, field)
      event.command = .quit
      infer(&event, 221)
      end(&event, slot, outcome: .quit, stage: .quit, ctx, &tracker, &out)
    } else if line.matches(" lost while reading message data", at: rest) {
      var event = inbound(.lostConnection, ctx, field)
      event.command = .data
      end(&event, slot, outcome: .lostConnection, stage: .data, ctx, &tracker, &out)
    } else if line.matches(" closed by EOF", at: rest) || line.matches(" lost", at: rest)
      || line.matches(" TFO lost", at: rest) || line.matches(" TFO* lost", at: rest)
    {
      var event = inbound(.lostConnection, ctx, field)
      event.command = stage(slot, field, tracker)
      end(&event, slot, outcome: .lostConnection, stage: event.command, ctx, &tracker, &out)
    } else if line.matches(" closed by DROP in ACL", at: rest) {
      var event = inbound(.disconnect, ctx, field)
      event.command = stage(slot, field, tracker)
      end(&event, slot, outcome: .rejected, stage: event.command, ctx, &tracker, &out)
    } else if line.matches(" closed after SIG", at: rest) {
      // `421 HOST: Service not available - closing connection` (smtp_command_sigterm_exit).
      var event = inbound(.disconnect, ctx, field)
      event.command = stage(slot, field, tracker)
      infer(&event, 421)
      end(&event, slot, outcome: .rejected, stage: event.command, ctx, &tracker, &out, closedWithoutQuit: true)
    } else {
      out.session = slot.map { tracker[$0].id } ?? .none
      classifyLeftover(ctx, rest, id, &out)
    }
  }

  mutating func commandTimeout(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                               _ out: inout ParseOutput) {
    guard let from = ctx.line.firstRange(of: "connection from ", from: at),
      let field = EximHostField.parse(ctx.line, at: from + 16)
    else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    noteHELO(field, slot, &tracker)
    var event = inbound(.timeout, ctx, field)
    event.command = stage(slot, field, tracker)
    infer(&event, 421)
    end(&event, slot, outcome: .idleTimeout, stage: event.command, ctx, &tracker, &out, closedWithoutQuit: true)
  }

  mutating func dataTimeout(_ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
                            _ out: inout ParseOutput) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at) else { return classifyLeftover(ctx, at, id, &out) }
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    var event = inbound(.timeout, ctx, field)
    event.command = .data
    event.queueID = id
    if line.matches(" F=<", at: field.end), let close = line.lastIndex(of: ASCII.greaterThan), close > field.end + 4 {
      event.sender = TextRange(start: field.end + 4, end: close)
    }
    infer(&event, 421)
    end(&event, slot, outcome: .idleTimeout, stage: .data, ctx, &tracker, &out, closedWithoutQuit: true)
  }

  mutating func unexpectedDisconnection(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                                        _ out: inout ParseOutput) {
    guard let field = EximHostField.parse(ctx.line, at: at) else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    var event = inbound(.lostConnection, ctx, field)
    // Logged only inside a mail transaction: MAIL at least was given.
    let last = stage(slot, field, tracker)
    event.command = last < .mail || last == .none ? .mail : last
    end(&event, slot, outcome: .lostConnection, stage: event.command, ctx, &tracker, &out)
  }

  /// `(input sent without waiting for greeting): rejected connection from H=HOST input="..."`
  /// or `(next input sent too soon: pipelining was [not ]advertised): rejected "CMD" H=HOST
  /// next input="..."`, `at` after the opening parenthesis.
  mutating func synchronizationError(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                                     _ out: inout ParseOutput) {
    let line = ctx.line
    markIfRepeated(ctx)
    var field: EximHostField?
    var command = SMTPCommand.connect
    if let h = line.firstRange(of: "): rejected connection from H=", from: at) {
      field = EximHostField.parse(line, at: h + 30)
    } else if let quote = line.firstRange(of: "): rejected \"", from: at) {
      let quoted = quote + 13
      command = EximParser.command(named: line, at: quoted)
      field = hostAfterQuoted(ctx, from: quoted, tracker)
    }
    guard let field else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    var event = inbound(.reject, ctx, field)
    event.command = command
    if let close = line.firstIndex(of: ASCII.closeParen, from: at) { event.text = TextRange(start: at, end: close) }
    infer(&event, 554)
    end(&event, slot, outcome: .rejected, stage: command, ctx, &tracker, &out, closedWithoutQuit: true)
  }

  /// `SMTP call from HOST dropped: too many ...`, `at` after `SMTP call from `.
  mutating func droppedCall(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                            _ out: inout ParseOutput) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at), line.matches(" dropped: ", at: field.end) else {
      return classifyLeftover(ctx, at, .none, &out)
    }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    let slot = openSlot(ctx, field, tracker)
    noteHELO(field, slot, &tracker)
    let reason = field.end + 10
    var event = inbound(.disconnect, ctx, field)
    event.command = stage(slot, field, tracker)
    if let last = line.firstRange(of: "(last command was \"", from: reason) {
      event.command = EximParser.command(named: line, at: last + 19)
    } else if let last = line.firstRange(of: "(last was \"", from: reason) {
      event.command = EximParser.command(named: line, at: last + 11)
    }
    var closedWithoutQuit = false
    if line.matches("too many nonmail commands", at: reason) {
      // `421 Too many nonmail commands`, the answer to the command that went over the limit.
      event.kind = .reject
      infer(&event, 421)
      closedWithoutQuit = true
    }
    end(&event, slot, outcome: .rejected, stage: event.command, ctx, &tracker, &out,
        closedWithoutQuit: closedWithoutQuit)
  }

  /// `Connection from [ip]:port refused: ...`: the daemon refused before any session process.
  mutating func daemonRefusal(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
                              _ out: inout ParseOutput) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at), line.matches(" refused", at: field.end) else {
      return classifyLeftover(ctx, at, .none, &out)
    }
    refuse(ctx, field, code: 421, &tracker, &out)
  }

  /// `refused connection from HOST (...)` and friends: the session process refused at once.
  mutating func sessionRefusal(_ ctx: ParseContext, _ at: Int, code: Int, _ tracker: inout SessionTracker,
                               _ out: inout ParseOutput) {
    guard let field = EximHostField.parse(ctx.line, at: at) else { return classifyLeftover(ctx, at, .none, &out) }
    markIfRepeated(ctx)
    refuse(ctx, field, code: code, &tracker, &out)
  }

  private mutating func refuse(_ ctx: ParseContext, _ field: EximHostField, code: Int,
                               _ tracker: inout SessionTracker, _ out: inout ParseOutput) {
    out.lineClass = .recognized
    var slot = openSlot(ctx, field, tracker)
    if slot == nil, !isRepeatedLine, let key = sessionKey(ctx, field) {
      // No `SMTP connection from` line precedes a refusal by the daemon: the session is this line.
      slot = tracker.open(key: key, family: .exim, direction: .inbound, client: field.address, time: ctx.time,
                          line: ctx.lineNumber)
    }
    var event = inbound(.reject, ctx, field)
    event.command = .connect
    infer(&event, code)
    end(&event, slot, outcome: .rejected, stage: .connect, ctx, &tracker, &out, closedWithoutQuit: code == 421)
  }

  /// `no MAIL in [TFO ]SMTP connection from HOST D=3s C=EHLO,QUIT`: belongs to the session
  /// whose end line came just before.
  mutating func noMail(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker, _ out: inout ParseOutput) {
    let line = ctx.line
    guard let from = line.firstRange(of: "SMTP connection from ", from: at), from - at <= 5,
      let field = EximHostField.parse(line, at: from + 21)
    else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    guard let key = sessionKey(ctx, field) else { return }
    if let slot = tracker.find(key) {
      out.session = tracker[slot].id
    } else if let closed = lastClosed, closed.key == key {
      out.session = closed.id
    }
  }

  /// `TLS error on connection from HOST (SSL_accept): ...`: the session goes on to `closed by
  /// EOF`, `closed by QUIT` or a lost connection, each logged on its own.
  mutating func tlsError(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker, _ out: inout ParseOutput) {
    let line = ctx.line
    out.lineClass = .recognized
    guard let from = line.firstRange(of: "from ", from: at), from - at <= 30,
      let field = EximHostField.parse(line, at: from + 5), let slot = openSlot(ctx, field, tracker)
    else { return }
    out.session = tracker[slot].id
    if tracker[slot].lastCommand < .starttls { tracker[slot].lastCommand = .starttls }
  }

  // MARK: - session helpers

  /// The key of the session of `field`: its address and port on the line's syslog host.
  func sessionKey(_ ctx: ParseContext, _ field: EximHostField) -> SessionKey? {
    guard let address = field.address else { return nil }
    return SessionKey(host: ctx.hostID, program: ctx.programID, pid: -1, port: UInt32(max(0, field.port)),
                      address: address, discriminator: EximParser.sessionDiscriminator)
  }

  /// The open session of `field`, if any.
  func openSlot(_ ctx: ParseContext, _ field: EximHostField, _ tracker: SessionTracker) -> Int32? {
    guard let key = sessionKey(ctx, field) else { return nil }
    return tracker.find(key)
  }

  /// A HELO name in the host field means EHLO or HELO was answered (which one, the field
  /// does not say: EHLO is what nearly every client sends).
  func noteHELO(_ field: EximHostField, _ slot: Int32?, _ tracker: inout SessionTracker) {
    guard let slot, !field.helo.isEmpty, tracker[slot].lastCommand == .connect else { return }
    tracker[slot].lastCommand = .ehlo
  }

  /// The last command of the session, or what the host field tells without one.
  func stage(_ slot: Int32?, _ field: EximHostField, _ tracker: SessionTracker) -> SMTPCommand {
    if let slot { return tracker[slot].lastCommand }
    return field.helo.isEmpty ? .connect : .ehlo
  }

  /// An inbound event from `field`.
  func inbound(_ kind: EventKind, _ ctx: ParseContext, _ field: EximHostField?) -> SMTPEvent {
    var event = SMTPEvent(kind: kind, direction: .inbound)
    event.time = ctx.time
    if let field {
      event.client = field.address
      event.clientName = field.name
      event.helo = field.helo
      if field.address == nil { event.clientText = field.addressText }
    }
    return event
  }

  @inline(__always) func infer(_ event: inout SMTPEvent, _ code: Int) {
    event.code = ReplyCode(code)
    event.inferred = true
  }

  /// Attaches `event` to the session in `slot` (if any), counts it there, and appends it.
  mutating func emit(_ event: inout SMTPEvent, _ slot: Int32?, _ tracker: inout SessionTracker,
                     _ out: inout ParseOutput) {
    if let slot {
      event.session = tracker[slot].id
      if event.client == nil { event.client = tracker[slot].client }
      if event.isReply, !isRepeatedLine { tracker[slot].replyEvents += 1 }
      if event.command != .none, event.command != .connect, event.command > tracker[slot].lastCommand
        || event.command == .rset
      {
        tracker[slot].lastCommand = event.command
      }
      tracker[slot].last = event.time ?? tracker[slot].last
    }
    out.session = event.session
    out.events.append(event)
  }

  /// Emits `event` as the last event of its session and ends the session with `outcome`.
  mutating func end(_ event: inout SMTPEvent, _ slot: Int32?, outcome: Outcome, stage: SMTPCommand,
                    _ ctx: ParseContext, _ tracker: inout SessionTracker, _ out: inout ParseOutput,
                    closedWithoutQuit: Bool = false) {
    guard let slot else {
      event.outcome = outcome
      emit(&event, nil, &tracker, &out)
      return
    }
    if event.isReply, !isRepeatedLine { tracker[slot].replyEvents += 1 }
    event.session = tracker[slot].id
    if event.client == nil { event.client = tracker[slot].client }
    if closedWithoutQuit { tracker[slot].closedWithoutQuit = true }
    let key = tracker[slot].key
    tracker.close(slot: slot, outcome: outcome, fallback: outcome, stage: stage, time: ctx.time,
                  line: ctx.lineNumber)
    lastClosed = (key, event.session)
    event.outcome = tracker.ended.last?.outcome ?? outcome
    out.session = event.session
    out.events.append(event)
  }

  /// Notes whether this line is the copy of a rejection already counted from another input
  /// (the rejectlog after the mainlog, or the other way round). A copy still moves its session
  /// along (a refusal ends it), but its events are dropped at the end of `parse`.
  mutating func markIfRepeated(_ ctx: ParseContext) {
    guard duplicates.isEnabled else { return }
    let fingerprint = EximDuplicateFilter.fingerprint(time: ctx.envelope.time, text: ctx.line.suffix(from: textStart))
    if duplicates.isDuplicate(fingerprint) { isRepeatedLine = true }
  }
}
