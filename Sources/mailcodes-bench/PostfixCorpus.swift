/// Generates a realistic, seeded Postfix log of any size (a busy MX and a submission host).
///
/// About 120 sessions are interleaved at any time; smtpd pids are reused per service; two
/// hosts: `mx1` with short queue ids and `mx2` with long ones. The mix: deliveries (inbound and
/// outbound with `status=sent|deferred|bounced`), relay-denied, unknown-user, greylisting, RBL
/// rejects, SASL failures on submission, 530 at MAIL (only in the disconnect counters), lost
/// connections and timeouts at every stage, postscreen sessions, and non-mail lines (dovecot,
/// opendkim, cron) as a real mail.log has them. Classic syslog stamps from Nov 20 to Dec 1.
struct PostfixCorpus {
  var random: SeededRandom
  var time: Int64 = 0  // milliseconds since the start
  let startDays = 0
  var queueSerial: UInt64 = 0x1A2B3C
  var clients: [String] = []
  var sessions: [[String]] = []
  var nextPid = 10_000

  init(seed: UInt64) {
    random = SeededRandom(seed: seed)
    for i in 0..<38_000 {
      clients.append("\(45 + i % 150).\((i * 7) % 256).\((i * 13) % 256).\(1 + (i * 31) % 254)")
    }
    for i in 0..<1_600 {
      clients.append("2001:db8:\(String(i % 4096, radix: 16))::\(String(i * 7 % 65536, radix: 16))")
    }
  }

  /// `Nov 20 06:25:01` for the current time (starts Nov 20 00:00, crosses into December and,
  /// for logs of many gigabytes, into the next year).
  func stamp() -> String {
    let seconds = time / 1000
    let (month, day) = CalendarWalk.monthAndDay(startMonth: 11, startDay: 20, plusDays: Int(seconds / 86400))
    let s = Int(seconds % 86400)
    let dd = day < 10 ? " \(day)" : "\(day)"
    return "\(CalendarWalk.monthNames[month - 1]) \(dd) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
  }

  func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  mutating func queueID(long: Bool) -> String {
    queueSerial &+= UInt64(1 + random.below(7))
    if long {
      let alphabet = Array("0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz")
      var id = ""
      var v = queueSerial &* 2_654_435_761
      for _ in 0..<12 {
        id.append(alphabet[Int(v % UInt64(alphabet.count))])
        v /= UInt64(alphabet.count)
      }
      return id + "z" + String(random.below(1 << 20), radix: 36)
    }
    return String(queueSerial &* 7919 % 0xFFFF_FFFFF, radix: 16, uppercase: true)
  }

  mutating func pid() -> Int {
    nextPid += 1 + random.below(5)
    if nextPid > 60_000 { nextPid = 10_000 }
    return nextPid
  }

