/// Generates a realistic, seeded Exim 4.96 mainlog of any size (a busy MX with submission).
///
/// Modelled on the lab's mainlog (`log_selector = +smtp_connection +incoming_port`, Debian's
/// defaults otherwise): every inbound session starts with `SMTP connection from [ip]:port
/// (TCP/IP connection count = N)` and ends with `closed by QUIT`, `lost`, a timeout, an
/// unexpected disconnection or a refusal; about 120 sessions are interleaved at any time.
/// The mix: arrivals `<=` with local `=>` and remote `=>`/`->` deliveries (`C="250 ..."`),
/// deferrals `==` and bounces `**` with the remote's reply, bounce messages `<= <>`,
/// `Completed`; relay-denied, unrouteable, greylisted and DNSBL rejections at RCPT, 530 at
/// MAIL, `dovecot_login authenticator failed ... 535`, command and data timeouts, unexpected
/// disconnections, synchronization errors, connect-ACL refusals, syntax and protocol errors,
/// `no MAIL in SMTP connection`, TLS errors and queue runs. Message ids switch from the old
/// 6-6-2 shape to the 6-11-4 shape of Exim 4.97 halfway through the file (an upgrade), so
/// both id formats are present.
struct EximCorpus {
  var random: SeededRandom
  var time: Int64 = 0  // milliseconds since the start
  var clients: [String] = []
  var sessions: [[String]] = []
  var idSerial: UInt64 = 0x2A_5F31
  var newIDs = false
  var connections = 0

  init(seed: UInt64) {
    random = SeededRandom(seed: seed)
    for i in 0..<30_000 {
      clients.append("\(45 + i % 150).\((i * 11) % 256).\((i * 17) % 256).\(1 + (i * 37) % 254)")
    }
    for i in 0..<1_200 {
      clients.append("2001:db8:\(String(i % 4096, radix: 16))::\(String(i * 13 % 65536, radix: 16))")
    }
  }

  static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

  /// `2026-11-28 06:25:01` for the current time (starts Nov 28 00:00 and runs on into the
  /// next months, and years).
  func stamp() -> String {
    let seconds = time / 1000
    let days = Int(seconds / 86400)
    let (month, day) = CalendarWalk.monthAndDay(startMonth: 11, startDay: 28, plusDays: days)
    let year = 2026 + CalendarWalk.yearsPassed(startMonth: 11, startDay: 28, plusDays: days)
    let s = Int(seconds % 86400)
    return "\(year)-\(two(month))-\(two(day)) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
  }

  func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  func base62(_ value: UInt64, _ width: Int) -> String {
    var v = value
    var out = [Character](repeating: "0", count: width)
    for i in stride(from: width - 1, through: 0, by: -1) {
      out[i] = EximCorpus.base62[Int(v % 62)]
      v /= 62
    }
    return String(out)
  }

  /// A message id: `1xXSWS-0008TL-1S` before the upgrade, `1xXSWS-000000008TL-1S2k` after.
  mutating func messageID() -> String {
    idSerial &+= UInt64(1 + random.below(9))
    let head = base62(1_700_000_000 + UInt64(time / 1000), 6)
    if newIDs {
      return "\(head)-\(base62(idSerial, 11))-\(base62(UInt64(random.below(238_328)), 4))"
    }
    return "\(head)-\(base62(idSerial, 6))-\(base62(UInt64(random.below(3844)), 2))"
  }

  static let tls = "X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no"

