import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The Postfix daemon behind a line whose syslog tag does not name it, read from the message.
///
/// rsyslog's `RSYSLOG_SyslogProtocol23Format` writes the RFC 3164 tag's program name as
/// APP-NAME, and rsyslog cuts that name at the first `/`: `postfix/smtpd[812]:` becomes
/// `postfix 812`, `postfix-out/smtp[913]:` becomes `postfix-out 913`. The pid survives, the
/// daemon does not. Every Postfix daemon writes messages of its own shapes, so the message
/// names the daemon for the lines that matter here; a process keeps its daemon, so what one
/// line tells is remembered for the later lines of the same pid (`PostfixDaemonMemory`), which
/// settles the few shapes that two daemons share (`warning:` lines, `debug_peer_list` dialogue
/// lines).
enum PostfixDaemonGuess {
  /// The daemon that writes the message at `m`, and whether the message is of that daemon
  /// alone (a `certain` guess is remembered for the pid; another one is used only when the
  /// pid's daemon is not known yet). `.other` for messages of no daemon read here.
  static func guess(_ line: ByteView, at m: Int) -> (daemon: PostfixDaemon, certain: Bool) {
    let c = line.byte(at: m)
    switch c {
    case 0x63:  // c
      if line.matches("connect from ", at: m) { return (.smtpd, true) }
      if line.matches("connect to ", at: m) { return (.smtp, true) }
      if line.matches("cache ", at: m) { return (.postscreen, true) }
      if line.matches("certificate verification failed for ", at: m) { return (.smtp, false) }
    case 0x64:  // d
      if line.matches("disconnect from ", at: m) { return (.smtpd, true) }
    case 0x6C:  // l
      if line.matches("lost connection after ", at: m) { return (.smtpd, true) }
    case 0x74:  // t
      if line.matches("timeout after ", at: m) || line.matches("too many errors after ", at: m) {
        return (.smtpd, true)
      }
    case 0x69:  // i
      if line.matches("improper command pipelining after ", at: m) { return (.smtpd, true) }
    case 0x70:  // p
      if line.matches("proxy-reject: ", at: m) || line.matches("proxy-accept: ", at: m) { return (.smtpd, true) }
    case 0x72:  // r
      // postscreen's `reject: connect from [ADDR]:PORT: all screening ports busy`.
      if line.matches("reject: connect from [", at: m) { return (.postscreen, true) }
    case 0x77:  // w
      if line.matches("warning: ", at: m) {
        // cleanup's `warning: QUEUEID: message rejected: hopcount exceeded`; the others are
        // smtpd's warnings that imply a reply, or warnings of any daemon that carry none.
        if line.firstRange(of: ": message rejected: ", from: m + 9) != nil { return (.cleanup, true) }
        return (.smtpd, false)
      }
    case ASCII.greaterThan, ASCII.lessThan:
      // debug_peer_list dialogue lines: smtpd writes the client's commands after `<` and its
      // replies after `>`, smtp the other way round.
      guard let colon = line.firstRange(of: ": ", from: m) else { return (.other, false) }
      let isReply = ReplyCode.parse(line, at: colon + 2) != nil
      return ((c == ASCII.greaterThan) == isReply ? .smtpd : .smtp, false)
    default:
      break
    }
    if line.matches("NOQUEUE: ", at: m) {
      // postscreen names its client `[ADDR]:PORT`, smtpd `NAME[ADDR]` (`unknown[ADDR]`).
      if let from = line.firstRange(of: " from ", from: m + 9), from - m < 48,
        line.byte(at: from + 6) == ASCII.openBracket
      {
        return (.postscreen, true)
      }
      return (.smtpd, true)
    }
    if let (_, colon) = QueueKey.parse(line, at: m), line.byte(at: colon + 1) == ASCII.space {
      return guessQueueLine(line, at: colon + 2)
    }
    if ASCII.isUpper(c) {
      // TLS summaries: `Anonymous TLS connection established from CLIENT` (smtpd), `... to
      // SERVER` (smtp); `SSL_accept error from` (smtpd), `SSL_connect error to` (smtp).
      if let established = line.firstRange(of: " TLS connection established ", from: m), established - m < 16 {
        return (line.matches("from ", at: established + 28) ? .smtpd : .smtp, true)
      }
      if line.matches("SSL_accept ", at: m) { return (.smtpd, true) }
      if line.matches("SSL_connect ", at: m) { return (.smtp, true) }
      // postscreen's words: CONNECT, PASS NEW, DISCONNECT, PREGREET, DNSBL rank, HANGUP, ...
      if line.matches("CONNECT from [", at: m) || line.matches("DISCONNECT [", at: m) || line.matches("PASS ", at: m)
        || line.matches("PREGREET ", at: m) || line.matches("HANGUP ", at: m) || line.matches("DNSBL rank ", at: m)
        || line.matches("NON-SMTP COMMAND ", at: m) || line.matches("BARE NEWLINE ", at: m)
        || line.matches("COMMAND ", at: m) || line.matches("ALLOWLIST", at: m) || line.matches("WHITELIST", at: m)
        || line.matches("DENYLISTED ", at: m) || line.matches("BLACKLISTED ", at: m)
        || line.matches("DATA without valid RCPT", at: m) || line.matches("BDAT without valid RCPT", at: m)
      {
        return (.postscreen, true)
      }
    }
    return (.other, false)
  }

