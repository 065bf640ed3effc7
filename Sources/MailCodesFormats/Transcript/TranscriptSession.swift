import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// One SMTP connection as a transcript shows it: the commands the client sent, the replies the
/// server gave, and how the connection ended.
///
/// The state machine every dialect shares:
/// - Replies answer the oldest pending command (`CommandQueue`): the greeting answers CONNECT,
///   `354` answers DATA, the reply after the message content answers END-OF-DATA, and
///   pipelined commands get their replies in order. A multi-line reply is one reply, made into
///   an event at its last line (`ReplyAssembler`).
/// - After `354` the client's lines are message content, not commands, until the final `.`
///   (or swaks' `N lines sent`). Dialects that do not log the content (Exchange, Postfix smtpd,
///   Exim debug, hMailServer) go straight to END-OF-DATA. After a `334` to AUTH the client's
///   next line is authentication data.
/// - Outcome (DESIGN.md "Sessions and outcomes"): QUIT answered = `quit`; a 221, 421 or 521
///   the server sent without a preceding QUIT ends the session at once and marks it
///   `closedWithoutQuit`: an `idle-timeout` when no command was pending (the client was idle)
///   or the text says it timed out, else `rejected` (the server hung up in answer to the
///   command, e.g. 221 to MAIL). When the transcript shows the connection closing: the server
///   closing after a 4xx/5xx is `rejected`, the client leaving is `lost-connection`, the server
///   leaving after a positive reply is `lost-connection` too (the peer went away). A
///   transcript that just stops leaves the session `open`, never a timeout.
///
/// In `attached` mode the session belongs to another parser (Postfix smtpd, whose ordinary
/// lines open and close it and decide its outcome); the transcript lines only add the replies
/// those ordinary lines do not give (see `PostfixParser.parseVerboseServerLine`).
struct TranscriptSession: Sendable {
  enum Mode: UInt8, Sendable {
    /// The transcript opens, ends and judges the session.
    case owned
    /// Another parser owns the session; only missing replies become events.
    case attached
    /// Owned, but the MTA's delivery lines already report the replies that decide a delivery
    /// (Postfix `status=... (host said: 550 ...)`, `status=sent (250 ...)`): the 4xx/5xx
    /// replies and the reply to the end of the message are not made into events again.
    case delivery
  }

  let key: SessionKey
  let id: SessionID
  /// The tracker slot the session had when it was opened (-1: none); see `liveSlot`.
  let trackerSlot: Int32
  let mode: Mode
  var side: TranscriptSide
  /// False until a line told which side wrote the transcript (Exim debug, CSV logs).
  var sideIsKnown: Bool
  var peer: IPAddress?
  /// Whether the dialect shows the lines of the message (swaks, smtplib, telnet) or not.
  let contentIsLogged: Bool
  var queue = CommandQueue()
  var reply = ReplyAssembler()
  var lastCommand: SMTPCommand = .connect
  var inContent = false
  var awaitingAuthData = false
  var quitSent = false
  var closed = false
  /// The last complete reply: its code and the command it answered.
  var lastCode: UInt16 = 0
  var lastAnswered: SMTPCommand = .none
  /// Attached mode: 4xx/5xx replies seen, to match them with the rejections the owner logged.
  var failuresSeen = 0

  /// Opens a session of its own in `tracker` (owned or delivery mode).
  init(
    key: SessionKey, family: LogFamily, side: TranscriptSide, sideIsKnown: Bool, peer: IPAddress?,
    contentIsLogged: Bool, expectGreeting: Bool, time: LogTimestamp?, line: Int, tracker: inout SessionTracker,
    mode: Mode = .owned
  ) {
    let slot = tracker.open(key: key, family: family, direction: side.direction, client: peer, time: time, line: line)
    self.key = key
    id = tracker[slot].id
    trackerSlot = slot
    self.mode = mode
    self.side = side
    self.sideIsKnown = sideIsKnown
    self.peer = peer
    self.contentIsLogged = contentIsLogged
    if expectGreeting { queue.push(.connect) }
  }

  /// Follows a session another parser opened (attached mode).
  init(attachedTo key: SessionKey, id: SessionID, slot: Int32?, side: TranscriptSide, peer: IPAddress?) {
    self.key = key
    self.id = id
    trackerSlot = slot ?? -1
    mode = .attached
    self.side = side
    sideIsKnown = true
    self.peer = peer
    contentIsLogged = false
    queue.push(.connect)
  }

  /// The session's slot while the tracker still has it open (it may have been evicted): a
  /// lookup of the key, for what must not touch an ended session (closing it).
  @inline(__always) func slot(in tracker: SessionTracker) -> Int32? {
    guard let slot = tracker.find(key), tracker[slot].id == id else { return nil }
    return slot
  }

