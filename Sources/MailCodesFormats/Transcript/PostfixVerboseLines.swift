import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Postfix `debug_peer_list` lines: the SMTP dialogue with a listed peer, inside an ordinary
/// Postfix log.
///
/// Postfix writes what it sent with `>` and what it received with `<` (smtpd_chat.c,
/// smtp_chat.c): for smtpd `> NAME[IP]: 250 ...` is its reply and `< NAME[IP]: QUIT` the
/// client's command; for the smtp client `> NAME[IP]:25: EHLO x` is its command and
/// `< NAME[IP]:25: 250-...` the remote server's reply. Other debug lines that start with `>`
/// (`>>> START Client host RESTRICTIONS <<<`) stay ignored.
///
/// Counting each reply once. The smtpd session already exists (`connect from`), and the
/// ordinary lines of the session already give some of its replies: the 221 to QUIT (inferred
/// from `quit=1`), every `reject:` line, the SASL failures (535), `timeout after` and `too many
/// errors after` (421). So the `>` lines of smtpd add only what those lines do not give: the
/// positive replies (220, 250, 354, 334, 235...) and the refusals Postfix does not log (530
/// before STARTTLS, 452 too many recipients, 500/501/503...). A refusal is taken to be the
/// echo of a logged one when the session has logged more refusals than its `>` lines have
/// shown so far (Postfix writes the `reject:` line before it sends the reply); one it did not
/// log is counted as logged, so that the `disconnect` counters do not report it a second time
/// without a code. The session's outcome stays the ordinary lines' business.
///
/// The smtp client's dialogues are sessions of their own (outbound, Postfix family): nothing
/// else in the log describes them as sessions, and the delivery `status=` lines stay outside
/// any session as before. Those status lines already report the remote's refusals (4xx/5xx)
/// and its reply to the end of the message, so the `<` lines add only the other replies
/// (greeting, EHLO, 250 to MAIL and RCPT, 354, the 221 to QUIT, and a 221 hang-up in answer to
/// MAIL or RCPT, which Postfix reports only as `lost connection ... while sending ...`).
extension PostfixParser {
  /// A `>` or `<` line of smtpd (`m` is the offset of the arrow).
  mutating func parseVerboseServerLine(
    _ ctx: ParseContext, _ m: Int, _ key: SessionKey,
    _ tracker: inout SessionTracker, _ out: inout ParseOutput
  ) {
    let line = ctx.line
    out.session = tracker.sessionID(of: key)
    guard line.byte(at: m + 1) == ASCII.space, let peer = ClientField.parse(line, at: m + 2),
      line.matches(": ", at: peer.end)
    else {
      out.lineClass = .ignored
      return
    }
    out.lineClass = .recognized
    let text = peer.end + 2
    var session = verbose.server(key, peer: peer.address, tracker: tracker)
    if line[m] == ASCII.greaterThan {
      let before = out.events.count
      _ = session.serverLine(
        line, codeStart: text, text: TextRange(start: text, end: line.count),
        lineNumber: ctx.lineNumber, time: ctx.time, tracker: &tracker, out: &out)
      if out.events.count > before { out.events[before].clientName = peer.name }
    } else {
      out.addSecret(session.clientLine(line, text, line.count))
      if let slot = session.liveSlot(in: tracker), session.lastCommand != .connect {
        tracker[slot].lastCommand = session.lastCommand
      }
    }
    verbose.servers[key] = session
  }

  /// A `>` or `<` line of the smtp or lmtp client.
  mutating func parseVerboseClientLine(
    _ ctx: ParseContext, _ m: Int, _ tracker: inout SessionTracker,
    _ out: inout ParseOutput
  ) {
    let line = ctx.line
    guard line.byte(at: m + 1) == ASCII.space, let peer = ClientField.parse(line, at: m + 2),
      line.matches(": ", at: peer.end)
    else {
      out.lineClass = .ignored
      return
    }
    out.lineClass = .recognized
    let key = SessionKey(
      host: ctx.hostID, program: ctx.programID, pid: ctx.envelope.pid, port: UInt32(max(0, peer.port)),
      address: peer.address ?? IPAddress(high: 0, low: 0), discriminator: 1 << 63)
    let text = peer.end + 2
    let isReply = line[m] == ASCII.lessThan
    var session: TranscriptSession
    if let known = verbose.clients[key], !(known.closed && isReply) {
      session = known
    } else {
      // A greeting starts a connection; a command first means the log began mid-connection.
      // Postfix logs no message line but the final `.` (`> host[ip]:25: .`): content ends there.
      session = TranscriptSession(
        key: key, family: .postfix, side: .client, sideIsKnown: true, peer: peer.address, contentIsLogged: true,
        expectGreeting: isReply, time: ctx.time, line: ctx.lineNumber, tracker: &tracker, mode: .delivery)
    }
    if isReply {
      let before = out.events.count
      _ = session.serverLine(
        line, codeStart: text, text: TextRange(start: text, end: line.count),
        lineNumber: ctx.lineNumber, time: ctx.time, tracker: &tracker, out: &out)
      if out.events.count > before { out.events[before].remoteHost = peer.name }
    } else {
      out.addSecret(session.clientLine(line, text, line.count))
    }
    out.session = session.id
    verbose.clients[key] = session
    verbose.sweepClients()
  }
}