  /// The daemon of `QUEUEID: TEXT`, TEXT at `at`.
  private static func guessQueueLine(_ line: ByteView, at start: Int) -> (daemon: PostfixDaemon, certain: Bool) {
    let at = start
    switch line.byte(at: at) {
    case 0x63:  // c
      if line.matches("client=", at: at) { return (.smtpd, true) }
      if line.matches("conversation with ", at: at) { return (.smtp, true) }
    case 0x74:  // t
      if line.matches("to=<", at: at) { return (deliveryAgent(line, at: at), true) }
      if line.matches("timeout after ", at: at) || line.matches("too many errors after ", at: at) {
        return (.smtpd, true)
      }
    case 0x66:  // f
      if line.matches("from=<", at: at) { return (.qmgr, true) }
    case 0x72:  // r
      if line.matches("removed", at: at) { return (.qmgr, true) }
      if line.matches("resent-message-id=", at: at) { return (.cleanup, true) }
    case 0x73:  // s
      if line.matches("skipped, still being delivered", at: at) { return (.qmgr, true) }
      if line.matches("sender ", at: at) { return (.bounce, true) }
    case 0x6D:  // m
      if line.matches("message-id=", at: at) { return (.cleanup, true) }
      if line.matches("milter-", at: at) {
        // cleanup runs the Milters at the end of the message, smtpd at the other stages.
        let colon = line.firstIndex(of: ASCII.colon, from: at) ?? at
        return (line.matches(": END-OF-MESSAGE ", at: colon) ? .cleanup : .smtpd, true)
      }
    case 0x75:  // u
      if line.matches("uid=", at: at) { return (.pickup, true) }
    case 0x68:  // h
      if line.matches("host ", at: at) { return (.smtp, true) }
    case 0x6C:  // l
      if line.matches("lost connection with ", at: at) { return (.smtp, true) }
      if line.matches("lost connection after ", at: at) { return (.smtpd, true) }
    case 0x70:  // p
      if line.matches("postmaster ", at: at) { return (.bounce, true) }
    default:
      break
    }
    // `QUEUEID: ACTION: ...`: cleanup acts on a header or the body (`reject: header Subject:
    // ...`, `hold: body ...`, `reject: mime-error ...`), smtpd on a command (`reject: RCPT from`).
    if let colon = line.firstIndex(of: ASCII.colon, from: at), colon - at <= 16, line.byte(at: colon + 1) == ASCII.space
    {
      let next = colon + 2
      if line.matches("header ", at: next) || line.matches("body ", at: next) || line.matches("mime-error ", at: next)
        || line.matches("content ", at: next)
      {
        return (.cleanup, true)
      }
      return (.smtpd, true)
    }
    return (.other, false)
  }

  /// The delivery agent of a `to=<R>, ... relay=RELAY, ...` status line, from RELAY.
  private static func deliveryAgent(_ line: ByteView, at start: Int) -> PostfixDaemon {
    let at = start
    guard let relay = line.firstRange(of: ", relay=", from: at) else { return .smtp }
    let r = relay + 8
    if line.matches("local,", at: r) { return .local }
    if line.matches("virtual,", at: r) { return .virtual }
    if line.matches("none,", at: r) { return .error }
    let comma = line.firstIndex(of: ASCII.comma, from: r) ?? line.count
    // `HOST[IP]:PORT` (smtp) or `HOST[SOCKET]` (lmtp); a bare word is a pipe transport.
    return line.firstIndex(of: ASCII.openBracket, from: r).map { $0 < comma } == true ? .smtp : .pipe
  }
}

/// The daemon of each recent Postfix process whose tag does not name it (see
/// `PostfixDaemonGuess`): a direct-mapped table keyed by host and pid, so that it stays
/// bounded (1024 entries; a collision forgets the older process, whose later lines are then
/// guessed from their own text alone).
struct PostfixDaemonMemory {
  private var keys: [UInt64] = []
  private var daemons: [UInt8] = []
  static let size = 1024

  private static func key(host: UInt32, pid: Int32) -> UInt64 {
    UInt64(host) << 32 | UInt64(UInt32(bitPattern: pid)) | 1 << 63
  }

  func daemon(host: UInt32, pid: Int32) -> PostfixDaemon? {
    guard !keys.isEmpty else { return nil }
    let slot = Int(UInt32(bitPattern: pid) % UInt32(PostfixDaemonMemory.size))
    guard keys[slot] == PostfixDaemonMemory.key(host: host, pid: pid) else { return nil }
    return PostfixDaemon(rawValue: daemons[slot])
  }

  mutating func remember(_ daemon: PostfixDaemon, host: UInt32, pid: Int32) {
    if keys.isEmpty {
      keys = Array(repeating: 0, count: PostfixDaemonMemory.size)
      daemons = Array(repeating: 0, count: PostfixDaemonMemory.size)
    }
    let slot = Int(UInt32(bitPattern: pid) % UInt32(PostfixDaemonMemory.size))
    keys[slot] = PostfixDaemonMemory.key(host: host, pid: pid)
    daemons[slot] = daemon.rawValue
  }
}