  /// The session's slot for the counters of each reply, without a lookup: slots are reused
  /// only under a new id, so a slot that still has this id is this session's (an evicted,
  /// not yet reused slot may answer too; what is written there is never read again).
  @inline(__always) func liveSlot(in tracker: SessionTracker) -> Int32? {
    guard trackerSlot >= 0, tracker[trackerSlot].id == id else { return nil }
    return trackerSlot
  }

  // MARK: - What the client sent

  /// One line the client sent: a command, authentication data, or a line of the message.
  /// Returns the part of it that is a credential (authentication data, or the initial
  /// response of an AUTH command), for `Redactor`.
  @discardableResult
  mutating func clientLine(_ line: ByteView, _ start: Int, _ end: Int) -> TextRange {
    if inContent, !closed {
      if end - start == 1, line[start] == ASCII.dot {
        endOfContent()
      }
      return .none
    }
    if awaitingAuthData {
      // Even after the session ended: the line is a credential all the same.
      awaitingAuthData = false
      if !closed { queue.push(.auth) }
      return Redactor.authData(line, start, end)
    }
    guard !closed else { return Redactor.initialResponse(line, start, end) }
    let command = CommandWord.parse(line, start, end)
    queue.push(command)
    lastCommand = command
    if command == .quit { quitSent = true }
    return command == .auth ? Redactor.initialResponse(line, start, end) : .none
  }

  /// Several lines the client sent at once, written as a Python literal: `MAIL FROM:<a>\r\n
  /// RCPT TO:<b>\r\nDATA\r\n` (a pipelined write) or the whole message ending in `\r\n.\r\n`.
  /// Returns the span of the credentials among them (see `clientLine`).
  @discardableResult
  mutating func clientEscapedLines(_ line: ByteView, _ range: TextRange) -> TextRange {
    var start = Int(range.start)
    let end = range.end
    var i = start
    var secret = TextRange.none
    while i < end {
      if line[i] == ASCII.backslash, i + 1 < end {
        let next = line[i + 1]
        if next == 0x72, i + 3 < end, line[i + 2] == ASCII.backslash, line[i + 3] == 0x6E {  // \r\n
          secret = secret.spanning(clientLine(line, start, i))
          i += 4
          start = i
          continue
        }
        if next == 0x6E {  // \n (a bare LF)
          secret = secret.spanning(clientLine(line, start, i))
          i += 2
          start = i
          continue
        }
        i += 2
        continue
      }
      i += 1
    }
    if start < end { secret = secret.spanning(clientLine(line, start, end)) }
    return secret
  }

  /// swaks' `-> 11 lines sent` (`--suppress-data`): the message content was sent.
  @discardableResult
  mutating func contentSummary(_ line: ByteView, _ start: Int, _ end: Int) -> TextRange {
    if inContent {
      endOfContent()
      return .none
    }
    return clientLine(line, start, end)
  }

  private mutating func endOfContent() {
    inContent = false
    queue.push(.endOfData)
    lastCommand = .endOfData
  }

  // MARK: - What the server sent

  /// One reply line. Returns false when the text is not a reply line at all.
  mutating func serverLine(
    _ line: ByteView, codeStart: Int, text: TextRange, lineNumber: Int, time: LogTimestamp?,
    tracker: inout SessionTracker, out: inout ParseOutput
  ) -> Bool {
    guard let parsed = ReplyText.parse(line, at: codeStart, end: text.end) else { return false }
    guard !closed else { return true }
    let step = reply.add(parsed.code, isLast: parsed.isLast, line: lineNumber)
    // An unfinished reply given up by the server still used up the command it was for.
    if step.abandoned { _ = queue.pop() }
    guard step.complete else { return true }
    var unsolicited = false
    var command: SMTPCommand
    if let pending = queue.pop() {
      command = pending
    } else {
      unsolicited = true
      command = inContent ? .data : lastCommand
    }
    let code = parsed.code.rawValue
    if !unsolicited {
      if command == .data, code == 354 {
        if contentIsLogged { inContent = true } else { endOfContent() }
      } else if command == .auth, code == 334 {
        awaitingAuthData = true
      }
    }
    lastCode = code
    lastAnswered = command

    var event = SMTPEvent(kind: .other, direction: side.direction)
    event.command = command
    event.code = parsed.code
    event.enhanced = parsed.enhanced
    event.text = text
    event.firstLine = step.firstLine
    event.time = time
    event.session = id
    event.client = peer
    event.side = side
    event.kind = TranscriptSession.kind(code: code, command: command, direction: side.direction, line, event.text)

    if mode == .attached {
      attachedReply(&event, tracker: &tracker, out: &out)
      return true
    }

    var outcome: Outcome?
    let stage = command
    var withoutQuit = false
    if command == .quit {
      outcome = .quit
      if code == 221 { event.kind = .disconnect }
    } else if code == 221 || code == 421 || code == 521 {
      withoutQuit = true
      if command == .connect, !unsolicited {
        outcome = .rejected
        event.kind = .reject
      } else if unsolicited || ReplyText.saysTimeout(line, event.text) {
        outcome = .idleTimeout
        event.kind = .timeout
      } else {
        outcome = .rejected
        event.kind = side.direction == .outbound ? .remoteHangup : .reject
      }
    }
    let reported = mode != .delivery || (code < 400 && command != .endOfData)
    if let slot = liveSlot(in: tracker) {
      if reported { tracker[slot].replyEvents += 1 }
      tracker[slot].lastCommand = lastCommand
      tracker[slot].last = time ?? tracker[slot].last
      if withoutQuit { tracker[slot].closedWithoutQuit = true }
    }
    if let outcome {
      event.outcome = outcome
      close(outcome: outcome, stage: stage, time: time, line: lineNumber, tracker: &tracker)
    }
    if reported { out.events.append(event) }
    return true
  }

