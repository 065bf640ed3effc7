import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesFormats
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// TLS, SASL, postscreen and session durations (`SessionStats`): the line readers on lines
/// written from the servers' format strings, the counts on the lab's logs, bounds and merges.
@Suite("Session statistics")
struct SessionStatsTests {
  /// `(fields)` of a reader run on `text`, the ranges read as strings.
  func text(_ line: ByteView, _ range: TextRange) -> String { line.slice(range).string }

  @Test("Postfix TLS summaries: every level, both directions, SNI, reuse, the form before 2.5")
  func postfixTLS() {
    let cases: [(String, String, Direction, String, String, Bool)] = [
      (
        "Anonymous TLS connection established from mail.example[192.0.2.1]: TLSv1.2 with cipher "
          + "ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)", "Anonymous", .inbound, "TLSv1.2",
        "ECDHE-RSA-AES256-GCM-SHA384", false
      ),
      (
        "Verified TLS connection established to mx.example[198.51.100.2]:25: TLSv1.3 with cipher "
          + "TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature ECDSA (P-256) "
          + "server-digest SHA256", "Verified", .outbound, "TLSv1.3", "TLS_AES_256_GCM_SHA384", false
      ),
      (
        "Trusted TLS connection established from client.example[192.0.2.3] to mail.example.org: TLSv1.3 "
          + "with cipher TLS_AES_128_GCM_SHA256 (128/128 bits)", "Trusted", .inbound, "TLSv1.3",
        "TLS_AES_128_GCM_SHA256", false
      ),
      (
        "Untrusted TLS connection reused to mx.example[2001:db8::1]:25: TLSv1.2 with cipher "
          + "ECDHE-ECDSA-AES128-GCM-SHA256 (128/128 bits)", "Untrusted", .outbound, "TLSv1.2",
        "ECDHE-ECDSA-AES128-GCM-SHA256", true
      ),
      (
        "TLS connection established from old.example[192.0.2.4]: TLSv1 with cipher DHE-RSA-AES256-SHA "
          + "(256/256 bits)", "", .inbound, "TLSv1", "DHE-RSA-AES256-SHA", false
      ),
    ]
    for (message, level, direction, proto, cipher, reused) in cases {
      withByteView(message) { line in
        guard let tls = PostfixTLSLine.parse(line, at: 0) else {
          Issue.record("not read: \(message)")
          return
        }
        #expect(text(line, tls.level) == level)
        #expect(tls.direction == direction)
        #expect(text(line, tls.protocolName) == proto)
        #expect(text(line, tls.cipher) == cipher)
        #expect(tls.reused == reused)
      }
    }
    for other in [
      "TLS is required, but host mx.example[198.51.100.2] refused to start TLS: 454 4.7.0 TLS not available",
      "Anonymous TLS connection established", "A0C061040AB: client=unknown[192.0.2.9]",
      "Untrusted TLS connection established to mx.example[198.51.100.2]:25: TLSv1.3",
    ] {
      withByteView(other) { #expect(PostfixTLSLine.parse($0, at: 0) == nil, "\(other)") }
    }
  }

  @Test("--by tls --count messages on Postfix: a message is over TLS when its smtpd session logged the handshake")
  func postfixMessagesOverTLS() {
    // The lab variant with smtpd_tls_loglevel 2: 9 messages were received in sessions that
    // logged their handshake (counted from the log's own lines: 4 from 127.0.1.9, 3 from
    // 127.0.1.4, 2 from 127.0.1.24); the rest are unknown, not "no" (a session without the
    // handshake line may be one whose level logs none).
    let log = Fixtures.path("lab-variants/pf-tls-loglevel-2/postfix-syslog.log.gz")
    let table = Engine.table([log], by: [.tls, .client], messages: true)
    let overTLS = table.rows.filter { $0.values[0] == "yes" }
    #expect(overTLS.map(\.count).reduce(0, +) == 9)
    #expect(
      Dictionary(uniqueKeysWithValues: overTLS.map { ($0.values[1], $0.count) })
        == ["127.0.1.9": 4, "127.0.1.4": 3, "127.0.1.24": 2])
    #expect(!table.rows.contains { $0.values[0] == "no" })
  }