  /// One session's lines: (host, tag[pid], message).
  mutating func newSession() -> [String] {
    let long = random.chance(50)
    let host = long ? "mx2" : "mx1"
    let client = random.pick(clients)
    let name = random.chance(40) ? "unknown" : "mail\(random.below(900)).example\(random.below(300)).net"
    let peer = "\(name)[\(client)]"
    let p = pid()
    let roll = random.below(1000)
    var lines: [String] = []
    func smtpd(_ m: String) { lines.append("\(host) postfix/smtpd[\(p)]: \(m)") }
    func smtpd(_ service: String, _ m: String) { lines.append("\(host) postfix/\(service)[\(p)]: \(m)") }
    let sender = "user\(random.below(5000))@sender\(random.below(700)).example"
    let rcpt = "rcpt\(random.below(3000))@example.org"
    let helo = "helo\(random.below(2000)).example\(random.below(99)).com"
    switch roll {
    case 0..<380:  // a delivery
      let q = queueID(long: long)
      smtpd("connect from \(peer)")
      smtpd("\(q): client=\(peer)")
      lines.append("\(host) postfix/cleanup[\(p + 1)]: \(q): message-id=<\(random.below(1 << 30))@\(helo)>")
      lines.append(
        "\(host) postfix/qmgr[900]: \(q): from=<\(sender)>, size=\(1000 + random.below(90000)), nrcpt=1 (queue active)")
      smtpd("disconnect from \(peer) ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5")
      if random.chance(70) {
        lines.append(
          "\(host) postfix/local[\(p + 2)]: \(q): to=<\(rcpt)>, relay=local, delay=0.\(random.below(99)), delays=0.1/0/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)"
        )
      } else {
        let r = "mx\(random.below(3)).dest\(random.below(500)).example"
        let ip = "198.51.\(random.below(256)).\(random.below(256))"
        switch random.below(10) {
        case 0..<6:
          lines.append(
            "\(host) postfix/smtp[\(p + 3)]: \(q): to=<\(rcpt)>, relay=\(r)[\(ip)]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as \(random.below(1 << 28)))"
          )
        case 6..<8:
          lines.append(
            "\(host) postfix/smtp[\(p + 3)]: \(q): to=<\(rcpt)>, relay=\(r)[\(ip)]:25, delay=2, delays=0.1/0/1/0.9, dsn=4.7.1, status=deferred (host \(r)[\(ip)] said: 451 4.7.1 Greylisting in action, please come back later (in reply to RCPT TO command))"
          )
        case 8:
          lines.append(
            "\(host) postfix/smtp[\(p + 3)]: \(q): to=<\(rcpt)>, relay=\(r)[\(ip)]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=5.1.1, status=bounced (host \(r)[\(ip)] said: 550 5.1.1 <\(rcpt)>: Recipient address rejected: User unknown (in reply to RCPT TO command))"
          )
          lines.append(
            "\(host) postfix/bounce[\(p + 4)]: \(q): sender non-delivery notification: \(queueID(long: long))")
        default:
          lines.append("\(host) postfix/smtp[\(p + 3)]: connect to \(r)[\(ip)]:25: Connection timed out")
          lines.append(
            "\(host) postfix/smtp[\(p + 3)]: \(q): to=<\(rcpt)>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to \(r)[\(ip)]:25: Connection timed out)"
          )
        }
      }
      lines.append("\(host) postfix/qmgr[900]: \(q): removed")
    case 380..<480:
      smtpd("connect from \(peer)")
      smtpd(
        "NOQUEUE: reject: RCPT from \(peer): 554 5.7.1 <\(rcpt.replacingFirstAt("remote"))>: Relay access denied; from=<\(sender)> to=<\(rcpt.replacingFirstAt("remote"))> proto=ESMTP helo=<\(helo)>"
      )
      smtpd("disconnect from \(peer) ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4")
    case 480..<600:
      smtpd("connect from \(peer)")
      let n = 1 + random.below(3)
      for _ in 0..<n {
        smtpd(
          "NOQUEUE: reject: RCPT from \(peer): 550 5.1.1 <nobody\(random.below(999))@example.org>: Recipient address rejected: User unknown in local recipient table; from=<\(sender)> to=<nobody@example.org> proto=ESMTP helo=<\(helo)>"
        )
      }
      smtpd("disconnect from \(peer) ehlo=1 mail=1 rcpt=0/\(n) rset=1 quit=1 commands=4/\(n + 4)")
    case 600..<680:
      smtpd("connect from \(peer)")
      smtpd(
        "NOQUEUE: reject: RCPT from \(peer): 450 4.2.0 <\(rcpt)>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html; from=<\(sender)> to=<\(rcpt)> proto=ESMTP helo=<\(helo)>"
      )
      smtpd("disconnect from \(peer) ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4")
    case 680..<780:
      smtpd("connect from \(peer)")
      smtpd(
        "NOQUEUE: reject: RCPT from \(peer): 554 5.7.1 Service unavailable; Client host [\(client)] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/\(client); from=<\(sender)> to=<\(rcpt)> proto=ESMTP helo=<\(helo)>"
      )
      smtpd("disconnect from \(peer) ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4")
    case 780..<830:
      smtpd("submission/smtpd", "connect from \(peer)")
      smtpd(
        "submission/smtpd",
        "Anonymous TLS connection established from \(peer): TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)")
      smtpd("submission/smtpd", "warning: \(peer): SASL LOGIN authentication failed: UGFzc3dvcmQ6")
      smtpd("submission/smtpd", "lost connection after AUTH from \(peer)")
      smtpd("submission/smtpd", "disconnect from \(peer) ehlo=2 starttls=1 auth=0/1 commands=3/4")
    case 830..<880:
      smtpd("connect from \(peer)")
      let stage = random.pick(["CONNECT", "EHLO", "EHLO", "STARTTLS"])
      smtpd("lost connection after \(stage) from \(peer)")
      smtpd(
        "disconnect from \(peer)\(stage == "CONNECT" ? "" : " ehlo=1") commands=\(stage == "CONNECT" ? "0/0" : "1")")
    case 880..<900:
      smtpd("connect from \(peer)")
      let stage = random.pick(["CONNECT", "EHLO", "DATA (\(random.below(9000)) bytes)"])
      smtpd("timeout after \(stage) from \(peer)")
      smtpd("disconnect from \(peer) \(stage == "CONNECT" ? "commands=0/0" : "ehlo=1 commands=1")")
    case 900..<910:
      smtpd("submission/smtpd", "connect from \(peer)")
      smtpd("submission/smtpd", "disconnect from \(peer) ehlo=1 mail=0/1 quit=1 commands=2/3")
    case 910..<960:
      let port = 1024 + random.below(60000)
      let ps = "\(host) postfix/postscreen[800]:"
      lines.append("\(ps) CONNECT from [\(client)]:\(port) to [192.0.2.10]:25")
      if random.chance(50) {
        lines.append("\(ps) PASS OLD [\(client)]:\(port)")
        smtpd("connect from \(peer)")
        smtpd("disconnect from \(peer) ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4")
      } else {
        lines.append("\(ps) DNSBL rank 3 for [\(client)]:\(port)")
        lines.append(
          "\(ps) NOQUEUE: reject: RCPT from [\(client)]:\(port): 550 5.7.1 Service unavailable; client [\(client)] blocked using zen.spamhaus.org; from=<\(sender)>, to=<\(rcpt)>, proto=ESMTP, helo=<\(helo)>"
        )
        lines.append("\(ps) DISCONNECT [\(client)]:\(port)")
      }
    default:
      // Non-mail lines of a real mail.log.
      switch random.below(4) {
      case 0:
        lines.append(
          "\(host) dovecot: imap-login: Login: user=<u\(random.below(500))@example.org>, method=PLAIN, rip=\(client), lip=192.0.2.10, mpid=\(p), TLS, session=<\(random.below(1 << 30))>"
        )
      case 1:
        lines.append(
          "\(host) opendkim[700]: \(queueID(long: long)): DKIM-Signature field added (s=mail, d=example.org)")
      case 2:
        lines.append("\(host) CRON[\(p)]: (root) CMD (test -x /usr/sbin/anacron || run-parts --report /etc/cron.daily)")
      default:
        lines.append(
          "\(host) postfix/anvil[901]: statistics: max connection rate 4/60s for (smtp:\(client)) at \(stamp())")
      }
    }
    return lines
  }

  /// Writes about `size` bytes of log.
  mutating func write(to writer: ByteWriter, size: Int64) {
    for _ in 0..<120 { sessions.append(newSession().reversed()) }
    while writer.total < size {
      let i = random.below(sessions.count)
      guard let line = sessions[i].popLast() else {
        sessions[i] = newSession().reversed()
        continue
      }
      time += Int64(random.below(240))
      writer.append(stamp() + " " + line + "\n")
    }
  }
}

extension String {
  func replacingFirstAt(_ domain: String) -> String {
    guard let at = firstIndex(of: "@") else { return self }
    return String(self[..<at]) + "@" + domain + ".example"
  }
}