  /// One session's lines (messages without the timestamp).
  mutating func newSession() -> [String] {
    let client = random.pick(clients)
    let v6 = client.contains(":")
    let port = 1024 + random.below(64_000)
    let address = v6 ? "[\(client)]:\(port)" : "[\(client)]:\(port)"
    let helo =
      random.chance(30)
      ? "mail\(random.below(900)).example\(random.below(300)).net"
      : "host\(random.below(5000)).isp\(random.below(80)).example"
    let host: String
    switch random.below(10) {
    case 0..<5: host = "(\(helo)) \(address)"
    case 5..<8: host = "\(helo) \(address)"
    default: host = "\(helo) (\(helo.replacingOccurrencesOfFirstLabel("smtp"))) \(address)"
    }
    let sender = "user\(random.below(5000))@sender\(random.below(700)).example"
    let rcpt = "rcpt\(random.below(3000))@example.org"
    connections = 1 + (connections + random.below(3)) % 40
    var lines = ["SMTP connection from \(address) (TCP/IP connection count = \(connections))"]
    let roll = random.below(1000)
    switch roll {
    case 0..<330:  // an arrival and its deliveries
      let id = messageID()
      let tls = random.chance(60)
      lines.append(
        "\(id) <= \(sender) H=\(host) P=\(tls ? "esmtps \(EximCorpus.tls)" : "esmtp") S=\(1000 + random.below(90_000)) id=\(random.below(1 << 30))@\(helo) T=\"Invoice \(random.below(99_999))\""
      )
      lines.append("SMTP connection from \(host) closed by QUIT")
      if random.chance(70) {
        let user = "rcpt\(random.below(3000))"
        lines.append("\(id) => \(user) <\(user)@example.org> R=local_user T=local_mailbox")
      } else {
        lines.append(contentsOf: outbound(id, rcpt: "\(rcpt.localPart)@dest\(random.below(500)).example"))
      }
      lines.append("\(id) Completed")
    case 330..<430:
      lines.append(
        "H=\(host) F=<\(sender)> rejected RCPT <\(rcpt.localPart)@remote\(random.below(90)).example>: relay not permitted"
      )
      lines.append("SMTP connection from \(host) closed by QUIT")
    case 430..<530:
      for _ in 0..<(1 + random.below(3)) {
        lines.append(
          "H=\(host) F=<\(sender)> rejected RCPT <nobody\(random.below(999))@example.org>: Unrouteable address")
      }
      lines.append("SMTP connection from \(host) closed by QUIT")
    case 530..<600:
      lines.append("H=\(host) F=<\(sender)> temporarily rejected RCPT <\(rcpt)>: Greylisted, please try again later")
      lines.append("SMTP connection from \(host) closed by QUIT")
    case 600..<680:
      lines.append(
        "H=\(host) F=<\(sender)> rejected RCPT <\(rcpt)>: JunkMail rejected - \(host.lastBracketed) is in an RBL: https://www.spamhaus.org/query/ip/\(client)"
      )
      lines.append("SMTP connection from \(host) closed by QUIT")
    case 680..<800:
      let failures = 1 + random.below(3)
      for _ in 0..<failures {
        lines.append(
          "dovecot_login authenticator failed for \(host): 535 Incorrect authentication data (set_id=\(random.pick(["admin", "info", "test", "sales"]))@example.org)"
        )
      }
      if random.chance(60) {
        lines.append("SMTP connection from \(host) lost D=\(random.below(9))s")
      } else {
        lines.append("SMTP connection from \(host) closed by QUIT")
        lines.append(
          "no MAIL in SMTP connection from \(host) D=\(random.below(9))s \(EximCorpus.tls) C=EHLO,STARTTLS,EHLO,\(String(repeating: "AUTH,", count: failures))QUIT"
        )
      }
    case 800..<830:
      lines.append("H=\(host) F=<\(sender)> rejected MAIL <\(sender)>: 530 5.7.0 Authentication required")
      lines.append("SMTP connection from \(host) closed by QUIT")
    case 830..<860:
      if random.chance(75) {
        lines.append("SMTP command timeout on \(random.chance(50) ? "TLS " : "")connection from \(host)")
      } else {
        lines.append("\(messageID()) SMTP data timeout (message abandoned) on connection from \(host) F=<\(sender)>")
      }
    case 860..<890:
      lines.append("unexpected disconnection while reading SMTP command from \(host) D=\(random.below(30))s")
    case 890..<905:
      lines.append(
        "SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=\(address) input=\"EHLO \(helo)\\r\\n\""
      )
    case 905..<920:
      lines.append("H=\(address) rejected connection in \"connect\" ACL: Access denied: your address is blocked")
    case 920..<935:
      lines.append("SMTP syntax error in \"XBOGUS\(random.below(9))\" H=\(host) unrecognized command")
      lines.append("SMTP protocol error in \"DATA\" H=\(host) valid RCPT command must precede DATA")
      lines.append("SMTP connection from \(host) closed by QUIT")
    case 935..<965:  // port scanners and TLS failures
      if random.chance(50) {
        lines.append("SMTP connection from \(address) lost D=0s")
        lines.append("no MAIL in SMTP connection from \(address) D=0s")
      } else {
        lines.append(
          "TLS error on connection from \(host) (SSL_accept): error:0A000412:SSL routines::sslv3 alert bad certificate")
        lines.append("SMTP connection from \(host) closed by EOF")
      }
    default:  // local submissions, bounces and queue runs: no inbound session
      lines.removeAll()
      let id = messageID()
      lines.append(
        "\(id) <= www-data@example.org U=www-data P=local S=\(500 + random.below(9000)) id=\(random.below(1 << 30))@example.org T=\"Notification \(random.below(9999))\""
      )
      lines.append(contentsOf: outbound(id, rcpt: "\(rcpt.localPart)@dest\(random.below(500)).example"))
      lines.append("\(id) Completed")
      if random.chance(30) {
        let pid = 10_000 + random.below(50_000)
        lines.append("Start queue run: pid=\(pid)")
        lines.append("End queue run: pid=\(pid)")
      }
    }
    return lines
  }