  @Test("Postfix SASL: the message of a logged-in client, failures with and without a user")
  func postfixSASL() {
    withByteView(
      "client=unknown[192.0.2.9], sasl_method=PLAIN, sasl_username=alice@example.org, sasl_sender=bob"
    ) { line in
      let sasl = PostfixSASLLine.parseClient(line, at: 7)
      #expect(sasl.map { text(line, $0.method) } == "PLAIN")
      #expect(sasl.map { text(line, $0.user) } == "alice@example.org")
      #expect(sasl?.failed == false)
    }
    withByteView("client=mail.example[192.0.2.1]") { #expect(PostfixSASLLine.parseClient($0, at: 7) == nil) }
    let failures: [(String, String, String)] = [
      (
        "unknown[192.0.2.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=alice", "LOGIN",
        "alice"
      ),
      ("unknown[192.0.2.9]: SASL PLAIN authentication failed: authentication failure", "PLAIN", ""),
      (
        "unknown[192.0.2.9]: SASL CRAM-MD5 authentication failed: bad protocol, sasl_username=(unavailable)",
        "CRAM-MD5", ""
      ),
    ]
    for (message, method, user) in failures {
      withByteView(message) { line in
        let sasl = PostfixSASLLine.parseWarning(line, at: 0)
        #expect(sasl?.failed == true)
        #expect(sasl.map { text(line, $0.method) } == method)
        #expect(sasl.map { text(line, $0.user) } == user)
      }
    }
    withByteView("unknown[192.0.2.9]: SASL LOGIN authentication aborted") {
      #expect(PostfixSASLLine.parseWarning($0, at: 0) == nil)
    }
  }

  @Test("postscreen verdicts in both spellings, DNSBL ranks, dnsblog's listings")
  func postscreen() {
    let cases: [(String, PostscreenVerdict, Int)] = [
      ("CONNECT from [192.0.2.5]:40000 to [192.0.2.1]:25", .connect, 0),
      ("PASS NEW [192.0.2.5]:40000", .passNew, 0),
      ("PASS OLD [192.0.2.5]:40000", .passOld, 0),
      ("PREGREET 11 after 0.1 from [192.0.2.5]:40000: EHLO x\\r\\n", .pregreet, 0),
      ("HANGUP after 0.5 from [192.0.2.5]:40000 in tests after SMTP handshake", .hangup, 0),
      ("BARE NEWLINE from [192.0.2.5]:40000 after RCPT", .bareNewline, 0),
      ("COMMAND PIPELINING from [192.0.2.5]:40000 after EHLO: MAIL FROM:<a@b>", .commandPipelining, 0),
      ("NON-SMTP COMMAND from [192.0.2.5]:40000 after CONNECT: GET / HTTP/1.1", .nonSMTPCommand, 0),
      ("COMMAND TIME LIMIT from [192.0.2.5]:40000 after DATA", .commandTimeLimit, 0),
      ("COMMAND COUNT LIMIT from [192.0.2.5]:40000 after RSET", .commandCountLimit, 0),
      ("COMMAND LENGTH LIMIT from [192.0.2.5]:40000 after MAIL", .commandLengthLimit, 0),
      ("DNSBL rank 3 for [192.0.2.5]:40000", .dnsblRank, 3),
      ("WHITELISTED [192.0.2.5]:40000", .allowlisted, 0),
      ("ALLOWLISTED [192.0.2.5]:40000", .allowlisted, 0),
      ("BLACKLISTED [192.0.2.5]:40000", .denylisted, 0),
      ("DENYLISTED [192.0.2.5]:40000", .denylisted, 0),
      ("WHITELIST VETO [192.0.2.5]:40000", .allowlistVeto, 0),
      ("ALLOWLIST VETO [192.0.2.5]:40000", .allowlistVeto, 0),
    ]
    for (message, verdict, rank) in cases {
      withByteView(message) { line in
        let read = PostscreenVerdict.parse(line, at: 0)
        #expect(read?.verdict == verdict, "\(message)")
        #expect(read?.rank == rank, "\(message)")
      }
    }
    for other in ["DISCONNECT [192.0.2.5]:40000", "NOQUEUE: reject: RCPT from [192.0.2.5]:40000: 550 5.7.1 x"] {
      withByteView(other) { #expect(PostscreenVerdict.parse($0, at: 0) == nil) }
    }
    withByteView("addr 192.0.2.5 listed by domain zen.dnsbl.example as 127.0.0.4") { line in
      let listed = DNSBLogLine.parse(line, at: 0)
      #expect(listed.map { text(line, $0.list) } == "zen.dnsbl.example")
      #expect(listed.map { text(line, $0.reply) } == "127.0.0.4")
    }
    withByteView("dnsblog_query: addr 192.0.2.5 not listed by domain zen.dnsbl.example") {
      #expect(DNSBLogLine.parse($0, at: 0) == nil)
    }
  }

  @Test("Exim X= and A= fields: OpenSSL and GnuTLS ciphers, resumption, local mail, free text after the fields")
  func eximFields() {
    withByteView(
      "1tAbCd-0005vi-Xy <= alice@example.org H=client.example [192.0.2.7]:5000 P=esmtpsa "
        + "X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=no A=dovecot_plain:alice S=1234 id=x@y T=\"about X=1\""
    ) { line in
      let f = EximTransferFields.parse(line, at: 0)
      #expect(f?.isReception == true)
      #expect(f?.hasHost == true)
      #expect(f.map { text(line, $0.tlsProtocol) } == "TLS1.2")
      #expect(f.map { text(line, $0.tlsCipher) } == "ECDHE-RSA-AES256-GCM-SHA384")
      #expect(f.map { text(line, $0.authenticator) } == "dovecot_plain")
      #expect(f.map { text(line, $0.authenticatedID) } == "alice")
    }
    withByteView(
      "1tAbCd-000Abc4DeFg-Xy12 => bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.3] "
        + "X=TLS1.3:TLS_AES_256_GCM_SHA384:256* CV=yes C=\"250 OK X=TLS1.2:fake:1\""
    ) { line in
      let f = EximTransferFields.parse(line, at: 0)
      #expect(f?.isReception == false)
      #expect(f.map { text(line, $0.tlsProtocol) } == "TLS1.3")
      #expect(f.map { text(line, $0.tlsCipher) } == "TLS_AES_256_GCM_SHA384")
    }
    withByteView(
      "1tAbCd-0005vi-Xy <= root@example.org U=root P=local S=300 T=\"H=x X=TLS1.2:a:1 A=b:c\""
    ) { line in
      let f = EximTransferFields.parse(line, at: 0)
      #expect(f?.hasHost == false)
      #expect(f?.tlsProtocol.isEmpty == true)
      #expect(f?.authenticator.isEmpty == true)
    }
    withByteView("1tAbCd-0005vi-Xy Completed") { #expect(EximTransferFields.parse($0, at: 0) == nil) }
    withByteView(
      "dovecot_plain authenticator failed for (helo) [192.0.2.8]:4000: 535 Incorrect authentication data (set_id=carol)"
    ) { line in
      let f = EximAuthFailureLine.parse(line, from: 0)
      #expect(f.map { text(line, $0.authenticator) } == "dovecot_plain")
      #expect(f.map { text(line, $0.user) } == "carol")
    }
    withByteView("PLAIN authenticator failed for (helo) [192.0.2.8]:4000: 535 Incorrect authentication data") { line in
      #expect(EximAuthFailureLine.parse(line, from: 0).map { text(line, $0.user) } == "")
    }
  }

  /// Lines of `path` that contain every one of `parts`.
  static func lines(_ path: String, containing parts: String...) throws -> Int {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
      .filter { line in parts.allSatisfy { line.contains($0) } }.count
  }

  @Test("the lab's Postfix log: TLS per smtpd session, SASL per message and failure, postscreen verdicts")
  func labPostfix() throws {
    let path = Fixtures.lab("postfix-syslog.log")
    let s = Engine.summary([path]).0.sessionStats
    let use = s.tlsUse.counts
    let inboundTLS = try Self.lines(path, containing: "/smtpd[", "TLS connection established from")
    #expect(inboundTLS > 0)
    #expect(use[SessionStats.TLSUseKey(family: .postfix, direction: .inbound, withTLS: true)] == inboundTLS)
    let smtpdSessions = try Self.lines(path, containing: "/smtpd[", "]: connect from ")
    #expect(
      (use[SessionStats.TLSUseKey(family: .postfix, direction: .inbound, withTLS: false)] ?? 0) + inboundTLS
        == smtpdSessions)
    let outboundTLS = try Self.lines(path, containing: "/smtp[", "TLS connection established to")
    #expect(s.tls.entries.filter { $0.key.direction == .outbound }.reduce(0) { $0 + $1.count } == outboundTLS)
    let ok = s.sasl.entries.filter { !$0.key.failed }.reduce(0) { $0 + $1.count }
    #expect(ok == (try Self.lines(path, containing: ": client=", ", sasl_method=")))
    let failed = s.sasl.entries.filter { $0.key.failed }.reduce(0) { $0 + $1.count }
    #expect(failed == (try Self.lines(path, containing: ": SASL ", " authentication failed")))
    #expect(failed > 0)
    let postscreen = s.postscreen.counts
    for (verdict, text) in [
      ("PASS NEW", "]: PASS NEW ["), ("PASS OLD", "]: PASS OLD ["), ("PREGREET", "]: PREGREET "),
      ("DENYLISTED", "]: DENYLISTED ["), ("ALLOWLISTED", "]: ALLOWLISTED ["), ("CONNECT", "]: CONNECT from ["),
    ] {
      #expect(postscreen[SessionStats.PostscreenKey(verdict: verdict)] == (try Self.lines(path, containing: text)))
    }
    let durations = try #require(s.durations[SessionStats.SessionGroup(family: .postfix, direction: .inbound)])
    #expect(durations.sessions == Engine.summary([path]).0.sessions.total)
  }

  @Test("the lab's Exim mainlog: X= and A= of messages from hosts, failed logins once with the rejectlog")
  func labExim() throws {
    let path = Fixtures.lab("exim-mainlog")
    let s = Engine.summary([path]).0.sessionStats
    let use = s.tlsUse.counts
    let received = try Self.lines(path, containing: " <= ", " H=")
    let receivedTLS = try Self.lines(path, containing: " <= ", " H=", " X=")
    #expect(receivedTLS > 0)
    #expect(use[SessionStats.TLSUseKey(family: .exim, direction: .inbound, withTLS: true)] == receivedTLS)
    #expect(use[SessionStats.TLSUseKey(family: .exim, direction: .inbound, withTLS: false)] == received - receivedTLS)
    let ok = s.sasl.entries.filter { !$0.key.failed }.reduce(0) { $0 + $1.count }
    #expect(ok == (try Self.lines(path, containing: " <= ", " A=")))
    let failures = try Self.lines(path, containing: " authenticator failed for ")
    #expect(failures > 0)
    #expect(s.sasl.entries.filter { $0.key.failed }.reduce(0) { $0 + $1.count } == failures)
    // The rejectlog holds a copy of each failure: counted once.
    let both = Engine.summary([path, Fixtures.lab("exim-rejectlog")]).0.sessionStats
    #expect(both.sasl.entries.filter { $0.key.failed }.reduce(0) { $0 + $1.count } == failures)
  }

  static let postscreenLog = """
    Nov 28 06:00:00 mx postfix/postscreen[10]: CONNECT from [192.0.2.5]:40000 to [192.0.2.1]:25
    Nov 28 06:00:00 mx postfix/dnsblog[11]: addr 192.0.2.5 listed by domain zen.dnsbl.example as 127.0.0.2
    Nov 28 06:00:00 mx postfix/dnsblog[12]: addr 192.0.2.5 listed by domain bl.example as 127.0.0.4
    Nov 28 06:00:01 mx postfix/postscreen[10]: DNSBL rank 4 for [192.0.2.5]:40000
    Nov 28 06:00:01 mx postfix/postscreen[10]: BLACKLISTED [192.0.2.6]:40001
    Nov 28 06:00:01 mx postfix/postscreen[10]: WHITELISTED [192.0.2.7]:40002
    Nov 28 06:00:02 mx postfix/smtpd[20]: connect from a.example[192.0.2.8]
    Nov 28 06:00:02 mx postfix/smtpd[20]: Trusted TLS connection established from a.example[192.0.2.8]: TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)
    Nov 28 06:00:12 mx postfix/smtpd[20]: disconnect from a.example[192.0.2.8] ehlo=2 starttls=1 quit=1 commands=4
    Nov 28 06:00:03 mx postfix/smtpd[21]: connect from b.example[192.0.2.9]
    Nov 28 06:05:03 mx postfix/smtpd[21]: disconnect from b.example[192.0.2.9] ehlo=1 quit=1 commands=2

    """

  @Test("a log of our own: DNSBL lists, old spellings, one session with TLS and one without, durations")
  func ownLog() throws {
    let path = Fixtures.temporaryFile(Self.postscreenLog)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let s = Engine.summary([path]).0.sessionStats
    #expect(
      s.dnsbl.counts == [
        SessionStats.DNSBLKey(list: "zen.dnsbl.example", reply: "127.0.0.2"): 1,
        SessionStats.DNSBLKey(list: "bl.example", reply: "127.0.0.4"): 1,
      ])
    #expect(s.postscreen[SessionStats.PostscreenKey(verdict: "DNSBL rank", rank: 4)] == 1)
    #expect(s.postscreen[SessionStats.PostscreenKey(verdict: "DENYLISTED")] == 1)
    #expect(s.postscreen[SessionStats.PostscreenKey(verdict: "ALLOWLISTED")] == 1)
    #expect(
      s.tlsUse.counts == [
        SessionStats.TLSUseKey(family: .postfix, direction: .inbound, withTLS: true): 1,
        SessionStats.TLSUseKey(family: .postfix, direction: .inbound, withTLS: false): 1,
      ])
    #expect(s.tls.entries.first?.key.level == "Trusted")
    let d = try #require(s.durations[SessionStats.SessionGroup(family: .postfix, direction: .inbound)])
    // postscreen's session (1 s, to its last line) is one too.
    #expect(d.buckets == [1: 1, 10: 1, 300: 1])
    #expect(d.longest == 300)
    #expect(d.percentile(50) == 10)
    #expect(d.percentile(99) == 300)
    let report = TextRenderer().render(Report(summary: Engine.summary([path]).0))
    #expect(report.contains("1 of 2 sessions with TLS (50 %)"))
    #expect(report.contains("DNSBL rank 4 1"))
    #expect(report.contains("zen.dnsbl.example as 127.0.0.2 1"))
  }