  /// Attached mode: the owner's lines give the QUIT reply (Postfix `quit=1`), the rejections
  /// (`reject:` lines, SASL warnings, `timeout after`, `too many errors`); only the other
  /// replies become events, and those rejections the owner did not log are counted as logged
  /// so that the owner's counters do not report them again without a code.
  private mutating func attachedReply(_ event: inout SMTPEvent, tracker: inout SessionTracker, out: inout ParseOutput) {
    let code = event.code?.rawValue ?? 0
    let slot = liveSlot(in: tracker)
    if event.command == .quit, code == 221 { return }
    if code >= 400 {
      guard let slot else { return }
      if tracker[slot].loggedFailures.total > failuresSeen {
        failuresSeen += 1
        return
      }
      if code == 421 || code == 521, tracker[slot].closedWithoutQuit { return }
      failuresSeen += 1
      tracker[slot].loggedFailures.add(event.command)
    }
    if let slot {
      tracker.attach(&event, to: slot, countsReply: true)
    } else {
      event.session = .none
    }
    out.events.append(event)
  }

  /// The kind of a reply, before the session's end is considered.
  static func kind(code: UInt16, command: SMTPCommand, direction: Direction, _ line: ByteView, _ text: TextRange)
    -> EventKind
  {
    switch code {
    case 530: return .authRequired
    case 553 where ReplyText.saysNotLoggedIn(line, text): return .authRequired
    case 534, 535, 538: return .authFailure
    case 454 where command == .auth: return .authFailure
    case 400...599: return .reject
    default: return .other
    }
  }

  // MARK: - How the connection ended

  /// The transcript shows the connection closing (`how` is `.serverClosed`, `.clientClosed`
  /// or `.sessionEnd`). Ends the session unless a reply already did: the server closing after
  /// a refusal is `rejected`, a close after QUIT is `quit`, any other close `lost-connection`.
  /// `peer`: the address the closing line itself names (an Exchange `-` row's remote
  /// endpoint), which the event carries like the other rows' events.
  mutating func connectionEnded(
    _ how: TranscriptLine.Kind, peer: IPAddress? = nil, lineNumber: Int,
    time: LogTimestamp?, tracker: inout SessionTracker, out: inout ParseOutput
  ) {
    guard !closed, mode != .attached else { return }
    reply.reset()
    var outcome: Outcome
    var stage = inContent ? .data : lastCommand
    let failed = lastCode >= 400
    switch how {
    case .serverClosed where failed:
      outcome = .rejected
      stage = lastAnswered
    case _ where quitSent:
      outcome = .quit
      stage = .quit
    default:
      outcome = .lostConnection
    }
    var event = SMTPEvent(kind: outcome == .lostConnection ? .lostConnection : .disconnect, direction: side.direction)
    event.command = stage
    event.time = time
    event.session = id
    // The peer only when the line names it: a close is not a reply of the peer (the session
    // record has the address either way).
    event.client = peer
    event.side = side
    event.outcome = outcome
    close(outcome: outcome, stage: stage, time: time, line: lineNumber, tracker: &tracker)
    out.events.append(event)
  }

  /// Ends the session in the tracker (once).
  mutating func close(
    outcome: Outcome, stage: SMTPCommand, time: LogTimestamp?, line: Int,
    tracker: inout SessionTracker
  ) {
    guard !closed else { return }
    closed = true
    guard mode != .attached, let slot = slot(in: tracker) else { return }
    tracker[slot].lastCommand = lastCommand
    tracker.close(slot: slot, outcome: outcome, fallback: outcome, stage: stage, time: time, line: line)
  }

  /// The input ended, or another connection began, before this one was seen to end: `open`.
  mutating func abandon(line: Int, tracker: inout SessionTracker) {
    guard !closed else { return }
    let slotTime = slot(in: tracker).map { tracker[$0].last } ?? nil
    close(outcome: .open, stage: inContent ? .data : lastCommand, time: slotTime, line: line, tracker: &tracker)
  }
}
