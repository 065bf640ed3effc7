import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Turns Exim log lines (mainlog, rejectlog, syslog-wrapped) into SMTP events and sessions.
///
/// Written against the lines Exim 4.9x itself writes: `smtp_in.c` (connections, ACL and
/// protocol rejections, timeouts, lost connections, QUIT), `daemon.c` (connection limits),
/// `receive.c` (size, local_scan and data-time rejections), `deliver.c` and
/// `transports/smtp.c` (`<=`, `=>`, `->`, `*>`, `==`, `**` and the remote servers' replies).
/// The line kinds are listed on the handlers in `EximParser+Sessions`,
/// `EximParser+Rejections` and `EximParser+Deliveries`.
///
/// Input shapes: Exim's own files (`2026-11-28 06:25:01[.fff] [+zzzz] [[pid]] text`, read by
/// `EnvelopeParser` as `.eximNative`), and the same text through syslog or journald under an
/// `exim`/`exim4` tag, with or without Exim's own timestamp after the tag
/// (`syslog_timestamp`). Exim splits a multi-line or long entry into syslog pieces
/// `[1\7] ... [7/7]` (log.c `write_syslog`): the first piece carries the entry's text and is
/// parsed, the others (rejectlog header dumps, the tail of a long line) are ignored, so a
/// split entry counts once.
///
/// Codes: Exim prints the code of outbound errors, of authentication failures and of ACL
/// messages that carry one (`message = 530 5.7.0 ...`); everything else it sends is known from
/// the source and marked `inferred` (550 for a denied RCPT, 451 for a deferred one, 421 for a
/// command timeout, 221 for `closed by QUIT` ...). Where the source leaves the code open the
/// event has no code.
///
/// Sessions are keyed by the client's address and port (`+incoming_port`) on the syslog host.
/// The daemon logs the connection (`SMTP connection from [ip]:port (TCP/IP connection count =
/// N)`, `+smtp_connection`) and its child process the rest, so a `[pid]` cannot tie them
/// together and is not part of the key (before 4.97 the daemon wrote the start line).
/// - Without `+smtp_connection` no line starts a session: the lines that end one (timeouts,
///   lost connections, refusals, drops, `no MAIL` alone) make a one-line session each, and the
///   sessions that ended with QUIT after a MAIL leave no trace.
/// - Without `+incoming_port` the address alone keys the session. Overlapping connections of one
///   address are stacked (up to `maxStackedSessions`, see `openNewSlot`): each end line ends the
///   oldest open session of the address, so the outcomes per client stay right even where the
///   log cannot say which connection a line belongs to.
public struct EximParser {
  /// Rejections seen in an earlier input (the mainlog), to skip their rejectlog copies. It
  /// spans every input of a run (see `Pipeline`).
  public var duplicates = EximDuplicateFilter()
  /// The session that ended last: with `+smtp_connection`, `no MAIL in SMTP connection`
  /// follows its session's end line.
  var lastClosed: (key: SessionKey, id: SessionID)? = nil
  /// Without `+smtp_connection`, the sessions that ended lately (made of their end lines): a
  /// `no MAIL` line that names none of them is a session of its own.
  var recentlyClosed = EximRecentKeys(capacity: 16)
  /// Clients whose last unrecognized command was logged as a syntax error (500): the
  /// `too many unrecognized commands` drop that follows is the same reply.
  var recentUnrecognized = EximRecentKeys(capacity: 8)
  /// The log has `+smtp_connection` lines (a session's start, `closed by`, `lost`): sessions
  /// begin on their start line, and a `no MAIL` line always follows an end line.
  var logsConnections = false
  /// Sessions open at once under one portless key, at most (see `openNewSlot`).
  static let maxStackedSessions: Int32 = 16
  /// How many stacked generations of portless keys may be open (1 until two overlap).
  var portlessDepth: Int32 = 1
  /// The smtp transport's latest per-host connect failures (`ID H=name [ip] Connection
  /// refused`), for the `==`/`**` lines that follow them without H=.
  public internal(set) var connectFailures = EximConnectFailures(capacity: 32)
  /// Start of the line's Exim text (the message id, if any, included).
  var textStart = 0
  /// The line repeats a rejection counted from another input: its events are dropped.
  var isRepeatedLine = false

  /// Set in `SessionKey.discriminator`: Exim sessions never share a key with another family's.
  static let sessionDiscriminator: UInt64 = 0x4558_494D  // "EXIM"