  @Test("a time window: only the TLS, SASL and postscreen lines inside it count")
  func window() throws {
    let path = Fixtures.temporaryFile(Self.postscreenLog)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var filter = EventFilter()
    // 06:00:02 to 06:00:59: the TLS line, not postscreen's lines (06:00:00 and 06:00:01).
    let day = LogTimestamp(year: 2026, month: 11, day: 28).wallSeconds
    filter.window = TimeExpression.Window(start: day + 6 * 3600 + 2, end: day + 6 * 3600 + 59)
    let names = NameTable()
    var sink = FilteredSink(SummaryBuilder(names: names), filter: filter)
    let totals = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &sink)
    let s = sink.inner.finish(totals: totals).sessionStats
    #expect(s.postscreen.isEmpty)
    #expect(s.dnsbl.isEmpty)
    #expect(s.tls.total == 1)
  }

  /// The session statistics of `path` through a filter.
  static func filtered(_ path: String, _ filter: EventFilter) -> Summary {
    let names = NameTable()
    var sink = FilteredSink(SummaryBuilder(names: names), filter: filter)
    let totals = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &sink)
    return sink.inner.finish(totals: totals)
  }

  @Test("--client: TLS, SASL, postscreen and durations count only the clients it names (lab logs)")
  func clientFilter() throws {
    let postfix = Fixtures.lab("postfix-syslog.log")
    let lines = try String(contentsOfFile: postfix, encoding: .utf8).split(separator: "\n").map(String.init)
    var filter = EventFilter()
    filter.clients = [try #require(AddressPattern("127.0.1.0/24"))]
    let s = Self.filtered(postfix, filter)
    let stats = s.sessionStats
    // smtpd's TLS summaries of those clients, none outbound.
    let tlsLines = lines.filter { $0.contains("TLS connection established from") && $0.contains("[127.0.1.") }
    #expect(stats.tls.total == tlsLines.count && tlsLines.count > 0)
    #expect(stats.tls.entries.allSatisfy { $0.key.direction == .inbound })
    let use = stats.tlsUse.counts
    #expect(use[SessionStats.TLSUseKey(family: .postfix, direction: .inbound, withTLS: true)] == tlsLines.count)
    // SASL: `client=name[127.0.1.x], sasl_method=` and the failed logins' warnings.
    let sasl = lines.filter {
      $0.contains("[127.0.1.")
        && ($0.contains("sasl_method=") || $0.contains("SASL") && $0.contains("authentication failed"))
    }
    #expect(stats.sasl.total == sasl.count && sasl.count > 0)
    // postscreen's clients are 127.0.8.x: none of its verdicts is theirs.
    #expect(stats.postscreen.isEmpty)
    // Durations: the sessions the report counts for those clients.
    let sessions = s.sessions.counts.values.reduce(0, +)
    #expect(stats.durations.values.reduce(0) { $0 + $1.sessions } == sessions)
    #expect(!stats.restrictedOnlyByWindowAndClient)
    let unfiltered = Engine.summary([postfix]).0.sessionStats
    #expect(unfiltered.tls.total > stats.tls.total && !unfiltered.postscreen.isEmpty)

    // postscreen's own clients: its verdicts for them.
    filter.clients = [try #require(AddressPattern("127.0.8.0/24"))]
    let screened = Self.filtered(postfix, filter).sessionStats
    #expect(screened.postscreen.total > 0 && screened.tls.isEmpty && screened.sasl.isEmpty)

    // Exim: messages received from those hosts, their TLS and logins; no delivery.
    let exim = Fixtures.lab("exim-mainlog")
    filter.clients = [try #require(AddressPattern("127.0.2.3"))]
    let e = Self.filtered(exim, filter).sessionStats
    let received = try String(contentsOfFile: exim, encoding: .utf8).split(separator: "\n")
      .filter { $0.contains(" <= ") && $0.contains("[127.0.2.3]") }
    #expect(e.tlsUse.total == received.count && received.count > 0)
    #expect(e.tlsUse.counts.keys.allSatisfy { $0.direction == .inbound })

    // Other filters do not restrict these counts, and the report says so.
    var code = EventFilter()
    code.codes = [try #require(CodePattern("554"))]
    let coded = Self.filtered(postfix, code)
    #expect(coded.sessionStats.restrictedOnlyByWindowAndClient)
    #expect(coded.sessionStats.tls.total == unfiltered.tls.total)
    let text = TextRenderer().render(Report(summary: coded))
    #expect(text.contains("(TLS, SASL and postscreen counts are restricted by the time window and"))
  }

  @Test("duration buckets: exact below two minutes, two significant digits above; nearest-rank percentiles")
  func durationBuckets() {
    #expect(SessionStats.Durations.bucket(0) == 0)
    #expect(SessionStats.Durations.bucket(119) == 119)
    #expect(SessionStats.Durations.bucket(125) == 120)
    #expect(SessionStats.Durations.bucket(999) == 990)
    #expect(SessionStats.Durations.bucket(1299) == 1200)
    #expect(SessionStats.Durations.bucket(86_399) == 86_000)
    var d = SessionStats.Durations()
    for s in 1...100 { d.add(Int64(s)) }
    #expect(d.percentile(50) == 50)
    #expect(d.percentile(90) == 90)
    #expect(d.percentile(99) == 99)
    #expect(d.longest == 100)
    var halves = SessionStats.Durations()
    var second = SessionStats.Durations()
    for s in 1...50 { halves.add(Int64(s)) }
    for s in 51...100 { second.add(Int64(s)) }
    halves.merge(second)
    #expect(halves == d)
  }

  @Test("a full table keeps the counts it cannot hold under (other): totals stay exact")
  func bounded() {
    var log = ""
    for k in 0..<20 {
      log +=
        "Nov 28 06:00:0\(k % 10) mx postfix/submission/smtpd[30]: 4B6A11040\(String(format: "%02X", k)): "
        + "client=c.example[192.0.2.20], sasl_method=PLAIN, sasl_username=user\(k)\n"
    }
    let path = Fixtures.temporaryFile(log)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let names = NameTable()
    var sink = SummaryBuilder(names: names)
    sink.replaceSessionStats(SessionStatsBuilder(maxRows: 5))
    let totals = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &sink)
    let s = sink.finish(totals: totals).sessionStats
    #expect(s.sasl.total == 20)
    #expect(
      s.sasl[SessionStats.SASLKey(family: .postfix, failed: false, method: Summary.other, user: Summary.other)] == 15)
    #expect(s.overflowedCounts == 15)
  }
}
