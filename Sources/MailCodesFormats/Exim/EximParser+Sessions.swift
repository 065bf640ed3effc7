import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Exim's connection-level lines: where sessions begin and end, and how.
///
/// - `SMTP connection from [ip]:port[ Ci=ID] (TCP/IP connection count = N)` (daemon.c, with
///   `+smtp_connection`): a session begins. `SMTP connection from USER` (a local `-bs`
///   session, exim.c): no address, no session.
/// - `SMTP connection[ Ci=ID] from HOST[ D=T] closed by QUIT` (smtp_in.c; `Ci=` with
///   `+connection_id` and `D=` since 4.97): Exim answered QUIT, an inferred 221; outcome
///   `quit`. `closed by EOF` (after a failed TLS handshake) and `lost[ (error: ...)] D=...` (no
///   mail transaction yet): `lost-connection`; `lost while reading message data` (receive.c):
///   `lost-connection` in DATA; `closed by DROP in ACL`: `rejected` (the ACL line before it
///   carries the reply); `closed after SIGTERM` (and `closed SIGTERM|SIGINT` in DATA,
///   `receive_bomb_out`): an inferred 421, `rejected`.
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
/// - `SMTP call from HOST dropped: too many syntax or protocol errors`: the last error's own
///   reply was the final one, so no reply is added; `too many unrecognized commands`: `500 Too
///   many unrecognized commands`, which the `SMTP syntax error ... unrecognized command` line
///   just before already counts when `+smtp_syntax_error` is on (then no reply is added); `too
///   many nonmail commands`: `554 Too many nonmail commands`. All end as `rejected`.
/// - `Connection from [ip]:port refused: too many connections [from that IP address]`, `...
///   refused: load average` (daemon.c, before any session process: a one-line session) and
///   `refused connection from HOST (host_reject_connection|tcp wrappers)`, `temporarily refused
///   connection from ...`, `connection from HOST refused (IP options)` (smtp_in.c): 421, 554 or
///   451 at CONNECT, `rejected`.
/// - `no MAIL in SMTP connection from HOST D=... C=EHLO,QUIT` (`+smtp_no_mail`) follows the end
///   line of its session; without `+smtp_connection` it may be the session's only line: the
///   `C=` history's last command tells how it ended (QUIT: an inferred 221, `quit`; else
///   `lost-connection` at that command).
/// - `TLS error on connection from HOST (SSL_accept): ...` marks STARTTLS when the field has a
///   HELO name or a host name; with the bare address no EHLO was given, so the handshake was on
///   a TLS-on-connect port and the session process exits: `lost-connection` at CONNECT.
extension EximParser {
  mutating func connectionLine(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at) else {
      classifyLeftover(ctx, at, id, &out)
      return
    }
    var rest = field.end
    out.lineClass = .recognized
    if line.matches(" (TCP/IP connection count", at: rest) {
      logsConnections = true
      guard let slot = openNewSlot(ctx, field, &tracker) else { return }
      var event = inbound(.connect, ctx, field)
      event.command = .connect
      event.session = tracker[slot].id
      out.session = event.session
      out.events.append(event)
      return
    }
    if rest == line.count, field.address == nil {
      // `SMTP connection from root`: a local `-bs` session begins; it has no address to key it.
      logsConnections = true
      return
    }
    // `D=2s` before `closed ...` (4.97+).
    if line.matches(" D=", at: rest) { rest = line.firstIndex(of: ASCII.space, from: rest + 3) ?? line.count }
    if !logsConnections,
      line.matches(" closed ", at: rest)
        || line.matches(" lost", at: rest)
          && !line.matches(" lost while", at: rest)
    {
      logsConnections = true
    }
    // `lost while reading message data` is also written without +smtp_connection.
    let slot = logsConnections ? openSlot(ctx, field, tracker) : endingSlot(ctx, field, &tracker)
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
    } else {
      closedByServer(ctx, field, rest, id, slot, &tracker, &out)
    }
  }

  /// The rarer ends of `connectionLine`: the server closed the session (`closed by DROP in
  /// ACL`, `closed after SIGTERM`, `closed SIGTERM|SIGINT` during DATA), `rest` after the host
  /// field and `D=`.
  @inline(never)
  private mutating func closedByServer(
    _ ctx: ParseContext, _ field: EximHostField, _ rest: Int, _ id: TextRange,
    _ slot: Int32?, _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let line = ctx.line
    if line.matches(" closed by DROP in ACL", at: rest) {
      var event = inbound(.disconnect, ctx, field)
      event.command = stage(slot, field, tracker)
      end(&event, slot, outcome: .rejected, stage: event.command, ctx, &tracker, &out)
    } else if line.matches(" closed after SIG", at: rest) {
      // `421 HOST: Service not available - closing connection` (smtp_command_sigterm_exit).
      var event = inbound(.disconnect, ctx, field)
      event.command = stage(slot, field, tracker)
      infer(&event, 421)
      end(&event, slot, outcome: .rejected, stage: event.command, ctx, &tracker, &out, closedWithoutQuit: true)
    } else if line.matches(" closed SIGTERM", at: rest) || line.matches(" closed SIGINT", at: rest) {
      // During DATA (smtp_data_sigint_exit): receive_bomb_out sends `421 HOST Service not
      // available - SIGTERM or SIGINT received - closing connection.`
      var event = inbound(.disconnect, ctx, field)
      event.command = .data
      event.queueID = id
      infer(&event, 421)
      end(&event, slot, outcome: .rejected, stage: .data, ctx, &tracker, &out, closedWithoutQuit: true)
    } else {
      out.session = tracker.sessionID(in: slot)
      classifyLeftover(ctx, rest, id, &out)
    }
  }

  mutating func commandTimeout(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    guard let from = ctx.line.firstRange(of: "connection from ", from: at),
      let field = EximHostField.parse(ctx.line, at: from + 16)
    else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    let slot = endingSlot(ctx, field, &tracker)
    noteHELO(field, slot, &tracker)
    var event = inbound(.timeout, ctx, field)
    event.command = stage(slot, field, tracker)
    infer(&event, 421)
    end(&event, slot, outcome: .idleTimeout, stage: event.command, ctx, &tracker, &out, closedWithoutQuit: true)
  }

  mutating func dataTimeout(
    _ ctx: ParseContext, _ at: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at) else { return classifyLeftover(ctx, at, id, &out) }
    out.lineClass = .recognized
    let slot = endingSlot(ctx, field, &tracker)
    var event = inbound(.timeout, ctx, field)
    event.command = .data
    event.queueID = id
    if line.matches(" F=<", at: field.end), let close = line.lastIndex(of: ASCII.greaterThan), close > field.end + 4 {
      event.sender = TextRange(start: field.end + 4, end: close)
    }
    infer(&event, 421)
    end(&event, slot, outcome: .idleTimeout, stage: .data, ctx, &tracker, &out, closedWithoutQuit: true)
  }

  mutating func unexpectedDisconnection(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    guard let field = EximHostField.parse(ctx.line, at: at) else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    let slot = endingSlot(ctx, field, &tracker)
    var event = inbound(.lostConnection, ctx, field)
    // Logged only inside a mail transaction: MAIL at least was given.
    let last = stage(slot, field, tracker)
    event.command = last < .mail || last == .none ? .mail : last
    end(&event, slot, outcome: .lostConnection, stage: event.command, ctx, &tracker, &out)
  }

  /// `(input sent without waiting for greeting): rejected connection from H=HOST input="..."`
  /// or `(next input sent too soon: pipelining was [not ]advertised): rejected "CMD" H=HOST
  /// next input="..."`, `at` after the opening parenthesis.
  mutating func synchronizationError(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
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
    let slot = endingSlot(ctx, field, &tracker)
    var event = inbound(.reject, ctx, field)
    event.command = command
    if let close = line.firstIndex(of: ASCII.closeParen, from: at) { event.text = TextRange(start: at, end: close) }
    infer(&event, 554)
    end(&event, slot, outcome: .rejected, stage: command, ctx, &tracker, &out, closedWithoutQuit: true)
  }

  /// `SMTP call from HOST dropped: too many ...`, `at` after `SMTP call from `.
  mutating func droppedCall(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at), line.matches(" dropped: ", at: field.end) else {
      return classifyLeftover(ctx, at, .none, &out)
    }
    markIfRepeated(ctx)
    out.lineClass = .recognized
    let slot = endingSlot(ctx, field, &tracker)
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
      // `554 Too many nonmail commands` (smtp_notquit_exit), the answer to the command that
      // went over the limit; the command itself is not logged.
      event.kind = .reject
      infer(&event, 554)
      closedWithoutQuit = true
    } else if line.matches("too many unrecognized commands", at: reason), let key = sessionKey(ctx, field) {
      // `500 Too many unrecognized commands`, the answer to the last one. With
      // +smtp_syntax_error that command's own `SMTP syntax error` line came just before and
      // counted the 500 already.
      if recentUnrecognized.find(key) == nil {
        event.kind = .reject
        infer(&event, 500)
        closedWithoutQuit = true
      } else {
        recentUnrecognized.remove(key)
      }
    }
    end(
      &event, slot, outcome: .rejected, stage: event.command, ctx, &tracker, &out,
      closedWithoutQuit: closedWithoutQuit)
  }

  /// `Connection from [ip]:port refused: ...`: the daemon refused before any session process.
  mutating func daemonRefusal(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let field = EximHostField.parse(line, at: at), line.matches(" refused", at: field.end) else {
      return classifyLeftover(ctx, at, .none, &out)
    }
    refuse(ctx, field, code: 421, newSession: true, &tracker, &out)
  }

  /// `refused connection from HOST (...)` and friends: the session process refused at once.
  mutating func sessionRefusal(
    _ ctx: ParseContext, _ at: Int, code: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    guard let field = EximHostField.parse(ctx.line, at: at) else { return classifyLeftover(ctx, at, .none, &out) }
    markIfRepeated(ctx)
    refuse(ctx, field, code: code, newSession: false, &tracker, &out)
  }

  /// `newSession`: the daemon refused before any session process (no `SMTP connection from`
  /// line precedes), so the line is a session of its own, never one that is open.
  private mutating func refuse(
    _ ctx: ParseContext, _ field: EximHostField, code: Int, newSession: Bool,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    out.lineClass = .recognized
    var slot = newSession ? nil : openSlot(ctx, field, tracker)
    if slot == nil, !isRepeatedLine {
      // No open session: the session is this line.
      slot = openNewSlot(ctx, field, &tracker)
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
    if let closed = lastClosed, closed.key == key {
      out.session = closed.id
      return
    }
    if let slot = openSlot(ctx, field, tracker) {
      out.session = tracker[slot].id
      return
    }
    // With +smtp_connection an end line came before this one; without it this line is all
    // that is left of the session, unless an end line of the session came just before, and
    // the history's last command says how it ended.
    guard !logsConnections else { return }
    if let session = recentlyClosed.find(key) {
      out.session = session
      return
    }
    let last = EximParser.lastCommandOfHistory(line, from: field.end)
    let slot = openNewSlot(ctx, field, &tracker)
    noteHELO(field, slot, &tracker)
    if last == .quit {
      // smtp_quit_handler always answers 221 (a QUIT ACL changes only the text).
      var event = inbound(.disconnect, ctx, field)
      event.command = .quit
      infer(&event, 221)
      end(&event, slot, outcome: .quit, stage: .quit, ctx, &tracker, &out)
    } else {
      var event = inbound(.lostConnection, ctx, field)
      event.command = last
      end(&event, slot, outcome: .lostConnection, stage: last, ctx, &tracker, &out)
    }
  }

  /// The last command of a `C=EHLO,STARTTLS,QUIT` history after `from` (`C=...` when it was
  /// cut to the last 20); CONNECT when there is none (the client sent nothing).
  static func lastCommandOfHistory(_ line: ByteView, from: Int) -> SMTPCommand {
    guard let history = line.lastRange(of: " C="), history >= from else { return .connect }
    var end = history + 3
    while end < line.count, line[end] != ASCII.space { end += 1 }
    var start = history + 3
    var i = start
    while i < end {
      if line[i] == ASCII.comma || line[i] == ASCII.dot { start = i + 1 }
      i += 1
    }
    guard start < end else { return .connect }
    return SMTPCommand(name: line.slice(start, end)) ?? .unknown
  }

  /// `TLS error on connection[ Ci=ID] from HOST (SSL_accept): ...`. After STARTTLS the session
  /// goes on to `closed by EOF`, `closed by QUIT` or a lost connection, each logged on its own.
  /// A field with neither a host name nor a HELO name means no EHLO was given (sender_fullhost
  /// shows the HELO name whenever there is one and the name is not verified), so a failed
  /// handshake there is the one of a TLS-on-connect port: smtp_start_session returns, the
  /// process exits, and no other line follows: the session ends here, `lost-connection` at
  /// CONNECT. Read errors (`(recv)`, `(send)`) come from a running session and end nothing.
  mutating func tlsError(_ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker, _ out: inout ParseOutput) {
    let line = ctx.line
    out.lineClass = .recognized
    guard let from = line.firstRange(of: "from ", from: at), from - at <= 30,
      let field = EximHostField.parse(line, at: from + 5)
    else { return }
    if field.name.isEmpty, field.helo.isEmpty, field.address != nil, !line.matches(" (recv)", at: field.end),
      !line.matches(" (send)", at: field.end), !line.matches(" (uncork)", at: field.end)
    {
      let slot = endingSlot(ctx, field, &tracker)
      if slot.map({ tracker[$0].lastCommand <= .connect }) ?? true {
        var event = inbound(.lostConnection, ctx, field)
        event.command = .connect
        end(&event, slot, outcome: .lostConnection, stage: .connect, ctx, &tracker, &out)
        return
      }
    }
    guard let slot = openSlot(ctx, field, tracker) else { return }
    out.session = tracker[slot].id
    if tracker[slot].lastCommand < .starttls { tracker[slot].lastCommand = .starttls }
  }

  /// `TLS error (SSL_read): on connection[ Ci=ID] from HOST TEXT` (OpenSSL, any phase), `at`
  /// after `TLS error (`: a read failed; the session's own end line follows. No reply.
  mutating func tlsReadError(
    _ ctx: ParseContext, _ at: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard let on = line.firstRange(of: "): on ", from: at), on - at <= 30,
      let from = line.firstRange(of: "from ", from: on + 7), from - on <= 30,
      let field = EximHostField.parse(line, at: from + 5)
    else { return classifyLeftover(ctx, at, .none, &out) }
    out.lineClass = .recognized
    out.session = tracker.sessionID(in: openSlot(ctx, field, tracker))
  }

  // MARK: - session helpers

  /// The key of the session of `field`: its address and port on the line's syslog host.
  func sessionKey(_ ctx: ParseContext, _ field: EximHostField) -> SessionKey? {
    guard let address = field.address else { return nil }
    return SessionKey(
      host: ctx.hostID, program: ctx.programID, pid: -1, port: UInt32(max(0, field.port)),
      address: address, discriminator: EximParser.sessionDiscriminator)
  }

  /// The open session of `field`, if any: without a port in the key, the oldest open session of
  /// the address (see `openNewSlot`).
  @inline(__always)
  func openSlot(_ ctx: ParseContext, _ field: EximHostField, _ tracker: SessionTracker) -> Int32? {
    guard let key = sessionKey(ctx, field) else { return nil }
    guard field.port < 0, portlessDepth > 1 else { return tracker.find(key) }
    return oldestStackedSlot(key, tracker)
  }

  /// The oldest open session among the stacked generations of the portless `key`.
  private func oldestStackedSlot(_ base: SessionKey, _ tracker: SessionTracker) -> Int32? {
    var key = base
    var oldest: Int32? = nil
    for generation in 0..<portlessDepth {
      key.pid = -1 - generation
      if let slot = tracker.find(key), oldest.map({ tracker[slot].id < tracker[$0].id }) ?? true { oldest = slot }
    }
    return oldest
  }

  /// Opens a session for a connection of `field`'s client. Without a port, a second connection
  /// of an address whose first is still open is stacked under another generation of the key
  /// (its `pid`, -2, -3 ...) instead of ending the first as unterminated; the bound is
  /// `maxStackedSessions`, past which the tracker ends the oldest generation's session as
  /// `open` and counts it (`unterminatedCount`).
  @inline(__always)
  mutating func openNewSlot(_ ctx: ParseContext, _ field: EximHostField, _ tracker: inout SessionTracker) -> Int32? {
    guard var key = sessionKey(ctx, field) else { return nil }
    if field.port < 0 { key = stackedKey(key, tracker) }
    return tracker.open(
      key: key, family: .exim, direction: .inbound, client: field.address, time: ctx.time,
      line: ctx.lineNumber)
  }

  /// The key for one more connection of a portless address: the first generation not open.
  private mutating func stackedKey(_ base: SessionKey, _ tracker: SessionTracker) -> SessionKey {
    var key = base
    if tracker.find(key) != nil {
      var generation: Int32 = 1
      while generation < EximParser.maxStackedSessions {
        key.pid = -1 - generation
        if tracker.find(key) == nil { break }
        generation += 1
      }
      if generation == EximParser.maxStackedSessions {
        key.pid = -1
      } else if generation >= portlessDepth {
        portlessDepth = generation + 1
      }
    }
    return key
  }

  /// The session a line that ends one belongs to: the open session of `field`, or, in a log
  /// without `+smtp_connection` lines (where no line opens one), a session of this line alone.
  @inline(__always)
  mutating func endingSlot(_ ctx: ParseContext, _ field: EximHostField, _ tracker: inout SessionTracker) -> Int32? {
    if let slot = openSlot(ctx, field, tracker) { return slot }
    guard !logsConnections, !isRepeatedLine else { return nil }
    return openNewSlot(ctx, field, &tracker)
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
  mutating func emit(
    _ event: inout SMTPEvent, _ slot: Int32?, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    if let slot {
      tracker.attach(&event, to: slot, countsReply: event.isReply && !isRepeatedLine)
      if event.command != .none, event.command != .connect,
        event.command > tracker[slot].lastCommand
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
  @inline(__always)
  mutating func end(
    _ event: inout SMTPEvent, _ slot: Int32?, outcome: Outcome, stage: SMTPCommand,
    _ ctx: ParseContext, _ tracker: inout SessionTracker, _ out: inout ParseOutput,
    closedWithoutQuit: Bool = false
  ) {
    guard let slot else {
      event.outcome = outcome
      emit(&event, nil, &tracker, &out)
      return
    }
    tracker.attach(&event, to: slot, countsReply: event.isReply && !isRepeatedLine)
    if closedWithoutQuit { tracker[slot].closedWithoutQuit = true }
    var key = tracker[slot].key
    tracker.close(
      slot: slot, outcome: outcome, fallback: outcome, stage: stage, time: ctx.time,
      line: ctx.lineNumber)
    // The key as a line names it: a stacked generation (see `openNewSlot`) goes by the base key.
    key.pid = -1
    lastClosed = (key, event.session)
    if !logsConnections { recentlyClosed.note(key, session: event.session) }
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
