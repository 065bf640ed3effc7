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

/// The traps of issue 4: words that look like codes, transcripts that stop, pipelining,
/// multi-line replies, and the three kinds of 221.
@Suite("Transcript traps")
struct TranscriptTrapTests {
  @Test("an expectation marker `??? 554` is not a reply")
  func expectationMarker() {
    let events = Engine.events(
      of: """
        Connecting to 192.0.2.5 port 25 ... connected
        ??? 554
        <<< 220 mx.example.org ESMTP
        >>> QUIT
        ??? 554
        <<< 221 mx.example.org closing connection
        End of script

        """)
    #expect(TranscriptView.replies(events) == ["CONNECT 220", "QUIT 221"])
    #expect(!events.contains { $0["code"] as? Int == 554 })
  }

  @Test("a size of 334 (`-> 334 lines sent`, `SIZE=334`, `250-SIZE 334`) is not a 334 reply; AUTH's 334 is")
  func sizeIsNotAReply() {
    let swaks = Engine.events(
      of: """
        === Trying 192.0.2.5:587...
        <-  220 mx.example.org ESMTP
         -> EHLO me.example
        <-  250-mx.example.org
        <-  250-SIZE 334
        <-  250 AUTH LOGIN
         -> AUTH LOGIN
        <-  334 VXNlcm5hbWU6
         -> YWxpY2U=
        <-  334 UGFzc3dvcmQ6
         -> c2VjcmV0
        <-  235 2.7.0 Authentication successful
         -> MAIL FROM:<alice@example.org> SIZE=334
        <-  250 2.1.0 Ok
         -> RCPT TO:<bob@example.org>
        <-  250 2.1.5 Ok
         -> DATA
        <-  354 End data with <CR><LF>.<CR><LF>
         -> 334 lines sent
        <-  250 2.0.0 Ok: queued as 4F1A
         -> QUIT
        <-  221 2.0.0 Bye
        === Connection closed with remote host.

        """)
    #expect(
      TranscriptView.replies(swaks) == [
        "CONNECT 220", "EHLO 250", "AUTH 334", "AUTH 334", "AUTH 235", "MAIL 250", "RCPT 250", "DATA 354",
        "END-OF-DATA 250", "QUIT 221",
      ])
    let smtplib = Engine.events(
      of: """
        connect: to ('192.0.2.5', 25) None
        reply: b'220 mx.example.org ESMTP\\r\\n'
        send: 'mail FROM:<alice@example.org> size=334\\r\\n'
        reply: b'552 5.3.4 Message size exceeds fixed limit\\r\\n'
        reply: retcode (552); Msg: b'5.3.4 Message size exceeds fixed limit'

        """)
    #expect(TranscriptView.replies(smtplib) == ["CONNECT 220", "MAIL 552"])
  }

  @Test("a four-digit number is not a reply")
  func fourDigits() {
    let telnet = Engine.events(
      of: """
        220 mx.example.org ESMTP
        EHLO me.example
        2500 is not a code
        250 mx.example.org
        QUIT
        221 2.0.0 Bye

        """)
    #expect(TranscriptView.replies(telnet) == ["CONNECT 220", "EHLO 250", "QUIT 221"])
    let swaks = Engine.events(
      of: """
        === Trying 192.0.2.5:25...
        <-  220 mx.example.org ESMTP
         -> EHLO me.example
        <-  2500 garbage from a broken server
        <-  250 mx.example.org
         -> QUIT
        <-  221 2.0.0 Bye

        """)
    #expect(TranscriptView.replies(swaks) == ["CONNECT 220", "EHLO 250", "QUIT 221"])
    #expect(Engine.sessions(of: "220 ok\nEHLO x\n2500 x\n250 ok\nQUIT\n221 bye\n").map(\.outcome) == [.quit])
  }

  @Test("a transcript that just stops leaves its session open, not timed out")
  func transcriptStops() {
    let text = """
      === Trying 192.0.2.5:25...
      === Connected to 192.0.2.5.
      <-  220 mx.example.org ESMTP
       -> EHLO me.example
      <-  250 mx.example.org
       -> MAIL FROM:<alice@example.org>

      """
    let sessions = Engine.sessions(of: text)
    #expect(sessions.count == 1)
    #expect(sessions.first?.outcome == .open && sessions.first?.stage == .mail)
    #expect(sessions.first?.closedWithoutQuit == false)
    #expect(!Engine.events(of: text).contains { $0["kind"] as? String == "timeout" || $0["outcome"] != nil })
  }

  @Test("pipelined commands get their replies in order")
  func pipelining() {
    let raw = Engine.events(
      of: """
        00:12:14.912 === Trying 192.0.2.5:25 from 198.51.100.5...
        00:12:14.915 <-  220 mx.example.org ESMTP
        00:12:14.915  -> EHLO pipeliner.example
        00:12:14.915 <-  250-mx.example.org
        00:12:14.915 <-  250 PIPELINING
        00:12:14.915  -> [raw 69 bytes: MAIL+RCPT+DATA pipelined] b'MAIL FROM:<a@example.net>\\r\\nRCPT TO:<b@example.org>\\r\\nDATA\\r\\n'
        00:12:14.915 <-  250 2.1.0 Ok
        00:12:14.915 <-  550 5.5.1 Protocol error
        00:12:14.915 <-  554 5.5.1 Error: no valid recipients
        00:12:14.915 === Connection closed by server.

        """)
    #expect(TranscriptView.replies(raw) == ["CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 550", "DATA 554"])
    #expect(raw.last?["outcome"] as? String == "rejected" && raw.last?["command"] as? String == "DATA")
    let dialogue = Engine.events(
      of: """
        S: 220 mx.example.org ESMTP
        C: EHLO me.example
        S: 250 PIPELINING
        C: MAIL FROM:<a@example.net>
        C: RCPT TO:<b@example.org>
        C: RCPT TO:<c@example.org>
        C: DATA
        S: 250 2.1.0 Ok
        S: 450 4.2.0 <b@example.org>: Greylisted
        S: 250 2.1.5 Ok
        S: 354 End data with <CR><LF>.<CR><LF>
        C: Subject: hi
        C:
        C: .
        S: 250 2.0.0 Ok: queued
        C: QUIT
        S: 221 2.0.0 Bye

        """)
    #expect(
      TranscriptView.replies(dialogue) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 450", "RCPT 250", "DATA 354", "END-OF-DATA 250", "QUIT 221",
      ])
  }

  @Test("a multi-line reply is one reply: line is its last line, first_line its first")
  func multiLineReplies() {
    let events = Engine.events(
      of: """
        S: 220-mx.example.org ESMTP
        S: 220-no UCE
        S: 220 mx.example.org
        C: EHLO me.example
        S: 250-mx.example.org
        S: 250-PIPELINING
        S: 250 8BITMIME
        C: RCPT TO:<x@example.org>
        S: 550-5.7.1 The user or domain that you are sending to (or from) has a policy that
        S: 550 5.7.1 prohibited the mail that you sent.

        """)
    #expect(TranscriptView.replies(events) == ["CONNECT 220", "EHLO 250", "RCPT 550"])
    #expect(events.map { $0["line"] as! Int } == [3, 7, 10])
    #expect(events.map { $0["first_line"] as? Int } == [1, 5, 9])
    #expect(events[2]["text"] as? String == "550 5.7.1 prohibited the mail that you sent.")
    #expect(events[2]["enhanced"] as? String == "5.7.1")
    // postscreen's `220-` teaser, cut short when the client talks first, is not a reply.
    let teaser = Engine.events(
      of: """
        === Trying 127.0.0.1:2530 from 127.0.8.1...
         -> EHLO pregreet.client.example
        <-  220-mail.lab.test ESMTP Postfix (Debian/GNU)
        <-  250-mail.lab.test
        <-  250 CHUNKING

        """)
    #expect(TranscriptView.replies(teaser) == ["EHLO 250"])
    #expect(teaser.first?["first_line"] as? Int == 4)
  }

  @Test("221 unasked while idle, 221 in answer to MAIL, 221 after QUIT")
  func threeKindsOf221() {
    func end(_ text: String) -> (String, String?, String?, Bool) {
      let events = Engine.events(of: text)
      let session = Engine.sessions(of: text).first!
      let closing = events.last { $0["code"] as? Int == 221 }
      return (
        "\(session.outcome)@\(session.stage)", closing?["kind"] as? String, closing?["command"] as? String,
        session.closedWithoutQuit
      )
    }
    let idle = end(
      """
      00:00:01.000 === Trying 192.0.2.20:25 from 198.51.100.4...
      00:00:01.001 <-  220 sink.example ESMTP
      00:00:01.002  -> EHLO idle.example
      00:00:01.002 <-  250 sink.example
      00:00:04.003 <-  221 2.0.0 Idle timeout, closing connection
      00:00:04.003 === Connection closed by server.
      00:00:04.004 === Client closed connection.

      """)
    #expect(idle == ("idle-timeout@EHLO", "timeout", "EHLO", true))
    let hangUp = end(
      """
      === Trying 192.0.2.21:25...
      <-  220 sink.example ESMTP
       -> EHLO me.example
      <-  250 sink.example
       -> MAIL FROM:<sender@example.net>
      <** 221 2.0.0 Bye
       -> QUIT
      *** Remote host closed connection unexpectedly.

      """)
    #expect(hangUp == ("rejected@MAIL", "remote-hangup", "MAIL", true))
    let quit = end(
      """
      === Trying 192.0.2.22:25...
      <-  220 sink.example ESMTP
       -> QUIT
      <-  221 2.0.0 Bye
      === Connection closed with remote host.

      """)
    #expect(quit == ("quit@QUIT", "disconnect", "QUIT", false))
    // A 421 whose text says it timed out is an idle timeout even as an answer; one that does
    // not is a hang-up at the command it answered.
    #expect(end("S: 220 x\nC: MAIL FROM:<a@b>\nS: 421 4.4.2 x Error: timeout exceeded\n").0 == "idle-timeout@MAIL")
    #expect(end("S: 220 x\nC: RCPT TO:<a@b>\nS: 421 4.7.0 x Too many errors\n").0 == "rejected@RCPT")
  }

  @Test("--by code,outcome counts the 221s of each ending apart")
  func byCodeAndOutcome() {
    let path = Fixtures.temporaryFile(
      """
      S: 220 a
      C: EHLO x
      S: 250 a
      S: 221 2.0.0 Idle timeout
      S: 220 b
      C: MAIL FROM:<s@example.net>
      S: 221 2.0.0 Bye
      S: 220 c
      C: QUIT
      S: 221 2.0.0 Bye

      """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let counts = Engine.table([path], by: [.code, .outcome, .stage]).counts.filter { $0.key.hasPrefix("221|") }
    #expect(counts == ["221|idle-timeout|EHLO": 1, "221|rejected|MAIL": 1, "221|quit|QUIT": 1])
  }
}
