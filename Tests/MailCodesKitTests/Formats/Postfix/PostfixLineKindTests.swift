import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// One test per kind of Postfix line: what it becomes as events and sessions.
@Suite("Postfix line kinds")
struct PostfixLineKindTests {
  /// `kind code enhanced command client` plus `*` when inferred, for each event of `log`.
  func events(_ log: String) -> [String] {
    Engine.events(of: log).map { e in
      var parts = [e["kind"] as? String ?? "?"]
      parts.append((e["code"] as? Int).map(String.init) ?? "-")
      parts.append(e["enhanced"] as? String ?? "-")
      parts.append(e["command"] as? String ?? "-")
      parts.append(e["client"] as? String ?? e["remote_ip"] as? String ?? "-")
      return parts.joined(separator: " ") + ((e["inferred"] as? Bool ?? false) ? "*" : "")
    }
  }

  func outcomes(_ log: String) -> [String] {
    Engine.sessions(of: log).map { "\($0.outcome) \($0.stage)" }
  }

  let connect = "Nov 28 06:25:01 mx1 postfix/smtpd[100]: connect from mail.example.com[192.0.2.10]\n"

  @Test("NOQUEUE reject at RCPT with sender, recipient and helo")
  func rejectRCPT() throws {
    let log =
      connect + """
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: NOQUEUE: reject: RCPT from mail.example.com[192.0.2.10]: 554 5.7.1 <v@remote.example>: Relay access denied; from=<s@example.com> to=<v@remote.example> proto=ESMTP helo=<mail.example.com>
        Nov 28 06:25:03 mx1 postfix/smtpd[100]: disconnect from mail.example.com[192.0.2.10] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4
        """
    #expect(
      events(log) == [
        "connect - - CONNECT 192.0.2.10", "reject 554 5.7.1 RCPT 192.0.2.10",
        "disconnect 221 2.0.0 QUIT 192.0.2.10*",
      ])
    let reject = Engine.events(of: log)[1]
    #expect(reject["sender"] as? String == "s@example.com")
    #expect(reject["recipient"] as? String == "v@remote.example")
    #expect(reject["helo"] as? String == "mail.example.com")
    #expect(reject["text"] as? String == "554 5.7.1 <v@remote.example>: Relay access denied")
    #expect(outcomes(log) == ["quit QUIT"])
  }

  @Test(
    "rejects at every stage",
    arguments: [
      ("CONNECT", "554 5.7.1 <unknown[192.0.2.10]>: Client host rejected: Access denied; proto=SMTP"),
      ("HELO", "504 5.5.2 <bad>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<bad>"),
      ("EHLO", "504 5.5.2 <bad>: Helo command rejected: need fully-qualified hostname; proto=ESMTP helo=<bad>"),
      ("MAIL", "530 5.7.0 Must issue a STARTTLS command first; proto=ESMTP helo=<x>"),
      ("RCPT", "450 4.7.1 <x@y>: Recipient address rejected: Greylisted; from=<a@b> to=<x@y> proto=ESMTP helo=<x>"),
      (
        "DATA",
        "503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining; from=<a@b> proto=ESMTP helo=<x>"
      ),
      ("BDAT", "554 5.5.0 <BDAT>: Data command rejected: x; from=<a@b> proto=ESMTP helo=<x>"),
      (
        "END-OF-MESSAGE",
        "554 5.7.1 <END-OF-MESSAGE>: End-of-data rejected: spam; from=<a@b> to=<c@d> proto=ESMTP helo=<x>"
      ),
      ("VRFY", "550 5.1.1 <nobody>: Recipient address rejected: User unknown; to=<nobody> proto=SMTP"),
      ("ETRN", "554 5.7.1 <example.com>: Etrn command rejected: Access denied; proto=ESMTP helo=<x>"),
    ])
  func rejectStages(stage: String, reply: String) throws {
    let log =
      connect
      + "Nov 28 06:25:02 mx1 postfix/smtpd[100]: NOQUEUE: reject: \(stage) from mail.example.com[192.0.2.10]: \(reply)\n"
    let e = try #require(Engine.events(of: log).last)
    #expect(e["kind"] as? String == (reply.hasPrefix("530") ? "auth-required" : "reject"))
    #expect(e["code"] as? Int == Int(reply.prefix(3)))
    #expect(e["command"] as? String == (stage == "END-OF-MESSAGE" ? "END-OF-DATA" : stage))
    #expect(e["inferred"] as? Bool == false)
    #expect(e["client"] as? String == "192.0.2.10")
  }

  @Test("reject_warning is a warning, not a rejection")
  func rejectWarning() {
    let log =
      connect
      + "Nov 28 06:25:02 mx1 postfix/smtpd[100]: NOQUEUE: reject_warning: RCPT from mail.example.com[192.0.2.10]: 450 4.7.1 <x@y>: Recipient address rejected: test; from=<a@b> to=<x@y> proto=ESMTP helo=<h>\n"
    #expect(events(log).last == "warning 450 4.7.1 RCPT 192.0.2.10")
  }

  @Test("milter-reject with and without a basic code")
  func milterReject() {
    let log =
      connect + """
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: NOQUEUE: milter-reject: RCPT from mail.example.com[192.0.2.10]: 451 4.7.1 Service unavailable - try again later; from=<a@b> to=<c@d> proto=ESMTP helo=<h>
        Nov 28 06:25:03 mx1 postfix/smtpd[100]: 4F1A2B3C4D: milter-reject: END-OF-MESSAGE from mail.example.com[192.0.2.10]: 5.7.1 Spam message rejected; from=<a@b> to=<c@d> proto=ESMTP helo=<h>
        """
    #expect(
      Array(events(log).dropFirst()) == [
        "reject 451 4.7.1 RCPT 192.0.2.10", "reject 550 5.7.1 END-OF-DATA 192.0.2.10*",
      ])
  }

  @Test("proxy-reject (before-queue content filter)")
  func proxyReject() {
    let log =
      connect + """
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: 4F1A2B3C4D: client=mail.example.com[192.0.2.10]
        Nov 28 06:25:03 mx1 postfix/smtpd[100]: 4F1A2B3C4D: proxy-reject: END-OF-MESSAGE: 554 5.7.1 Message rejected by the content filter; from=<a@b> to=<c@d> proto=ESMTP helo=<h>
        """
    #expect(events(log).last == "reject 554 5.7.1 END-OF-DATA 192.0.2.10")
  }

  @Test("cleanup header_checks reject is attached to the smtpd session through the queue id")
  func cleanupHeaderReject() throws {
    let log =
      connect + """
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: 4F1A2B3C4D: client=mail.example.com[192.0.2.10]
        Nov 28 06:25:03 mx1 postfix/cleanup[200]: 4F1A2B3C4D: reject: header Subject: cheap pills from mail.example.com[192.0.2.10]; from=<a@b> to=<c@d> proto=ESMTP helo=<h>: 5.7.1 Message content rejected
        Nov 28 06:25:04 mx1 postfix/smtpd[100]: disconnect from mail.example.com[192.0.2.10] ehlo=1 mail=1 rcpt=1 data=0/1 quit=1 commands=4/5
        """
    let all = Engine.events(of: log)
    #expect(
      events(log) == [
        "connect - - CONNECT 192.0.2.10", "reject 550 5.7.1 END-OF-DATA 192.0.2.10*",
        "disconnect 221 2.0.0 QUIT 192.0.2.10*",
      ])
    // The logged content reject explains the data=0/1: no refusal without a code is added.
    #expect(all[1]["session"] as? Int == all[0]["session"] as? Int)
    #expect(all[1]["queue_id"] as? String == "4F1A2B3C4D")
  }

  @Test("qmgr's removed ends the queue id's link to its session (a short id can be reused)")
  func queueRemovedForgetsSession() throws {
    let log =
      connect + """
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: 4F1A2B3C4D: client=mail.example.com[192.0.2.10]
        Nov 28 06:25:03 mx1 postfix/cleanup[200]: 4F1A2B3C4D: reject: header Subject: one from mail.example.com[192.0.2.10]; from=<a@b> to=<c@d> proto=ESMTP helo=<h>: 5.7.1 Message content rejected
        Nov 28 06:25:04 mx1 postfix/qmgr[300]: 4F1A2B3C4D: removed
        Nov 28 06:25:05 mx1 postfix/cleanup[200]: 4F1A2B3C4D: reject: header Subject: two from other.example[198.51.100.7]; from=<a@b> to=<c@d> proto=ESMTP helo=<h>: 5.7.1 Message content rejected
        """
    let all = Engine.events(of: log)
    try #require(all.count == 3)
    #expect(all[1]["session"] as? Int == all[0]["session"] as? Int)
    // The same id after `removed` is another message: not the open session's.
    #expect(all[2]["session"] as? Int != all[0]["session"] as? Int)
  }

  @Test("SASL failures: 535 5.7.8 inferred, or 454 4.7.0 for a temporary failure")
  func saslFailures() {
    let log =
      "Nov 28 06:25:01 mx1 postfix/submission/smtpd[100]: connect from c.example[192.0.2.20]\n" + """
        Nov 28 06:25:02 mx1 postfix/submission/smtpd[100]: warning: c.example[192.0.2.20]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
        Nov 28 06:25:03 mx1 postfix/submission/smtpd[100]: warning: c.example[192.0.2.20]: SASL PLAIN authentication failed: Connection lost to authentication server
        Nov 28 06:25:04 mx1 postfix/submission/smtpd[100]: lost connection after AUTH from c.example[192.0.2.20]
        Nov 28 06:25:04 mx1 postfix/submission/smtpd[100]: disconnect from c.example[192.0.2.20] ehlo=2 starttls=1 auth=0/2 commands=3/5
        """
    #expect(
      events(log) == [
        "connect - - CONNECT 192.0.2.20", "auth-failure 535 5.7.8 AUTH 192.0.2.20*",
        "auth-failure 454 4.7.0 AUTH 192.0.2.20*",
        "lost-connection - - AUTH 192.0.2.20", "disconnect - - AUTH 192.0.2.20",
      ])
    #expect(outcomes(log) == ["lost-connection AUTH"])
  }

  @Test("timeout after CMD: inferred 421 4.4.2, idle timeout at that stage")
  func timeout() {
    let log =
      connect + """
        Nov 28 06:30:02 mx1 postfix/smtpd[100]: timeout after DATA (8192 bytes) from mail.example.com[192.0.2.10]
        Nov 28 06:30:02 mx1 postfix/smtpd[100]: disconnect from mail.example.com[192.0.2.10] ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4
        """
    // The failed DATA is the timeout itself, not a refusal.
    #expect(Array(events(log).dropFirst()) == ["timeout 421 4.4.2 DATA 192.0.2.10*", "disconnect - - DATA 192.0.2.10"])
    #expect(outcomes(log) == ["idle-timeout DATA"])
  }

  @Test("too many errors: inferred 421 4.7.0, rejected; the failed unknown commands were answered 500 5.5.2")
  func tooManyErrors() {
    let log =
      connect + """
        Nov 28 06:25:05 mx1 postfix/smtpd[100]: too many errors after UNKNOWN from mail.example.com[192.0.2.10]
        Nov 28 06:25:05 mx1 postfix/smtpd[100]: disconnect from mail.example.com[192.0.2.10] ehlo=1 unknown=0/3 commands=1/4
        """
    #expect(
      Array(events(log).dropFirst()) == [
        "reject 421 4.7.0 UNKNOWN 192.0.2.10*", "reject 500 5.5.2 UNKNOWN 192.0.2.10*",
        "reject 500 5.5.2 UNKNOWN 192.0.2.10*", "reject 500 5.5.2 UNKNOWN 192.0.2.10*",
        "disconnect - - UNKNOWN 192.0.2.10",
      ])
    #expect(outcomes(log) == ["rejected UNKNOWN"])
  }

  @Test("530 on a submission service without STARTTLS is only mail=0/1: no code, a hint")
  func unloggedStartTLS() throws {
    let log = """
      Nov 28 06:25:01 mx1 postfix/submission/smtpd[100]: connect from c.example[192.0.2.20]
      Nov 28 06:25:02 mx1 postfix/submission/smtpd[100]: disconnect from c.example[192.0.2.20] ehlo=1 mail=0/1 quit=1 commands=2/3
      """
    let e = Engine.events(of: log)
    #expect(
      events(log) == [
        "connect - - CONNECT 192.0.2.20", "reject - - MAIL 192.0.2.20",
        "disconnect 221 2.0.0 QUIT 192.0.2.20*",
      ])
    #expect(e[1]["hint"] as? String == "starttls-required")
    #expect(e[1]["code"] is NSNullLike)
  }

  @Test("lost connection and improper pipelining")
  func lostConnection() {
    let log =
      connect + """
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: improper command pipelining after EHLO from mail.example.com[192.0.2.10]: MAIL FROM:<a@b>\\r\\n
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: lost connection after EHLO from mail.example.com[192.0.2.10]
        Nov 28 06:25:02 mx1 postfix/smtpd[100]: disconnect from mail.example.com[192.0.2.10] ehlo=1 commands=1
        """
    #expect(outcomes(log) == ["lost-connection EHLO"])
    #expect(Engine.summary([Fixtures.temporaryFile(log)]).0.inputs[0].unrecognized == 0)
  }

  @Test("anvil limits: inferred 421 4.7.0 at CONNECT")
  func rateLimit() {
    let log = """
      Nov 28 06:25:01 mx1 postfix/smtpd[100]: connect from unknown[192.0.2.30]
      Nov 28 06:25:01 mx1 postfix/smtpd[100]: warning: Connection rate limit exceeded: 31 from unknown[192.0.2.30] for service smtp
      Nov 28 06:25:01 mx1 postfix/smtpd[100]: disconnect from unknown[192.0.2.30] commands=0/0
      """
    #expect(events(log)[1] == "reject 421 4.7.0 CONNECT 192.0.2.30*")
    #expect(outcomes(log) == ["rejected CONNECT"])
  }

  @Test("queue file size limit: inferred 552 5.3.4 after the final dot")
  func sizeLimit() {
    let log = connect + "Nov 28 06:25:02 mx1 postfix/smtpd[100]: warning: 4F1A2B3C4D: queue file size limit exceeded\n"
    #expect(events(log).last == "reject 552 5.3.4 END-OF-DATA 192.0.2.10*")
  }

  @Test("delivery status lines: remote reply, command, relay, dsn")
  func deliveries() throws {
    let log = """
      Nov 28 07:00:01 mx1 postfix/smtp[300]: 5A6B7C8D9E: to=<d@nowhere.example>, relay=mx.nowhere.example[203.0.113.77]:25, delay=3, delays=0.1/0/1/1.9, dsn=5.1.1, status=bounced (host mx.nowhere.example[203.0.113.77] said: 550 5.1.1 <d@nowhere.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))
      Nov 28 07:00:02 mx1 postfix/smtp[301]: 8D9E0F1A2B: to=<f@grey.example>, relay=mx.grey.example[198.51.100.30]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=4.7.1, status=deferred (host mx.grey.example[198.51.100.30] said: 451 4.7.1 Greylisting in action (in reply to end of DATA command))
      Nov 28 07:00:03 mx1 postfix/smtp[302]: 9E0F1A2B3C: to=<g@busy.example>, relay=mx.busy.example[198.51.100.40]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=4.3.2, status=deferred (host mx.busy.example[198.51.100.40] refused to talk to me: 421 4.3.2 Service not available)
      Nov 28 07:00:04 mx1 postfix/smtp[303]: 7C8D9E0F1A: to=<e@slow.example>, relay=none, delay=301, delays=0.1/0/300/0, dsn=4.4.1, status=deferred (connect to mx.slow.example[198.51.100.20]:25: Connection timed out)
      Nov 28 07:00:05 mx1 postfix/smtp[304]: 5A6B7C8D9F: to=<c@gmail.com>, orig_to=<alias@example.org>, relay=gmail-smtp-in.l.google.com[142.250.1.26]:25, conn_use=2, delay=2.1, delays=0.1/0/0.9/1.1, tls=TLSv1.3, dsn=2.0.0, status=sent (250 2.0.0 OK  1700000000 a1si123 - gsmtp)
      Nov 28 07:00:06 mx1 postfix-out/lmtp[305]: 1B2C3D4E5F: to=<u@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <u@example.org> Saved)
      """
    #expect(
      events(log) == [
        "bounced 550 5.1.1 RCPT 203.0.113.77", "deferred 451 4.7.1 END-OF-DATA 198.51.100.30",
        "deferred 421 4.3.2 CONNECT 198.51.100.40", "deferred - - CONNECT 198.51.100.20",
        "delivered 250 2.0.0 END-OF-DATA 142.250.1.26",
        "delivered 250 2.0.0 END-OF-DATA -",
      ])
    let e = Engine.events(of: log)
    #expect(e[0]["remote"] as? String == "mx.nowhere.example" && e[0]["direction"] as? String == "outbound")
    #expect(e[0]["delivery"] as? String == "bounced" && e[0]["dsn"] as? String == "5.1.1")
    #expect(e[0]["client"] is NSNullLike)
    #expect(e[3]["dsn"] as? String == "4.4.1")
    #expect(e[5]["remote"] as? String == "mail.example.org" && e[5]["service"] as? String == "postfix-out/lmtp")
  }

  @Test("a remote that hangs up without QUIT is a remote hang-up, not a clean delivery")
  func remoteHangups() {
    let log = """
      Nov 29 00:13:01 vm postfix/smtp[20374]: 9C4A510409B: to=<user21@mail221.sink.test>, relay=127.0.9.21[127.0.9.21]:25, delay=0.01, delays=0/0/0.01/0, dsn=4.4.2, status=deferred (lost connection with 127.0.9.21[127.0.9.21] while sending RCPT TO)
      Nov 29 00:13:02 vm postfix/smtp[20375]: 3C1C01040AA: to=<user23@data221.sink.test>, relay=127.0.9.23[127.0.9.23]:25, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (221 4.4.2 Connection timed out)
      """
    #expect(events(log) == ["remote-hangup - - RCPT 127.0.9.21", "remote-hangup 221 4.4.2 END-OF-DATA 127.0.9.23"])
  }

  @Test("qmgr expiry")
  func expired() {
    let log =
      "Nov 29 00:15:00 vm postfix/qmgr[20176]: 9C4A510409B: from=<labuser@lab.test>, status=expired, returned to sender\n"
    #expect(events(log) == ["expired - - - -"])
  }

  @Test("postscreen: PREGREET then reject, DENYLISTED drop, HANGUP, PASS OLD hand-over")
  func postscreen() {
    let log = """
      Nov 29 00:12:01 vm postfix/postscreen[326]: CONNECT from [127.0.8.1]:35037 to [127.0.0.1]:2530
      Nov 29 00:12:01 vm postfix/postscreen[326]: PREGREET 30 after 0 from [127.0.8.1]:35037: EHLO pregreet.client.example\\r\\n
      Nov 29 00:12:03 vm postfix/postscreen[326]: NOQUEUE: reject: RCPT from [127.0.8.1]:35037: 550 5.5.1 Protocol error; from=<sender@client.example>, to=<labuser@lab.test>, proto=ESMTP, helo=<pregreet.client.example>
      Nov 29 00:12:03 vm postfix/postscreen[326]: DISCONNECT [127.0.8.1]:35037
      Nov 29 00:12:04 vm postfix/postscreen[326]: CONNECT from [127.0.8.2]:55975 to [127.0.0.1]:2530
      Nov 29 00:12:04 vm postfix/postscreen[326]: DENYLISTED [127.0.8.2]:55975
      Nov 29 00:12:04 vm postfix/postscreen[326]: DISCONNECT [127.0.8.2]:55975
      Nov 29 00:12:05 vm postfix/postscreen[326]: CONNECT from [127.0.8.8]:35845 to [127.0.0.1]:2530
      Nov 29 00:12:05 vm postfix/postscreen[326]: HANGUP after 0 from [127.0.8.8]:35845 in tests before SMTP handshake
      Nov 29 00:12:05 vm postfix/postscreen[326]: DISCONNECT [127.0.8.8]:35845
      Nov 29 00:12:25 vm postfix/postscreen[326]: CONNECT from [127.0.8.4]:34157 to [127.0.0.1]:2530
      Nov 29 00:12:25 vm postfix/postscreen[326]: PASS OLD [127.0.8.4]:34157
      Nov 29 00:12:25 vm postfix/smtpd[368]: connect from unknown[127.0.8.4]
      Nov 29 00:12:25 vm postfix/smtpd[368]: disconnect from unknown[127.0.8.4] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5
      """
    #expect(outcomes(log) == ["quit QUIT", "rejected CONNECT", "lost-connection CONNECT", "quit QUIT"])
    let e = events(log)
    #expect(e.contains("reject 550 5.5.1 RCPT 127.0.8.1"))
    #expect(e.contains("reject 521 5.3.2 CONNECT 127.0.8.2*"))
    #expect(e.contains("disconnect 221 2.0.0 QUIT 127.0.8.1*"))
  }

  @Test("multi-instance, custom syslog names and long queue ids")
  func names() throws {
    let log = """
      2026-11-28T06:25:01.000001+00:00 mx1 postfix-mx/smtpd[100]: connect from a.example[192.0.2.1]
      2026-11-28T06:25:02.000001+00:00 mx1 postfix-mx/smtpd[100]: 4X9Ym02Hv9z5vYq: client=a.example[192.0.2.1]
      2026-11-28T06:25:03.000001+00:00 mx1 postfix-mx/smtpd[100]: 4X9Ym02Hv9z5vYq: reject: DATA from a.example[192.0.2.1]: 550 5.7.1 <DATA>: Data command rejected; from=<a@b> to=<c@d> proto=ESMTP helo=<a>
      2026-11-28T06:25:04.000001+00:00 mx1 mysubmission/smtpd[101]: connect from b.example[192.0.2.2]
      2026-11-28T06:25:05.000001+00:00 mx1 mysubmission/smtpd[101]: disconnect from b.example[192.0.2.2] ehlo=1 mail=0/1 quit=1 commands=2/3
      2026-11-28T06:25:06.000001+00:00 mx1 postfix/relay/smtp[102]: 4X9Ym02Hv9z5vYr: to=<x@y.example>, relay=y.example[198.51.100.1]:25, delay=1, delays=0/0/0/1, dsn=5.0.0, status=bounced (host y.example[198.51.100.1] said: 550 No such user (in reply to RCPT TO command))
      """
    let e = Engine.events(of: log)
    #expect(
      e.map { $0["service"] as? String ?? "" } == [
        "postfix-mx/smtpd", "postfix-mx/smtpd", "mysubmission/smtpd", "mysubmission/smtpd", "mysubmission/smtpd",
        "postfix/relay/smtp",
      ])
    #expect(e[1]["queue_id"] as? String == "4X9Ym02Hv9z5vYq")
    #expect(e[1]["time"] as? String == "2026-11-28T06:25:03.000001Z")
    #expect(e[3]["hint"] as? String == "starttls-required")
    #expect(e[5]["code"] as? Int == 550 && e[5]["enhanced"] is NSNullLike && e[5]["dsn"] as? String == "5.0.0")
  }

  @Test("Postfix 2.x: no counters on disconnect, comma-less fields")
  func oldPostfix() {
    let log = """
      Mar  3 10:02:00 mx1 postfix/smtpd[2002]: connect from unknown[192.0.2.99]
      Mar  3 10:02:01 mx1 postfix/smtpd[2002]: NOQUEUE: reject: RCPT from unknown[192.0.2.99]: 554 5.7.1 <v@remote.example>: Relay access denied; from=<s@bad.example> to=<v@remote.example> proto=SMTP helo=<bad.example>
      Mar  3 10:02:04 mx1 postfix/smtpd[2002]: disconnect from unknown[192.0.2.99]
      Mar  3 10:03:00 mx1 postfix/smtpd[2003]: connect from unknown[192.0.2.98]
      Mar  3 10:03:05 mx1 postfix/smtpd[2003]: lost connection after RCPT from unknown[192.0.2.98]
      Mar  3 10:03:05 mx1 postfix/smtpd[2003]: disconnect from unknown[192.0.2.98]
      """
    #expect(outcomes(log) == ["quit QUIT", "lost-connection RCPT"])
    #expect(events(log).contains("reject 554 5.7.1 RCPT 192.0.2.99"))
  }

  @Test("non-mail lines are ignored, broken mail lines are unrecognized, nothing is lost")
  func classes() throws {
    let log = """
      Nov 28 06:25:01 mx1 dovecot: imap-login: Login: user=<u@example.org>, method=PLAIN
      Nov 28 06:25:01 mx1 opendkim[700]: 4F1A2B3C4D: DKIM-Signature field added
      Nov 28 06:25:01 mx1 CRON[1]: (root) CMD (run-parts)
      Nov 28 06:25:01 mx1 postfix/anvil[901]: statistics: max connection rate 4/60s for (smtp:192.0.2.1) at Nov 28 06:20:01
      Nov 28 06:25:01 mx1 postfix/smtpd[100]: NOQUEUE: reject: RCPT from garbled
      Nov 28 06:25:01 mx1 postfix/smtpd[100]: something new: said: 550 5.1.1 a new line kind
      not a syslog line at all
      """
    let (summary, _) = Engine.summary([Fixtures.temporaryFile(log)])
    let input = try #require(summary.inputs.first)
    #expect(input.lines == 7)
    #expect(input.unrecognized == 2)
    #expect(input.recognized == 0)
    #expect(input.ignored == 5)
  }
}

/// `JSONSerialization` decodes JSON `null` as `NSNull`; this names the check.
typealias NSNullLike = NSNull