  /// The smtp transport's lines for one remote recipient: sent, deferred or bounced.
  mutating func outbound(_ id: String, rcpt: String) -> [String] {
    let domain = rcpt.split(separator: "@").last.map(String.init) ?? "example.net"
    let mx = "mx\(random.below(3)).\(domain)"
    let ip = "198.51.\(random.below(256)).\(random.below(256))"
    var lines: [String] = []
    switch random.below(20) {
    case 0..<13:
      lines.append(
        "\(id) => \(rcpt) R=dnslookup T=remote_smtp H=\(mx) [\(ip)] \(EximCorpus.tls) K C=\"250 2.0.0 Ok: queued as \(String(random.below(1 << 30), radix: 16, uppercase: true))\""
      )
      if random.chance(15) {
        lines.append(
          "\(id) -> \(rcpt.localPart)2@\(domain) R=dnslookup T=remote_smtp H=\(mx) [\(ip)] \(EximCorpus.tls) K C=\"250 2.0.0 Ok: queued as \(String(random.below(1 << 30), radix: 16, uppercase: true))\""
        )
      }
    case 13..<16:
      lines.append(
        "\(id) == \(rcpt) R=dnslookup T=remote_smtp defer (-44) H=\(mx) [\(ip)]: SMTP error from remote mail server after RCPT TO:<\(rcpt)>: 451 4.7.1 Greylisting in action, please come back later"
      )
      lines.append("\(id) == \(rcpt) routing defer (-52): retry time not reached")
    case 16:
      lines.append("\(id) H=\(mx) [\(ip)] Connection refused")
      lines.append("\(id) == \(rcpt) R=dnslookup T=remote_smtp defer (111): Connection refused")
    case 17:
      lines.append(
        "\(id) == \(rcpt) R=dnslookup T=remote_smtp defer (-18) H=\(mx) [\(ip)]: Remote host closed connection in response to initial connection"
      )
    default:
      lines.append(
        "\(id) ** \(rcpt) R=dnslookup T=remote_smtp H=\(mx) [\(ip)]: SMTP error from remote mail server after RCPT TO:<\(rcpt)>: 550 5.1.1 <\(rcpt)>: Recipient address rejected: User unknown in virtual mailbox table"
      )
      let bounce = messageID()
      lines.append(
        "\(bounce) <= <> R=\(id) U=Debian-exim P=local S=\(1800 + random.below(300)) T=\"Mail delivery failed: returning message to sender\""
      )
      lines.append("\(bounce) => www-data <www-data@example.org> R=local_user T=local_mailbox")
      lines.append("\(bounce) Completed")
    }
    return lines
  }

  /// Writes about `size` bytes of mainlog.
  mutating func write(to writer: ByteWriter, size: Int64) {
    for _ in 0..<120 { sessions.append(newSession().reversed()) }
    while writer.total < size {
      if !newIDs, writer.total >= size / 2 { newIDs = true }
      let i = random.below(sessions.count)
      guard let line = sessions[i].popLast() else {
        sessions[i] = newSession().reversed()
        continue
      }
      time += Int64(random.below(200))
      writer.append(stamp() + " " + line + "\n")
    }
  }
}

extension String {
  /// `rcpt12` of `rcpt12@example.org`.
  var localPart: String {
    guard let at = firstIndex(of: "@") else { return self }
    return String(self[..<at])
  }

  /// `[192.0.2.1]` of `(helo) [192.0.2.1]:25` (the bracketed address, without the port).
  var lastBracketed: String {
    guard let open = lastIndex(of: "["), let close = lastIndex(of: "]"), open < close else { return self }
    return String(self[open...close])
  }

  /// `smtp.example.net` for `mail.example.net`: a HELO name that differs from the host name.
  func replacingOccurrencesOfFirstLabel(_ label: String) -> String {
    guard let dot = firstIndex(of: ".") else { return label }
    return label + String(self[dot...])
  }
}