  public init() {}

  /// Whether the line belongs to Exim: an `exim` syslog tag, or Exim's own timestamp prefix.
  public func accepts(_ ctx: ParseContext) -> Bool {
    if ctx.envelope.style == .eximNative { return true }
    guard ctx.programID != 0 else { return false }
    return ctx.line.slice(ctx.envelope.program).hasPrefix("exim")
  }

  /// Called at the start of each input.
  public mutating func beginInput() {
    duplicates.beginInput()
  }

  public mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
    out.family = .exim
    let line = ctx.line
    var m = ctx.envelope.message
    if ctx.envelope.style != .eximNative {
      if let piece = EximParser.syslogPiece(line, at: m) {
        guard piece.index == 1 else {
          out.lineClass = .ignored
          return
        }
        m = piece.textStart
      }
      let afterStamp = EximParser.skippingOwnTimestamp(line, at: m)
      if afterStamp == m, line.byte(at: m) == ASCII.openBracket, let pid = line.decimal(at: m + 1, maxDigits: 10),
        line.byte(at: pid.end) == ASCII.closeBracket, line.byte(at: pid.end + 1) == ASCII.space
      {
        // `syslog_timestamp = false` cuts the time stamp only: `+pid`'s `[pid] ` stays.
        m = pid.end + 2
      } else {
        m = afterStamp
      }
    }
    guard m < line.count else {
      out.lineClass = .ignored
      return
    }
    if ctx.envelope.style == .none, EximParser.isHeaderDump(line, at: m) {
      // A rejectlog header block (`Envelope-from: <...>`, `P Received: ...`, continuation lines).
      out.lineClass = .ignored
      return
    }
    textStart = m
    var id = TextRange.none
    let idLength = EximMessageID.length(in: line, at: m)
    if idLength > 0 {
      id = TextRange(start: m, end: m + idLength)
      m += idLength + 1
      guard m < line.count else {
        out.lineClass = .recognized
        return
      }
    }
    isRepeatedLine = false
    dispatch(ctx, m, id, &tracker, &out)
    if isRepeatedLine, !out.events.isEmpty { out.events.removeAll(keepingCapacity: true) }
  }

  /// Ends the input series: sessions still open end as `open`.
  public mutating func finish(tracker: inout SessionTracker, line: Int) {
    lastClosed = nil
    recentlyClosed.removeAll()
    recentUnrecognized.removeAll()
    logsConnections = false
    portlessDepth = 1
    connectFailures.removeAll()
    tracker.closeAll(line: line)
  }

  private mutating func dispatch(
    _ ctx: ParseContext, _ m: Int, _ id: TextRange, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    switch line[m] {
    case 0x53:  // S
      if line.matches("SMTP connection from ", at: m) { return connectionLine(ctx, m + 21, id, &tracker, &out) }
      if line.matches("SMTP connection Ci=", at: m), let from = line.firstRange(of: " from ", from: m + 19),
        from - m < 64
      {
        // `+connection_id` on Exim's session lines: `SMTP connection Ci=4312 from HOST ...`.
        return connectionLine(ctx, from + 6, id, &tracker, &out)
      }
      if line.matches("SMTP command timeout on ", at: m) { return commandTimeout(ctx, m + 24, &tracker, &out) }
      if line.matches("SMTP data timeout (message abandoned) on connection from ", at: m) {
        return dataTimeout(ctx, m + 57, id, &tracker, &out)
      }
      if line.matches("SMTP syntax error in \"", at: m) {
        return syntaxOrProtocolError(ctx, m + 22, isSyntax: true, &tracker, &out)
      }
      if line.matches("SMTP protocol error in \"", at: m) {
        return syntaxOrProtocolError(ctx, m + 24, isSyntax: false, &tracker, &out)
      }
      if line.matches("SMTP protocol synchronization error (", at: m) {
        return synchronizationError(ctx, m + 37, &tracker, &out)
      }
      if line.matches("SMTP call from ", at: m) { return droppedCall(ctx, m + 15, &tracker, &out) }
      if line.matches("Start queue run", at: m) || line.matches("Spool file ", at: m) {
        out.lineClass = .ignored
        return
      }
    case 0x48:  // H
      if line.matches("H=", at: m) { return hostLine(ctx, m, id, &tracker, &out) }
    case 0x55:  // U
      if line.matches("U=", at: m) { return hostLine(ctx, m, id, &tracker, &out) }
    case 0x46:  // F
      if line.matches("F=", at: m) { return senderFirstLine(ctx, m, id, &tracker, &out) }
      if line.matches("Frozen", at: m) { noteMessageState(.held, ctx, m, id, &out) }
    case 0x6C:  // l
      if line.matches("local_scan() function ", at: m) { return localScanFailure(ctx, m, id, &tracker, &out) }
    case 0x43:  // C
      if line.matches("Connection from ", at: m) { return daemonRefusal(ctx, m + 16, &tracker, &out) }
      if line.matches("Completed", at: m) {
        out.lineClass = .recognized
        noteMessageState(.removed, ctx, m, id, &out)
        return
      }
    case 0x72:  // r
      if line.matches("rejected ", at: m) { return rejectedLine(ctx, m, id, &tracker, &out) }
      if line.matches("refused connection from ", at: m) {
        return sessionRefusal(ctx, m + 24, code: 554, &tracker, &out)
      }
    case 0x74:  // t
      if line.matches("temporarily rejected \"", at: m) { return rejectedLine(ctx, m, id, &tracker, &out) }
      if line.matches("temporarily refused connection from ", at: m) {
        // `(tcp wrappers errno=N)` is answered 451, `: not in reserve list` 421.
        let code = line.firstRange(of: "(tcp wrappers", from: m) != nil ? 451 : 421
        return sessionRefusal(ctx, m + 36, code: code, &tracker, &out)
      }
      if line.matches("too many recipients: ", at: m) { return tooManyRecipients(ctx, m + 21, &tracker, &out) }
    case 0x63:  // c
      if line.matches("connection from ", at: m), line.firstRange(of: " refused (IP options)", from: m) != nil {
        return sessionRefusal(ctx, m + 16, code: 554, &tracker, &out)
      }
    case 0x75:  // u
      if line.matches("unexpected disconnection while reading SMTP command from ", at: m) {
        return unexpectedDisconnection(ctx, m + 57, &tracker, &out)
      }
      if line.matches("unexpected EOF while reading SMTP command from ", at: m) {
        return unexpectedDisconnection(ctx, m + 47, &tracker, &out)
      }
      if line.matches("unqualified sender rejected: <", at: m) {
        return unqualifiedAddress(ctx, m + 29, command: .mail, &tracker, &out)
      }
      if line.matches("unqualified recipient rejected: <", at: m) {
        return unqualifiedAddress(ctx, m + 32, command: .rcpt, &tracker, &out)
      }
    case 0x6E:  // n
      if line.matches("no MAIL in ", at: m) { return noMail(ctx, m + 11, &tracker, &out) }
    case 0x54:  // T
      if line.matches("TLS error on ", at: m) { return tlsError(ctx, m + 13, &tracker, &out) }
      if line.matches("TLS error (", at: m) { return tlsReadError(ctx, m + 11, &tracker, &out) }
    case 0x56:  // V
      if line.matches("VRFY failed for ", at: m) { return vrfyFailed(ctx, m + 16, &tracker, &out) }
    case 0x45:  // E
      if line.matches("ETRN ", at: m) || line.matches("End queue run", at: m) {
        out.lineClass = line[m + 1] == 0x54 ? .recognized : .ignored
        return
      }
    case ASCII.lessThan, ASCII.equals, ASCII.minus, ASCII.asterisk:
      if !id.isEmpty, m + 2 < line.count, line[m + 2] == ASCII.space {
        noteMessageLine(ctx, m, id, &out)
        switch (line[m], line[m + 1]) {
        case (ASCII.lessThan, ASCII.equals): return arrival(ctx, m + 3, id, &tracker, &out)
        case (ASCII.equals, ASCII.greaterThan), (ASCII.minus, ASCII.greaterThan):
          return delivery(ctx, m + 3, id, &out)
        case (ASCII.asterisk, ASCII.greaterThan):
          // `-N`: the delivery was suppressed, nothing was sent.
          out.lineClass = .recognized
          return
        case (ASCII.equals, ASCII.equals): return deferral(ctx, m + 3, id, &out)
        case (ASCII.asterisk, ASCII.asterisk): return failure(ctx, m + 3, id, &out)
        default: break
        }
      }
    case ASCII.openParen:
      // `(=`: an arrival under `control = fakereject`.
      if !id.isEmpty, line.matches("(= ", at: m) { return fakeReject(ctx, m + 3, id, &tracker, &out) }
    default:
      break
    }
    if let failed = line.firstRange(of: " authenticator failed ", from: m) {
      return authenticatorFailed(ctx, failed + 22, &tracker, &out)
    }
    if !id.isEmpty, let field = EximHostField.parse(line, at: m), field.address != nil, !field.name.isEmpty,
      line.byte(at: field.end) == ASCII.space, let length = EximParser.connectFailureReason(line, at: field.end + 1)
    {
      // Before 4.85 the smtp transport's per-host line had no H=: `ID name [ip] Connection refused`.
      out.lineClass = .recognized
      return noteConnectFailure(line, id, field, reason: field.end + 1, length: length)
    }
    classifyLeftover(ctx, m, id, &out)
  }

  /// A line no pattern matched: unrecognized if it looks like it carries a reply or a
  /// rejection, recognized if it is about a message (`Frozen`, `Unfrozen by ...`), else ignored.
  func classifyLeftover(_ ctx: ParseContext, _ m: Int, _ id: TextRange, _ out: inout ParseOutput) {
    let line = ctx.line
    if line.firstRange(of: "rejected", from: m) != nil || PostfixParser.looksLikeReply(line, from: m) {
      out.lineClass = .unrecognized
    } else {
      out.lineClass = id.isEmpty ? .ignored : .recognized
    }
  }

  // MARK: - line shapes

  /// `[3\7] ` or `[7/7] ` at `start`: a piece of an entry that syslog got in several parts.
  static func syslogPiece(_ line: ByteView, at start: Int) -> (index: Int, textStart: Int)? {
    guard line.byte(at: start) == ASCII.openBracket, let index = line.decimal(at: start + 1, maxDigits: 4),
      line.byte(at: index.end) == ASCII.backslash || line.byte(at: index.end) == ASCII.slash,
      let total = line.decimal(at: index.end + 1, maxDigits: 4), line.byte(at: total.end) == ASCII.closeBracket,
      line.byte(at: total.end + 1) == ASCII.space
    else { return nil }
    return (index.value, total.end + 2)
  }

  /// Skips Exim's own `2026-11-28 06:25:01[.fff][ +zzzz][ [pid]] ` inside a syslog line.
  static func skippingOwnTimestamp(_ line: ByteView, at start: Int) -> Int {
    let n = line.count
    guard start + 20 <= n, line[start + 4] == ASCII.minus, line[start + 7] == ASCII.minus,
      line[start + 10] == ASCII.space, line[start + 13] == ASCII.colon, line[start + 16] == ASCII.colon,
      ASCII.isDigit(line[start]), ASCII.isDigit(line[start + 18])
    else { return start }
    var i = start + 19
    if i < n, line[i] == ASCII.dot {
      i += 1
      while i < n, ASCII.isDigit(line[i]) { i += 1 }
    }
    if i + 5 < n, line[i] == ASCII.space, line[i + 1] == ASCII.plus || line[i + 1] == ASCII.minus,
      let zone = line.decimal(at: i + 2, maxDigits: 4), zone.end == i + 6
    {
      i = zone.end
    }
    if i + 2 < n, line[i] == ASCII.space, line[i + 1] == ASCII.openBracket,
      let pid = line.decimal(at: i + 2, maxDigits: 10), line.byte(at: pid.end) == ASCII.closeBracket
    {
      i = pid.end + 1
    }
    return i < n && line[i] == ASCII.space ? i + 1 : i
  }

  /// A rejectlog header-dump line: `Envelope-from: <..>`, `Envelope-to: <..>`, a header with
  /// its one-letter flag (`P Received: ...`, `F From: ...`, `* X-Deleted: ...`), a header without
  /// one (three leading spaces... two spaces and the name) or a folded continuation (tab/space).
  static func isHeaderDump(_ line: ByteView, at start: Int) -> Bool {
    let c = line[start]
    if c == ASCII.space || c == ASCII.tab { return true }
    if line.matches("Envelope-from: ", at: start) || line.matches("Envelope-to: ", at: start) { return true }
    if line.byte(at: start + 1) == ASCII.space, ASCII.isUpper(c) || c == ASCII.asterisk,
      let colon = line.firstIndex(of: ASCII.colon, from: start + 2)
    {
      // `P Received:`: a header name is one token of letters, digits and dashes.
      var i = start + 2
      while i < colon, ASCII.isLetter(line[i]) || ASCII.isDigit(line[i]) || line[i] == ASCII.minus { i += 1 }
      return i == colon && colon > start + 2
    }
    return false
  }
}
